"""Local screening rules: create, edit, deactivate/reactivate (scoped to the admin's zone, audited).

A rule is validated on save by the condition language itself (`compile_condition`): a bad rule is
refused with the parser's message and the character position of the problem, and nothing is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import require_visible
from chrysalis.core.services import create_object, update_object
from chrysalis.criteria import ConditionError, compile_condition
from chrysalis.screening.models import LocalRule

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

FIELDS = ("name", "condition", "active")
AUDIT = ["org_unit", "name", "condition", "active"]


def admin_units(actor: User | None):
    """The org units where ``actor`` is a district admin (the zones a rule may belong to)."""

    q = get_scope(actor).q_org("path", Role.DISTRICT_ADMIN)
    return OrgUnit.objects.filter(q).order_by("path") if q is not None else OrgUnit.objects.none()


def condition_error(text: str) -> ValidationError | None:
    """The condition language's own error (message + position), as a form error; None when valid."""
    try:
        compile_condition(text)
    except ConditionError as e:
        where = ""
        if e.position is not None:
            where = " " + _("(at character %(pos)d: “%(near)s”)") % {
                "pos": e.position + 1,
                "near": text[e.position : e.position + 12] or "…",
            }
        return ValidationError({"condition": f"{e.message}{where}"}, code="condition")
    return None


def _validate(name: str, condition: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the rule a name.")
    if not condition.strip():
        errors["condition"] = _("Write the condition.")
    if errors:
        raise ValidationError(errors)
    err = condition_error(condition)
    if err is not None:
        raise err


def local_rule_create(
    *, actor: User | None, org_unit: OrgUnit, name: str, condition: str, active: bool = True
) -> LocalRule:
    with transaction.atomic():
        if not admin_units(actor).filter(pk=org_unit.pk).exists():
            raise PermissionDenied(_("This is outside your scope."))
        _validate(name, condition)
        if LocalRule.objects.filter(org_unit=org_unit, name=name.strip()).exists():
            raise ValidationError({"name": _("This zone already has a rule with this name.")})
        rule = LocalRule(org_unit=org_unit, name=name.strip(), condition=condition.strip(), active=active)
        create_object(actor=actor, instance=rule, audit_fields=AUDIT)
    return rule


def local_rule_update(
    *, actor: User | None, rule: LocalRule, expected_version: int | None, **changes
) -> LocalRule:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        require_visible(actor, rule, action="change")
        name = changes.get("name", rule.name).strip()
        condition = changes.get("condition", rule.condition).strip()
        _validate(name, condition)
        if LocalRule.objects.filter(org_unit_id=rule.org_unit_id, name=name).exclude(pk=rule.pk).exists():
            raise ValidationError({"name": _("This zone already has a rule with this name.")})
        changes = {
            **changes,
            **({"name": name} if "name" in changes else {}),
            **({"condition": condition} if "condition" in changes else {}),
        }
        return update_object(
            actor=actor, instance=rule, changes=changes, expected_version=expected_version, audit_fields=AUDIT
        )  # type: ignore[return-value]


def local_rule_set_active(
    *, actor: User | None, rule: LocalRule, active: bool, reason: str = ""
) -> LocalRule:
    """Deactivate (or reactivate) a rule: it is no longer offered for new runs; past runs keep their copy."""
    with transaction.atomic():
        require_visible(actor, rule, action="change")
        current = LocalRule.objects.select_for_update().get(pk=rule.pk)
        if current.active == active:
            return current
        before = snapshot(current, AUDIT)
        current.active = active
        current.version += 1
        current.save(update_fields=["active", "version", "updated_at"])
        record_change(
            actor=actor,
            action="update",
            obj=current,
            before=before,
            after=snapshot(current, AUDIT),
            reason=reason,
        )
    return current
