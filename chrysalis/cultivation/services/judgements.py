"""Recording reviewer judgements (audited; one per firm, year and criterion, replaceable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis import criteria
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change, snapshot
from chrysalis.cultivation.models import ReviewJudgement
from chrysalis.cultivation.models.judgement import judges_q
from chrysalis.enterprises.models import Enterprise

if TYPE_CHECKING:
    from chrysalis.accounts.models import User


def reviewable_criteria() -> dict[str, str]:
    """Criterion id -> Chinese name, for every criterion that needs a human judgement."""
    out: dict[str, str] = {}
    for rs in criteria.rule_sets():
        for c in rs.criteria:
            if c.review or c.uncertain:  # uncertain: when a district sends them to review
                out[c.id] = c.name_zh
    return out


def judgement_record(
    *,
    actor: User | None,
    enterprise,
    year: int,
    criterion: str,
    outcome: str,
    reason: str,
    evidence: str = "",
) -> ReviewJudgement:
    if actor is None:
        raise ValidationError(_("A judgement is made by a named person."))
    if criterion not in reviewable_criteria():
        raise ValidationError(
            {
                "criterion": _("%(id)s is not a criterion that needs a reviewer's judgement.")
                % {"id": criterion}
            }
        )
    if outcome not in {"met", "not_met"}:
        raise ValidationError({"outcome": _("A judgement is met or not met.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: the reason is kept with the judgement.")})
    with transaction.atomic():
        if actor is not None and not may_judge(actor, enterprise):
            raise PermissionDenied(_("This is outside your scope."))
        existing = (
            ReviewJudgement.objects.select_for_update()
            .filter(enterprise=enterprise, year=year, criterion=criterion)
            .first()
        )
        fields = {
            "outcome": outcome,
            "reason": reason.strip(),
            "evidence": evidence.strip(),
            "decided_by": actor,
            "decided_on": timezone.localdate(),
        }
        if existing is None:
            judgement = ReviewJudgement(enterprise=enterprise, year=year, criterion=criterion, **fields)
            judgement.full_clean()
            judgement.save()
            record_change(
                actor=actor,
                action="create",
                obj=judgement,
                before=None,
                after=snapshot(judgement),
                reason=reason,
            )
        else:
            before = snapshot(existing)
            for k, v in fields.items():
                setattr(existing, k, v)
            existing.version += 1
            existing.full_clean()
            existing.save(update_fields=[*fields, "version", "updated_at"])
            judgement = existing
            record_change(
                actor=actor,
                action="update",
                obj=judgement,
                before=before,
                after=snapshot(judgement),
                reason=reason,
            )
    return judgement


def may_judge(actor: User | None, enterprise) -> bool:

    q = judges_q(get_scope(actor))
    return q is not None and Enterprise.objects.filter(q, pk=enterprise.pk).exists()


def judgements_for(enterprise, year: int) -> dict[str, dict]:
    """The facts document's `judgements` for that firm and application year."""
    rows = ReviewJudgement.objects.filter(enterprise=enterprise, year=year).select_related("decided_by")
    return {
        j.criterion: {
            "outcome": j.outcome,
            "by": str(j.decided_by),
            "on": j.decided_on.isoformat(),
            "note": j.reason,
            "evidence": j.evidence,
        }
        for j in rows
    }
