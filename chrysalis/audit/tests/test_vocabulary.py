"""The typed audit vocabulary: actions and event names are closed lists validated on write, and
every service's audited-field list names real fields of its model."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import chrysalis
from chrysalis.audit.choices import AuditAction, DomainEventName
from chrysalis.audit.models import ChangeRecord, DomainEvent
from chrysalis.audit.services import record_change, record_event, snapshot

# (module, constant, model "app_label.Model") for every audited-field list of the services.
AUDITED_LISTS = [
    ("chrysalis.accounts.services.users", "USER_AUDIT_FIELDS", "accounts.User"),
    ("chrysalis.cultivation.services.pool", "AUDIT", "cultivation.PoolEntry"),
    ("chrysalis.cultivation.services.coaching", "PLAN_AUDIT", "cultivation.CoachingPlan"),
    ("chrysalis.cultivation.services.coaching", "PLAN_FIELDS", "cultivation.CoachingPlan"),
    ("chrysalis.cultivation.services.coaching", "ITEM_AUDIT", "cultivation.ChecklistItem"),
    ("chrysalis.enterprises.services.enterprises", "AUDIT_FIELDS", "enterprises.Enterprise"),
    ("chrysalis.enterprises.services.records", "CONTACT_AUDIT_FIELDS", "enterprises.Contact"),
    ("chrysalis.investment.services.projects", "AUDIT_FIELDS", "investment.Project"),
    ("chrysalis.investment.services.taskforces", "TF_AUDIT_FIELDS", "investment.TaskForce"),
    ("chrysalis.notices.services.notices", "AUDIT_FIELDS", "notices.Notice"),
    ("chrysalis.screening.services.rules", "AUDIT", "screening.LocalRule"),
    ("chrysalis.cultivation.services.policies", "AUDIT", "cultivation.RuleSetPolicy"),
    ("chrysalis.screening.services.runs", "RUN_AUDIT", "screening.ScreeningRun"),
    ("chrysalis.support.services.requests", "AUDIT_FIELDS", "support.ServiceRequest"),
    ("chrysalis.support.services.visits", "VISIT_FIELDS", "support.Visit"),
    ("chrysalis.events.services.events", "AUDIT_FIELDS", "events.Event"),
    ("chrysalis.events.services.registrations", "AUDIT_FIELDS", "events.Registration"),
    ("chrysalis.events.services.outcomes", "DEAL_FIELDS", "events.Deal"),
    ("chrysalis.events.services.outcomes", "FIGURE_FIELDS", "events.EventFigures"),
    ("chrysalis.events.services.outcomes", "SLOT_FIELDS", "events.CoachingSlot"),
    ("chrysalis.villages.services.figures", "FIGURE_AUDIT_FIELDS", "villages.FigureEntry"),
    ("chrysalis.villages.services.plans", "PLAN_AUDIT_FIELDS", "villages.Plan"),
    ("chrysalis.villages.services.plans", "TARGET_AUDIT_FIELDS", "villages.PlanTarget"),
    ("chrysalis.villages.services.projects", "PROJECT_AUDIT_FIELDS", "villages.Project"),
    ("chrysalis.villages.services.projects", "HONOUR_AUDIT_FIELDS", "villages.Honour"),
    ("chrysalis.villages.services.projects", "ROUTE_AUDIT_FIELDS", "villages.Route"),
    ("chrysalis.villages.services.villages", "VILLAGE_AUDIT_FIELDS", "villages.Village"),
    ("chrysalis.villages.services.villages", "RESOURCE_AUDIT_FIELDS", "villages.Resource"),
    ("chrysalis.villages.services.villages", "OPERATOR_AUDIT_FIELDS", "villages.Operator"),
    ("chrysalis.villages.services.villages", "PAIRING_AUDIT_FIELDS", "villages.Pairing"),
    ("chrysalis.villages.services.villages", "PHOTO_AUDIT_FIELDS", "villages.VillagePhoto"),
]


def _service_modules():
    for app in pkgutil.iter_modules(chrysalis.__path__):
        try:
            services = importlib.import_module(f"chrysalis.{app.name}.services")
        except ModuleNotFoundError:
            continue
        paths = getattr(services, "__path__", None)
        if paths is None:  # a single services.py
            yield services
            continue
        for mod in pkgutil.iter_modules(paths):
            yield importlib.import_module(f"{services.__name__}.{mod.name}")


@pytest.mark.parametrize(("module", "name", "model"), AUDITED_LISTS)
def test_every_audited_field_is_a_field_of_the_model(module, name, model):
    from django.apps import apps

    fields = getattr(importlib.import_module(module), name)
    concrete = {f.name for f in apps.get_model(model)._meta.concrete_fields}
    assert set(fields) <= concrete, f"{module}.{name}: not fields of {model}: {set(fields) - concrete}"


def test_every_audit_list_of_the_services_is_checked_here():
    """A new `…AUDIT…` constant in a services module must be added to AUDITED_LISTS."""
    listed = {(m, n) for m, n, _ in AUDITED_LISTS}
    found = {
        (mod.__name__, name)
        for mod in _service_modules()
        for name, value in vars(mod).items()
        if "AUDIT" in name and name.isupper() and isinstance(value, (list, tuple, frozenset))
    }
    assert found <= listed, f"unchecked audit lists: {sorted(found - listed)}"


@pytest.mark.django_db
def test_unknown_action_or_event_name_is_refused_and_nothing_written():
    before = (ChangeRecord.objects.count(), DomainEvent.objects.count())
    with pytest.raises(ValueError, match="unknown audit action"):
        record_change(actor=None, action="updated", obj=None, object_repr="x")
    with pytest.raises(ValueError, match="unknown audit event name"):
        record_event(actor=None, name="support.tock")
    assert (ChangeRecord.objects.count(), DomainEvent.objects.count()) == before
    assert record_change(actor=None, action=AuditAction.EXPORT, obj=None, object_repr="x").action == "export"
    assert record_change(actor=None, action="export", obj=None, object_repr="x").action == "export"
    assert record_event(actor=None, name=DomainEventName.SUPPORT_TICK).name == "support.tick"


@pytest.mark.django_db
def test_snapshot_refuses_a_field_the_model_does_not_have(world):
    with pytest.raises(ValueError, match="enterprise_id"):
        snapshot(world.zone_a, ["name", "enterprise_id"])
    assert snapshot(world.zone_a, ["name"]) == {"name": world.zone_a.name}
