"""TOTP second factor: enrolment (QR code made locally), verification after the password, reset."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chrysalis.accounts.middleware import NO_2FA_NEEDED
from chrysalis.accounts.services.users import two_factor_reset, users_secured_by
from chrysalis.audit.services import record_change


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or "/"
    return nxt if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}) else "/"


def _token(request) -> str:
    return "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())[:8]


@login_required
def setup(request):
    if any(True for _d in devices_for_user(request.user, confirmed=True)):
        return redirect("twofactor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("authenticator app"), confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token(_token(request)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(NO_2FA_NEEDED, None)
            record_change(
                actor=request.user,
                action="update",
                obj=request.user,
                after={"two_factor": "enrolled"},
                reason="two-factor enrolled",
            )
            messages.success(
                request,
                _("Two-factor login is on. From now on you enter a code from your app after your password."),
            )
            return redirect(_next(request))
        error = _(
            "The code is wrong or has expired. Wait a few seconds, then enter the current 6-digit code from "
            "the app."
        )
    uri = device.config_url
    qr = mark_safe(
        segno.make(uri, error="m").svg_inline(scale=5, dark="#1d273b")
    )  # generated here, no user input
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/twofactor_setup.html",
        {
            "qr": qr,
            "secret": b32,
            "error": error,
            "next": _next(request),
            "title": _("Set up two-factor login"),
        },
    )


@login_required
def verify(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("twofactor_setup")
    error = ""
    if request.method == "POST":
        token = _token(request)
        for device in devices:
            if device.verify_token(token):
                otp_login(request, device)
                record_change(
                    actor=request.user, action="login", obj=request.user, reason="second factor verified"
                )
                return redirect(_next(request))
        record_change(
            actor=None,
            action="login_failed",
            obj=None,
            object_repr=request.user.get_username(),
            reason="wrong second-factor code",
        )
        error = _(
            "The code is wrong or has expired. Wait a few seconds, then enter the current 6-digit code from "
            "the app."
        )
    return render(
        request,
        "registration/twofactor_verify.html",
        {"error": error, "next": _next(request), "title": _("Two-factor verification")},
    )


@login_required
@require_POST
def reset(request, pk):
    """A security administrator clears a person's devices (lost phone); they enrol again at next login."""
    person = get_object_or_404(users_secured_by(request.user), pk=pk)
    if person.pk == request.user.pk:
        raise Http404
    two_factor_reset(actor=request.user, user=person)
    messages.success(
        request,
        _("Two-factor login of %(person)s was reset; they set it up again at the next login.")
        % {"person": person},
    )
    return redirect(person)
