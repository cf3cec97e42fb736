from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "chrysalis.cultivation"
    label = "cultivation"
    verbose_name = _("Cultivation")
