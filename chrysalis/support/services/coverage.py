"""Writes of coverage: assign officers, end assignments, fall back to the grid, log every hand-over."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import User
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change, snapshot
from chrysalis.enterprises.models import Enterprise
from chrysalis.support.choices import AssignmentRole, HandOverKind
from chrysalis.support.models import Assignment, HandOver


def officer_max_firms() -> int:
    return int(getattr(settings, "SUPPORT_OFFICER_MAX_FIRMS", 30))


def coverage_flags() -> tuple[str, ...]:
    """Enterprise flags that require a named officer (configurable: SUPPORT_COVERAGE_FLAGS)."""
    return tuple(
        getattr(settings, "SUPPORT_COVERAGE_FLAGS", ("above_scale", "high_growth", "key_firm", "key_project"))
    )


def coverage_required_q(prefix: str = "") -> Q:
    q = Q()
    for flag in coverage_flags():
        q |= Q(**{f"{prefix}{flag}": True})
    return q


def _actor(actor: User | None):
    return actor if getattr(actor, "pk", None) else None


def _require_admin(actor: User | None, enterprise: Enterprise) -> None:
    if actor is None:
        return
    if not Enterprise.objects.filter(pk=enterprise.pk).filter(_admin_q(actor)).exists():
        raise PermissionDenied(
            _("Only a district administrator over this enterprise may change who serves it.")
        )


def _admin_q(actor: User | None) -> Q:

    q = get_scope(actor).q_org("org_unit__path", Role.DISTRICT_ADMIN)
    return q if q is not None else Q(pk__in=[])


def _log(
    *,
    enterprise,
    kind,
    actor: User | None,
    now,
    from_officer=None,
    to_officer=None,
    role=AssignmentRole.LEAD,
    reason="",
) -> HandOver:
    return HandOver.objects.create(
        enterprise=enterprise,
        kind=kind,
        from_officer=from_officer,
        to_officer=to_officer,
        role=role,
        actor=_actor(actor),
        at=now,
        reason=reason[:200],
    )


def _end(*, actor: User | None, assignment: Assignment, now, kind: str, reason: str, to_officer=None) -> None:
    updated = Assignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(
        ended_at=now, end_reason=reason[:200], version=F("version") + 1, updated_at=now
    )
    if not updated:
        return
    _log(
        enterprise=assignment.enterprise,
        kind=kind,
        actor=actor,
        now=now,
        from_officer=assignment.officer,
        to_officer=to_officer,
        role=assignment.role,
        reason=reason,
    )
    record_change(
        actor=actor,
        action="update",
        obj=assignment,
        before={"ended_at": None},
        after={"ended_at": now, "end_reason": reason, "kind": kind},
        reason=reason,
    )


def assignment_create(
    *,
    actor: User | None,
    enterprise: Enterprise,
    officer: User,
    role: str = AssignmentRole.LEAD,
    team=None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Assignment:
    """Name `officer` for `enterprise`. A new lead replaces the current lead (logged as a re-assignment)."""
    now = now or timezone.now()
    if role not in AssignmentRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    _require_admin(actor, enterprise)
    if not officer.is_active or not officer.role_assignments.filter(role=Role.SERVICE_OFFICER).exists():
        raise ValidationError(
            {"officer": _("%(name)s is not an active service officer.") % {"name": officer}}
        )
    path = enterprise.org_unit.path
    officer_paths = officer.role_assignments.filter(role=Role.SERVICE_OFFICER).values_list(
        "org_unit__path", flat=True
    )
    if not any(path.startswith(p) for p in officer_paths if p):
        raise ValidationError(
            {"officer": _("%(name)s does not serve the area of this enterprise.") % {"name": officer}}
        )
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(
            pk=enterprise.pk
        ).first()  # serialise changes per enterprise
        current = Assignment.objects.filter(enterprise=enterprise, ended_at__isnull=True)
        if current.filter(officer=officer).exists():
            raise ValidationError(
                {"officer": _("%(name)s is already assigned to this enterprise.") % {"name": officer}}
            )
        kind = HandOverKind.ASSIGN
        previous = None
        if role == AssignmentRole.LEAD:
            previous = (
                current.filter(role=AssignmentRole.LEAD).select_related("officer", "enterprise").first()
            )
            if previous is not None:
                _end(
                    actor=actor,
                    assignment=previous,
                    now=now,
                    kind=HandOverKind.REASSIGN,
                    reason=reason or _("re-assigned"),
                    to_officer=officer,
                )
                kind = HandOverKind.REASSIGN
        assignment = Assignment(enterprise=enterprise, officer=officer, role=role, team=team, started_at=now)
        assignment.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                assignment.save(force_insert=True)
        except IntegrityError as exc:
            raise ValidationError(
                _("Someone else changed this enterprise's officers at the same moment. Reload and try again.")
            ) from exc
        if previous is None:
            _log(
                enterprise=enterprise,
                kind=kind,
                actor=actor,
                now=now,
                to_officer=officer,
                role=role,
                reason=reason,
            )
        record_change(actor=actor, action="create", obj=assignment, after=snapshot(assignment), reason=reason)
    return assignment


def assignment_end(
    *, actor: User | None, assignment: Assignment, reason: str, now: dt.datetime | None = None
) -> Assignment:
    now = now or timezone.now()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the assignment ends; it is kept in the hand-over log.")})
    _require_admin(actor, assignment.enterprise)
    with transaction.atomic():
        _end(actor=actor, assignment=assignment, now=now, kind=HandOverKind.END, reason=reason.strip())
    assignment.refresh_from_db()
    return assignment


def coverage_fallback(*, actor: User | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Officers who left (deactivated, or no longer service officers) and officers over the
    workload limit hand their firms back to the grid (网格兜底). Idempotent; every hand-over logged.

    Over the limit, the most recently assigned firms fall back first.
    """
    now = now or timezone.now()
    counts = {"inactive": 0, "overload": 0}
    active = Assignment.objects.filter(ended_at__isnull=True)
    with transaction.atomic():
        serving = User.objects.filter(is_active=True, role_assignments__role=Role.SERVICE_OFFICER).values(
            "pk"
        )
        gone = active.exclude(officer_id__in=serving).select_related("officer", "enterprise")
        for a in list(gone):
            _end(
                actor=actor,
                assignment=a,
                now=now,
                kind=HandOverKind.FALLBACK_INACTIVE,
                reason=_("officer left or was deactivated"),
            )
            counts["inactive"] += 1
        limit = officer_max_firms()
        busy = active.values("officer_id").annotate(n=Count("pk")).filter(n__gt=limit)
        for row in busy:
            excess = row["n"] - limit
            newest = (
                active.filter(officer_id=row["officer_id"])
                .select_related("officer", "enterprise")
                .order_by("-started_at", "-pk")[:excess]
            )
            for a in list(newest):
                _end(
                    actor=actor,
                    assignment=a,
                    now=now,
                    kind=HandOverKind.FALLBACK_OVERLOAD,
                    reason=_("officer over the workload limit of %(n)s firms") % {"n": limit},
                )
                counts["overload"] += 1
    return counts
