"""The figures API: an operator enters April through the API; refusals are 400 with the field's
Chinese message and change nothing; a village out of scope reads like a missing one (400)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from chrysalis.villages.models import FigureEntry


def _post(client, user, **data):
    client.force_login(user)
    return client.post(
        reverse("api-villages:figure-list"),
        data,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


def test_operator_enters_a_figure_and_refusals_change_nothing(client, vworld):
    village = vworld.extra["village_a"]
    body = {
        "village": village.pk,
        "metric": "visitors",
        "period": "2025-04-01",
        "value": "13000",
        "unit": "person_times",
        "source": "telecom",
        "method": "去重后按日汇总",
    }
    r = _post(client, vworld["operator_a"], **body)
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "entered"
    count = FigureEntry.objects.count()
    bad_unit = _post(client, vworld["operator_a"], **{**body, "period": "2025-05-01", "unit": "wan_yuan"})
    [error] = bad_unit.json()["errors"]
    assert bad_unit.status_code == 400 and error["field"] == "unit"
    assert "万元" in error["message"] and "unit" not in error["message"]
    future = _post(client, vworld["operator_a"], **{**body, "period": f"{dt.date.today().year + 1}-01-01"})
    assert future.status_code == 400 and [e["field"] for e in future.json()["errors"]] == ["period"]
    duplicate = _post(client, vworld["operator_a"], **body)
    assert duplicate.status_code == 400
    # another scope's village reads like a missing one (the field offers only what the caller sees)
    other = _post(client, vworld["operator_a"], **{**body, "village": vworld.extra["village_b"].pk})
    missing = _post(client, vworld["operator_a"], **{**body, "village": 999999})
    assert other.status_code == missing.status_code == 400 and other.json() == missing.json()
    assert FigureEntry.objects.count() == count
