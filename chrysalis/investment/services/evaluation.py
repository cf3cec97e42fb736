"""Writes of the quarterly evaluation: the quarter, its indicator set, leader scores, closing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.models import OrgUnit, Team, TeamMembership
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError, NotPermitted
from chrysalis.core.permissions import require
from chrysalis.investment import evaluation
from chrysalis.investment.choices import Metric, QuarterStatus, Subject
from chrysalis.investment.models import EvaluationRow, Indicator, LeaderScore, Quarter
from chrysalis.investment.selectors import units_of
from chrysalis.investment.services.common import plain_number


def _require_admin(actor, quarter: Quarter) -> None:
    require(actor, "manage", quarter, message=_("Only the district administrator manages the evaluation."))


def _require_open(quarter: Quarter) -> None:
    if quarter.is_closed:
        raise ValidationError(
            _("%(quarter)s is closed: its indicators, scores and figures are frozen and cannot be changed.")
            % {"quarter": quarter},
            code="closed",
        )


def _decimal(value, field: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give a number.")}) from None
    if not d.is_finite() or d < 0:
        raise ValidationError({field: _("The number cannot be negative.")})
    return d.quantize(Decimal("0.01"))


def quarter_open(*, actor, district: OrgUnit, year: int, number: int, with_defaults: bool = True) -> Quarter:
    if district.kind != OrgUnitKind.DISTRICT:
        raise ValidationError({"org_unit": _("Quarters are evaluated per district.")})
    if not 1 <= int(number) <= 4:
        raise ValidationError({"number": _("The quarter is 1, 2, 3 or 4.")})
    require(
        actor,
        "manage",
        district,
        within=units_of(actor, Role.DISTRICT_ADMIN),
        message=_("Only the district administrator manages the evaluation."),
    )
    if Quarter.objects.filter(org_unit=district, year=year, number=number).exists():
        raise ValidationError(_("This quarter is already open for evaluation."))
    with transaction.atomic():
        quarter = Quarter.objects.create(org_unit=district, year=year, number=number)
        if with_defaults:
            Indicator.objects.bulk_create(
                Indicator(quarter=quarter, subject=subject, metric=m, weight=Decimal(w), cap=Decimal(c))
                for subject, lines in evaluation.DEFAULT_INDICATORS.items()
                for m, w, c in lines
            )
        record_change(actor=actor, action="create", obj=quarter, after=snapshot(quarter))
    return quarter


def indicator_set(*, actor, quarter: Quarter, subject: str, metric: str, weight, cap) -> Indicator:
    _require_admin(actor, quarter)
    if subject not in Subject.values:
        raise ValidationError({"subject": _("Choose whether teams or cadres are evaluated.")})
    if metric not in Metric.values:
        raise ValidationError({"metric": _("Unknown indicator.")})
    weight, cap = _decimal(weight, "weight"), _decimal(cap, "cap")
    with transaction.atomic():
        locked = Quarter.objects.select_for_update().get(pk=quarter.pk)
        _require_open(locked)
        ind = Indicator.objects.filter(quarter=locked, subject=subject, metric=metric).first()
        before = snapshot(ind) if ind else None
        if ind is None:
            ind = Indicator(quarter=locked, subject=subject, metric=metric)
        ind.weight, ind.cap = weight, cap
        ind.full_clean()
        ind.save()
        record_change(
            actor=actor, action="update" if before else "create", obj=ind, before=before, after=snapshot(ind)
        )
    return ind


def indicator_remove(*, actor, indicator: Indicator) -> None:
    _require_admin(actor, indicator.quarter)
    with transaction.atomic():
        locked = Quarter.objects.select_for_update().get(pk=indicator.quarter_id)
        _require_open(locked)
        record_change(actor=actor, action="delete", obj=indicator, before=snapshot(indicator))
        indicator.delete()


def may_score(actor, quarter: Quarter, subject: str, target) -> bool:
    """Team scores: the team's mentoring leader or the district administrator. Cadre scores: the
    mentoring leader of the cadre's task force or the organisation department."""
    if actor is None:
        return True
    scope = get_scope(actor)
    path = quarter.org_unit.path
    if subject == Subject.TEAM:
        return target.task_force.mentor_id == actor.pk or any(
            path.startswith(p) for p in scope.paths(Role.DISTRICT_ADMIN)
        )
    mentor = TeamMembership.objects.filter(user=target, team__task_force__mentor_id=actor.pk).exists()
    return mentor or any(path.startswith(p) for p in scope.paths(Role.ORG_DEPARTMENT))


