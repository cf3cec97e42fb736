"""Account administration under 三权分立: deactivation and reactivation, and the security
administrator's page of locked accounts (django-axes lockouts) with an audited unlock."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import User
from chrysalis.accounts.scopes import get_scope
from chrysalis.accounts.services import lockout
from chrysalis.accounts.services.users import user_set_active, users_secured_by
from chrysalis.core.access import page_rule


def _is_security_admin(user) -> bool:
    return get_scope(user).has(Role.SECURITY_ADMIN.value)


def _reachable(user):
    """People an account action may be asked about: system-admin reach or security-admin reach. The
    service decides (and explains) whether this actor administers this account."""
    return User.objects.restrict(user, "change") | users_secured_by(user)


@login_required
@require_POST
def set_active(request, pk):
    person = get_object_or_404(_reachable(request.user).distinct(), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        user_set_active(actor=request.user, user=person, active=active, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            (_("%(person)s can log in again.") if active else _("%(person)s was deactivated."))
            % {"person": person},
        )
    return redirect(person)


@page_rule(_is_security_admin, refusal=Http404)
@login_required
def locked_list(request):
    """Accounts in the security administrator's reach (and the enterprise users of firms in it) that
    are locked after failed logins now."""
    people = lockout.locked_users(request.user)
    return render(
        request,
        "accounts/locked_list.html",
        {
            "title": _("Locked accounts"),
            "people": people,
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": lockout.lockout_minutes(),
        },
    )


@page_rule(_is_security_admin, refusal=Http404)
@login_required
@require_POST
def unlock(request, pk):
    person = get_object_or_404(lockout.unlockable_by(request.user), pk=pk)
    try:
        lockout.unlock(actor=request.user, user=person)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(person)s can try to log in again.") % {"person": person})
    return redirect("accounts:locked_list")
