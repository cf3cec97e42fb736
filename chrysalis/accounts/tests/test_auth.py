"""Login hardening: generic errors, lockout after 5 failures, idle timeout, session cap, audit."""

import time

import pytest
from django.urls import reverse

from chrysalis.accounts.middleware import LAST_ACTIVITY, LOGIN_AT
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_logout_are_audited(client, world):
    response = _login(client, "p_zone_a_officer", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert ChangeRecord.objects.filter(action="login", actor=world["zone_a_officer"]).exists()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert ChangeRecord.objects.filter(action="logout", actor=world["zone_a_officer"]).exists()
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gives_generic_message(client, world):
    unknown = _login(client, "nobody-here", "whatever1A")
    wrong = _login(client, "p_zone_a_officer", "wrong-Password1")
    assert unknown.status_code == wrong.status_code == 200
    text_unknown = unknown.content.decode()
    text_wrong = wrong.content.decode()
    assert "用户名或密码错误" in text_wrong and "用户名或密码错误" in text_unknown
    assert ChangeRecord.objects.filter(action="login_failed").count() == 2


def test_lockout_after_five_failures(client, world):
    for _ in range(5):
        _login(client, "p_zone_a_officer", "wrong-Password1")
    response = _login(client, "p_zone_a_officer", PASSWORD)  # right password, but locked
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_timeout_logs_out(client, world, settings):
    client.force_login(world["zone_a_officer"])
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("home")).status_code == 302
    assert ChangeRecord.objects.filter(action="logout", reason="idle timeout").exists()


def test_absolute_session_cap(client, world, settings):
    client.force_login(world["zone_a_officer"])
    client.get(reverse("home"))
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_tampered_session_cookie_goes_back_to_login(client, world, settings):
    client.force_login(world["zone_a_officer"])
    client.cookies[settings.SESSION_COOKIE_NAME] = (
        "tampered-" + client.cookies[settings.SESSION_COOKIE_NAME].value[:20]
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_open_redirect_after_login_is_refused(client, world):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "p_zone_a_officer", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_chinese_by_default_english_on_request(client, world):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "登录" in response.content.decode() and 'lang="zh-hans"' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("login"))
    assert "Log in to your account" in response.content.decode()
