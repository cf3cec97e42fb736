"""Own password change, administrator reset with forced change, periodic expiry."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_change_own_password(client, world):
    user = world["zone_a_officer"]
    client.force_login(user)
    url = reverse("password_change")
    r = client.post(
        url, {"old_password": "wrong", "new_password1": "Xihu-Lake-2026", "new_password2": "Xihu-Lake-2026"}
    )
    assert r.status_code == 200 and "old_password" in r.context["form"].errors
    r = client.post(url, {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert r.status_code == 200 and r.context["form"].errors  # too simple
    r = client.post(url, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert r.status_code == 200 and "new_password1" in r.context["form"].errors  # unchanged
    r = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Xihu-Lake-2026", "new_password2": "Xihu-Lake-2026"}
    )
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xihu-Lake-2026") and not user.must_change_password
    assert client.get(reverse("home")).status_code == 200  # still signed in
    assert ChangeRecord.objects.filter(object_id=str(user.pk), reason="password changed").exists()


def test_admin_reset_forces_a_change_at_next_login(client, world):
    person = world["zone_a_officer"]
    client.force_login(world["system_admin"])
    r = client.post(
        reverse("accounts:user_password_reset", args=[person.pk]),
        {"new_password1": "Temp-Pass-2026", "new_password2": "Temp-Pass-2026"},
    )
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.must_change_password
    client.logout()
    client.post(reverse("login"), {"username": person.username, "password": "Temp-Pass-2026"})
    r = client.get(reverse("accounts:orgunit_list"))
    assert r.status_code == 302 and r["Location"] == reverse("password_change")
    client.post(
        reverse("password_change"),
        {
            "old_password": "Temp-Pass-2026",
            "new_password1": "Own-Choice-2026",
            "new_password2": "Own-Choice-2026",
        },
    )
    assert client.get(reverse("accounts:orgunit_list")).status_code == 200


def test_district_admin_cannot_reset_passwords(client, world):
    client.force_login(world["district_admin"])
    r = client.post(
        reverse("accounts:user_password_reset", args=[world["zone_a_officer"].pk]),
        {"new_password1": "Temp-Pass-2026", "new_password2": "Temp-Pass-2026"},
    )
    assert r.status_code == 404
    world["zone_a_officer"].refresh_from_db()
    assert world["zone_a_officer"].check_password(PASSWORD)


def test_periodic_expiry(client, world, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user = world["zone_b_officer"]
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client.force_login(user)
    r = client.get(reverse("home"))
    assert r.status_code == 302 and r["Location"] == reverse("password_change")
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert client.get(reverse("home")).status_code == 200
