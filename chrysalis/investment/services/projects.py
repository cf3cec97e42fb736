"""Writes of investment projects: leads with duplicate detection, edits, the stage driver with
its gate effects (landing links or creates the enterprise in the registry), conflict decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import TeamKind
from chrysalis.accounts.models import OrgUnit, Team, User
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.actor import actor_context
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.permissions import require
from chrysalis.core.scope import PATH_STEP
from chrysalis.core.uploads import accept
from chrysalis.core.workflow import Step
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.services.enterprises import enterprise_create
from chrysalis.enterprises.uscc import UsccError, validate_uscc
from chrysalis.investment import workflows
from chrysalis.investment.choices import (
    ORDER,
    PIPELINE,
    ConflictDecision,
    ConflictStatus,
    QuarterStatus,
    Stage,
)
from chrysalis.investment.models import LateChange, LeadConflict, Project, ProjectMove, Quarter
from chrysalis.investment.names import FUZZY_THRESHOLD, investor_key, similarity
from chrysalis.investment.selectors import writable_teams
from chrysalis.investment.services.common import clean_amounts, clean_date, clean_direction
from chrysalis.support.services.coverage import assignment_create

EDITABLE = (
    "name",
    "investor_name",
    "investor_country",
    "investor_city",
    "investor_uscc",
    "industry_code",
    "direction",
    "planned_investment",
    "registered_capital",
    "fund_size",
    "source",
    "is_headquarters",
    "is_fund",
    "is_fortune500",
    "notes",
)
AMOUNTS = ("planned_investment", "registered_capital", "fund_size")
AUDIT_FIELDS = (
    *EDITABLE,
    "team",
    "stage",
    "signed_on",
    "landed_on",
    "landed_uscc",
    "enterprise",
    "started_on",
    "producing_on",
    "closed_reason",
    "amount",
    "investor_key",
)


# ---------------------------------------------------------------- duplicates (撞单)


@dataclass
class Match:
    project: Project
    reasons: list[str]
    score: float


def find_duplicates(
    *, investor_name: str, investor_uscc: str = "", exclude_pk: int | None = None
) -> list[Match]:
    """Earlier leads that may be the same investor: same USCC, same normalised name, or a close name.
    Searched across every team (that is the point); lost leads are left out."""
    key = investor_key(investor_name)
    uscc = (investor_uscc or "").strip().upper()
    base = Project.objects.exclude(stage=Stage.LOST).select_related("team")
    if exclude_pk:
        base = base.exclude(pk=exclude_pk)
    exact = Q(investor_key=key) if key else Q(pk__in=[])
    if uscc:
        exact |= Q(investor_uscc=uscc)
    found: dict[int, Match] = {}
    for p in base.filter(exact)[:50]:
        reasons = []
        if uscc and p.investor_uscc == uscc:
            reasons.append(_("same unified social credit code"))
        if key and p.investor_key == key:
            reasons.append(_("same company name once region and legal form are set aside"))
        found[p.pk] = Match(p, reasons, 1.0)
    if len(key) >= 2:
        near = Q(investor_key__contains=key[:2]) | Q(investor_key__contains=key[-2:])
        for p in base.filter(near).exclude(pk__in=list(found))[:300]:
            score = similarity(key, p.investor_key)
            if score >= FUZZY_THRESHOLD:
                found[p.pk] = Match(
                    p, [_("similar company name (%(pct)d%%)") % {"pct": round(score * 100)}], score
                )
    return sorted(found.values(), key=lambda m: (m.project.registered_on, m.project.pk))


def duplicates_message(matches: list[Match]) -> str:
    lines = [
        _("“%(investor)s” (%(team)s, registered %(date)s, %(stage)s): %(why)s")
        % {
            "investor": m.project.investor_name,
            "team": m.project.team.name,
            "date": m.project.registered_on.isoformat(),
            "stage": m.project.get_stage_display(),
            "why": "、".join(m.reasons),
        }
        for m in matches
    ]
    return _(
        "Possible duplicates of leads already registered: %(list)s. "
        "The first registered lead owns the investor; "
        "if you save anyway, the district administrator decides."
    ) % {"list": "；".join(lines)}


# ---------------------------------------------------------------- create / update


def _require_team(actor, team: Team) -> None:
    if team.kind != TeamKind.TASK_FORCE or not hasattr(team, "task_force"):
        raise ValidationError({"team": _("%(team)s is not an investment task force.") % {"team": team}})
    require(
        actor,
        "add",
        team,
        within=writable_teams(actor),
        message=_("You may register leads only for your own task force."),
    )


def _clean_uscc_optional(value: str, field: str = "investor_uscc") -> str:
    if not value:
        return ""
    try:
        return validate_uscc(value)
    except UsccError as exc:
        raise ValidationError({field: exc.message}) from exc


def _amount(values: dict) -> Decimal:
    if values.get("is_fund") and values.get("fund_size") is not None:
        return Decimal(values["fund_size"])
    return Decimal(values.get("planned_investment") or 0)


def project_create(
    *,
    actor,
    team: Team,
    name: str,
    investor_name: str,
    direction: str,
    registered_on: dt.date | None = None,
    cadres=(),
    confirm_duplicates: bool = False,
    confirm_amounts: bool = False,
    **fields,
) -> Project:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    _require_team(actor, team)
    today = timezone.localdate()
    registered_on = clean_date(registered_on or today, "registered_on", today=today)
    values = dict(fields, name=(name or "").strip(), investor_name=(investor_name or "").strip())
    values["direction"] = clean_direction(direction)
    values["investor_uscc"] = _clean_uscc_optional(values.get("investor_uscc", ""))
    values.update(clean_amounts({k: values.get(k) for k in AMOUNTS}, confirmed=confirm_amounts))
    if not values["investor_name"]:
        raise ValidationError({"investor_name": _("Give the investor's name.")})
    _check_cadres(team, cadres)
    with transaction.atomic():
        # one lead at a time per district: two teams saving the same investor at once both see the other
        OrgUnit.objects.select_for_update().filter(pk=team.org_unit_id).first()
        matches = find_duplicates(
            investor_name=values["investor_name"], investor_uscc=values["investor_uscc"]
        )
        if matches and not confirm_duplicates:
            raise ValidationError({"investor_name": duplicates_message(matches)}, code="duplicates")
        project = Project(
            team=team,
            registered_on=registered_on,
            investor_key=investor_key(values["investor_name"]),
            amount=_amount(values),
            created_by=actor if getattr(actor, "pk", None) else None,
            **values,
        )
        project.full_clean()
        project.save(force_insert=True)
        if cadres:
            project.cadres.set(cadres)
        ProjectMove.objects.create(
            project=project, from_stage="", to_stage=Stage.LEAD, on=registered_on, actor=_user(actor)
        )
        for m in matches:
            LeadConflict.objects.create(
                project=project, earlier=m.project, matched_on="、".join(m.reasons)[:200]
            )
        record_change(
            actor=actor, action="create", obj=project, before=None, after=snapshot(project, AUDIT_FIELDS)
        )
        _late(actor, project, [registered_on], _("lead registered"))
    return project


def _check_cadres(team: Team, cadres) -> None:
    members = set(team.memberships.values_list("user_id", flat=True))
    outside = [str(c) for c in cadres if c.pk not in members]
    if outside:
        raise ValidationError(
            {"cadres": _("Not members of %(team)s: %(names)s.") % {"team": team, "names": "、".join(outside)}}
        )


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def project_update(
    *,
    actor,
    project: Project,
    expected_version: int | None,
    cadres=None,
    confirm_duplicates: bool = False,
    confirm_amounts: bool = False,
    **changes,
) -> Project:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if actor is not None:
        require(actor, "change", project)
    if "direction" in changes:
        clean_direction(changes["direction"])
    if "investor_uscc" in changes:
        changes["investor_uscc"] = _clean_uscc_optional(changes["investor_uscc"])
    amounts = {k: changes[k] for k in AMOUNTS if k in changes}
    if amounts:
        changes.update(clean_amounts(amounts, confirmed=confirm_amounts))
    if cadres is not None:
        _check_cadres(project.team, cadres)
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError()
        before = snapshot(current, AUDIT_FIELDS)
        old_amount, old_key = current.amount, current.investor_key
        for k, v in changes.items():
            setattr(current, k, v.strip() if isinstance(v, str) else v)
        current.investor_key = investor_key(current.investor_name)
        current.amount = _amount({f: getattr(current, f) for f in (*AMOUNTS, "is_fund")})
        if current.investor_key != old_key or "investor_uscc" in changes:
            matches = find_duplicates(
                investor_name=current.investor_name,
                investor_uscc=current.investor_uscc,
                exclude_pk=current.pk,
            )
            new = [
                m
                for m in matches
                if not LeadConflict.objects.filter(project=current, earlier=m.project).exists()
                and m.project.registered_on <= current.registered_on
            ]
            if new and not confirm_duplicates:
                raise ValidationError({"investor_name": duplicates_message(new)}, code="duplicates")
            for m in new:
                LeadConflict.objects.create(
                    project=current, earlier=m.project, matched_on="、".join(m.reasons)[:200]
                )
        current.full_clean()
        current.version = F("version") + 1
        current.save()
        if cadres is not None:
            current.cadres.set(cadres)
        current.refresh_from_db()
        after = snapshot(current, AUDIT_FIELDS)
        if before != after or cadres is not None:
            record_change(actor=actor, action="update", obj=current, before=before, after=after)
        if current.amount != old_amount or cadres is not None:
            _late(
                actor,
                current,
                [current.registered_on, current.signed_on, current.landed_on],
                _("amount or responsible cadres changed"),
            )
    return current


# ---------------------------------------------------------------- closed quarters


def _late(actor, project: Project, dates, what: str) -> None:
    """Log a change that touches a closed quarter (its frozen figures stay as they are)."""
    dates = sorted({d for d in dates if d})
    if not dates:
        return
    path = project.team.org_unit.path
    prefixes = [path[:i] for i in range(4, len(path) + 1, 4)]
    for d in dates:
        quarter = Quarter.objects.filter(
            status=QuarterStatus.CLOSED,
            org_unit__path__in=prefixes,
            year=d.year,
            number=(d.month - 1) // 3 + 1,
        ).first()
        if quarter is not None:
            LateChange.objects.create(
                quarter=quarter,
                project=project,
                actor=_user(actor),
                description=(
                    _("%(project)s: %(what)s (dated %(date)s)")
                    % {"project": project.name, "what": what, "date": d.isoformat()}
                )[:300],
            )


# ---------------------------------------------------------------- the stage driver


def project_move(
    *,
    actor,
    project: Project,
    to: str,
    on: dt.date | None = None,
    reason: str = "",
    expected_version: int | None = None,
    agreement_document=None,
    uscc: str = "",
    grid: OrgUnit | None = None,
    company_name: str = "",
    service_officer: User | None = None,
) -> Project:
    """Move a project to stage `to` through the shared driver (`core.workflow.Machine.run`: lock,
    version, guard, gate effect, compare-and-swap, history, audit). Refused moves change nothing."""
    # the pipeline's own wording first (which stages a skip passes, why a move back needs a reason)
    workflows.check(project.stage, to, reason, resume_to=project.stage_before_pause)
    queryset = Project.objects.all() if actor is None else Project.objects.restrict(actor, "change")
    return MACHINE.run(
        queryset=queryset.select_related("team__org_unit"),
        pk=project.pk,
        event=to,
        actor=actor,
        capacities=lambda p: frozenset({"team"}),
        reason=reason,
        expected_version=expected_version,
        params={
            "on": on,
            "agreement_document": agreement_document,
            "uscc": uscc,
            "grid": grid,
            "company_name": company_name,
            "service_officer": service_officer,
        },
        prepare=_prepare,
        history=_history,
        after=_after,
        audit_fields=AUDIT_FIELDS,
    )


def _prepare(step: Step) -> None:
    """The effective date (not in the future, not before the last move); what a move back clears;
    shelving and resuming."""
    project, to = step.obj, step.event
    kind = workflows.TRANSITIONS[step.from_state][to].kind
    today = timezone.localdate()
    last = project.moves.order_by("-on").values_list("on", flat=True).first()
    on = clean_date(
        step.params.get("on") or today,
        "on",
        not_before=max(filter(None, [project.registered_on, last])),
        today=today,
    )
    step.memo.update(kind=kind, on=on, late=[on])
    if to in PIPELINE and kind in {"back", "resume", "reopen"}:
        # the dates of the stages above `to` no longer hold (the history keeps them)
        for stage, field in workflows.STAGE_DATE.items():
            if ORDER[stage] > ORDER[to] and getattr(project, field):
                step.memo["late"].append(getattr(project, field))
                step.changes[field] = None
    if kind == "pause":
        if to == Stage.SHELVED:
            step.changes["stage_before_pause"] = step.from_state
        step.changes["closed_reason"] = step.reason[:200]
    elif kind in {"resume", "reopen"}:
        step.changes.update(closed_reason="", stage_before_pause="")


def _gate(effect: Callable[[Step], None]) -> Callable[[Step], None]:
    """Run a gate's effect on the way up (an advance or a skip; a resume or reopen whose stage has no
    date yet), never on a move back or a pause."""

    def run(step: Step) -> None:
        kind = step.memo["kind"]
        dated = getattr(step.obj, workflows.STAGE_DATE.get(step.event, ""), None)
        if kind in {"advance", "skip"} or (kind in {"resume", "reopen"} and not dated):
            effect(step)

    return run


def _history(step: Step) -> None:
    ProjectMove.objects.create(
        project=step.obj,
        from_stage=step.from_state,
        to_stage=step.event,
        on=step.memo["on"],
        actor=_user(step.actor),
        forward=step.memo["kind"] in {"advance", "skip"},
        reason=step.reason,
        evidence=step.data,
    )


def _after(step: Step) -> None:
    _late(
        step.actor,
        step.obj,
        step.memo["late"],
        _("moved from “%(a)s” to “%(b)s”")
        % {"a": Stage(step.from_state).label, "b": Stage(step.event).label},
    )


def _effect_date(field: str) -> Callable[[Step], None]:
    def effect(step: Step) -> None:
        step.changes[field] = step.memo["on"]

    return effect


def _effect_signed(step: Step) -> None:
    """签约: the agreement date and the signed document."""
    project, document = step.obj, step.params.get("agreement_document")
    if document is None and not project.agreement_document:
        raise ValidationError({"agreement_document": _("Attach the signed agreement (签约) document.")})
    if document is not None:
        document = accept(document, kind="document", field="agreement_document")
        project.agreement_document.save(document.name, document, save=False)
        step.changes["agreement_document"] = project.agreement_document.name
    step.changes["signed_on"] = step.memo["on"]
    step.data.update(agreement_date=step.memo["on"].isoformat(), document=project.agreement_document.name)


def _effect_landed(step: Step) -> None:
    """注册落地: a valid USCC; the enterprise is linked when the registry has it, created otherwise
    (exactly once: the USCC is unique there), in a grid of the district; a service officer may be named."""
    p = step.params
    try:
        code = validate_uscc(p.get("uscc") or "")
    except UsccError as exc:
        raise ValidationError({"uscc": exc.message}) from exc
    enterprise, created = _registry_enterprise(
        step.actor, step.obj, code, p.get("grid"), p.get("company_name"), step.memo["on"]
    )
    officer = p.get("service_officer")
    if officer is not None:
        assignment_create(actor=None, enterprise=enterprise, officer=officer, reason=_("investment landing"))
    step.changes.update(landed_uscc=code, enterprise=enterprise, landed_on=step.memo["on"])
    step.data.update(
        uscc=code,
        enterprise=enterprise.pk,
        created=created,
        grid=enterprise.org_unit_id,
        service_officer=officer.pk if officer else None,
    )


def _registry_enterprise(
    actor, project: Project, code: str, grid, company_name, on
) -> tuple[Enterprise, bool]:
    enterprise = Enterprise.objects.select_for_update().filter(uscc=code).first()
    if enterprise is not None:
        return enterprise, False
    if grid is None:
        raise ValidationError({"grid": _("Choose the zone and grid where the enterprise is registered.")})
    if grid.kind != "grid" or not grid.path.startswith(project.team.org_unit.path[:PATH_STEP]):
        raise ValidationError({"grid": _("Choose a grid of this district.")})
    capital = project.registered_capital
    label = f"investment.landing:{actor.get_username() if getattr(actor, 'pk', None) else 'system'}"
    try:
        # a savepoint: when another landing registers the same code at the same moment, the unique USCC
        # refuses the second insert and this landing links the firm the first one created. The registry
        # lets only district admins create firms; the task force's landing creates it as the system,
        # labelled with who landed it, after the grid was checked against the project's district.
        with transaction.atomic(), actor_context(label=label):
            enterprise = enterprise_create(
                actor=None,
                uscc=code,
                name=(company_name or project.investor_name).strip(),
                org_unit=grid,
                industry_code=project.industry_code or "",
                registered_capital=capital * 10000 if capital is not None else None,
                registered_on=on,
                key_project=project.is_major,
                notes=_("Landed through investment project “%(name)s”.") % {"name": project.name},
            )
        return enterprise, True
    except (IntegrityError, ValidationError):
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            raise
        return enterprise, False


GATE_EFFECTS: dict[str, Callable[[Step], None]] = {
    Stage.CONTACT: _gate(_effect_date("contacted_on")),
    Stage.NEGOTIATING: _gate(_effect_date("negotiating_on")),
    Stage.SIGNED: _gate(_effect_signed),
    Stage.LANDED: _gate(_effect_landed),
    Stage.STARTED: _gate(_effect_date("started_on")),
    Stage.PRODUCING: _gate(_effect_date("producing_on")),
}
# the pipeline's table (workflows.MACHINE) with its gate effects, kept here beside the driver
MACHINE = replace(workflows.MACHINE, effects=GATE_EFFECTS)


# ---------------------------------------------------------------- conflicts


def conflict_decide(*, actor, conflict: LeadConflict, decision: str, reason: str) -> LeadConflict:
    """The district administrator decides who follows the investor; the decision and reason are kept."""
    require(actor, "manage", conflict, message=_("Only the district administrator decides duplicate leads."))
    if decision not in ConflictDecision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    if not (reason or "").strip():
        raise ValidationError({"decision_reason": _("Give the reason for the decision; it is kept.")})
    with transaction.atomic():
        current = LeadConflict.objects.select_for_update().get(pk=conflict.pk)
        if current.status == ConflictStatus.DECIDED:
            raise ValidationError(_("This duplicate lead was already decided."))
        before = snapshot(current)
        losers: dict[str, Project] = {
            ConflictDecision.FIRST_KEEPS: current.project,
            ConflictDecision.TRANSFER: current.earlier,
        }
        loser = losers.get(decision)
        if loser is not None and loser.stage != Stage.LOST:
            project_move(
                actor=None,
                project=loser,
                to=Stage.LOST,
                reason=_("Duplicate lead decided by the district administrator: %(reason)s")
                % {"reason": reason.strip()},
            )
        current.status = ConflictStatus.DECIDED
        current.decision = decision
        current.decision_reason = reason.strip()
        current.decided_by = _user(actor)
        current.decided_at = timezone.now()
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        record_change(
            actor=actor,
            action="update",
            obj=current,
            before=before,
            after=snapshot(current),
            reason=reason.strip(),
        )
    return current
