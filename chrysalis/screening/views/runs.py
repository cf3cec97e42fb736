"""Screening pages: runs (start one as a background job), results per tier (eligible now,
closest by gap and what each lacks), Excel export, bulk add to the pool."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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
from chrysalis.screening.models import LocalRule, LocalRuleResult, ScreeningResult, ScreeningRun
from chrysalis.screening.services.results import GAP_ROWS, collect_zh, lacks_zh, rank_closest, rule_set_name
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
        closest = rank_closest(rows, CLOSEST)
        for r in closest:
            r.lacks_words = lacks_zh(r, short=True)
            r.collect_words = collect_zh(r, short=True)
            r.step_lines = [x for x in r.steps.split("\n") if x]
        out.append(
            {
                "rule_set": rid,
                "rule_set_zh": rule_set_name(rid),
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


def _local(run, user) -> list[dict]:
    """Per local rule ticked for the run: the firms meeting it, and how many do not or cannot be told."""
    results = (
        LocalRuleResult.objects.restrict(user, "view")
        .filter(run=run)
        .select_related("enterprise")
        .order_by("enterprise__name")
    )
    by_rule: dict[str, list] = {name: [] for name in run.local_rules}
    for r in results:
        by_rule.setdefault(r.rule, []).append(r)
    return [
        {
            "name": name,
            "condition": run.local_rules.get(name, ""),
            "met": [r for r in rows if r.outcome == "met"],
            "not_met": sum(1 for r in rows if r.outcome == "not_met"),
            "unknown": sum(1 for r in rows if r.outcome == "unknown"),
            "rows": rows,
        }
        for name, rows in by_rule.items()
    ]


@login_required
def run_detail(request, pk):
    run = get_object_or_404(ScreeningRun.objects.restrict(request.user, "view"), pk=pk)
    tiers = _tiers(run, request.user)
    local = _local(run, request.user)
    if request.GET.get("export") == "xlsx":
        return _export(request, run, tiers, local)
    return render(
        request,
        "screening/run_detail.html",
        {
            "title": _("Screening run %(n)s") % {"n": run},
            "run": run,
            "tiers": tiers,
            "local": local,
            "gap_rows": GAP_ROWS,
        },
    )


def _export(request, run, tiers, local) -> HttpResponse:
    """One sheet per list as the page shows it, in words (no codes), and one for the local rules."""
    header = [
        _("tier"),
        _("rule set"),
        _("list"),
        _("rank"),
        _("enterprise"),
        _("USCC"),
        _("verdict"),
        _("minimum score"),
        _("maximum score"),
        _("conditions not met"),
        _("points missing"),
        _("facts to collect"),
        _("lacks"),
        _("data to collect"),
        _("what it would take"),
    ]
    lists = ((_("eligible now"), "eligible"), (_("closest to eligible"), "closest"))
    rows = [
        [
            t["tier_zh"],
            t["rule_set_zh"],
            label,
            i,
            r.enterprise.name,
            r.enterprise.uscc,
            r.verdict_zh,
            r.score_min,
            r.score_max,
            r.gap_conditions,
            r.gap_points,
            r.unknowns,
            "；".join(lacks_zh(r)),
            "；".join(collect_zh(r)),
            "；".join(x for x in r.steps.split("\n") if x),
        ]
        for t in tiers
        for label, key in lists
        for i, r in enumerate(t[key], start=1)
    ]
    local_rows = [
        [rule["name"], rule["condition"], r.enterprise.name, r.enterprise.uscc, r.outcome_zh]
        for rule in local
        for r in rule["rows"]
    ]
    local_header = [_("local rule"), _("condition"), _("enterprise"), _("USCC"), _("outcome")]
    # through the project's one export writer: enterprise names and lacks are text a spreadsheet
    # must never read as a formula
    response = export_response(
        fmt="xlsx",
        title=_("Screening results"),
        header=header,
        rows=rows,
        filename=f"screening-{run.pk}",
        sheets=[(_("Local rules"), local_header, local_rows)] if run.local_rules else (),
    )
    record_change(
        actor=request.user, action="export", obj=run, object_repr=_("Screening run %(n)s") % {"n": run}
    )
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
    which = which if which in ("eligible", "closest") else "eligible"
    rows = [r for r in tier[which] if not picked or r.enterprise_id in picked]
    ents = Enterprise.objects.restrict(request.user, "view").in_bulk([r.enterprise_id for r in rows])
    try:
        added, skipped = pool_bulk_add(
            actor=request.user,
            tier_target=tier["tier"],
            year=run.year,
            reason=_("Screening run %(n)s: %(list)s under %(rs)s")
            % {
                "n": run.pk,
                "list": _("eligible now") if which == "eligible" else _("closest to eligible"),
                "rs": tier["rule_set_zh"],
            },
            items=[
                (ents[r.enterprise_id], min(r.gap_size, 32000), "；".join(lacks_zh(r, short=True))[:400])
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
