"""Issue 13 High 2 and Medium 6: an enterprise user cannot erase or invent what the assessment counts,
and deleting such a record is a soft delete by staff with a reason, hidden everywhere, restorable."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.services import deleted_rows, restore
from chrysalis.enterprises.models import Award, Enterprise, Incident, Title, YearFigures
from chrysalis.enterprises.selectors import facts_for
from chrysalis.enterprises.services import figures as fig_services
from chrysalis.enterprises.services import records as rec_services
from chrysalis.enterprises.services.records import ReadOnlyRecord

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def firm(world):
    """ent_a1 (the enterprise user's firm) with a staff-recorded incident."""
    ent = world.extra["ent_a1"]
    incident = rec_services.record_create(
        actor=world["district_admin"], model=Incident, enterprise=ent, kind="safety", date=dt.date(2025, 5, 1)
    )
    return ent, incident


def test_enterprise_user_cannot_erase_or_invent_what_counts(world, firm):
    ent, incident = firm
    user = world["enterprise_user"]
    client = api(user)
    audit_rows = ChangeRecord.objects.count()
    assert incident.origin == "staff"

    # the staff incident: no delete, no edit (403 with the reason), nothing changes
    r = client.delete(f"/api/incidents/{incident.pk}/")
    assert r.status_code == 403 and "工作人员" in _message(r)
    r = client.patch(f"/api/incidents/{incident.pk}/", {"description": "没有事故"}, format="json")
    assert r.status_code == 403
    # statistics-bureau / audited figures: no delete (page), no overwrite (API)
    figures = YearFigures.objects.get(enterprise=ent, year=2025)
    r = client.patch(f"/api/figures/{figures.pk}/", {"revenue": "1"}, format="json")
    assert r.status_code == 403 and "审计报告" in _message(r)
    page = APIClient()
    page.force_login(user)
    r = page.post(f"/enterprises/{ent.pk}/figures/{figures.pk}/delete/", {"reason": "不想要"})
    assert r.status_code == 403
    form = page.get(f"/enterprises/{ent.pk}/figures/{figures.pk}/edit/").content.decode()
    assert "来自审计报告，只读。" in form  # the form shows the authority's values read-only
    # no title (小巨人) of its own, no incident either
    r = client.post(
        "/api/titles/",
        {"enterprise": ent.pk, "kind": "little_giant", "granted_on": "2025-07-01"},
        format="json",
    )
    assert r.status_code == 403 and "称号" in _message(r)
    assert page.get(f"/enterprises/{ent.pk}/title/add/").status_code == 403
    assert page.get(f"/enterprises/{ent.pk}/incident/{incident.pk}/edit/").status_code == 403
    title = Title.objects.get(enterprise=ent)
    assert page.get(f"/enterprises/{ent.pk}/title/{title.pk}/edit/").status_code == 403

    assert Incident.objects.filter(pk=incident.pk, description="").exists()
    assert not Title.objects.filter(enterprise=ent, kind="little_giant").exists()
    figures.refresh_from_db()
    assert figures.revenue == Decimal("12000.5") and figures.deleted_at is None
    assert ChangeRecord.objects.count() == audit_rows
    assert facts_for(Enterprise.objects.get(pk=ent.pk))["incidents"]  # the assessment still counts it

    # what it may do: report an award (always self-reported, even when it claims otherwise) and correct it
    r = client.post(
        "/api/awards/", {"enterprise": ent.pk, "kind": "sci_tech", "origin": "staff"}, format="json"
    )
    assert r.status_code == 403
    r = client.post("/api/awards/", {"enterprise": ent.pk, "kind": "sci_tech", "year": 2024}, format="json")
    assert r.status_code == 201 and r.json()["origin"] == "self_reported"
    award = Award.objects.get(pk=r.json()["id"])
    r = client.patch(f"/api/awards/{award.pk}/", {"year": 2023}, format="json")
    assert r.status_code == 200 and r.json()["origin"] == "self_reported"
    # … but not delete it, and not once a reviewer confirmed it
    assert client.delete(f"/api/awards/{award.pk}/").status_code == 403
    rec_services.record_update(
        actor=world["district_admin"], instance=award, expected_version=None, origin="confirmed"
    )
    assert client.patch(f"/api/awards/{award.pk}/", {"year": 2022}, format="json").status_code == 403
    # the enterprise page shows the origin of each record
    html = page.get(f"/enterprises/{ent.pk}/?tab=award").content.decode()
    assert "审核确认" in html and "企业自报" not in html
    # the services refuse as well (not only the views)
    with pytest.raises(NotPermitted):
        rec_services.record_delete(actor=user, instance=incident, reason="x")
    with pytest.raises(ReadOnlyRecord):
        rec_services.record_create(actor=user, model=Title, enterprise=ent, kind="little_giant")


def test_staff_delete_is_a_soft_delete_with_reason_hidden_everywhere_and_restorable(world, firm):
    ent, incident = firm
    admin = world["district_admin"]
    client = api(admin)
    # a reason is required; without one nothing changes
    r = client.delete(f"/api/incidents/{incident.pk}/")
    assert r.status_code == 400 and Incident.objects.filter(pk=incident.pk).exists()
    r = client.delete(f"/api/incidents/{incident.pk}/", {"reason": "重复登记"}, format="json")
    assert r.status_code == 204
    row = Incident.all_objects.get(pk=incident.pk)
    assert row.deleted_by == admin and row.delete_reason == "重复登记"
    audit = ChangeRecord.objects.filter(action="delete", object_id=str(incident.pk)).latest("pk")
    assert audit.reason == "重复登记"
    figures = YearFigures.objects.get(enterprise=ent, year=2025)
    page = APIClient()
    page.force_login(admin)
    assert (
        page.post(f"/enterprises/{ent.pk}/figures/{figures.pk}/delete/", {"reason": "口径错误"}).status_code
        == 302
    )
    ent.refresh_from_db()
    assert ent.latest_year == 2024  # the derived latest figures follow

    # hidden everywhere: pages, API, facts (assessment and screening snapshot), exports, totals
    ent = Enterprise.objects.get(pk=ent.pk)
    facts = facts_for(ent)
    assert facts["incidents"] == [] and "2025" not in facts["years"]
    assert client.get(f"/api/incidents/{incident.pk}/").status_code == 404
    assert client.get(f"/api/figures/{figures.pk}/").status_code == 404
    assert incident.pk not in [i["id"] for i in client.get("/api/incidents/").json()["results"]]
    assert 2025 not in [y["year"] for y in client.get(f"/api/figures/?enterprise={ent.pk}").json()["results"]]
    detail = page.get(f"/enterprises/{ent.pk}/?tab=figures").content.decode()
    assert f"/figures/{figures.pk}/edit/" not in detail and "12000.5" in detail  # only in the history tab
    export = page.get("/enterprises/?export=xlsx")
    rows = openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    mine = next(r for r in rows if r[0] == ent.name)
    assert 12000.5 not in mine and 9000 in mine  # the latest year is now 2024
    assert Incident.objects.filter(enterprise=ent).count() == 0
    assert Incident.objects.restrict(admin, "view").filter(enterprise=ent).count() == 0
    # re-entering a deleted year is refused with the way out
    with pytest.raises(Exception, match="回收站"):
        fig_services.figures_save(
            actor=admin, enterprise=ent, year=2025, values={"revenue": Decimal(1)}, source="tax"
        )

    # the recycle bin: administrators only, restore with a reason, audited
    bin_page = page.get("/recycle-bin/").content.decode()
    assert "重复登记" in bin_page and "口径错误" in bin_page
    assert not deleted_rows(world["zone_a_officer"], Incident).exists()
    assert not deleted_rows(world["enterprise_user"], Incident).exists()
    assert not deleted_rows(world["zone_b_officer"], Incident).exists()
    with pytest.raises(NotPermitted):
        restore(actor=world["zone_a_officer"], obj=row, reason="想恢复")
    r = page.post(f"/recycle-bin/enterprises.incident/{incident.pk}/restore/", {"reason": ""})
    assert r.status_code == 302 and Incident.all_objects.get(pk=incident.pk).deleted_at is not None
    r = page.post(f"/recycle-bin/enterprises.yearfigures/{figures.pk}/restore/", {"reason": "误删"})
    assert r.status_code == 302
    restored = ChangeRecord.objects.filter(action="restore", object_id=str(figures.pk)).get()
    assert restored.reason == "误删" and restored.actor == admin
    ent.refresh_from_db()
    assert ent.latest_year == 2025 and YearFigures.objects.filter(pk=figures.pk).exists()


def test_retention_period_ends_restoring(world, firm, settings):
    ent, incident = firm
    admin = world["district_admin"]
    rec_services.record_delete(actor=admin, instance=incident, reason="重复")
    Incident.all_objects.filter(pk=incident.pk).update(deleted_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    settings.SOFT_DELETE_RETENTION_DAYS = 30
    assert not deleted_rows(admin, Incident).exists()
    with pytest.raises(NotPermitted):
        restore(actor=admin, obj=Incident.all_objects.get(pk=incident.pk), reason="晚了")
    # the retention job removes it for good, audited first
    out = io.StringIO()
    call_command("purge_deleted", stdout=out)
    assert "enterprises.Incident: 1" in out.getvalue()
    assert not Incident.all_objects.filter(pk=incident.pk).exists()
    assert ChangeRecord.objects.filter(object_id=str(incident.pk), reason__startswith="retention").exists()


def _message(response) -> str:
    """The API's one error body: {"errors": [{"field", "code", "message"}]}."""
    return " ".join(e["message"] for e in response.json()["errors"])
