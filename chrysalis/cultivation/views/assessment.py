"""梯度评价 of a registered enterprise: pick a rule set, compare 2022/2026, what-if, judgements, downloads."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chrysalis import criteria
from chrysalis.audit.services import record_change
from chrysalis.core.exports import attachment
from chrysalis.core.forms import query_year
from chrysalis.criteria.present import review_zh
from chrysalis.cultivation.services import assessment as svc
from chrysalis.cultivation.services.judgements import judgement_record, judgements_for, may_judge
from chrysalis.cultivation.services.policies import uncertain_modes
from chrysalis.enterprises.choices import FigureSource, RecordOrigin
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.selectors import facts_for
from chrysalis.enterprises.services.records import RECORD_MODELS

#: The largest change a what-if field takes (10k yuan or people): beyond it is a typing error.
WHAT_IF_MAX = Decimal(10) ** 9

WHAT_IF_FIELDS = {
    "wi_rd": ("rd_expense", _("R&D expense +/− (10k yuan, last year)")),
    "wi_revenue": ("revenue", _("Revenue +/− (10k yuan, last year)")),
    "wi_main_revenue": ("main_revenue", _("Main-business revenue +/− (10k yuan, last year)")),
    "wi_rd_staff": ("rd_staff", _("R&D staff +/− (last year)")),
}


def parse_request(params, default_year: int) -> tuple[svc.AssessmentRequest, list[str]]:
    errors: list[str] = []
    try:
        year = int(params.get("year") or default_year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        errors.append(_("The application year must be a year such as %(y)s.") % {"y": default_year})
        year = default_year
    rule_set = params.get("rule_set") or "auto"
    tier = params.get("tier") or "zjtx"
    if rule_set != "auto":
        known = {rs.id: rs.tier for rs in criteria.rule_sets()}
        tier = known.get(rule_set, tier)  # keep the tier picker consistent with the chosen rule set
    application = params.get("application") or "new"
    return svc.AssessmentRequest(year=year, rule_set=rule_set, tier=tier, application=application), errors


def what_if_changes(params, year: int) -> tuple[dict[str, str], int, list[str]]:
    """Form inputs -> (criteria.apply_what_if changes on the last fiscal year, extra invention
    patents, errors)."""
    changes: dict[str, str] = {}
    extra_patents = 0
    errors: list[str] = []
    for key, (field, label) in WHAT_IF_FIELDS.items():
        raw = (params.get(key) or "").strip()
        if not raw:
            continue
        try:
            delta = Decimal(raw)
            if not delta.is_finite() or abs(delta) >= WHAT_IF_MAX:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("%(label)s: %(value)s is not a number.") % {"label": label, "value": raw})
            continue
        changes[f"years.{year - 1}.{field}"] = f"{'+' if delta >= 0 else ''}{delta}"
    raw = (params.get("wi_invention") or "").strip()
    if raw:
        if raw.isdigit() and int(raw) <= 100:
            extra_patents = int(raw)
        else:
            errors.append(_("Extra invention patents must be a whole number from 0 to 100."))
    return changes, extra_patents, errors


def _facts(enterprise: Enterprise, year: int, extra_patents: int = 0) -> dict:
    """The firm's facts document with its judgements for `year` and any what-if patents added."""
    facts = facts_for(enterprise)
    facts["judgements"] = judgements_for(enterprise, year)
    if extra_patents:
        facts["ip"] = list(facts.get("ip") or []) + [
            {
                "kind": "invention_patent",
                "granted_on": f"{year - 1}-06-30",
                "self_developed": True,
                "valid": True,
                "related_to_leading_product": True,
            }
            for _i in range(extra_patents)
        ]
    return facts


def _label_sources(result: dict) -> dict:
    """Name each figure's source in Chinese in the data column; self-reported ones are marked."""
    labels = dict(FigureSource.choices)
    for c in result.get("criteria", ()):
        for f in c.get("figures", ()):
            f["source_label"] = labels.get(f.get("source"), f.get("source"))
            f["self_reported"] = f.get("source") == FigureSource.SELF_REPORTED
    return result


