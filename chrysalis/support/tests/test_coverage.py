"""Assignments, grid fallback (网格兜底) and the hand-over log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chrysalis.accounts.choices import Role
from chrysalis.core.testing.personas import make_user
from chrysalis.support.choices import HandOverKind
from chrysalis.support.models import Assignment, HandOver
from chrysalis.support.services.coverage import assignment_create, assignment_end, coverage_fallback

pytestmark = pytest.mark.django_db


def test_new_lead_replaces_the_old_one_and_is_logged(world, ents):
    admin = world.users["district_admin"]
    other = make_user("p_officer_a3", world.zone_a, Role.SERVICE_OFFICER, org_unit=world.zone_a)
    assignment_create(actor=admin, enterprise=ents["ent_a1"], officer=other, reason="调整分工")
    leads = Assignment.objects.filter(enterprise=ents["ent_a1"], role="lead", ended_at__isnull=True)
    assert [a.officer for a in leads] == [other]
    log = HandOver.objects.filter(enterprise=ents["ent_a1"]).first()
    assert (log.kind, log.from_officer, log.to_officer) == (
        HandOverKind.REASSIGN,
        world.users["zone_a_officer"],
        other,
    )


def test_only_admins_over_the_firm_assign(world, ents):
    with pytest.raises(PermissionDenied):
        assignment_create(
            actor=world.users["zone_a_officer"],
            enterprise=ents["ent_a2"],
            officer=world.users["zone_a_officer"],
        )
    with pytest.raises(ValidationError):  # zone B officer does not serve zone A
        assignment_create(
            actor=world.users["district_admin"],
            enterprise=ents["ent_a2"],
            officer=world.users["zone_b_officer"],
        )


def test_end_needs_a_reason(world):
    with pytest.raises(ValidationError):
        assignment_end(
            actor=world.users["district_admin"], assignment=world.extra["assignment_a1"], reason=""
        )


def test_departed_officer_falls_back_to_grid_idempotently(world, ents):
    officer = world.users["zone_a_officer"]
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert coverage_fallback() == {"inactive": 1, "overload": 0}
    assert coverage_fallback() == {"inactive": 0, "overload": 0}
    assert not Assignment.objects.filter(officer=officer, ended_at__isnull=True).exists()
    assert HandOver.objects.filter(kind=HandOverKind.FALLBACK_INACTIVE, from_officer=officer).count() == 1


def test_overloaded_officer_hands_newest_firms_back(world, ents, settings):
    settings.SUPPORT_OFFICER_MAX_FIRMS = 1
    assignment_create(
        actor=world.users["district_admin"], enterprise=ents["ent_a2"], officer=world.users["zone_a_officer"]
    )
    assert coverage_fallback() == {"inactive": 0, "overload": 1}
    remaining = Assignment.objects.filter(officer=world.users["zone_a_officer"], ended_at__isnull=True)
    assert [a.enterprise for a in remaining] == [ents["ent_a1"]]
