"""Gaps left by issue 13: a two-factor reset, a password reset by an administrator and a deactivation
end the person's open sessions at once (security checklist A-04, A-05); the security administrator
unlocks the enterprise users of firms in reach, who have no home unit."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from chrysalis.accounts.choices import Role
from chrysalis.accounts.services import lockout
from chrysalis.accounts.services import users as user_services
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.testing.personas import PASSWORD, make_user

pytestmark = pytest.mark.django_db

RESET = {"new_password1": "Temp-Pass-2026", "new_password2": "Temp-Pass-2026"}


def _sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if str(s.get_decoded().get(SESSION_KEY)) == str(user.pk))


def _signed_in(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def test_two_factor_reset_ends_the_persons_sessions(client, world):
    officer = world["zone_a_officer"]
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    phone, laptop = _signed_in(officer), _signed_in(officer)
    # alive: asked for the second factor, not for the password
    assert phone.get(reverse("home"))["Location"].startswith(reverse("twofactor_verify"))
    assert _sessions_of(officer) == 2
    client.force_login(world["security_admin"])
    assert client.post(reverse("accounts:user_2fa_reset", args=[officer.pk])).status_code == 302
    assert _sessions_of(officer) == 0
    for other in (phone, laptop):
        assert other.get(reverse("home"))["Location"].startswith(reverse("login"))
    row = ChangeRecord.objects.get(reason="two-factor reset", object_id=str(officer.pk))
    assert row.after == {"two_factor": 0, "sessions_ended": 2}
    assert client.get(reverse("home")).status_code == 200  # the administrator's own session stays


def test_two_factor_reset_is_refused_for_oneself_and_out_of_reach(world):
    secadmin = world["security_admin"]
    with pytest.raises(NotPermitted):
        user_services.two_factor_reset(actor=secadmin, user=secadmin)
    with pytest.raises(NotPermitted):  # no home unit, not in the security administrator's tree
        user_services.two_factor_reset(actor=secadmin, user=world["enterprise_user"])


def test_password_reset_by_an_administrator_ends_the_persons_sessions(client, world):
    officer = world["zone_a_officer"]
    other = _signed_in(officer)
    assert other.get(reverse("home")).status_code == 200
    client.force_login(world["system_admin"])
    assert client.post(reverse("accounts:user_password_reset", args=[officer.pk]), RESET).status_code == 302
    assert _sessions_of(officer) == 0
    assert other.get(reverse("home"))["Location"].startswith(reverse("login"))
    row = ChangeRecord.objects.get(reason="password reset", object_id=str(officer.pk))
    assert row.after == {"password": "***", "sessions_ended": 1}
    # one's own change keeps the session it is made in
    user_services.user_set_password(
        actor=world["system_admin"], user=world["system_admin"], password="New-Pass-2026x"
    )
    assert _sessions_of(world["system_admin"]) == 1


def test_deactivation_ends_the_persons_sessions(client, world):
    officer = world["zone_a_officer"]
    other = _signed_in(officer)
    client.force_login(world["system_admin"])
    client.post(reverse("accounts:user_set_active", args=[officer.pk]), {"active": "0", "reason": "离职"})
    assert _sessions_of(officer) == 0
    assert other.get(reverse("home"))["Location"].startswith(reverse("login"))
    row = ChangeRecord.objects.get(reason="离职", object_id=str(officer.pk))
    assert row.after == {"is_active": False, "sessions_ended": 1}


def _lock(username, settings):
    anonymous = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anonymous.post(reverse("login"), {"username": username, "password": "wrong-Password1"})
    r = anonymous.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert r.status_code == 429
    return anonymous


def test_security_admin_unlocks_an_enterprise_user_of_a_firm_in_reach(client, world, settings):
    firm_user = world["enterprise_user"]  # no home unit; represents ent_a1 (grid A1, district D)
    assert firm_user.home_unit_id is None
    anonymous = _lock(firm_user.username, settings)
    # a security administrator of zone B: the firm lies outside, the person is not listed, 404
    zone_b_secadmin = make_user("p_zone_b_secadmin", world.zone_b, Role.SECURITY_ADMIN, org_unit=world.zone_b)
    client.force_login(zone_b_secadmin)
    assert firm_user.username not in client.get(reverse("accounts:locked_list")).content.decode()
    assert client.post(reverse("accounts:user_unlock", args=[firm_user.pk])).status_code == 404
    # the district's security administrator: listed with the firm, unlocked, audited
    client.force_login(world["security_admin"])
    page = client.get(reverse("accounts:locked_list")).content.decode()
    firm = world.extra["ent_a1"]
    assert f"<td>{firm_user.username}</td>" in page and firm.name in page
    assert client.post(reverse("accounts:user_unlock", args=[firm_user.pk])).status_code == 302
    assert ChangeRecord.objects.filter(
        object_id=str(firm_user.pk), reason="account unlocked", actor=world["security_admin"]
    ).exists()
    r = anonymous.post(reverse("login"), {"username": firm_user.username, "password": PASSWORD})
    assert r.status_code == 302


def test_an_enterprise_user_of_no_firm_in_reach_stays_out_of_reach(world, settings):
    stray = make_user("p_stray_firm_user", None)  # no home unit, represents no firm
    _lock(stray.username, settings)
    assert stray not in lockout.locked_users(world["security_admin"])
    with pytest.raises(NotPermitted):
        lockout.unlock(actor=world["security_admin"], user=stray)
