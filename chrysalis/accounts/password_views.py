"""Changing one's own password, and an administrator's reset of someone else's (三权分立: see
services.users.require_account_administrator)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chrysalis.accounts.forms import OwnPasswordForm, PasswordResetByAdminForm
from chrysalis.accounts.models import User
from chrysalis.accounts.services.users import user_set_password, users_secured_by


@login_required
def password_change(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            for field, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [("new_password1", exc.messages)]
            ):
                form.add_error(field if field in form.fields else "new_password1", errors)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password was changed."))
            return redirect("home")
    return render(
        request, "generic/object_form.html", {"form": form, "title": _("Change password"), "cancel_url": "/"}
    )


@login_required
@require_POST
def password_reset(request, pk):
    # Looked up in either administrator's reach; the service decides (and says) whether this actor
    # administers this account: ordinary ones by the system administrator, privileged ones by the
    # security administrator, nobody their own.
    reach = User.objects.restrict(request.user, "change") | users_secured_by(request.user)
    person = get_object_or_404(reach.distinct(), pk=pk)
    form = PasswordResetByAdminForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(person)
    try:
        user_set_password(actor=request.user, user=person, password=form.cleaned_data["new_password1"])
        messages.success(
            request,
            _("The password was reset; %(person)s must change it at the next login.") % {"person": person},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(person)
