from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "chrysalis.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from chrysalis.core.home import HOME_CARD_PROVIDERS
        from chrysalis.events import demo  # noqa: F401  (registers the demo builder, after the support one)
        from chrysalis.events.selectors import home_cards

        if home_cards not in HOME_CARD_PROVIDERS:
            HOME_CARD_PROVIDERS.append(home_cards)
