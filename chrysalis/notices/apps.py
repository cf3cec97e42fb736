from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "chrysalis.notices"
    label = "notices"
    verbose_name = _("Public notices")
    default_auto_field = "django.db.models.BigAutoField"