def _self_reported_records(user, enterprise: Enterprise) -> list[str]:
    """The enterprise's self-reported records (not confirmed by a reviewer) that the assessment counts."""
    found = []
    for model in RECORD_MODELS:
        for record in model.objects.restrict(user, "view").filter(
            enterprise=enterprise, origin=RecordOrigin.SELF_REPORTED
        ):
            found.append(f"{model._meta.verbose_name}：{record}")
    return found


@login_required
def assessment(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.restrict(request.user, "view"), pk=pk)
    today = timezone.localdate()
    req, errors = parse_request(request.GET, today.year)
    what_if, extra_patents, wi_errors = what_if_changes(request.GET, req.year)
    errors += wi_errors
    results, problems = [], []
    compare = request.GET.get("compare") or ""
    requests = [req]
    if compare and compare != req.rule_set:
        requests.append(svc.AssessmentRequest(year=req.year, rule_set=compare, application=req.application))
    facts = _facts(enterprise, req.year, extra_patents)  # loaded once, also when comparing two rule sets
    uncertain = uncertain_modes(enterprise.org_unit)  # the district's setting, recorded in the result
    for r in requests:
        try:
            results.append(svc.run(facts, r, what_if=what_if or None, uncertain=uncertain))
        except svc.AssessmentInputError as exc:
            problems.extend(exc.problems)
    fmt = request.GET.get("format")
    if fmt in {"json", "xlsx"} and results and not problems:
        record_change(
            actor=request.user,
            action="export",
            obj=enterprise,
            reason=f"assessment {results[0].rule_set.id} {req.year} ({fmt})",
        )
        filename = f"assessment-{enterprise.uscc}-{results[0].rule_set.id}-{req.year}"
        if fmt == "json":
            response = JsonResponse(
                results[0].to_dict(), json_dumps_params={"ensure_ascii": False, "indent": 2}
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
            return response
        return attachment(svc.to_xlsx(results[0]), fmt="xlsx", filename=filename)
    needs_review = []
    if results:
        seen = set()
        for r in results:
            for c in r.results:
                if (c.criterion.review or c.computed_outcome == "needs_review") and c.id not in seen:
                    seen.add(c.id)
                    needs_review.append(
                        {
                            "id": c.id,
                            "name_zh": c.criterion.name_zh,
                            "outcome": c.outcome,
                            "judgement": c.judgement,
                            "review_zh": review_zh(c.criterion),
                        }
                    )
    context = {
        "title": _("Tier assessment"),
        "enterprise": enterprise,
        "req": req,
        "compare": compare,
        "results": [_label_sources(r.to_dict()) for r in results],
        "self_reported_records": _self_reported_records(request.user, enterprise),
        # "add to the pool" from here carries the gap just computed (not a what-if one)
        "pool_from": {"tier": results[0].rule_set.tier, "rule_set": results[0].rule_set.id, "year": req.year}
        if results and not (what_if or extra_patents)
        else {},
        "problems": problems,
        "errors": errors,
        "what_if": what_if or extra_patents,
        "what_if_fields": [
            (key, label, request.GET.get(key, "")) for key, (_f, label) in WHAT_IF_FIELDS.items()
        ],
        "wi_invention": request.GET.get("wi_invention", ""),
        "rule_sets": svc.rule_set_choices(),
        "tiers": svc.TIER_CHOICES,
        "needs_review": needs_review,
        "can_judge": may_judge(request.user, enterprise),
        "query": request.GET.urlencode(),
    }
    return render(request, "cultivation/assessment.html", context)


@login_required
@require_POST
def judgement_add(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.restrict(request.user, "view"), pk=pk)
    year = request.POST.get("year", "")
    back = request.POST.get("back") or f"?year={year}"
    try:
        judgement_record(
            actor=request.user,
            enterprise=enterprise,
            year=query_year(year, default=0),
            criterion=request.POST.get("criterion", ""),
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            evidence=request.POST.get("evidence", ""),
        )
        messages.success(
            request,
            _("The judgement was recorded; it now counts in this firm's assessments for %(year)s.")
            % {"year": year},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise Http404 from None

    return redirect(
        reverse("cultivation:assessment", args=[enterprise.pk]) + (back if back.startswith("?") else "")
    )
