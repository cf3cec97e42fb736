from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "chrysalis.villages"
    label = "villages"
    verbose_name = _("Villages")

    def ready(self) -> None:
        from chrysalis.villages import demo  # noqa: F401  (registers the demo builder)
