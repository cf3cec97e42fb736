"""Log in / log out with audit records (written here, explicitly, not from signals)."""

from __future__ import annotations

import time

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.forms import LoginForm
from chrysalis.accounts.middleware import LAST_ACTIVITY, LOGIN_AT
from chrysalis.audit.services import record_change


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": _("Log in")}

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
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record_change(actor=request.user, action="logout", obj=request.user)
        return super().post(request, *args, **kwargs)
