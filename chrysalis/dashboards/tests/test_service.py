"""Service dashboard: scoped figures, drill-down links, export, bounded queries."""

import pytest

from chrysalis.support.models import ServiceRequest
from chrysalis.support.tests import matrix  # noqa: F401  (world extensions)

pytestmark = pytest.mark.django_db


def test_figures_are_scoped(world):
    from chrysalis.dashboards.selectors import service_figures

    for persona in ("district_admin", "zone_a_officer", "zone_b_officer", "finance_handler"):
        user = world.users[persona]
        figures = service_figures(user)
        assert figures["total"]["count"] == ServiceRequest.objects.restrict(user).count(), persona
    assert service_figures(world.users["zone_b_officer"])["total"]["count"] == 1


def test_dashboard_queries_are_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.users["district_admin"])
    with django_assert_max_num_queries(18):
        response = client.get("/dashboards/service/")
    assert response.status_code == 200
    assert b"dashboard-data" in response.content
    assert b"/service/requests/?department=" in response.content  # league-table drill-down


def test_request_list_queries_are_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.users["district_admin"])
    with django_assert_max_num_queries(18):
        assert client.get("/service/requests/").status_code == 200


def test_export_is_xlsx(client, world):
    client.force_login(world.users["district_admin"])
    response = client.get("/dashboards/service/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
