from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "chrysalis.villages"
    label = "villages"
    verbose_name = _("Villages")
