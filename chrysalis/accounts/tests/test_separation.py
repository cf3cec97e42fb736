"""三权分立 for accounts (issue 13 High 1, Medium 4): who administers whose account, the role
incompatibility table, and the second factor required before privileged actions in production."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chrysalis.accounts.choices import INCOMPATIBLE_ROLES, OPERATIONAL_ROLES, SEPARATED_ROLES, Role
from chrysalis.accounts.models import RoleAssignment
from chrysalis.accounts.services import users as user_services
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

RESET = {"new_password1": "Temp-Pass-2026", "new_password2": "Temp-Pass-2026"}


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def client_class_for(client):
    """A second, independent browser."""
    return type(client)()


def _audit_rows(person) -> int:
    return ChangeRecord.objects.filter(object_id=str(person.pk), content_type__model="user").count()


@pytest.mark.parametrize("target", ["security_admin", "auditor", "district_admin"])
def test_system_admin_cannot_take_over_a_privileged_account(client, world, target):
    person = world[target]
    before = _audit_rows(person)
    client.force_login(world["system_admin"])
    r = client.post(reverse("accounts:user_password_reset", args=[person.pk]), RESET)
    assert r.status_code == 302
    assert "由安全管理员管理" in _messages(r)
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and not person.must_change_password
    # nor deactivate it, by the edit form or the deactivation form
    with pytest.raises(PermissionDenied):
        user_services.user_update(
            actor=world["system_admin"], user=person, expected_version=person.version, is_active=False
        )
    r = client.post(
        reverse("accounts:user_set_active", args=[person.pk]), {"active": "0", "reason": "take over"}
    )
    assert r.status_code == 302 and "由安全管理员管理" in _messages(r)
    person.refresh_from_db()
    assert person.is_active and _audit_rows(person) == before
    # the person page tells the system administrator why there is no reset form
    page = client.get(person.get_absolute_url()).content.decode()
    assert 'id="privileged-note"' in page and "password-reset-form" not in page


def test_security_admin_resets_and_deactivates_a_privileged_account(client, world):
    sysadmin, auditor = world["system_admin"], world["auditor"]
    client.force_login(world["security_admin"])
    page = client.get(sysadmin.get_absolute_url()).content.decode()
    assert "password-reset-form" in page and "set-active-form" in page
    r = client.post(reverse("accounts:user_password_reset", args=[sysadmin.pk]), RESET)
    assert r.status_code == 302
    sysadmin.refresh_from_db()
    assert sysadmin.check_password("Temp-Pass-2026") and sysadmin.must_change_password
    assert ChangeRecord.objects.filter(
        object_id=str(sysadmin.pk), reason="password reset", actor=world["security_admin"]
    ).exists()
    # an auditor signed in elsewhere is out at the next request once deactivated
    other = client_class_for(client)
    other.force_login(auditor)
    assert other.get(reverse("home")).status_code == 200
    r = client.post(reverse("accounts:user_set_active", args=[auditor.pk]), {"active": "0", "reason": ""})
    assert "请填写原因" in _messages(r)
    auditor.refresh_from_db()
    assert auditor.is_active
    client.post(reverse("accounts:user_set_active", args=[auditor.pk]), {"active": "0", "reason": "离职"})
    auditor.refresh_from_db()
    assert not auditor.is_active
    assert ChangeRecord.objects.filter(
        object_id=str(auditor.pk), reason="离职", before={"is_active": True}
    ).exists()
    assert other.get(reverse("home")).status_code == 302
    client.post(reverse("accounts:user_set_active", args=[auditor.pk]), {"active": "1", "reason": "返岗"})
    auditor.refresh_from_db()
    assert auditor.is_active


def test_nobody_administers_their_own_account(world):
    secadmin = world["security_admin"]
    with pytest.raises(PermissionDenied):
        user_services.user_set_active(actor=secadmin, user=secadmin, active=False, reason="test")
    # an ordinary account stays with the system administrator, not the security administrator
    officer = world["zone_a_officer"]
    with pytest.raises(PermissionDenied):
        user_services.user_set_password(actor=secadmin, user=officer, password="Temp-Pass-2026")
    user_services.user_set_password(actor=world["system_admin"], user=officer, password="Temp-Pass-2026")
    officer.refresh_from_db()
    assert officer.must_change_password


def test_incompatible_role_is_refused_in_chinese_and_nothing_is_written(client, world):
    auditor = world["auditor"]
    rows = ChangeRecord.objects.count()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        user_services.role_grant(
            actor=world["security_admin"], user=auditor, role=Role.DISTRICT_ADMIN, org_unit=world.district
        )
    message = " ".join(exc.value.messages)
    assert (
        message
        == "职责分离：区 / 园区管理员不能与审计管理员同时担任（审计员审查业务工作，不担任任何业务角色）。"
    )
    client.force_login(world["security_admin"])
    r = client.post(
        reverse("accounts:role_grant", args=[auditor.pk]),
        {"role": "district_admin", "org_unit": world.district.pk},
    )
    assert message in _messages(r)
    assert not RoleAssignment.objects.filter(user=auditor, role=Role.DISTRICT_ADMIN).exists()
    assert ChangeRecord.objects.count() == rows


@pytest.mark.parametrize(
    "holder,role,target",
    [
        ("district_admin", Role.AUDITOR, "district"),  # the auditor holds no operational role
        ("zone_a_officer", Role.SECURITY_ADMIN, "district"),  # the security admin is a full-time post
        ("zone_a_officer", Role.SYSTEM_ADMIN, "district"),  # the system admin reads no business data
        ("system_admin", Role.DISTRICT_ADMIN, "district"),
        ("enterprise_user", Role.GRID_WORKER, "grid_a1"),  # a firm's contact is not staff
    ],
)
def test_incompatibility_table(world, holder, role, target):
    actor = world["security_admin"]
    if holder == "enterprise_user":  # no home unit: outside every reach, so the system grants here
        assert world[holder].role_assignments.filter(role=Role.ENTERPRISE_USER).exists()
        actor = None
    with pytest.raises(ValidationError):
        user_services.role_grant(actor=actor, user=world[holder], role=role, org_unit=getattr(world, target))
    assert not RoleAssignment.objects.filter(user=world[holder], role=role).exists()


def test_incompatibility_table_is_symmetric_and_leaves_operational_roles_combinable(world):
    assert all((b, a) in INCOMPATIBLE_ROLES for a, b in INCOMPATIBLE_ROLES)
    for power in SEPARATED_ROLES:
        assert all((power.value, r.value) in INCOMPATIBLE_ROLES for r in Role if r != power)
    assert (Role.SERVICE_OFFICER.value, Role.GRID_WORKER.value) not in INCOMPATIBLE_ROLES
    assert Role.ENTERPRISE_USER in OPERATIONAL_ROLES
    grant = user_services.role_grant(
        actor=world["security_admin"],
        user=world["zone_a_officer"],
        role=Role.GRID_WORKER,
        org_unit=world.grid_a1,
    )
    assert grant.pk


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_production_requires_a_second_factor_before_privileged_actions(client, world, settings):
    settings.PRODUCTION = True
    settings.REQUIRE_STAFF_2FA = False  # even when switched off for staff in general
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    secadmin = world["security_admin"]
    # service: a privileged action by an actor who has not verified a second factor is refused
    with pytest.raises(PermissionDenied):
        user_services.role_grant(
            actor=secadmin, user=world["zone_a_officer"], role=Role.GRID_WORKER, org_unit=world.grid_a1
        )
    with pytest.raises(PermissionDenied):
        user_services.user_set_password(
            actor=world["system_admin"], user=world["grid_a1_worker"], password="Temp-Pass-2026"
        )
    # middleware: the security administrator is sent to enrol before anything else
    client.post(reverse("login"), {"username": secadmin.username, "password": PASSWORD})
    r = client.get(reverse("accounts:user_detail", args=[world["zone_a_officer"].pk]))
    assert r.status_code == 302 and r["Location"].startswith(reverse("twofactor_setup"))
    r = client.post(
        reverse("accounts:role_grant", args=[world["zone_a_officer"].pk]),
        {"role": "grid_worker", "org_unit": world.grid_a1.pk},
    )
    assert r.status_code == 302 and r["Location"].startswith(reverse("twofactor_setup"))
    assert not RoleAssignment.objects.filter(user=world["zone_a_officer"], role=Role.GRID_WORKER).exists()
    client.get(reverse("twofactor_setup"))
    device = TOTPDevice.objects.get(user=secadmin)
    client.post(reverse("twofactor_setup"), {"token": _code(device), "next": "/"})
    r = client.post(
        reverse("accounts:role_grant", args=[world["zone_a_officer"].pk]),
        {"role": "grid_worker", "org_unit": world.grid_a1.pk},
    )
    assert RoleAssignment.objects.filter(user=world["zone_a_officer"], role=Role.GRID_WORKER).exists()
    # an ordinary officer is not forced while REQUIRE_STAFF_2FA is off
    officer_client = client_class_for(client)
    officer_client.post(
        reverse("login"), {"username": world["zone_b_officer"].username, "password": PASSWORD}
    )
    assert officer_client.get(reverse("home")).status_code == 200
