"""The write-side permission vocabulary (core.permissions): the system actor, in and out of scope,
create rights, and the domain errors mapped to 404 / form errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.exceptions import NotPermitted, OutOfScope
from chrysalis.core.permissions import may, may_create, require, require_create, require_visible
from chrysalis.support.models import HolidayOverride

pytestmark = pytest.mark.django_db


def _units(world):
    return world.zone_a, world.zone_b


def test_system_actor_may_everything_a_service_offers(world):
    zone_a, _zone_b = _units(world)
    assert may(None, "change", zone_a)
    assert may(None, "delete", zone_a, within=OrgUnit.objects.none())  # the system is not narrowed
    assert may_create(None, HolidayOverride)
    require(None, "change", zone_a)
    require_visible(None, zone_a)
    require_create(None, HolidayOverride)


def test_in_and_out_of_scope(world):
    zone_a, zone_b = _units(world)
    officer = world.users["zone_a_officer"]
    assert may(officer, "view", zone_a) and not may(officer, "view", zone_b)
    require_visible(officer, zone_a)
    with pytest.raises(OutOfScope):
        require_visible(officer, zone_b)
    admin = world.users["district_admin"]
    assert may(admin, "change", zone_b)
    # `within` narrows the rule: here to nothing
    assert not may(admin, "change", zone_b, within=OrgUnit.objects.none())
    with pytest.raises(NotPermitted) as exc:
        require(admin, "change", zone_b, within=OrgUnit.objects.none(), message="不在范围内")
    assert isinstance(exc.value, PermissionDenied) and str(exc.value) == "不在范围内"


def test_missing_or_unsaved_objects_and_anonymous_users_may_not(world):
    from django.contrib.auth.models import AnonymousUser

    admin = world.users["district_admin"]
    assert not may(admin, "change", None)
    assert not may(admin, "change", OrgUnit(name="unsaved"))
    assert not may(AnonymousUser(), "view", world.zone_a)
    assert not may_create(AnonymousUser(), HolidayOverride)


def test_may_create_follows_the_models_add_rule(world):
    assert may_create(world.users["district_admin"], HolidayOverride)
    assert not may_create(world.users["zone_a_officer"], HolidayOverride)
    with pytest.raises(NotPermitted):
        require_create(world.users["zone_a_officer"], HolidayOverride)
    with pytest.raises(TypeError):  # a model without a scope rule cannot be asked
        may_create(world.users["district_admin"], type("NoRule", (), {"__name__": "NoRule"}))


def test_out_of_scope_from_a_service_answers_404_like_a_missing_object(world, client):
    """A pool entry the grid worker sees but may not change: the service raises OutOfScope and the
    middleware answers 404."""
    from django.urls import reverse

    from chrysalis.cultivation.tests import matrix  # noqa: F401  (registers the pool entries)

    entry = world.extra.get("pool_ent_a1")
    if entry is None:
        pytest.skip("cultivation world extension not registered")
    client.force_login(world.users["grid_a1_worker"])
    response = client.post(
        reverse("cultivation:pool_move", args=[entry.pk]), {"to_stage": "intended", "reason": "x"}
    )
    assert response.status_code == 404
