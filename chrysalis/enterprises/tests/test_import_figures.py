"""Issue 11: units never dropped, no silent rounding, one set of validators, the export imports back."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chrysalis.enterprises.choices import ImportStatus
from chrysalis.enterprises.imports import units
from chrysalis.enterprises.imports.mapping import check_mapping, propose
from chrysalis.enterprises.models import Enterprise, FigureRevision, YearFigures
from chrysalis.enterprises.services import enterprises as ent_services
from chrysalis.enterprises.services import imports
from chrysalis.enterprises.tests.helpers import xlsx
from chrysalis.enterprises.uscc import make_uscc


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def code(i: int) -> str:
    return make_uscc("330110", f"MA2E{i:04d}")


def run(world, data, name="名录.xlsx", commit=True):
    admin = world["district_admin"]
    batch = imports.import_upload(actor=admin, file_name=name, data=data, default_source="statistics")
    batch = imports.import_validate(actor=admin, batch=batch)
    if commit and batch.status == ImportStatus.VALIDATED:
        batch = imports.import_commit(actor=admin, batch=batch)
    return batch


def header(revenue_header):
    return ["统一社会信用代码", "企业名称", "所属网格", "年度", revenue_header, "从业人员"]


@pytest.mark.parametrize(
    "unit,cell,stored",
    [
        ("元", "570280700", Decimal("57028.07")),
        ("元", 12345, Decimal("1.2345")),
        ("千元", "570280.7", Decimal("57028.07")),
        ("万元", "57028.07", Decimal("57028.07")),
        ("亿元", "5.702807", Decimal("57028.07")),
        ("亿元", 3, Decimal("30000")),
        (None, "57028.07", Decimal("57028.07")),
    ],
)
def test_every_money_unit_is_converted_exactly(world, ents, unit, cell, stored):
    head = header(f"营业收入（{unit}）" if unit else "营业收入")
    batch = run(world, xlsx([(code(1), "杭州单位科技有限公司", "T-A1", 2025, cell, 655)], header=head))
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert YearFigures.objects.get(enterprise__uscc=code(1), year=2025).revenue == stored
    again = run(world, xlsx([(code(1), "杭州单位科技有限公司", "T-A1", 2025, cell, 655)], header=head))
    assert again.stats["values_changed"] == 0 and again.stats["enterprises_unchanged"] == 1


@pytest.mark.parametrize("unit", ["万美元", "美元", "港元", "USD", "万欧元"])
def test_other_currencies_are_refused_naming_the_column(world, ents, unit):
    head = header(f"营业收入（{unit}）")
    admin = world["district_admin"]
    batch = imports.import_upload(
        actor=admin,
        file_name="名录.xlsx",
        data=xlsx([(code(1), "杭州单位科技有限公司", "T-A1", 2025, "10", 5)], header=head),
        default_source="statistics",
    )
    with pytest.raises(ValidationError) as exc:
        imports.import_validate(actor=admin, batch=batch)
    text = " ".join(exc.value.messages)
    assert f"营业收入（{unit}）" in text and unit in text
    assert not Enterprise.objects.filter(uscc=code(1)).exists()


def test_unit_helpers():
    assert units.header_unit("营业收入（单位：千元）") == "千元"
    assert units.header_unit("营业收入(亿元)") == "亿元"
    assert units.money_factor("注册资本（元）", "registered_capital") == Decimal("0.0001")
    assert units.money_factor("从业人员（人）", "employees") is None
    assert check_mapping({"0": "uscc", "1": "revenue@2025"}, ["信用代码", "2025年营业收入（万美元）"])


def test_values_finer_than_stored_are_refused_not_rounded(world, ents):
    rows = [(code(1), "杭州精度科技有限公司", "T-A1", 2025, "100.123456", 5)]
    batch = run(world, xlsx(rows, header=header("营业收入（万元）")))
    assert batch.status == ImportStatus.INVALID
    (error,) = batch.errors
    assert error["column"] == "营业收入（万元）" and error["row"] == 2
    assert "4" in error["message"]
    assert not Enterprise.objects.filter(uscc=code(1)).exists()
    # 元 with cents converts to more than four decimals of 万元: refused with the converted value
    batch = run(world, xlsx([(*rows[0][:4], "123.45", 5)], header=header("营业收入（元）")))
    assert batch.status == ImportStatus.INVALID and "0.012345" in batch.errors[0]["message"]


def test_high_precision_input_within_the_stored_scale_is_idempotent_and_reversible(world, ents):
    rows = [(code(1), "杭州精度科技有限公司", "T-A1", 2025, "100.1234", 5)]
    run(world, xlsx(rows, header=header("营业收入（万元）")))
    later = run(world, xlsx([(*rows[0][:4], "100.1235", 5)], header=header("营业收入（万元）")))
    assert later.stats["values_changed"] == 1
    again = run(world, xlsx([(*rows[0][:4], "100.1235", 5)], header=header("营业收入（万元）")))
    assert again.stats["values_changed"] == 0
    assert FigureRevision.objects.filter(enterprise__uscc=code(1)).count() == 1
    imports.import_rollback(actor=world["district_admin"], batch=later)
    assert YearFigures.objects.get(enterprise__uscc=code(1)).revenue == Decimal("100.1234")


def test_one_set_of_validators_for_services_and_import(world, ents):
    admin = world["district_admin"]
    ent = ents["ent_a1"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for changes in (
        {"registered_capital": Decimal(-5)},
        {"registered_on": dt.date(2099, 1, 1)},
        {"registered_on": tomorrow},
        {"address": "杭州\u202e市"},
        {"registered_capital": Decimal("1.23456")},
    ):
        with pytest.raises(ValidationError) as exc:
            ent_services.enterprise_update(actor=admin, enterprise=ent, expected_version=None, **changes)
        assert set(exc.value.message_dict) == set(changes)
    head = ["统一社会信用代码", "企业名称", "所属网格", "注册资本（万元）", "成立日期", "地址"]
    for bad, column in (
        (("-5", "2020-01-01", "杭州"), "注册资本（万元）"),
        (("5", "2099-01-01", "杭州"), "成立日期"),
        (("5", "2020-01-01", "杭州\u2066市"), "地址"),
    ):
        batch = run(world, xlsx([(code(2), "杭州校验科技有限公司", "T-A1", *bad)], header=head))
        assert batch.status == ImportStatus.INVALID
        assert [e["column"] for e in batch.errors] == [column], batch.errors


def test_export_of_the_list_imports_back_unchanged(world, ents, client):
    admin = world["district_admin"]
    ent = ents["ent_a1"]
    ent_services.enterprise_update(
        actor=admin,
        enterprise=ent,
        expected_version=None,
        industry_code="C3824",
        above_scale=True,
        key_firm=True,
        registered_on=dt.date(2015, 3, 2),
        address="杭州市余杭区文一西路1号",
        legal_representative="张三",
    )
    run(
        world,
        xlsx(
            [(ent.uscc, ent.name, ent.org_unit.name, 2025, "1234.5678", 88)],
            header=header("营业收入（万元）"),
        ),
    )
    client.force_login(admin)
    columns = "&".join(
        f"columns={c}"
        for c in (
            "name",
            "uscc",
            "org_unit",
            "industry_code",
            "size_class",
            "flags",
            "latest_year",
            "latest_revenue",
            "latest_rd_expense",
            "latest_employees",
            "latest_tax_paid",
            "legal_representative",
            "registered_on",
            "address",
        )
    )
    response = client.get(f"/enterprises/?export=xlsx&{columns}")
    assert response.status_code == 200
    data = response.content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    head = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "行业" in head and "纳税（万元）" in head
    assert any(r[head.index("行业")] == "C3824 电力电子元器件制造" for r in sheet.iter_rows(values_only=True))
    mapping = propose(head)
    mapped = {head[int(i)] for i in mapping}
    assert {"行业", "纳税（万元）", "标记", "营业收入（万元）", "网格", "年度"} <= mapped, mapping
    batch = run(world, data, name="导出.xlsx")
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert batch.stats["enterprises_new"] == 0
    assert batch.stats["enterprises_changed"] == 0 and batch.stats["values_changed"] == 0
    assert batch.stats["profile_values_changed"] == 0


def test_report_details(world, ents):
    head = header("营业收入（万元）")
    same = (code(1), "杭州明细科技有限公司", "T-A1", 2025, "10", 5)
    batch = run(world, xlsx([same, same]))
    assert batch.status == ImportStatus.INVALID
    assert [e["column"] for e in batch.errors] == ["统一社会信用代码"]
    # one firm, two rows, two grids: flagged under the grid column
    rows = [same, (code(1), "杭州明细科技有限公司", "A2网格", 2024, "9", 5)]
    batch = run(world, xlsx(rows, header=head))
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "所属网格")]
    # a line break inside a CSV cell does not shift the row numbers of the report
    from chrysalis.enterprises.tests.helpers import csv_bytes

    rows = [
        (code(2), "杭州换行\n科技有限公司", "T-A1", 2025, "10", 5),
        (code(3), "杭州错行科技有限公司", "T-A1", 2025, "不是数字", 5),
    ]
    batch = run(world, csv_bytes(rows, header=head), name="名录.csv")
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "营业收入（万元）")]


def test_rollback_bumps_versions_and_speaks_chinese(world, ents):
    head = header("营业收入（万元）")
    run(world, xlsx([(code(1), "杭州版本科技有限公司", "T-A1", 2025, "10", 5)], header=head))
    later = run(world, xlsx([(code(1), "杭州版本科技有限公司", "T-A1", 2025, "20", 5)], header=head))
    row = YearFigures.objects.get(enterprise__uscc=code(1), year=2025)
    version = row.version
    imports.import_rollback(actor=world["district_admin"], batch=later)
    row.refresh_from_db()
    assert row.revenue == Decimal("10") and row.version == version + 1
    assert imports.field_label("revenue", 2025) == "营业收入"
    assert imports.field_label("registered_capital", None) == "注册资本（万元）"


def test_implausible_figures_are_flagged_and_need_confirmation(world, ents, client):
    # the unit slip of the issue: 元 written under a 万元 header, 655 employees
    head = ["统一社会信用代码", "企业名称", "所属网格", "年度", "营业收入", "从业人员", "资产总额"]
    rows = [(code(1), "杭州量级科技有限公司", "T-A1", 2025, "570280700", 655, "30000")]
    admin = world["district_admin"]
    batch = imports.import_upload(
        actor=admin, file_name="名录.xlsx", data=xlsx(rows, header=head), default_source="statistics"
    )
    batch = imports.import_validate(actor=admin, batch=batch)
    assert batch.status == ImportStatus.VALIDATED and batch.stats["warnings"] == 2
    columns = {w["column"] for w in batch.stats["warning_list"]}
    assert columns == {"营业收入", "资产总额"}
    with pytest.raises(ValidationError):
        imports.import_commit(actor=admin, batch=batch)
    assert not Enterprise.objects.filter(uscc=code(1)).exists()
    client.force_login(admin)
    page = client.get(f"/enterprises/imports/{batch.pk}/").content.decode()
    assert "warning-table" in page and "confirm-warnings" in page
    client.post(f"/enterprises/imports/{batch.pk}/commit/")  # without the tick: refused
    assert not Enterprise.objects.filter(uscc=code(1)).exists()
    client.post(f"/enterprises/imports/{batch.pk}/commit/", {"confirm_warnings": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.stats["warnings_confirmed"]


def test_uploads_never_committed_are_deleted_after_the_retention_period(world, ents, settings):
    from pathlib import Path

    from django.core.management import call_command

    from chrysalis.enterprises.models import ImportBatch

    head = header("营业收入（万元）")
    batch = imports.import_upload(
        actor=world["district_admin"],
        file_name="名录.xlsx",
        data=xlsx([(code(1), "杭州保留科技有限公司", "T-A1", 2025, "1", 1)], header=head),
        default_source="statistics",
    )
    stored = Path(settings.MEDIA_ROOT) / "imports" / batch.stored_path
    assert stored.exists()
    assert imports.purge_stale_uploads() == 0  # fresh: kept
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - dt.timedelta(days=8))
    call_command("purge_import_uploads", stdout=io.StringIO())
    assert not stored.exists()
    batch.refresh_from_db()
    assert batch.stored_path == ""


def test_report_keeps_negative_numbers_numeric(world, ents):
    head = ["统一社会信用代码", "企业名称", "所属网格", "年度", "营业收入（万元）"]
    batch = run(world, xlsx([(code(1), "杭州负数科技有限公司", "T-A1", 2025, "-5")], header=head))
    assert batch.status == ImportStatus.INVALID
    sheet = openpyxl.load_workbook(io.BytesIO(imports.report_xlsx(batch))).active
    assert sheet.cell(row=2, column=3).value == -5


def test_the_api_refuses_what_the_form_and_the_import_refuse(world, ents, client):
    """Issue 11 item 6 through the API: −5 registered capital, a 2099 registration date, a bidirectional
    control character and too many decimals are 400 naming the field; nothing changes."""
    ent = ents["ent_a1"]
    client.force_login(world["district_admin"])
    for changes in (
        {"registered_capital": "-5"},
        {"registered_on": "2099-01-01"},
        {"address": "杭州\u202e市"},
        {"registered_capital": "1.23456"},
    ):
        ent.refresh_from_db()
        r = client.patch(
            f"/api/enterprises/{ent.pk}/",
            {**changes, "version": ent.version},
            content_type="application/json",
        )
        fields = {e["field"] for e in r.json()["errors"]}
        assert r.status_code == 400 and fields >= set(changes), (changes, r.content)
    before = ent.version
    ent.refresh_from_db()
    assert ent.version == before and ent.registered_capital != Decimal(-5)
    # the API places a firm at its zone like the import does (grid optional)
    r = client.patch(
        f"/api/enterprises/{ent.pk}/",
        {"org_unit": world.zone_a.pk, "version": ent.version},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    ent.refresh_from_db()
    assert ent.org_unit == world.zone_a
