"""Write side of the organisation tree, departments and teams. Every function is atomic and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import ALLOWED_CHILDREN, OrgUnitKind, TeamRole
from chrysalis.accounts.models import Department, OrgUnit, Team, TeamMembership, User
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import require
from chrysalis.core.scope import PATH_STEP
from chrysalis.core.services import create_object, update_object

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _encode(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _DIGITS[r] + out
        if n == 0:
            break
    if len(out) > PATH_STEP:
        raise ValidationError(_("Too many units under one parent."))
    return out.rjust(PATH_STEP, "0")


def _next_path(parent: OrgUnit | None) -> tuple[str, int]:
    if parent is None:
        siblings = OrgUnit.objects.filter(parent__isnull=True)
        prefix, depth = "", 0
    else:
        siblings = OrgUnit.objects.filter(parent=parent)
        prefix, depth = parent.path, parent.depth + 1
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-PATH_STEP:], 36) + 1 if last else 1
    return prefix + _encode(number), depth


def _require(actor: User | None, model, action: str, obj) -> None:
    """The target (or its parent) must be inside the actor's reach for `action`."""
    require(actor, action, obj, within=model.objects.restrict(actor, action))


def org_unit_create(
    *, actor: User | None, parent: OrgUnit | None, kind: str, name: str, code: str
) -> OrgUnit:
    with transaction.atomic():
        if parent is not None:
            parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
            _require(actor, OrgUnit, "add", parent)
            if kind not in ALLOWED_CHILDREN[OrgUnitKind(parent.kind)]:
                raise ValidationError(
                    {
                        "kind": _("A %(child)s cannot be placed under a %(parent)s.")
                        % {"child": OrgUnitKind(kind).label, "parent": OrgUnitKind(parent.kind).label}
                    }
                )
        elif kind != OrgUnitKind.DISTRICT:
            raise ValidationError({"parent": _("Only a district can be at the top of the tree.")})
        elif actor is not None:
            raise PermissionDenied(_("Only the installation can create a new district."))
        path, depth = _next_path(parent)
        unit = OrgUnit(parent=parent, kind=kind, name=name, code=code, path=path, depth=depth)
        return create_object(actor=actor, instance=unit)


def org_unit_update(*, actor: User | None, unit: OrgUnit, expected_version: int | None, **changes) -> OrgUnit:
    allowed = {"name", "code", "is_active"}
    if set(changes) - allowed:
        raise ValidationError(
            _("These fields cannot be changed: %s") % ", ".join(sorted(set(changes) - allowed))
        )
    _require(actor, OrgUnit, "change", unit)
    return update_object(actor=actor, instance=unit, changes=changes, expected_version=expected_version)


def department_create(
    *, actor: User | None, district: OrgUnit, kind: str, name: str, code: str, head: User | None = None
) -> Department:
    with transaction.atomic():
        _require(actor, OrgUnit, "add", district)
        if district.kind != OrgUnitKind.DISTRICT:
            raise ValidationError({"district": _("Departments belong to a district.")})
        return create_object(
            actor=actor, instance=Department(district=district, kind=kind, name=name, code=code, head=head)
        )


def department_update(
    *, actor: User | None, department: Department, expected_version: int | None, **changes
) -> Department:
    allowed = {"kind", "name", "code", "head", "is_active"}
    if set(changes) - allowed:
        raise ValidationError(
            _("These fields cannot be changed: %s") % ", ".join(sorted(set(changes) - allowed))
        )
    _require(actor, Department, "change", department)
    return update_object(actor=actor, instance=department, changes=changes, expected_version=expected_version)


def team_create(*, actor: User | None, org_unit: OrgUnit, kind: str, name: str, direction: str = "") -> Team:
    with transaction.atomic():
        _require(actor, OrgUnit, "add", org_unit)
        return create_object(
            actor=actor, instance=Team(org_unit=org_unit, kind=kind, name=name, direction=direction)
        )


def team_update(*, actor: User | None, team: Team, expected_version: int | None, **changes) -> Team:
    allowed = {"kind", "name", "direction", "is_active"}
    if set(changes) - allowed:
        raise ValidationError(
            _("These fields cannot be changed: %s") % ", ".join(sorted(set(changes) - allowed))
        )
    _require(actor, Team, "change", team)
    return update_object(actor=actor, instance=team, changes=changes, expected_version=expected_version)


def team_member_add(
    *, actor: User | None, team: Team, user: User, role: str = TeamRole.MEMBER
) -> TeamMembership:
    with transaction.atomic():
        _require(actor, Team, "change", team)
        if TeamMembership.objects.filter(team=team, user=user).exists():
            raise ValidationError(
                _("%(user)s is already a member of %(team)s.") % {"user": user, "team": team}
            )
        return create_object(actor=actor, instance=TeamMembership(team=team, user=user, role=role))


def team_member_remove(*, actor: User | None, membership: TeamMembership) -> None:
    with transaction.atomic():
        _require(actor, Team, "change", membership.team)
        before = snapshot(membership)
        record_change(actor=actor, action="delete", obj=membership, before=before, after=None)
        membership.delete()
