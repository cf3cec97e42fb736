from django.conf import settings

from chrysalis.core.extensions import scope_for
from chrysalis.core.navigation import menus_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menus": [], "environment": settings.ENVIRONMENT}
    scope = scope_for(user)
    return {"nav_menus": menus_for(user, scope), "user_roles": scope.roles, "environment": settings.ENVIRONMENT}
