from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "chrysalis.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self) -> None:
        from chrysalis.accounts.scopes import SCOPE_EXTENSIONS
        from chrysalis.core.home import HOME_CARD_PROVIDERS
        from chrysalis.enterprises import demo  # noqa: F401  (registers the demo builder)
        from chrysalis.enterprises.selectors import enterprise_scope_extension, home_cards

        if enterprise_scope_extension not in SCOPE_EXTENSIONS:
            SCOPE_EXTENSIONS.append(enterprise_scope_extension)
        if home_cards not in HOME_CARD_PROVIDERS:
            HOME_CARD_PROVIDERS.append(home_cards)
