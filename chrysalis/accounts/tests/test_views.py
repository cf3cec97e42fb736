"""Organisation pages: forms validate in Chinese and save nothing on error; lists are scoped."""

import pytest
from django.urls import reverse

from chrysalis.accounts.models import OrgUnit, Team

pytestmark = pytest.mark.django_db


def test_create_grid_through_the_form(client, world):
    client.force_login(world["district_admin"])
    response = client.post(
        reverse("accounts:orgunit_add"),
        {"parent": world.zone_a.pk, "kind": "grid", "name": "A3网格", "code": "T-A3"},
    )
    unit = OrgUnit.objects.get(code="T-A3")
    assert response.status_code == 302 and response["Location"] == unit.get_absolute_url()
    assert unit.parent == world.zone_a


def test_invalid_form_shows_chinese_errors_and_saves_nothing(client, world):
    client.force_login(world["district_admin"])
    before = OrgUnit.objects.count()
    response = client.post(
        reverse("accounts:orgunit_add"),
        {"parent": world.zone_a.pk, "kind": "grid", "name": "", "code": "T-A1"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "该字段是必填项" in text  # name required
    assert "已存在" in text  # duplicate code
    assert OrgUnit.objects.count() == before


def test_wrong_kind_under_parent_is_explained(client, world):
    client.force_login(world["district_admin"])
    response = client.post(
        reverse("accounts:orgunit_add"),
        {"parent": world.zone_a.pk, "kind": "street", "name": "子街道", "code": "T-X"},
    )
    assert "不能设在" in response.content.decode()
    assert not OrgUnit.objects.filter(code="T-X").exists()


def test_parent_dropdown_offers_only_reachable_units(client, world):
    from chrysalis.accounts.choices import Role
    from chrysalis.accounts.services import users as user_services
    from chrysalis.core.testing.personas import make_user

    zone_admin = make_user("zone_admin", world.zone_a, Role.DISTRICT_ADMIN, org_unit=world.zone_a)
    client.force_login(zone_admin)
    response = client.get(reverse("accounts:orgunit_add"))
    choices = {str(u.pk) for u in response.context["form"].fields["parent"].queryset}
    assert str(world.zone_a.pk) in choices and str(world.zone_b.pk) not in choices
    response = client.post(
        reverse("accounts:orgunit_add"),
        {"parent": world.zone_b.pk, "kind": "grid", "name": "偷建", "code": "T-STEAL"},
    )
    assert response.status_code == 200 and not OrgUnit.objects.filter(code="T-STEAL").exists()
    assert user_services  # imported for the persona helper


def test_stale_edit_form_shows_conflict(client, world):
    client.force_login(world["district_admin"])
    url = reverse("accounts:team_edit", args=[world.team_a.pk])
    version = world.team_a.version
    client.post(
        url, {"kind": "service_team", "name": "A队", "direction": "", "is_active": "on", "version": version}
    )
    response = client.post(
        url,
        {
            "kind": "service_team",
            "name": "A队-旧页面",
            "direction": "",
            "is_active": "on",
            "version": version,
        },
    )
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert Team.objects.get(pk=world.team_a.pk).name == "A队"


def test_list_shows_only_scope_and_exports_safely(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    org_services_unit = OrgUnit.objects.get(pk=world.grid_b1.pk)
    org_services_unit.name = '=HYPERLINK("http://x")'
    OrgUnit.objects.filter(pk=org_services_unit.pk).update(name=org_services_unit.name)
    client.force_login(world["zone_a_officer"])
    response = client.get(reverse("accounts:orgunit_list"))
    names = [row.record.name for row in response.context["table"].rows]
    assert "A1网格" in names and "B1网格" not in names and org_services_unit.name not in names
    client.force_login(world["district_admin"])
    response = client.get(reverse("accounts:orgunit_list") + "?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert sheet.max_row == OrgUnit.objects.restrict(world["district_admin"], "view").count() + 1


def test_list_query_count_is_constant(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chrysalis.core.testing.personas import make_user

    client.force_login(world["district_admin"])
    client.get(reverse("accounts:user_list"))  # warm-up: the first request stamps the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:user_list"))
    for i in range(20):
        make_user(f"extra{i}", world.zone_a, "service_officer", org_unit=world.zone_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("accounts:user_list"))
    assert len(response.context["table"].rows) > 20
    assert len(many) == len(few) <= 20, [q["sql"] for q in many.captured_queries]
