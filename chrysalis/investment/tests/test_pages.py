"""Pages and API: forms call the services (bad input → precise message, nothing saved), exports,
personnel export with a reason, and bounded query counts."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chrysalis.audit.models import ChangeRecord
from chrysalis.investment.models import Indicator, LeaderScore, Posting, Project, Trip

pytestmark = pytest.mark.django_db


def login(client, world, persona):
    client.force_login(world[persona])
    return client


def test_register_lead_shows_duplicates_then_saves_when_confirmed(client, inv):
    login(client, inv, "tf_b_member")
    data = {
        "team": inv.extra["tf_b"].team.pk,
        "name": "资本二期",
        "investor_name": "甲乙资本管理(杭州)有限公司",
        "investor_country": "中国",
        "direction": "finance",
        "planned_investment": "3",
        "source": "visit",
        "registered_on": "2026-07-20",
    }
    n = Project.objects.count()
    r = client.post("/investment/projects/add/", data)
    assert r.status_code == 200 and "撞单" in r.content.decode() and Project.objects.count() == n
    r = client.post("/investment/projects/add/", data | {"confirm_duplicates": "on"})
    assert r.status_code == 302 and Project.objects.count() == n + 1
    assert Project.objects.get(name="资本二期").conflicts.count() >= 1


def test_amount_typed_in_yuan_needs_confirmation(client, inv):
    login(client, inv, "tf_a_member")
    data = {
        "team": inv.extra["tf_a"].team.pk,
        "name": "新项目",
        "investor_name": "全新投资有限公司",
        "investor_country": "中国",
        "direction": "finance",
        "planned_investment": "500000000",
        "source": "visit",
        "registered_on": "2026-07-20",
    }
    r = client.post("/investment/projects/add/", data)
    assert "不合理" in r.content.decode() and not Project.objects.filter(name="新项目").exists()


def test_move_form_refuses_bad_uscc_and_edit_keeps_amounts(client, inv):
    login(client, inv, "tf_a_member")
    p = inv.extra["proj_a"]
    r = client.post(
        f"/investment/projects/{p.pk}/move/landed/", {"on": "2026-07-08", "uscc": "91330102MA2K0001XX"}
    )
    body = r.content.decode()
    assert r.status_code == 200 and ("18" in body or "校验" in body) and "跳过" in body
    p.refresh_from_db()
    assert p.stage == "lead"
    r = client.get(f"/investment/projects/{p.pk}/edit/")
    assert 'value="50.0000"' in r.content.decode()


def test_trip_form_links_companies_to_leads(client, inv):
    login(client, inv, "tf_a_member")
    r = client.post(
        "/investment/trips/add/",
        {
            "team": inv.extra["tf_a"].team.pk,
            "date": "2026-07-09",
            "city": "上海",
            "cadres": [inv["tf_a_member"].pk, inv["tf_a_member2"].pk],
            "groups": 2,
            "companies": "甲乙资本管理（杭州）有限公司\n某新公司",
        },
    )
    assert r.status_code == 302
    trip = Trip.objects.get(city="上海", date=dt.date(2026, 7, 9))
    linked = {v.company: v.project_id for v in trip.visits.all()}
    assert linked == {"甲乙资本管理（杭州）有限公司": inv.extra["proj_a"].pk, "某新公司": None}


def test_quarter_actions_and_export(client, inv):
    q = inv.extra["quarter_q3"]
    login(client, inv, "district_admin")
    client.post(
        f"/investment/quarters/{q.pk}/indicator/",
        {"subject": "team", "metric": "visits", "weight": "1", "cap": "3"},
    )
    assert Indicator.objects.get(quarter=q, subject="team", metric="visits").cap == 3
    login(client, inv, "tf_mentor")
    client.post(
        f"/investment/quarters/{q.pk}/score/",
        {"target": f"team:{inv.extra['tf_a'].team.pk}", "score": "18", "reason": "基金招引突破"},
    )
    assert LeaderScore.objects.get(quarter=q, subject="team").score == 18
    login(client, inv, "district_admin")
    r = client.post(f"/investment/quarters/{q.pk}/close/")
    assert r.status_code == 302
    q.refresh_from_db()
    assert q.is_closed
    r = client.get(f"/investment/quarters/{q.pk}/export/")
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames[:2] == ["突击队", "突击队 计算过程"] and "指标" in wb.sheetnames
    first = [c.value for c in wb["突击队"][2]]
    assert first[0] == 1 and first[1] == "金融突击队" and first[-3] == 18
    # personnel: the organisation department exports the cadre sheets with a reason, audited
    login(client, inv, "org_dept")
    r = client.post(f"/investment/quarters/{q.pk}/export/", {"reason": ""})
    assert r.status_code == 302
    r = client.post(f"/investment/quarters/{q.pk}/export/", {"reason": "季度考核备案"})
    assert "干部" in load_workbook(BytesIO(r.content)).sheetnames
    assert ChangeRecord.objects.filter(action="export", reason="季度考核备案").exists()
    login(client, inv, "tf_a_member")
    assert client.post(f"/investment/quarters/{q.pk}/export/", {"reason": "x"}).status_code == 403


def test_cadre_record_add_and_export(client, inv):
    cadre = inv.extra["cadre_a"]
    login(client, inv, "org_dept")
    r = client.post(
        f"/investment/cadres/{cadre.pk}/add/posting/",
        {"kind": "rotation", "unit": "某社区", "start": "2026-05-01", "end": "2026-04-01"},
    )
    assert "结束日期不能早于开始日期" in r.content.decode()
    assert not Posting.objects.filter(kind="rotation").exists()
    r = client.post(
        f"/investment/cadres/{cadre.pk}/add/posting/",
        {"kind": "rotation", "unit": "某社区", "start": "2026-05-01"},
    )
    assert r.status_code == 302 and Posting.objects.filter(kind="rotation", cadre=cadre).exists()
    r = client.post("/investment/cadres/export/", {"reason": "干部调研"})
    assert r.status_code == 200 and load_workbook(BytesIO(r.content)).active.max_row == 3


def test_api_register_and_move(client, inv):
    login(client, inv, "tf_a_member")
    r = client.post(
        "/api/investment/projects/",
        {
            "team": inv.extra["tf_a"].team.pk,
            "name": "API项目",
            "investor_name": "甲乙资本管理有限公司",
            "direction": "finance",
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "撞单" in str(r.json())
    r = client.post(
        "/api/investment/projects/",
        {
            "team": inv.extra["tf_a"].team.pk,
            "name": "API项目",
            "investor_name": "全新科技有限公司",
            "direction": "finance",
            "planned_investment": "2",
            "registered_on": "2026-07-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    r = client.post(
        f"/api/investment/projects/{pk}/move/",
        {"to": "signed", "on": "2026-07-02"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "reason" in {e["field"] for e in r.json()["errors"]}
    r = client.post(
        f"/api/investment/projects/{pk}/move/",
        {"to": "contact", "on": "2026-07-02"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["stage"] == "contact"
    r = client.get(f"/api/investment/quarters/{inv.extra['quarter_q3'].pk}/results/")
    assert [row["name"] for row in r.json()["team"]] and [row["key"] for row in r.json()["cadre"]] == [
        inv["tf_a_member"].pk
    ]


def test_query_counts(client, inv, django_assert_max_num_queries):
    login(client, inv, "district_admin")
    for url, limit in (
        ("/investment/projects/", 20),
        (f"/investment/projects/{inv.extra['proj_a'].pk}/", 20),
        (f"/investment/quarters/{inv.extra['quarter_q3'].pk}/", 40),
        ("/investment/", 30),
        ("/investment/trips/", 20),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url
