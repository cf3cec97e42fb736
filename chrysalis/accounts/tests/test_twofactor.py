"""TOTP second factor: enrolment, verification, enforcement for staff, reset by the security admin."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    # After a wrong code django-otp makes the next try wait (1 s, doubling); tests don't wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_staff_must_enrol_when_required(client, world, settings):
    settings.REQUIRE_STAFF_2FA = True
    officer = world["zone_a_officer"]
    login(client, officer)
    r = client.get(reverse("accounts:orgunit_list"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("twofactor_setup"))
    page = client.get(r["Location"])
    assert "<svg" in page.content.decode() and page.context["secret"]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    r = client.post(
        reverse("twofactor_setup"),
        {"token": "000000" if code(device) != "000000" else "111111", "next": "/org/units/"},
    )
    assert r.status_code == 200 and r.context["error"]
    r = client.post(reverse("twofactor_setup"), {"token": code(device), "next": "/org/units/"})
    assert r.status_code == 302 and r["Location"] == "/org/units/"
    assert client.get(reverse("accounts:orgunit_list")).status_code == 200
    assert ChangeRecord.objects.filter(reason="two-factor enrolled", actor=officer).exists()


def test_enrolled_user_enters_a_code_after_the_password(client, world):
    officer = world["zone_a_officer"]
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    login(client, officer)
    r = client.get(reverse("home"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("twofactor_verify"))
    assert client.get("/api/schema/").status_code == 403
    r = client.post(reverse("twofactor_verify"), {"token": "12", "next": "/"})
    assert r.status_code == 200 and r.context["error"]
    assert ChangeRecord.objects.filter(action="login_failed", reason="wrong second-factor code").exists()
    r = client.post(reverse("twofactor_verify"), {"token": code(device), "next": "/"})
    assert r.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_enterprise_users_are_not_forced(client, world, settings):
    settings.REQUIRE_STAFF_2FA = True
    login(client, world["enterprise_user"])
    assert client.get(reverse("home")).status_code == 200


def test_security_admin_resets_a_lost_device(client, world):
    officer = world["zone_a_officer"]
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client.force_login(world["district_admin"])
    assert client.post(reverse("accounts:user_2fa_reset", args=[officer.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=officer).exists()
    client.force_login(world["security_admin"])
    client.get(reverse("home"))
    assert client.post(reverse("accounts:user_2fa_reset", args=[officer.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert ChangeRecord.objects.filter(reason="two-factor reset", object_id=str(officer.pk)).exists()
