"""Pool pages: list (filters, Excel export, stage counts), entry detail with stage moves,
history and coaching plans."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chrysalis import criteria
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.forms import query_int
from chrysalis.core.views import ObjectFormView, ObjectListView
from chrysalis.cultivation.filtersets import PoolEntryFilterSet
from chrysalis.cultivation.forms_pool import PoolAddForm
from chrysalis.cultivation.models.pool import PoolEntry, PoolStage, TierTarget
from chrysalis.cultivation.selectors import (
    pool_counts,
    with_year_ago,
    year_ago_snapshot_date,
    year_ago_window,
)
from chrysalis.cultivation.services import assessment as assessment_svc
from chrysalis.cultivation.services.judgements import judgements_for
from chrysalis.cultivation.services.policies import uncertain_modes
from chrysalis.cultivation.services.pool import may_add_to_pool, may_read_pool, pool_add, pool_move
from chrysalis.cultivation.tables import PoolEntryTable
from chrysalis.cultivation.workflows import allowed
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.selectors import facts_for


class PoolListView(PageRuleMixin, ObjectListView):
    page_rule = staticmethod(may_read_pool)  # staff-only (issue 13 Medium 10)
    model = PoolEntry
    filterset_class = PoolEntryFilterSet
    table_class = PoolEntryTable
    template_name = "cultivation/pool_list.html"
    title = gettext_lazy("Cultivation pool")
    export_name = "pool"

    def snapshot_date(self):
        if not hasattr(self, "_snapshot_date"):
            self._snapshot_date = year_ago_snapshot_date(timezone.localdate())
        return self._snapshot_date

    def optimise(self, qs):
        return with_year_ago(qs.select_related("enterprise", "enterprise__org_unit"), self.snapshot_date())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = pool_counts(self.request.user)
        ctx["stage_counts"] = [(s, PoolStage(s).label, counts[s]) for s in PoolStage.values]
        ctx["snapshot_date"] = self.snapshot_date()
        ctx["window"] = year_ago_window(timezone.localdate())
        return ctx


def _error_text(e: ValidationError | PermissionDenied) -> str:
    if isinstance(e, ValidationError):
        return " ".join(e.messages)
    return str(e) or _("This is outside your scope.")


@login_required
def pool_detail(request, pk):
    today = timezone.localdate()
    snap = year_ago_snapshot_date(today)
    entry = get_object_or_404(
        with_year_ago(PoolEntry.objects.restrict(request.user, "view").select_related("enterprise"), snap),
        pk=pk,
    )
    can_change = PoolEntry.objects.restrict(request.user, "change").filter(pk=pk).exists()
    plans = entry.coaching_plans.select_related("coach").annotate(
        n_items=Count("items", distinct=True),
        n_done=Count("items", filter=Q(items__done=True), distinct=True),
        n_sessions=Count("sessions", distinct=True),
    )
    return render(
        request,
        "cultivation/pool_detail.html",
        {
            "title": str(entry.enterprise),
            "entry": entry,
            "can_change": can_change,
            "snapshot_date": snap,
            "snapshots": entry.snapshots.all()[:5],
            "moves": [(m, PoolStage(m).label) for m in allowed(entry.stage)],
            "history": entry.history.select_related("actor"),
            "plans": plans,
            "year": timezone.localdate().year,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def pool_move_view(request, pk):
    entry = get_object_or_404(PoolEntry.objects.restrict(request.user, "view"), pk=pk)
    try:
        raw_version = (request.POST.get("version") or "").strip()
        version = query_int(raw_version, lo=0, hi=2**31) if raw_version else None
        if raw_version and version is None:
            raise ValidationError(_("This page is out of date: reload it and try again."))
        version = version or None
        pool_move(
            actor=request.user,
            entry=entry,
            to_stage=request.POST.get("to_stage", ""),
            reason=request.POST.get("reason", ""),
            expected_version=version,
        )
        messages.success(request, _("Stage changed."))
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, _error_text(e))
    return redirect(entry.get_absolute_url())


def parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class PoolAddView(ObjectFormView):
    """Add one firm to the pool by hand (from the enterprise page or its tier assessment)."""

    form_class = PoolAddForm
    template_name = "cultivation/pool_add.html"
    title = gettext_lazy("Add to the cultivation pool")
    success_message = gettext_lazy("Added to the pool at stage “reserve”.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.enterprise = get_object_or_404(
                Enterprise.objects.restrict(request.user, "view"), pk=kwargs["enterprise_pk"]
            )
            if not may_add_to_pool(request.user, self.enterprise):
                raise Http404
            existing = (
                PoolEntry.objects.restrict(request.user, "view").filter(enterprise=self.enterprise).first()
            )
            if existing is not None:
                messages.info(request, _("This firm is already in the pool."))
                return redirect(existing.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        tier = self.request.GET.get("tier")
        return {"tier_target": tier} if tier in TierTarget.values else {}

    def cancel_url(self) -> str:
        return self.enterprise.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["enterprise"] = self.enterprise
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        gap_size, lacks = self.assessed_gap(d["tier_target"])
        return pool_add(
            actor=self.request.user,
            enterprise=self.enterprise,
            tier_target=d["tier_target"],
            reason=d["reason"],
            gap_size=gap_size,
            lacks=lacks,
        )

    def assessed_gap(self, tier_target: str) -> tuple[int | None, str]:
        """Opened from a tier assessment (`?rule_set=…&year=…`): the gap that assessment showed,
        computed again from the same facts (the URL is not trusted for the figure itself)."""
        rule_set, year = self.request.GET.get("rule_set", ""), self.request.GET.get("year", "")
        known = {rs.id: rs.tier for rs in criteria.rule_sets()}
        if known.get(rule_set) != tier_target or not year.isdigit():
            return None, ""
        facts = facts_for(self.enterprise)
        facts["judgements"] = judgements_for(self.enterprise, int(year))
        try:
            result = assessment_svc.run(
                facts,
                assessment_svc.AssessmentRequest(year=int(year), rule_set=rule_set),
                uncertain=uncertain_modes(self.enterprise.org_unit),
            )
        except assessment_svc.AssessmentInputError:
            return None, ""
        return assessment_svc.gap_summary(result)