def leader_score_set(*, actor, quarter: Quarter, subject: str, target, score, reason: str) -> LeaderScore:
    if subject not in Subject.values:
        raise ValidationError({"subject": _("Choose whether teams or cadres are evaluated.")})
    if not may_score(actor, quarter, subject, target):
        raise NotPermitted(_("You may not score this task force or cadre."))
    value = _decimal(score, "score")
    if value > quarter.max_qualitative:
        raise ValidationError(
            {
                "score": _("The leader's score is at most %(max)s.")
                % {"max": plain_number(quarter.max_qualitative)}
            }
        )
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Give the reason for the score; it is shown with the evaluation.")}
        )
    key = {"team": target} if subject == Subject.TEAM else {"cadre": target}
    if subject == Subject.TEAM and not isinstance(target, Team):
        raise ValidationError({"team": _("Choose a task force.")})
    with transaction.atomic():
        locked = Quarter.objects.select_for_update().get(pk=quarter.pk)
        _require_open(locked)
        row = LeaderScore.objects.filter(quarter=locked, subject=subject, **key).first()
        before = snapshot(row) if row else None
        row = row or LeaderScore(quarter=locked, subject=subject, **key)
        row.score, row.reason, row.scored_by = (
            value,
            reason.strip(),
            actor if getattr(actor, "pk", None) else None,
        )
        row.full_clean()
        row.save()
        record_change(
            actor=actor,
            action="update" if before else "create",
            obj=row,
            before=before,
            after=snapshot(row),
            reason=reason.strip(),
        )
    return row


def quarter_close(*, actor, quarter: Quarter, expected_version: int | None = None) -> Quarter:
    """Freeze: compute once, store every row with its working and the inputs it used."""
    _require_admin(actor, quarter)
    with transaction.atomic():
        locked = Quarter.objects.select_for_update().get(pk=quarter.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        _require_open(locked)
        if locked.end >= timezone.localdate():
            raise ValidationError(
                _("%(quarter)s ends on %(end)s; it can be closed from the next day on.")
                % {"quarter": locked, "end": locked.end.isoformat()}
            )
        results = evaluation.compute(locked)
        rows = []
        for subject, items in results.items():
            for r in items:
                figures = {k: str(v) for k, v in r.figures.items()} | {"_team": r.team_name}
                rows.append(
                    EvaluationRow(
                        quarter=locked,
                        subject=subject,
                        team_id=r.key if subject == Subject.TEAM else None,
                        cadre_id=r.key if subject == Subject.CADRE else None,
                        figures=figures,
                        points={k: str(v) for k, v in r.points.items()},
                        qualitative=r.qualitative,
                        total=r.total,
                        rank=r.rank,
                    )
                )
        EvaluationRow.objects.bulk_create(rows, batch_size=1000)
        before = snapshot(locked)
        locked.frozen_inputs = {
            "indicators": [
                {"subject": i.subject, "metric": i.metric, "weight": str(i.weight), "cap": str(i.cap)}
                for i in locked.indicators.all()
            ],
            "scores": [
                {
                    "subject": s.subject,
                    "key": s.team_id or s.cadre_id,
                    "score": str(s.score),
                    "reason": s.reason,
                }
                for s in locked.leader_scores.all()
            ],
            "period": [locked.start.isoformat(), locked.end.isoformat()],
        }
        locked.status = QuarterStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = actor if getattr(actor, "pk", None) else None
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        record_change(
            actor=actor,
            action="transition",
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason=_("quarter closed: %(n)d rows frozen") % {"n": len(rows)},
        )
    return locked
