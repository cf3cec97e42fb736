from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "chrysalis.support"
    label = "support"
    verbose_name = _("Enterprise service")
