"""Services: bad input refused with a precise message and nothing written; snapshots idempotent;
the issued report kept as issued and readable back (.docx with python-docx, .xlsx with openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from openpyxl import load_workbook

from chrysalis.audit.models import ChangeRecord
from chrysalis.programmes.models import ManualValue, Programme, Report, Snapshot, Target
from chrysalis.programmes.services import evaluation
from chrysalis.programmes.services import programmes as services
from chrysalis.programmes.services import reports as report_services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = dt.date(TODAY.year, 1, 1)


def counts():
    return (
        Programme.objects.count(),
        Target.objects.count(),
        ManualValue.objects.count(),
        Report.objects.filter(status="issued").count(),
        ChangeRecord.objects.count(),
    )


def refused(func, **kwargs) -> str:
    before = counts()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        func(**kwargs)
    assert counts() == before, "a refused write changed something"
    return " ".join(info.value.messages)


def target_kwargs(mworld, **over):
    base = {
        "actor": mworld["district_admin"],
        "programme": mworld.extra["programme_a"],
        "name": "测试指标",
        "metric": "pool_stage",
        "params": {"stage": "key"},
        "baseline": Decimal(0),
        "target_value": Decimal(10),
        "starts_on": START,
        "deadline": START.replace(month=12, day=31),
        "owner": "经信局",
    }
    return {**base, **over}


def test_bad_input_is_refused_with_a_precise_message(mworld):
    msg = refused(services.target_create, **target_kwargs(mworld, deadline=START - dt.timedelta(days=1)))
    assert "截止日期" in msg and "必须晚于起算日期" in msg and START.isoformat() in msg
    msg = refused(services.target_create, **target_kwargs(mworld, params={"stage": "bogus"}))
    assert "“阶段”" in msg and "bogus" in msg and "不在可选范围内" in msg
    msg = refused(
        services.target_create, **target_kwargs(mworld, metric="key_firm_rd", params={"year": 1999})
    )
    assert "2015" in msg and "2035" in msg and "1999" in msg
    msg = refused(services.target_create, **target_kwargs(mworld, params={"stage": "key", "colour": "red"}))
    assert "colour" in msg
    msg = refused(services.target_create, **target_kwargs(mworld, metric="no_such_metric", params={}))
    assert "no_such_metric" in msg
    manual = mworld.extra["manual_a"]
    msg = refused(
        services.manual_value_add,
        actor=mworld["district_admin"],
        target=manual,
        value=Decimal(11),
        as_of=START,
        evidence="  ",
    )
    assert "佐证" in msg
    msg = refused(
        services.manual_value_add,
        actor=mworld["district_admin"],
        target=mworld.extra["target_a"],
        value=Decimal(11),
        as_of=START,
        evidence="月报",
    )
    assert "自动计算" in msg
    msg = refused(
        services.programme_create,
        actor=mworld["district_admin"],
        unit=mworld.zone_a,
        name="倒置行动",
        starts_on=START,
        ends_on=START - dt.timedelta(days=3),
    )
    assert "早于开始日期" in msg


def test_writes_are_scoped(mworld):
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=mworld["zone_a_officer"], unit=mworld.zone_a, name="越权", starts_on=START, ends_on=START
        )
    with pytest.raises(PermissionDenied):  # zone B officer cannot touch zone A's target
        services.target_update(actor=mworld["zone_b_officer"], target=mworld.extra["target_a"], owner="x")
    t = services.target_create(**target_kwargs(mworld))
    assert t.params == {"stage": "key", "tier": ""} and t.unit_label


def test_snapshot_is_idempotent_per_target_and_month(mworld):
    month = TODAY.replace(day=1)
    first = evaluation.snapshot_month(month)
    assert first["created"] >= 3 and first["updated"] == 0
    n = Snapshot.objects.count()
    second = evaluation.snapshot_month(month)
    assert second == {"created": 0, "updated": first["created"]}
    assert Snapshot.objects.count() == n
    # a new manual value shows on the next run, still one row for the month
    manual = mworld.extra["manual_a"]
    services.manual_value_add(
        actor=None, target=manual, value=Decimal("11.5"), as_of=TODAY, evidence="海关月报"
    )
    call_command("programmes_snapshot", month=f"{month:%Y-%m}")
    row = Snapshot.objects.get(target=manual, month=month)
    assert row.value == Decimal("11.5") and row.manual and Snapshot.objects.count() == n


def test_snapshot_job_runs_through_the_runner(mworld):
    from chrysalis.jobs.runner import enqueue, run

    job = enqueue(
        evaluation.snapshot_job, kind="programmes.snapshot", title="月度快照", actor=None, queue=False
    )
    done = run(job.pk)
    assert done.status == "succeeded", done.message
    assert Snapshot.objects.filter(month=TODAY.replace(day=1)).exists()


def test_issued_report_is_kept_as_issued_and_reads_back(mworld, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = mworld["district_admin"]
    report = report_services.report_create(
        actor=admin,
        unit=mworld.zone_a,
        kind="monthly",
        period_start=START,
        period_end=TODAY,
        sections={"summary": "总体平稳。", "problems": "出口承压。"},
    )
    issued = report_services.report_issue(actor=admin, report=report)
    assert issued.is_issued and issued.docx.name and issued.xlsx.name
    names = [t["name"] for p in issued.figures["programmes"] for t in p["targets"]]
    assert "有效专精特新企业数" in names and "出口额" in names
    doc = Document(io.BytesIO(report_services.report_files(issued, "docx")[0]))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "总体平稳。" in text and "出口承压。" in text
    target_row = next(t for p in issued.figures["programmes"] for t in p["targets"] if t["name"] == "出口额")
    assert "出口额" in cells and target_row["value"] in cells
    wb = load_workbook(io.BytesIO(report_services.report_files(issued, "xlsx")[0]))
    assert wb.sheetnames[0] and wb.worksheets[0].max_row == 1 + len(names)
    # editing or issuing again is refused, and the stored file does not follow later data
    msg = refused(report_services.report_update, actor=admin, report=issued, sections={"summary": "改"})
    assert "已于" in msg and "不能修改" in msg
    refused(report_services.report_issue, actor=admin, report=issued)
    stored = report_services.report_files(issued, "docx")[0]
    services.manual_value_add(
        actor=None, target=mworld.extra["manual_a"], value=Decimal(99), as_of=TODAY, evidence="x"
    )
    assert report_services.report_files(Report.objects.get(pk=issued.pk), "docx")[0] == stored


def test_records_page_lists_what_the_reader_reaches(mworld, client):
    """The zone A officer sees the records behind zone A's number; outside ones are counted only."""
    target = mworld.extra["target_a"]
    client.force_login(mworld["zone_a_officer"])
    page = client.get(reverse("programmes:target_records", args=[target.pk]))
    assert page.status_code == 200
    behind = evaluation.records(target)
    for firm in behind:
        assert firm.name in page.content.decode()


