"""A district's setting per rule set: single-source or unresolved conditions decide as hard rules
(default, the engine's behaviour) or go to review with the computed result as evidence.

The setting applies to the firms of the district and every unit below it (the nearest setting up
the tree wins). It is read by the firm's org unit when a firm is assessed — a district's
configuration, like the catalogue itself, not data of the person who looks — and copied into each
screening run, so a run records the choice it was made under."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.services import create_object, update_object
from chrysalis.criteria import get_rule_set, rule_sets
from chrysalis.cultivation.models import RuleSetPolicy, UncertainMode

AUDIT = ["org_unit", "rule_set", "uncertain"]


def admin_units(actor):
    """The org units where ``actor`` is a district admin (where a setting may be made)."""
    q = get_scope(actor).q_org("path", Role.DISTRICT_ADMIN)
    return OrgUnit.objects.filter(q).order_by("path") if q is not None else OrgUnit.objects.none()


def uncertain_criteria(rule_set_id: str) -> list[tuple[str, str, str]]:
    """(id, Chinese name, confidence level) of the conditions the setting affects."""
    rs = get_rule_set(rule_set_id)
    return [
        (c.id, c.name_zh, c.confidence_level) for c in rs.criteria if c.kind == "condition" and c.uncertain
    ]


def configurable_rule_sets() -> list[tuple[str, str]]:
    """Rule sets with at least one single-source or unresolved condition."""
    return [(rs.id, rs.name_zh) for rs in rule_sets() if uncertain_criteria(rs.id)]


def uncertain_modes(org_unit) -> dict[str, str]:
    """Rule set id → ``"hard"``/``"review"`` for the firms of ``org_unit`` (only set rule sets)."""
    chain = []
    unit = org_unit
    while unit is not None:
        chain.append(unit.pk)
        unit = unit.parent
    modes: dict[str, str] = {}
    policies = RuleSetPolicy.objects.filter(org_unit_id__in=chain).select_related("org_unit")
    for p in sorted(policies, key=lambda p: p.org_unit.depth):  # nearer (deeper) units override
        modes[p.rule_set] = p.uncertain
    return modes


def set_uncertain_mode(*, actor, org_unit, rule_set: str, mode: str) -> RuleSetPolicy:
    """Record the district's choice for ``rule_set`` (audited). Only a district admin of
    ``org_unit`` may; another unit answers 404. A bad rule set or mode changes nothing."""
    if not admin_units(actor).filter(pk=org_unit.pk).exists():
        raise Http404
    if mode not in UncertainMode.values:
        raise ValidationError({"uncertain": _("Choose how uncertain conditions decide.")})
    if rule_set not in dict(configurable_rule_sets()):
        raise ValidationError({"rule_set": _("Unknown rule set.")})
    with transaction.atomic():
        existing = (
            RuleSetPolicy.objects.restrict(actor, "change")
            .select_for_update()
            .filter(org_unit=org_unit, rule_set=rule_set)
            .first()
        )
        if existing is None:
            return create_object(
                actor=actor,
                instance=RuleSetPolicy(org_unit=org_unit, rule_set=rule_set, uncertain=mode),
                audit_fields=AUDIT,
            )
        if existing.uncertain == mode:
            return existing
        return update_object(actor=actor, instance=existing, changes={"uncertain": mode}, audit_fields=AUDIT)
