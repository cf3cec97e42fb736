"""Pool pages: list (filters, Excel export, stage counts), entry detail with stage moves,
history and coaching plans."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chrysalis.core.views import ObjectListView
from chrysalis.cultivation.filtersets import PoolEntryFilterSet
from chrysalis.cultivation.models.pool import PoolEntry, PoolStage
from chrysalis.cultivation.selectors import pool_counts
from chrysalis.cultivation.services.pool import pool_move
from chrysalis.cultivation.tables import PoolEntryTable
from chrysalis.cultivation.workflows import allowed


class PoolListView(ObjectListView):
    model = PoolEntry
    filterset_class = PoolEntryFilterSet
    table_class = PoolEntryTable
    template_name = "cultivation/pool_list.html"
    title = gettext_lazy("Cultivation pool")
    export_name = "pool"

    def optimise(self, qs):
        return qs.select_related("enterprise", "enterprise__org_unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = pool_counts(self.request.user)
        ctx["stage_counts"] = [(s, PoolStage(s).label, counts[s]) for s in PoolStage.values]
        return ctx


def _error_text(e: ValidationError | PermissionDenied) -> str:
    if isinstance(e, ValidationError):
        return " ".join(e.messages)
    return str(e) or _("This is outside your scope.")


@login_required
def pool_detail(request, pk):
    entry = get_object_or_404(PoolEntry.objects.restrict(request.user, "view").select_related("enterprise"), pk=pk)
    can_change = PoolEntry.objects.restrict(request.user, "change").filter(pk=pk).exists()
    plans = entry.coaching_plans.select_related("coach").prefetch_related("items", "sessions")
    return render(request, "cultivation/pool_detail.html", {
        "title": str(entry.enterprise), "entry": entry, "can_change": can_change,
        "moves": [(m, PoolStage(m).label) for m in allowed(entry.stage)], "history": entry.history.select_related("actor"),
        "plans": plans, "year": timezone.localdate().year, "today": timezone.localdate(),
    })


@login_required
@require_POST
def pool_move_view(request, pk):
    entry = get_object_or_404(PoolEntry.objects.restrict(request.user, "view"), pk=pk)
    try:
        version = int(request.POST.get("version") or 0) or None
        pool_move(actor=request.user, entry=entry, to_stage=request.POST.get("to_stage", ""),
                  reason=request.POST.get("reason", ""), expected_version=version)
        messages.success(request, _("Stage changed."))
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, _error_text(e))
    return redirect(entry.get_absolute_url())


def parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
