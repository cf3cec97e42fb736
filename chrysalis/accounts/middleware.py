"""Idle timeout and absolute session cap (等保 8.1.4.1b; security checklist A-02 / B-02)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from chrysalis.accounts.choices import PRIVILEGED_ROLES, STAFF_ROLES
from chrysalis.accounts.scopes import get_scope
from chrysalis.accounts.services.users import password_expired
from chrysalis.audit.services import record_change

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
                record_change(
                    actor=user,
                    action="logout",
                    obj=user,
                    reason="idle timeout" if idle else "session cap reached",
                )
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Your session has expired. Please log in again.")}, status=401
                    )
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if now - last >= 30 or LAST_ACTIVITY not in session:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Sends a user whose password was reset or is older than PASSWORD_MAX_AGE_DAYS to the change page."""

    ALLOWED = ("/account/password/", "/account/2fa/", "/logout/", "/static/", "/i18n/", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.ALLOWED):
            if password_expired(user):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Your password must be changed before you continue.")}, status=403
                    )
                messages.warning(request, _("Your password must be changed before you continue."))
                return redirect(reverse("password_change"))
        return self.get_response(request)


NO_2FA_NEEDED = "_chrysalis_no_2fa"


class TwoFactorMiddleware:
    """Second factor (TOTP) after the password: users with a confirmed device must enter a code;
    staff without one are sent to enrol when REQUIRE_STAFF_2FA is on (production default), and in
    production holders of a privileged role always are."""

    ALLOWED = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.ALLOWED):
            return self.get_response(request)
        if getattr(user, "is_verified", lambda: False)():
            return self.get_response(request)
        # In production a holder of a privileged role (PRIVILEGED_ROLES) enrols and verifies before
        # anything else, whatever REQUIRE_STAFF_2FA says; asked at every request, so a role granted
        # during a session takes effect at once.
        privileged = settings.PRODUCTION and _is_privileged(user)
        if request.session.get(NO_2FA_NEEDED) and not privileged:
            return self.get_response(request)

        target = None
        if any(True for _d in devices_for_user(user, confirmed=True)):
            target = "twofactor_verify"
        elif privileged or (settings.REQUIRE_STAFF_2FA and _is_staff(user)):
            target = "twofactor_setup"
        if target is None:
            request.session[NO_2FA_NEEDED] = True
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Two-factor verification is required.")}, status=403)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _is_privileged(user) -> bool:
    return bool(get_scope(user).roles & {r.value for r in PRIVILEGED_ROLES})


def _is_staff(user) -> bool:

    return bool(get_scope(user).roles & {str(r) for r in STAFF_ROLES})
