"""core.api: the service-error mapping, the scoped viewset and the page-size cap."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as APIValidationError

from chrysalis.core.api import ScopedPagination, api_error, service_errors
from chrysalis.core.exceptions import ConflictError
from chrysalis.enterprises.tests import matrix  # noqa: F401  (adds the enterprises to the world)


def test_service_errors_map_to_api_answers():
    conflict = api_error(ConflictError())
    assert conflict.status_code == 409 and "detail" in conflict.detail
    assert isinstance(api_error(PermissionDenied("no")), NotFound)
    denied = api_error(PermissionDenied("不在范围内"), denied_field="org_unit")
    assert denied.status_code == 400 and denied.detail == {"org_unit": ["不在范围内"]}
    fields = api_error(ValidationError({"name": ["必填"]}))
    assert fields.detail == {"name": ["必填"]}
    plain = api_error(ValidationError("坏"))
    assert plain.detail == {"detail": ["坏"]}
    with pytest.raises(APIValidationError), service_errors():
        raise ValidationError({"year": ["太早"]})


def test_api_pages_are_capped():
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    paginator = ScopedPagination()
    assert paginator.get_limit(Request(APIRequestFactory().get("/api/x/", {"limit": "100000"}))) == 500
    assert paginator.get_limit(Request(APIRequestFactory().get("/api/x/"))) == 50


@pytest.mark.django_db
def test_scoped_viewset_answers_404_outside_scope_and_paginates(client, world):
    client.force_login(world["district_admin"])
    body = client.get("/api/enterprises/?limit=100000").json()
    assert {"count", "next", "results"} <= set(body)
    assert client.get(f"/api/enterprises/{world.extra['ent_b1'].pk}/").status_code == 200
    client.force_login(world["zone_a_officer"])
    assert client.get(f"/api/enterprises/{world.extra['ent_b1'].pk}/").status_code == 404
