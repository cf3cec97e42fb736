"""Log in / log out with audit records (written here, explicitly, not from signals)."""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.forms import LoginForm
from chrysalis.accounts.middleware import LAST_ACTIVITY, LOGIN_AT
from chrysalis.accounts.services.lockout import lockout_minutes, record_lockout
from chrysalis.audit.services import record_change


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": _("Log in")}

    def post(self, request, *args, **kwargs):
        # Whether the account was locked before this attempt: an attempt that ends locked out without
        # it is the one that caused the lockout, audited as `locked_out` (once, not at every retry).
        username = (request.POST.get("username") or "")[:150]
        self._was_locked = bool(username) and AxesProxyHandler.is_locked(request, {"username": username})
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)

        now = int(time.time())
        self.request.session[LOGIN_AT] = now
        self.request.session[LAST_ACTIVITY] = now
        record_change(actor=form.get_user(), action="login", obj=form.get_user())
        return response

    def form_invalid(self, form):
        username = (self.request.POST.get("username") or "")[:64]
        record_change(
            actor=None,
            action="login_failed",
            obj=None,
            object_repr=username,
            reason="wrong credentials or inactive account",
        )
        if getattr(self.request, "axes_locked_out", False) and not getattr(self, "_was_locked", True):
            record_lockout(username)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record_change(actor=request.user, action="logout", obj=request.user)
        return super().post(request, *args, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked account gets (settings.AXES_LOCKOUT_CALLABLE): the same words for every
    account, with the lockout minutes taken from the setting (CHRYSALIS_LOCKOUT_MINUTES)."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": lockout_minutes(), "title": _("Account temporarily locked")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
