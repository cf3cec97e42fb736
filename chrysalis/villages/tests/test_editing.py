"""Create / edit pages: saved through the services (audited), refused precisely with nothing written,
another scope's object 404; photos go through the core upload policy."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chrysalis.audit.models import ChangeRecord
from chrysalis.villages.models import Plan, Route, Village, VillagePhoto
from chrysalis.villages.tests.world import tiny_png


def _post(client, user, name, data, **kwargs):
    client.force_login(user)
    with translation.override("zh-hans"):
        return client.post(reverse(name, kwargs=kwargs or None), data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_street_adds_a_profile_and_the_operator_edits_it(client, vworld):
    w = vworld
    r = _post(
        client,
        w["street_a"],
        "villages:village_add",
        {"unit": w.extra["unit_new"].pk, "population": 800, "households": 250, "area_km2": "2.10"},
    )
    assert r.status_code == 302
    village = Village.objects.get(unit=w.extra["unit_new"])
    assert ChangeRecord.objects.filter(object_id=str(village.pk), action="create").exists()
    before = ChangeRecord.objects.count()
    r = _post(
        client,
        w["operator_a"],
        "villages:village_edit",
        {"population": -3, "households": 1, "area_km2": "1", "version": w.extra["village_a"].version},
        pk=w.extra["village_a"].pk,
    )
    assert r.status_code == 200 and ChangeRecord.objects.count() == before
    r = _post(
        client,
        w["operator_a"],
        "villages:village_edit",
        {"population": 1500, "households": 400, "area_km2": "3", "version": w.extra["village_a"].version},
        pk=w.extra["village_a"].pk,
    )
    assert r.status_code == 302
    assert Village.objects.get(pk=w.extra["village_a"].pk).population == 1500
    # another street's village: 404, nothing changes
    r = _post(
        client, w["street_a"], "villages:income_set", {"year": 2025, "amount": 10}, pk=w.extra["village_b"].pk
    )
    assert r.status_code == 404


def test_photo_upload_is_checked(client, vworld):
    w = vworld
    pk = w.extra["village_a"].pk
    before = VillagePhoto.objects.count(), ChangeRecord.objects.count()
    fake = SimpleUploadedFile("a.jpg", b"not an image at all", content_type="image/jpeg")
    r = _post(client, w["operator_a"], "villages:photo_add", {"image": fake}, pk=pk)
    assert r.status_code == 200
    assert "a.jpg" in r.content.decode()  # the upload policy names the refused file
    assert (VillagePhoto.objects.count(), ChangeRecord.objects.count()) == before
    good = SimpleUploadedFile("gate.png", tiny_png(), content_type="image/png")
    r = _post(client, w["operator_a"], "villages:photo_add", {"image": good, "caption": "村口"}, pk=pk)
    assert r.status_code == 302
    photo = VillagePhoto.objects.filter(village_id=pk).latest("pk")
    assert client.get(photo.get_absolute_url()).status_code == 200
    client.force_login(w["zone_b_officer"])
    assert client.get(photo.get_absolute_url()).status_code == 404
    photo.image.delete(save=False)


def test_plan_forms_refuse_precisely(client, vworld):
    w = vworld
    n = Plan.objects.count()
    r = _post(
        client,
        w["district_admin"],
        "villages:plan_add",
        {
            "village": w.extra["village_a"].pk,
            "operator": w.extra["operator_b"].pk,
            "title": "方案",
            "year": 2026,
            "budget": 10,
            "reward_base": 1,
            "reward_bonus": 1,
            "reward_threshold": "0.6",
            "reward_cap": "1.2",
        },
    )
    assert r.status_code == 200 and "B艺术村长" in r.content.decode()  # not paired with A村: said on the form
    assert Plan.objects.count() == n
    plan = w.extra["plan_a"]
    r = _post(
        client,
        w["operator_a"],
        "villages:target_add",
        {"metric": 2, "target": 10, "weight": "0.5"},
        pk=plan.pk,
    )
    assert r.status_code == 200  # weights would exceed 1: the world's target already weighs 1
    assert plan.targets.count() == 1


def test_route_form_keeps_stops_in_the_street(client, vworld):
    w = vworld
    n = Route.objects.count()
    data = {
        "street": w.extra["street_a"].pk,
        "name": "新路线",
        "stop1_title": "B村一站",
        "stop1_village": w.extra["village_b"].pk,
        "stop1_minutes": 20,
    }
    r = _post(client, w["district_admin"], "villages:route_add", data)
    assert r.status_code == 200 and Route.objects.count() == n
    data["stop1_village"] = w.extra["village_a"].pk
    data["stop1_project"] = w.extra["project_a"].pk
    r = _post(client, w["district_admin"], "villages:route_add", data)
    assert r.status_code == 302
    route = Route.objects.get(name="新路线")
    assert [s.title for s in route.stops.all()] == ["B村一站"]
    assert route.stops.get().project == w.extra["project_a"]


def test_honour_edit_refuses_a_duplicate(client, vworld):
    w = vworld
    honour = w.extra["honour_a"]
    from chrysalis.villages.services.projects import honour_create

    honour_create(
        actor=None,
        village=w.extra["village_a"],
        title="A村 文明村",
        level="city",
        awarded_on=dt.date(2024, 6, 1),
        awarding_body="市文明办",
    )
    r = _post(
        client,
        w["street_a"],
        "villages:honour_edit",
        {
            "title": "A村 文明村",
            "level": "city",
            "awarded_on": "2024-06-01",
            "awarding_body": "市文明办",
            "version": honour.version,
        },
        pk=honour.pk,
    )
    assert r.status_code == 200
    honour.refresh_from_db()
    assert honour.title == "A村 3A级景区村庄"


def test_street_adds_an_operator_and_pairs_it(client, vworld):
    from chrysalis.villages.models import Operator

    w = vworld
    r = _post(
        client,
        w["street_a"],
        "villages:operator_add",
        {"street": w.extra["street_a"].pk, "name": "白桦林工作室", "kind": "studio", "speciality": "手作"},
    )
    assert r.status_code == 302
    op = Operator.objects.get(name="白桦林工作室")
    pairing = {"village": w.extra["village_a"].pk, "starts": "2026-01-01", "ends": "2025-12-31"}
    r = _post(client, w["street_a"], "villages:pairing_add", pairing, pk=op.pk)
    assert r.status_code == 200 and not op.pairings.exists()  # the term ends before it starts
    pairing["ends"] = "2027-12-31"
    r = _post(client, w["street_a"], "villages:pairing_add", pairing, pk=op.pk)
    assert r.status_code == 302 and op.pairings.get().village == w.extra["village_a"]
    # the paired operator reads the operator but may not pair it (404: not in its "change" scope)
    r = _post(client, w["operator_a"], "villages:pairing_add", pairing, pk=op.pk)
    assert r.status_code == 404
