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


def test_coverage_by_grid_for_the_zone_in_focus_drills_down_and_exports(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world.users["district_admin"])
    response = client.get("/dashboards/service/", {"area": world.grid_a1.pk})
    focus = response.context["figures"]["coverage_focus"]
    assert focus["zone_id"] == world.zone_a.pk
    assert [g["grid_id"] for g in focus["grids"]] == [
        g.pk for g in (world.grid_a1, world.grid_a2) if g.pk in {x["grid_id"] for x in focus["grids"]}
    ]
    assert (
        b'id="chart-coverage-grids"' in response.content and b'id="coverage-grid-table"' in response.content
    )
    assert f"/service/coverage/?area={focus['grids'][0]['grid_id']}".encode() in response.content
    page = client.get(focus["grids"][0]["url"])  # the drill-down: the coverage list of that grid only
    assert page.status_code == 200
    assert {str(g["grid"]) for z in page.context["zones"] for g in z["grids"]} == {focus["grids"][0]["grid"]}
    assert client.get(f"/service/coverage/?area={world.grid_b1.pk}").status_code == 200
    client.force_login(world.users["grid_a1_worker"])
    assert client.get(f"/service/coverage/?area={world.grid_b1.pk}").status_code == 403  # outside one's scope
    client.force_login(world.users["district_admin"])
    book = load_workbook(io.BytesIO(client.get("/dashboards/service/export.xlsx").content))
    assert len(book.sheetnames) == 2
    levels = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "grid" in levels or "网格" in levels
