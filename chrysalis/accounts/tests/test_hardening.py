"""Issue 13, low items: lockout (audit, minutes, unlock page), password rules in Chinese, the
CHRYSALIS_ENV gate, HSTS options, Cache-Control: no-store."""

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import translation

from chrysalis.accounts.models import User
from chrysalis.accounts.services import users as user_services
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.testing.personas import PASSWORD, make_user
from config.checks import ENVIRONMENTS, check_environment

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- lockout --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lockout_is_audited_once_shows_the_configured_minutes_and_is_undone_by_the_security_admin(
    client, world, settings
):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=7)
    officer = world["zone_a_officer"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, officer.username, "wrong-Password1")
    locked = ChangeRecord.objects.filter(action="locked_out", object_id=str(officer.pk))
    assert locked.count() == 1 and locked.get().actor is None
    r = _login(client, officer.username, PASSWORD)  # right password, still locked
    assert r.status_code == 429
    text = r.content.decode()
    assert "7 分钟后再试" in text and "30 分钟" not in text
    assert locked.count() == 1  # a retry while locked is no new lockout

    # the locked-accounts page: security administrator only, lists the officer
    admin_client = type(client)()
    admin_client.force_login(world["district_admin"])
    assert admin_client.get(reverse("accounts:locked_list")).status_code == 404
    assert admin_client.post(reverse("accounts:user_unlock", args=[officer.pk])).status_code == 404
    admin_client.force_login(world["security_admin"])
    page = admin_client.get(reverse("accounts:locked_list"))
    row = f"<td>{officer.username}</td>"
    assert page.status_code == 200 and row in page.content.decode()
    r = admin_client.post(reverse("accounts:user_unlock", args=[officer.pk]))
    assert r.status_code == 302
    assert ChangeRecord.objects.filter(
        object_id=str(officer.pk), reason="account unlocked", actor=world["security_admin"]
    ).exists()
    assert row not in admin_client.get(reverse("accounts:locked_list")).content.decode()
    r = _login(client, officer.username, PASSWORD)
    assert r.status_code == 302 and r["Location"] == reverse("home")
    # a person outside the security administrator's reach (no home unit, no firm in reach) answers 404
    outsider = make_user("p_outsider", None)
    assert admin_client.post(reverse("accounts:user_unlock", args=[outsider.pk])).status_code == 404


# --- passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["Sysadmin#2026!x", "2026-SYSADMIN-ok", "nimdasys#2026X", "Ｓｙｓａｄｍｉｎ＃2026x"]
)
def test_password_built_from_the_user_name_is_refused(password):
    user = User(username="sysadmin")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert "密码不能包含用户名（正写或倒写）。" in exc.value.messages


@pytest.mark.parametrize("password", ["Ab1!", "abcdefghij", "12345678901", "password", "p_officer-1"])
def test_every_password_rule_speaks_chinese(password):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password(password, User(username="p_officer"))
    assert exc.value.messages and all(CJK.search(m) for m in exc.value.messages), exc.value.messages


def test_too_short_names_the_configured_length(settings):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password("Ab1!x", User(username="someone"))
    assert "密码太短：至少需要 8 个字符。" in exc.value.messages


@pytest.mark.django_db
def test_reset_with_a_password_from_the_user_name_changes_nothing(world):
    officer = world["zone_a_officer"]
    with pytest.raises(ValidationError):
        user_services.user_set_password(
            # long enough that Django's similarity rule lets it through; the user-name rule does not
            actor=world["system_admin"],
            user=officer,
            password=f"Hz-{officer.username.upper()}#2026-Westlake",
        )
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD) and not officer.must_change_password


# --- CHRYSALIS_ENV and HSTS -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Production", "prod", "PRODUCTION", " production", "dev", ""])
def test_unknown_environment_refuses_to_start(value):
    with pytest.raises(ImproperlyConfigured, match="CHRYSALIS_ENV"):
        check_environment(value)


def test_known_environments_are_accepted():
    assert [check_environment(v) for v in ENVIRONMENTS] == list(ENVIRONMENTS)


GOOD_KEY = "k" * 20 + "Zx9!" * 10
PROD = {
    "PATH": "/usr/bin:/bin",
    "CHRYSALIS_ENV": "production",
    "CHRYSALIS_SECRET_KEY": GOOD_KEY,
    "CHRYSALIS_ALLOWED_HOSTS": "zone.gov.cn",
    "CHRYSALIS_FIELD_ENCRYPTION_KEY": "x" * 32,
    "DATABASE_URL": "sqlite:///:memory:",
}
SHOW = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); "
    "from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
    "'security.W005' in s.SILENCED_SYSTEM_CHECKS, 'security.W021' in s.SILENCED_SYSTEM_CHECKS)"
)


def _boot(env):
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_boot_refuses_a_misspelt_environment_and_hsts_options_are_opt_in():
    result = _boot({**PROD, "CHRYSALIS_ENV": "Production"})
    assert result.returncode != 0 and "CHRYSALIS_ENV='Production'" in result.stderr
    result = _boot(PROD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "False", "False", "True", "True"]
    result = _boot({**PROD, "CHRYSALIS_HSTS_INCLUDE_SUBDOMAINS": "1", "CHRYSALIS_HSTS_PRELOAD": "1"})
    assert result.stdout.split() == ["31536000", "True", "True", "False", "False"], result.stderr


# --- Cache-Control: no-store ------------------------------------------------------------------------


@pytest.mark.django_db
def test_sensitive_responses_are_not_stored(client, world):
    firm = world.extra["ent_a1"]
    contact = firm.contacts.get()
    assert "no-store" not in client.get(reverse("favicon")).get("Cache-Control", "")  # public
    client.force_login(world["district_admin"])
    responses = {
        "enterprise page": client.get(firm.get_absolute_url()),
        "unmasked phone": client.post(reverse("enterprises:contact_unmask", args=[contact.pk, "phone"])),
        "API contacts": client.get("/api/contacts/"),
        "export": client.get(reverse("enterprises:enterprise_list") + "?export=xlsx"),
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], name
    assert "13812341234" in responses["unmasked phone"].content.decode()
    assert responses["export"]["Content-Disposition"].startswith("attachment")
