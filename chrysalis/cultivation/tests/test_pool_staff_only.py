"""Issue 13 Medium 10: the pool and its internal notes are staff-only; the enterprise sees what is
meant for it (its coaching plan, its assessment)."""

import pytest
from rest_framework.test import APIClient

from chrysalis.cultivation.models.pool import PoolEntry, PoolStageChange
from chrysalis.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

NOTE = "内部：该企业财务数据存疑"
REASON = "内部：暂缓推荐"


def test_enterprise_user_sees_its_plan_not_the_pool(client, world):
    entry = world.extra["pool_ent_a1"]
    PoolEntry.objects.filter(pk=entry.pk).update(note=NOTE, lacks="研发投入不足")
    PoolStageChange.objects.create(entry=entry, to_stage=entry.stage, reason=REASON)
    Enterprise.objects.filter(pk=entry.enterprise_id).update(notes="内部：约谈记录")
    plan = world.extra["plan_a1"]

    client.force_login(world["enterprise_user"])
    assert client.get(f"/cultivation/pool/{entry.pk}/").status_code == 404
    assert client.get("/cultivation/pool/").status_code == 403
    page = client.get(f"/enterprises/{entry.enterprise_id}/").content.decode()
    assert NOTE not in page and "内部：约谈记录" not in page and f"/cultivation/pool/{entry.pk}/" not in page
    assert f"/cultivation/coaching/{plan.pk}/" in page  # its coaching plan is shown
    r = client.get(f"/cultivation/coaching/{plan.pk}/")
    html = r.content.decode()
    assert r.status_code == 200 and "补充近三年审计报告" in html
    assert NOTE not in html and REASON not in html and entry.get_absolute_url() not in html
    assert client.get(f"/cultivation/enterprises/{entry.enterprise_id}/assessment/").status_code == 200
    api = APIClient()
    api.force_authenticate(world["enterprise_user"])
    data = api.get(f"/api/enterprises/{entry.enterprise_id}/").json()
    assert data["name"] and "notes" not in data

    # staff still see all of it
    client.force_login(world["zone_a_officer"])
    html = client.get(f"/cultivation/pool/{entry.pk}/").content.decode()
    assert REASON in html and "研发投入不足" in html
    assert "内部：约谈记录" in client.get(f"/enterprises/{entry.enterprise_id}/").content.decode()
