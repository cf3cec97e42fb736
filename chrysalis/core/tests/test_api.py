"""core.api: the service-error mapping, the scoped viewset and the page-size cap."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as APIValidationError

from chrysalis.core.api import ScopedPagination, api_error, error_body, service_errors
from chrysalis.core.exceptions import ConflictError
from chrysalis.enterprises.tests import matrix  # noqa: F401  (adds the enterprises to the world)


def test_service_errors_map_to_api_answers():
    conflict = api_error(ConflictError())
    assert conflict.status_code == 409 and conflict.get_codes() == "conflict"
    assert isinstance(api_error(PermissionDenied("no")), NotFound)
    denied = api_error(PermissionDenied("不在范围内"), denied_field="org_unit")
    assert denied.status_code == 400 and error_body(denied.detail)["errors"] == [
        {"field": "org_unit", "code": "not_permitted", "message": "不在范围内"}
    ]
    fields = api_error(ValidationError({"name": ["必填"]}))
    assert error_body(fields.detail)["errors"] == [{"field": "name", "code": "invalid", "message": "必填"}]
    plain = api_error(ValidationError("坏", code="bad"))
    assert error_body(plain.detail)["errors"] == [{"field": None, "code": "bad", "message": "坏"}]
    nested = error_body({"attendees": [{"name": ["必填"]}, {}], "non_field_errors": ["整体"]})
    assert nested["errors"] == [
        {"field": "attendees.0.name", "code": "invalid", "message": "必填"},
        {"field": None, "code": "invalid", "message": "整体"},
    ]
    with pytest.raises(APIValidationError), service_errors():
        raise ValidationError({"year": ["太早"]})


def test_api_pages_are_capped():
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    paginator = ScopedPagination()
    get = APIRequestFactory().get
    assert paginator.get_limit(Request(get("/api/x/", {"limit": "500"}))) == 500
    assert paginator.get_limit(Request(get("/api/x/"))) == 50
    for bad in ("100000", "0", "-1", "abc", "", "1.5", "9" * 30):
        with pytest.raises(APIValidationError):
            paginator.get_limit(Request(get("/api/x/", {"limit": bad})))
    for bad in ("-1", "x", "", "9" * 30):
        with pytest.raises(APIValidationError):
            paginator.get_offset(Request(get("/api/x/", {"offset": bad})))


@pytest.mark.django_db
def test_scoped_viewset_answers_404_outside_scope_and_paginates(client, world):
    client.force_login(world["district_admin"])
    assert client.get("/api/enterprises/?limit=100000").status_code == 400
    body = client.get("/api/enterprises/?limit=500").json()
    assert {"count", "next", "results"} <= set(body)
    assert client.get(f"/api/enterprises/{world.extra['ent_b1'].pk}/").status_code == 200
    client.force_login(world["zone_a_officer"])
    assert client.get(f"/api/enterprises/{world.extra['ent_b1'].pk}/").status_code == 404
