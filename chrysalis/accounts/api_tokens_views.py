"""The account page's personal API tokens: make one (its secret shown once), list, revoke; and the
security administrator's page that allows tokens for privileged accounts (see accounts.tokens)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chrysalis.accounts.choices import SEPARATED_ROLES, Role
from chrysalis.accounts.models import User
from chrysalis.accounts.tokens import (
    LIFETIMES,
    ApiToken,
    ApiTokenPermit,
    refusal,
    token_create,
    token_permit_set,
    token_revoke,
)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=60,
        help_text=gettext_lazy("What will use it, e.g. the bank's loan system."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        initial=90,
        choices=[(d, gettext_lazy("%(days)s days") % {"days": d}) for d in LIFETIMES],
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read only (the token cannot change anything)"), required=False
    )


@login_required
def api_tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                read_only=form.cleaned_data["read_only"],
            )
            form = TokenForm()
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "title": _("API tokens"),
            "form": form,
            "secret": secret,
            "refusal": refusal(request.user),
            "tokens": request.user.api_tokens.all(),
            "schema_url": request.build_absolute_uri("/api/enterprises/?limit=5"),
            "security_admin": request.user.role_assignments.filter(role=Role.SECURITY_ADMIN).exists(),
        },
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another's token: 404
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("api_tokens")


def _security_admin(request):
    if not request.user.role_assignments.filter(role=Role.SECURITY_ADMIN).exists():
        raise Http404
    return (
        User.objects.restrict(request.user, "view")
        .filter(role_assignments__role__in=SEPARATED_ROLES)
        .exclude(pk=request.user.pk)
        .distinct()
        .order_by("username")
    )


@login_required
def api_token_permits(request):
    people = _security_admin(request)
    if request.method == "POST":
        person = get_object_or_404(people, pk=request.POST.get("user") or 0)
        try:
            token_permit_set(actor=request.user, user=person, allowed=request.POST.get("allowed") == "1")
            messages.success(request, _("Saved."))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect("api_token_permits")
    permitted = set(ApiTokenPermit.objects.filter(user__in=people).values_list("user_id", flat=True))
    return render(
        request,
        "accounts/api_token_permits.html",
        {
            "title": _("API tokens of privileged accounts"),
            "rows": [(p, p.pk in permitted) for p in people],
        },
    )
