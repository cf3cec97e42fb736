"""Personal API tokens (accounts.tokens): made on the account page and shown once, hashed at rest,
scoped like their owner, optionally read-only, revocable, expiring, refused for accounts that must
not use them, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from chrysalis.accounts.tokens import ApiToken, token_create, token_permit_set, token_revoke
from chrysalis.audit.models import ChangeRecord
from chrysalis.enterprises.tests import matrix  # noqa: F401  (adds the enterprises to the world)

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_account_page_shows_the_secret_once_and_stores_only_a_hash(client, world):
    user = world["zone_a_officer"]
    client.force_login(user)
    r = client.post("/account/api-tokens/", {"name": "银行系统", "days": "30", "read_only": "on"})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="token-secret"' in html
    token = ApiToken.objects.get(user=user)
    raw = html.split('id="token-value">')[1].split("<")[0]
    assert raw.startswith(f"chr_{token.key}_") and raw not in token.digest and token.read_only
    assert (token.expires_at - timezone.now()).days in (29, 30)
    again = client.get("/account/api-tokens/").content.decode()
    assert raw not in again and f"chr_{token.key}_" in again and "银行系统" in again
    assert ChangeRecord.objects.filter(object_id=str(token.pk), action="create").exists()
    # bad input: a precise message and nothing made
    r = client.post("/account/api-tokens/", {"name": "", "days": "3"})
    assert r.status_code == 200 and ApiToken.objects.filter(user=user).count() == 1


def test_a_token_acts_as_its_owner_and_read_only_refuses_writes(client, world):
    _t, raw = token_create(actor=world["zone_a_officer"], name="t", days=7)
    assert client.get("/api/enterprises/", **bearer(raw)).json()["count"] == 2
    assert client.get(f"/api/enterprises/{world.extra['ent_b1'].pk}/", **bearer(raw)).status_code == 404
    _t, ro = token_create(actor=world["zone_a_officer"], name="ro", days=7, read_only=True)
    ent = world.extra["ent_a1"]
    assert client.get(f"/api/enterprises/{ent.pk}/", **bearer(ro)).status_code == 200
    r = client.patch(
        f"/api/enterprises/{ent.pk}/", {"address": "x"}, content_type="application/json", **bearer(ro)
    )
    assert r.status_code == 403 and r.json()["errors"][0]["message"] == "此 API 令牌为只读。"


def test_revoked_expired_and_unusable_accounts_are_refused(client, world):
    user = world["zone_a_officer"]
    token, raw = token_create(actor=user, name="t", days=7)
    assert client.get("/api/enterprises/", **bearer(raw)).status_code == 200
    assert client.get("/api/enterprises/", **bearer(raw[:-1] + "x")).status_code == 401
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    assert client.get("/api/enterprises/", **bearer(raw)).status_code == 401
    user.must_change_password = False
    user.is_active = False
    user.save(update_fields=["must_change_password", "is_active"])
    assert client.get("/api/enterprises/", **bearer(raw)).status_code == 401
    user.is_active = True
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = client.get("/api/enterprises/", **bearer(raw))
    assert r.status_code == 401 and r["WWW-Authenticate"].startswith("Bearer")
    assert r.json()["errors"][0]["code"] == "authentication_failed"
    token2, raw2 = token_create(actor=user, name="t2", days=7)
    token_revoke(actor=user, token=token2)
    assert client.get("/api/enterprises/", **bearer(raw2)).status_code == 401
    assert ChangeRecord.objects.filter(object_id=str(token2.pk), action="update").exists()


def test_locked_out_accounts_cannot_use_tokens(client, world, settings):
    from axes.models import AccessAttempt

    user = world["zone_a_officer"]
    _t, raw = token_create(actor=user, name="t", days=7)
    AccessAttempt.objects.create(
        username=user.username, failures_since_start=settings.AXES_FAILURE_LIMIT, ip_address="127.0.0.1"
    )
    assert client.get("/api/enterprises/", **bearer(raw)).status_code == 401


def test_privileged_roles_need_the_security_admins_permission(client, world):
    auditor, secadmin = world["auditor"], world.users["security_admin"]
    with pytest.raises(PermissionDenied):
        token_create(actor=auditor, name="t", days=7)
    client.force_login(auditor)
    assert 'id="token-refusal"' in client.get("/account/api-tokens/").content.decode()
    with pytest.raises(PermissionDenied):
        token_permit_set(actor=world["district_admin"], user=auditor, allowed=True)
    with pytest.raises(PermissionDenied):
        token_permit_set(actor=secadmin, user=secadmin, allowed=True)  # never for oneself
    client.force_login(secadmin)
    page = client.get("/account/api-tokens/permits/").content.decode()
    assert auditor.username in page or str(auditor) in page
    client.post("/account/api-tokens/permits/", {"user": auditor.pk, "allowed": "1"})
    token, raw = token_create(actor=auditor, name="t", days=7)
    assert client.get("/api/enterprises/", **bearer(raw)).status_code == 200
    client.post("/account/api-tokens/permits/", {"user": auditor.pk, "allowed": "0"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ChangeRecord.objects.filter(action="grant", object_id=str(auditor.pk)).exists()


def test_only_the_owner_revokes_on_the_page(client, world):
    token, _raw = token_create(actor=world["zone_a_officer"], name="t", days=7)
    client.force_login(world["zone_b_officer"])
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(world["zone_a_officer"])
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
