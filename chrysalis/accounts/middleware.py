"""Idle timeout and absolute session cap (等保 8.1.4.1b; security checklist A-02 / B-02)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LAST_ACTIVITY = "_chrysalis_last_activity"
LOGIN_AT = "_chrysalis_login_at"


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            last = session.get(LAST_ACTIVITY, now)
            idle = now - last > settings.SESSION_IDLE_TIMEOUT
            capped = now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or capped:
                from chrysalis.audit.services import record_change

                record_change(actor=user, action="logout", obj=user, reason="idle timeout" if idle else "session cap reached")
                logout(request)
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"detail": _("Your session has expired. Please log in again.")}, status=401)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if now - last >= 30 or LAST_ACTIVITY not in session:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Sends a user whose password was reset or is older than PASSWORD_MAX_AGE_DAYS to the change page."""

    ALLOWED = ("/account/password/", "/logout/", "/static/", "/i18n/", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.ALLOWED):
            from chrysalis.accounts.services.users import password_expired

            if password_expired(user):
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"detail": _("Your password must be changed before you continue.")}, status=403)
                messages.warning(request, _("Your password must be changed before you continue."))
                return redirect(reverse("password_change"))
        return self.get_response(request)