def test_api_refuses_a_bad_parameter(mworld, client):
    client.force_login(mworld["district_admin"])
    before = Target.objects.count()
    with translation.override("zh-hans"):
        response = client.post(
            "/api/programmes/targets/",
            {
                "programme": mworld.extra["programme_a"].pk,
                "name": "x",
                "metric": "pool_stage",
                "params": {"stage": "nowhere"},
                "baseline": "0",
                "target_value": "5",
                "starts_on": START.isoformat(),
                "deadline": TODAY.isoformat(),
                "owner": "y",
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 400 and "nowhere" in str(response.json())
    assert Target.objects.count() == before
    ok = client.get(f"/api/programmes/targets/{mworld.extra['target_a'].pk}/")
    assert ok.json()["status"] in {"on_track", "at_risk", "behind", "achieved", "no_data", "not_started"}


def test_pages_keep_a_bounded_number_of_queries(mworld, client, django_assert_max_num_queries):
    """The leader's page: a fixed part plus one query per target (two for a manual one)."""
    client.force_login(mworld["district_admin"])
    client.get(reverse("programmes:cockpit"))  # warm-up (session, scope)
    n_targets = Target.objects.count()
    with django_assert_max_num_queries(20 + 2 * n_targets):
        assert client.get(reverse("programmes:cockpit")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("programmes:programme_list")).status_code == 200
    with django_assert_max_num_queries(30 + 2 * n_targets):
        assert client.get(mworld.extra["programme_a"].get_absolute_url()).status_code == 200
