"""API and page behaviour beyond the permission matrix: registration through the API, the door,
the QR code, the .ics feed, query counts."""

import pytest
from django.urls import reverse

from chrysalis.events.choices import RegStatus
from chrysalis.events.models import Registration

pytestmark = pytest.mark.django_db


def test_api_register_and_refusals(client, ew):
    client.force_login(ew.users["zone_a_officer"])
    url = reverse("api-events:registration-list")
    r = client.post(
        url,
        {"event": ew.extra["ev_a"].pk, "enterprise": ew.extra["ent_a2"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == RegStatus.CONFIRMED
    r = client.post(
        url,
        {"event": ew.extra["ev_a"].pk, "enterprise": ew.extra["ent_a2"].pk},
        content_type="application/json",
    )
    assert r.status_code == 400 and "杭州甲二制造有限公司" in r.content.decode()
    r = client.post(
        url,
        {"event": ew.extra["ev_a"].pk, "enterprise": ew.extra["ent_b1"].pk},
        content_type="application/json",
    )
    # a firm out of scope is refused like a missing one (the field offers only what the caller sees)
    assert r.status_code == 400 and [e["field"] for e in r.json()["errors"]] == ["enterprise"]
    assert not Registration.objects.filter(enterprise=ew.extra["ent_b1"]).exists()


def test_door_tap_checks_in_once(client, ew):
    client.force_login(ew.users["zone_a_officer"])
    reg = ew.extra["reg_a1"]
    url = reverse("events:registration_transition", args=[reg.pk, "check_in"])
    door = reverse("events:event_door", args=[reg.event_id])
    for _ in range(2):
        r = client.post(url, {"next": door})
        assert r.status_code == 302 and r["Location"] == door
    reg.refresh_from_db()
    assert reg.status == RegStatus.CHECKED_IN and reg.history.filter(event="check_in").count() == 1
    page = client.get(door + "?q=甲一").content.decode()
    listed = page.split('id="door-list"')[1].split("walk-in")[0]
    assert "杭州甲一科技有限公司" in listed and "杭州甲二" not in listed


def test_qr_code_and_checkin_page(client, ew):
    client.force_login(ew.users["zone_a_officer"])
    r = client.get(reverse("events:event_qr", args=[ew.extra["ev_a"].pk]))
    assert r["Content-Type"] == "image/svg+xml" and b"<svg" in r.content
    client.force_login(ew.users["enterprise_user"])
    r = client.post(reverse("events:checkin", args=[ew.extra["ev_a"].checkin_code]))
    assert r.status_code == 200 and 'id="checkin-done"' in r.content.decode()
    assert Registration.objects.get(pk=ew.extra["reg_a1"].pk).checkin_method == "qr"
    r = client.post(reverse("events:checkin", args=["no-such-code"]))
    assert r.status_code == 404 and "签到码无效" in r.content.decode()


def test_public_list_and_ics_anonymous(client, ew):
    r = client.get(reverse("events:public_list"))
    assert r.status_code == 200 and ew.extra["ev_a"].title in r.content.decode()
    assert ew.extra["ev_b"].title not in r.content.decode()
    r = client.get(reverse("events:public_ics"))
    from icalendar import Calendar

    cal = Calendar.from_ical(r.content)
    titles = {str(c.get("summary")) for c in cal.walk("VEVENT")}
    assert ew.extra["ev_a"].title in titles and ew.extra["ev_b"].title not in titles


def test_register_page_staff_on_behalf(client, ew):
    client.force_login(ew.users["zone_a_officer"])
    url = reverse("events:event_register", args=[ew.extra["ev_a"].pk])
    r = client.post(
        url, {"enterprise": ew.extra["ent_a2"].pk, "attendees": "李四 财务总监", "questions": "专精特新贷？"}
    )
    assert r.status_code == 302
    reg = Registration.objects.get(enterprise=ew.extra["ent_a2"])
    assert reg.channel == "staff" and reg.attendees == [{"name": "李四", "position": "财务总监"}]


def test_list_and_detail_query_counts(client, ew, django_assert_max_num_queries):
    client.force_login(ew.users["zone_a_officer"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("events:event_list")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("events:event_detail", args=[ew.extra["ev_a"].pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("events:dashboard")).status_code == 200


def test_plan_an_event_page_with_co_organisers_and_bad_times(client, ew):
    from chrysalis.events.models import Event

    client.force_login(ew.users["zone_a_officer"])
    url = reverse("events:event_add")
    data = {
        "title": "金融赋能·专精特新贷政策解读暨专精特新党建联建活动",
        "kind": "party_building",
        "organiser_unit": ew.zone_a.pk,
        "venue": "经开区党群服务中心",
        "starts_at": "2027-03-02T14:00",
        "ends_at": "2027-03-02T13:00",
        "capacity": "60",
        "visibility": "invitation",
        "co_organisers": "银行 杭州银行临平支行\n协会 / 企业 临平区工商联\n区委组织部",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and "结束时间必须晚于开始时间" in r.content.decode()
    assert not Event.objects.filter(venue="经开区党群服务中心").exists()
    data["ends_at"] = "2027-03-02T16:30"
    r = client.post(url, data)
    assert r.status_code == 302
    ev = Event.objects.get(venue="经开区党群服务中心")
    assert [(c.kind, c.name) for c in ev.co_organisers.all()] == [
        ("bank", "杭州银行临平支行"),
        ("association", "临平区工商联"),
        ("other", "区委组织部"),
    ]
    r = client.post(url, {**data, "organiser_unit": ew.zone_b.pk})  # not offered: out of scope
    assert r.status_code == 200 and Event.objects.filter(venue="经开区党群服务中心").count() == 1


def test_exports_are_excel_and_scoped(client, ew):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(ew.users["zone_b_officer"])
    r = client.get(reverse("events:registration_list") + "?export=xlsx")
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # header only: zone A's registrations are not zone B's to export
    client.force_login(ew.users["zone_a_officer"])
    r = client.get(reverse("events:registration_list") + f"?export=xlsx&event={ew.extra['ev_a'].pk}")
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["杭州甲一科技有限公司"]
    r = client.get(reverse("events:dashboard") + "?export=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(r.content)).sheetnames == [f"活动驾驶舱 {timezone_year()}", "按月"]


def timezone_year():
    from django.utils import timezone

    return timezone.localdate().year
