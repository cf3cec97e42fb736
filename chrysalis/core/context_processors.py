from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.extensions import scope_for
from chrysalis.core.navigation import menus_for

# The footer badge names the environment in words (production shows none).
ENVIRONMENT_LABELS = {"development": _("development environment"), "staging": _("test environment")}
SEARCH_ROLES = ("district_admin", "service_officer", "grid_worker")


def _environment_label():
    if settings.ENVIRONMENT == "production":
        return ""
    return ENVIRONMENT_LABELS.get(settings.ENVIRONMENT, _("test environment"))


def _search_url(scope) -> str:
    """The header's firm search (name or USCC) answers on the registry list, for staff with an area."""
    if not scope.has(*SEARCH_ROLES):
        return ""
    try:
        return reverse("enterprises:enterprise_list")
    except NoReverseMatch:
        return ""


def navigation(request):
    user = getattr(request, "user", None)
    base = {"environment": settings.ENVIRONMENT, "environment_label": _environment_label()}
    if user is None or not user.is_authenticated:
        return {"nav_menus": [], **base}
    scope = scope_for(user)
    return {
        "nav_menus": menus_for(user, scope),
        "user_roles": scope.roles,
        "header_search_url": _search_url(scope),
        **base,
    }
