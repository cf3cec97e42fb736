"""Organisation and account services: scope on the write side, 三权分立, optimistic locking, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.models import OrgUnit, RoleAssignment, User
from chrysalis.accounts.services import org as org_services
from chrysalis.accounts.services import users as user_services
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError

pytestmark = pytest.mark.django_db


def test_tree_paths_and_descendants(world):
    assert world.grid_a1.path.startswith(world.zone_a.path)
    assert world.zone_a.path.startswith(world.district.path)
    assert set(world.zone_a.descendants()) == {world.grid_a1, world.grid_a2}
    assert list(world.grid_a1.ancestors()) == [world.district, world.zone_a]


def test_tree_shape_is_enforced(world):
    with pytest.raises(ValidationError) as exc:
        org_services.org_unit_create(
            actor=None, parent=world.grid_a1, kind=OrgUnitKind.GRID, name="x", code="X1"
        )
    assert "kind" in exc.value.message_dict
    assert not OrgUnit.objects.filter(code="X1").exists()


def test_admin_can_add_only_inside_their_reach(world):
    zone_admin = world["district_admin"]
    unit = org_services.org_unit_create(
        actor=zone_admin, parent=world.zone_b, kind=OrgUnitKind.GRID, name="B2网格", code="T-B2"
    )
    assert unit.parent == world.zone_b
    officer = world["zone_a_officer"]
    with pytest.raises(PermissionDenied):
        org_services.org_unit_create(
            actor=officer, parent=world.zone_a, kind=OrgUnitKind.GRID, name="A3", code="T-A3"
        )
    assert not OrgUnit.objects.filter(code="T-A3").exists()


def test_update_is_audited_with_before_and_after(world):
    admin = world["district_admin"]
    unit = org_services.org_unit_update(
        actor=admin, unit=world.grid_a1, expected_version=world.grid_a1.version, name="A1 东片"
    )
    assert unit.name == "A1 东片" and unit.version == 2
    record = ChangeRecord.objects.filter(action="update", object_id=str(unit.pk)).latest("id")
    assert record.actor == admin
    assert record.before["name"] == "A1网格" and record.after["name"] == "A1 东片"
    assert ("name", "A1网格", "A1 东片") in record.changed_fields()


def test_stale_edit_is_refused_and_changes_nothing(world):
    admin = world["district_admin"]
    stale = world.grid_a1.version
    org_services.org_unit_update(actor=admin, unit=world.grid_a1, expected_version=stale, name="first")
    with pytest.raises(ConflictError):
        org_services.org_unit_update(actor=admin, unit=world.grid_a1, expected_version=stale, name="second")
    assert OrgUnit.objects.get(pk=world.grid_a1.pk).name == "first"


def test_separation_of_duties(world):
    person = world["auditor"]
    with pytest.raises(ValidationError) as exc:
        user_services.role_grant(
            actor=world["security_admin"], user=person, role=Role.SYSTEM_ADMIN, org_unit=world.district
        )
    assert "三权分立" in str(exc.value) or "Separation of duties" in str(exc.value)
    assert not RoleAssignment.objects.filter(user=person, role=Role.SYSTEM_ADMIN).exists()


def test_only_security_admin_grants_and_never_to_themselves(world):
    target = world["zone_a_officer"]
    with pytest.raises(PermissionDenied):
        user_services.role_grant(
            actor=world["district_admin"], user=target, role=Role.GRID_WORKER, org_unit=world.grid_a1
        )
    with pytest.raises(PermissionDenied):
        user_services.role_grant(
            actor=world["security_admin"],
            user=world["security_admin"],
            role=Role.DISTRICT_ADMIN,
            org_unit=world.district,
        )
    grant = user_services.role_grant(
        actor=world["security_admin"], user=target, role=Role.GRID_WORKER, org_unit=world.grid_a1
    )
    assert ChangeRecord.objects.filter(
        action="grant", object_id=str(grant.pk), actor=world["security_admin"]
    ).exists()


def test_role_needs_exactly_its_target(world):
    with pytest.raises(ValidationError):
        user_services.role_grant(
            actor=None, user=world["zone_a_officer"], role=Role.DEPARTMENT_HANDLER, org_unit=world.zone_a
        )


def test_revoke_removes_scope_immediately(world):
    officer = world["zone_a_officer"]
    assert OrgUnit.objects.restrict(officer, "view").filter(pk=world.grid_a1.pk).exists()
    assignment = officer.role_assignments.get()
    user_services.role_revoke(actor=world["security_admin"], assignment=assignment, reason="transferred")
    officer = User.objects.get(pk=officer.pk)
    assert not OrgUnit.objects.restrict(officer, "view").exists()
    assert ChangeRecord.objects.filter(action="revoke", reason="transferred").exists()


def test_password_policy(world):
    with pytest.raises(ValidationError):
        user_services.user_create(actor=None, username="weak", password="abcdefgh")  # one class
    with pytest.raises(ValidationError):
        user_services.user_create(actor=None, username="short", password="Ab1!")  # too short
    assert not User.objects.filter(username__in=["weak", "short"]).exists()
    user = user_services.user_create(actor=None, username="fine", password="Hangzhou-2026")
    assert user.check_password("Hangzhou-2026") and user.password_changed_at is not None


def test_user_creation_is_scoped_to_system_admin(world):
    with pytest.raises(PermissionDenied):
        user_services.user_create(
            actor=world["district_admin"], username="x1", password="Hangzhou-2026", home_unit=world.zone_a
        )
    user = user_services.user_create(
        actor=world["system_admin"], username="x2", password="Hangzhou-2026", home_unit=world.zone_a
    )
    assert user.home_unit == world.zone_a


def test_cannot_deactivate_self(world):
    admin = world["system_admin"]
    with pytest.raises(ValidationError):
        user_services.user_update(actor=admin, user=admin, expected_version=admin.version, is_active=False)


def test_restrict_unknown_action_is_a_bug(world):
    with pytest.raises(ValueError):
        OrgUnit.objects.restrict(world["district_admin"], "fly")


def test_inactive_or_anonymous_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not OrgUnit.objects.restrict(AnonymousUser(), "view").exists()
    officer = world["zone_a_officer"]
    officer.is_active = False
    assert not OrgUnit.objects.restrict(officer, "view").exists()
