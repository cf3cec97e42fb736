"""Issue 10 item 9: the pool keeps the gap an assessment computed, shows 0 as 0, labels its forms, and
filters say 全部 and offer check-box drop-downs."""

import pytest

from chrysalis.cultivation.models import PoolEntry

pytestmark = pytest.mark.django_db


def test_a_firm_added_from_its_assessment_keeps_the_gap(client, world):
    firm = world.extra["ent_a2"]
    client.force_login(world["district_admin"])
    page = client.get(f"/cultivation/enterprises/{firm.pk}/assessment/?rule_set=zjtx-2026&year=2026")
    html = page.content.decode()
    link = f"/cultivation/pool/add/{firm.pk}/?tier=zjtx&amp;rule_set=zjtx-2026&amp;year=2026"
    assert link in html
    url = link.replace("&amp;", "&")
    response = client.post(url, {"tier_target": "zjtx", "reason": "评价后加入"})
    assert response.status_code == 302
    entry = PoolEntry.objects.get(enterprise=firm)
    assert entry.gap_size is not None and entry.gap_size > 0 and entry.lacks
    assert "SP26-" in entry.lacks  # names the conditions, in words after the id
    detail = client.get(f"/cultivation/pool/{entry.pk}/").content.decode()
    assert f'<dd class="col-7">{entry.gap_size}</dd>' in detail


def test_pool_pages_show_gap_zero_label_their_forms_and_filter_plainly(client, world):
    entry = world.extra["pool_ent_a1"]
    PoolEntry.objects.filter(pk=entry.pk).update(gap_size=0)
    client.force_login(world["district_admin"])
    html = client.get(f"/cultivation/pool/{entry.pk}/").content.decode()
    assert '<dd class="col-7">0</dd>' in html

    html = client.get("/cultivation/pool/").content.decode()
    assert "---------" not in html
    assert 'class="dropdown checkbox-dropdown"' in html and 'type="checkbox" name="stage"' in html
    html = client.get("/cultivation/pool/?stage=reserve").content.decode()
    assert 'value="reserve" checked' in html

    plan = world.extra["plan_a1"]
    html = client.get(f"/cultivation/pool/{entry.pk}/").content.decode()
    for field in ("to-stage", "move-reason", "plan-expert"):
        assert f'for="{field}"' in html
    html = client.get(f"/cultivation/coaching/{plan.pk}/").content.decode()
    assert 'for="session-date"' in html and 'for="session-notes"' in html
