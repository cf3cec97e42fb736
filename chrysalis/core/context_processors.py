from django.conf import settings


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menus": [], "environment": settings.ENVIRONMENT}
    from chrysalis.accounts.scopes import get_scope
    from chrysalis.core.navigation import menus_for

    scope = get_scope(user)
    return {"nav_menus": menus_for(scope), "user_roles": scope.roles, "environment": settings.ENVIRONMENT}
