"""The staff API's transition: the service alone validates, its errors reach the caller through
core.api.service_errors() in the API's one error body (status codes pinned here)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chrysalis.notices.choices import Status

pytestmark = pytest.mark.django_db


def _post(client, notice, body):
    url = reverse("notices_api:notice-transition", args=[notice.pk])
    return client.post(url, body, content_type="application/json")


def _errors(response):
    body = response.json()
    assert set(body) == {"errors"}, body
    return [(e["field"], e["code"]) for e in body["errors"]]


def test_transition_errors_come_from_the_service(client, world):
    draft = world.extra["notice_a_draft"]
    client.force_login(world["zone_a_officer"])

    r = _post(client, draft, {"event": "review", "version": draft.version + 5})
    assert r.status_code == 409 and _errors(r) == [(None, "conflict")]

    r = _post(client, draft, {"event": "publish", "version": draft.version})  # the machine's guard
    assert r.status_code == 400 and _errors(r) == [(None, "not_allowed")]
    assert "审核通过、撤回" in r.json()["errors"][0]["message"]  # it names the moves allowed now

    r = _post(client, draft, {"event": "no-such-event"})
    assert r.status_code == 400 and _errors(r) == [(None, "unknown_event")]

    r = _post(client, draft, {"event": "withdraw"})  # a withdrawal needs a reason (the service's rule)
    assert r.status_code == 400 and _errors(r) == [("reason", "invalid")]

    r = _post(client, draft, {"version": draft.version})  # the serializer's own checks
    assert r.status_code == 400 and _errors(r) == [("event", "required")]
    r = _post(client, draft, {"event": "review", "version": "x"})
    assert r.status_code == 400 and _errors(r) == [("version", "invalid")]

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    r = _post(client, draft, {"event": "review", "version": draft.version})
    assert r.status_code == 200 and r.json()["status"] == Status.REVIEWED


def test_transition_out_of_scope_reads_as_missing(client, world):
    client.force_login(world["zone_b_officer"])
    r = _post(client, world.extra["notice_a_draft"], {"event": "review"})
    assert r.status_code == 404 and _errors(r) == [(None, "not_found")]
