"""The recycle bin (回收站): soft-deleted records an administrator may restore, with a reason.

Lists every model that opted in to soft delete (`core.models.SoftDeleteModel`), through
`core.services.deleted_rows` (the administrator's reach, within the retention period); restoring
calls `core.services.restore` (reason required, audited). Everybody else gets 403.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chrysalis.core.access import page_rule
from chrysalis.core.extensions import scope_for
from chrysalis.core.scope import ADMIN_ROLES
from chrysalis.core.services import deleted_rows, restore, retention_days, soft_delete_models

PAGE_SIZE = 200


def may_restore(user) -> bool:
    """Administrators (core.scope.ADMIN_ROLES) open the recycle bin; nobody else."""
    return bool(getattr(user, "is_authenticated", False) and scope_for(user).has(*ADMIN_ROLES))


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@login_required
@page_rule(may_restore)
def recycle_bin(request):
    sections = []
    for model in soft_delete_models():
        rows = list(
            deleted_rows(request.user, model).select_related("deleted_by").order_by("-deleted_at")[:PAGE_SIZE]
        )
        if rows:
            sections.append({"label": _label(model), "title": model._meta.verbose_name_plural, "rows": rows})
    return render(
        request,
        "core/recycle_bin.html",
        {"title": _("Recycle bin"), "sections": sections, "retention_days": retention_days()},
    )


@login_required
@page_rule(may_restore)
@require_POST
def recycle_restore(request, label: str, pk: int):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if model not in soft_delete_models():
        raise Http404
    obj = deleted_rows(request.user, model).filter(pk=pk).first()
    if obj is None:
        raise Http404
    try:
        restore(actor=request.user, obj=obj, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(object)s was restored.") % {"object": obj})
    return redirect(reverse("core:recycle_bin"))
