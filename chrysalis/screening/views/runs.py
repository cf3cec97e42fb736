"""Screening pages: runs (start one as a background job), results per tier (eligible now,
closest by gap and what each lacks), Excel export, bulk add to the pool."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.access import page_rule
from chrysalis.core.exports import export_response
from chrysalis.core.forms import query_id, query_int
from chrysalis.criteria.catalogue.schema import TIER_ZH
from chrysalis.criteria.present import UNCERTAIN_MODE_ZH
from chrysalis.cultivation.services.pool import pool_bulk_add
from chrysalis.enterprises.models import Enterprise
from chrysalis.screening.models import LocalRule, ScreeningResult, ScreeningRun
from chrysalis.screening.services.runs import default_year, start_run

CLOSEST = 30


def _admin_units(user):

    q = get_scope(user).q_org("path", Role.DISTRICT_ADMIN)
    return OrgUnit.objects.filter(q).order_by("path") if q is not None else OrgUnit.objects.none()


def can_screen(user) -> bool:
    """Screening runs are the administrators' tool (district or zone): the same reach as
    `_admin_units`, asked of the scope without a query (the menu asks on every page)."""
    return bool(get_scope(user).paths(Role.DISTRICT_ADMIN))


@login_required
@page_rule(can_screen, refusal=Http404)
def run_list(request):
    runs = ScreeningRun.objects.restrict(request.user, "view").select_related("created_by", "job")[:50]
    rules = LocalRule.objects.restrict(request.user, "view").filter(active=True)
    return render(
        request,
        "screening/run_list.html",
        {"title": _("Screening runs"), "runs": runs, "rules": rules, "year": default_year()},
    )


@login_required
@require_POST
def run_start(request):
    units = _admin_units(request.user)
    unit = units.first()
    if unit is None:
        raise Http404
    raw_year = (request.POST.get("year") or "").strip()
    year = query_int(raw_year, lo=0, hi=9999) if raw_year else default_year()
    rules = LocalRule.objects.restrict(request.user, "view").filter(
        active=True, pk__in=[x for x in request.POST.getlist("rules") if query_id(x)]
    )
    try:
        if year is None:
            raise ValidationError(_("The evaluation year must be a whole number such as 2026."))
        run = start_run(actor=request.user, org_unit=unit, year=year, rules=rules)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("screening:run_list")
    return redirect(run.job.get_absolute_url() if run.job else run.get_absolute_url())


def _tiers(run, user):
    results = ScreeningResult.objects.restrict(user, "view").filter(run=run).select_related("enterprise")
    out = []
    for rid in run.rule_sets:
        rows = [r for r in results if r.rule_set == rid]
        if not rows:
            continue
        tier = rows[0].tier
        if tier == "sme_size":
            continue
        eligible = [r for r in rows if r.verdict == "eligible"]
        closest = sorted(
            (r for r in rows if r.verdict != "eligible"), key=lambda r: (r.gap_size, r.enterprise.name)
        )[:CLOSEST]
        out.append(
            {
                "rule_set": rid,
                "tier": tier,
                "tier_zh": TIER_ZH.get(tier, tier),
                "eligible": eligible,
                "closest": closest,
                "undetermined": sum(1 for r in rows if r.verdict == "undetermined"),
                "total": len(rows),
                "uncertain_zh": UNCERTAIN_MODE_ZH[(run.uncertain or {}).get(rid, "hard")],
            }
        )
    return out


@login_required
def run_detail(request, pk):
    run = get_object_or_404(ScreeningRun.objects.restrict(request.user, "view"), pk=pk)
    tiers = _tiers(run, request.user)
    if request.GET.get("export") == "xlsx":
        return _export(request, run, tiers)
    return render(
        request,
        "screening/run_detail.html",
        {"title": _("Screening run %(n)s") % {"n": run}, "run": run, "tiers": tiers},
    )


# the two lists of a tier, as the run page names them
LIST_LABELS = {
    "eligible": gettext_lazy("Eligible now"),
    "closest": gettext_lazy("Closest to eligible (by gap)"),
}


def _export(request, run, tiers) -> HttpResponse:
    header = [
        _("rule set"),
        _("list"),
        _("enterprise"),
        _("USCC"),
        _("verdict"),
        _("minimum score"),
        _("maximum score"),
        _("conditions not met"),
        _("points missing"),
        _("lacks"),
    ]
    rows = [
        [
            f"{t['tier_zh']}（{t['rule_set']}）",
            LIST_LABELS[which],
            r.enterprise.name,
            r.enterprise.uscc,
            r.verdict_zh,
            r.score_min,
            r.score_max,
            r.gap_conditions,
            r.gap_points,
            r.lacks,
        ]
        for t in tiers
        for which, rows in (("eligible", t["eligible"]), ("closest", t["closest"]))
        for r in rows
    ]
    # through the project's one export writer: enterprise names and lacks are text a spreadsheet
    # must never read as a formula
    response = export_response(
        fmt="xlsx", title=_("Screening results"), header=header, rows=rows, filename=f"screening-{run.pk}"
    )
    record_change(actor=request.user, action="export", obj=run, object_repr=f"screening run {run.pk}")
    return response


@login_required
@require_POST
def run_pool_add(request, pk):
    run = get_object_or_404(ScreeningRun.objects.restrict(request.user, "view"), pk=pk)
    rule_set, which = request.POST.get("rule_set", ""), request.POST.get("list", "eligible")
    tier = next((t for t in _tiers(run, request.user) if t["rule_set"] == rule_set), None)
    if tier is None:
        raise Http404
    picked = {int(x) for x in request.POST.getlist("enterprise") if x.isdigit()}
    rows = [
        r
        for r in tier[which if which in ("eligible", "closest") else "eligible"]
        if not picked or r.enterprise_id in picked
    ]
    ents = Enterprise.objects.restrict(request.user, "view").in_bulk([r.enterprise_id for r in rows])
    try:
        added, skipped = pool_bulk_add(
            actor=request.user,
            tier_target=tier["tier"],
            year=run.year,
            reason=_("Screening run %(n)s: %(list)s under %(rs)s")
            % {"n": run.pk, "list": which, "rs": rule_set},
            items=[
                (ents[r.enterprise_id], min(r.gap_size, 32000), r.lacks)
                for r in rows
                if r.enterprise_id in ents
            ],
        )
        messages.success(
            request, _("%(a)d firms added to the pool, %(s)d already there.") % {"a": added, "s": skipped}
        )
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    return redirect(run.get_absolute_url())
