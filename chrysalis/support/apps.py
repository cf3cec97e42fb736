from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "chrysalis.support"
    label = "support"
    verbose_name = _("Enterprise service")

    def ready(self) -> None:
        from chrysalis.core.home import HOME_CARD_PROVIDERS
        from chrysalis.support import demo  # noqa: F401  (registers the demo builder, after the enterprises one)
        from chrysalis.support.selectors import home_cards

        if home_cards not in HOME_CARD_PROVIDERS:
            HOME_CARD_PROVIDERS.append(home_cards)
