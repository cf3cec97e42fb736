"""Issue 11: sheets laid out as district offices send them, built here with openpyxl and imported through
the same service path the web uses."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from chrysalis.enterprises.choices import ImportStatus
from chrysalis.enterprises.imports import layout
from chrysalis.enterprises.models import Enterprise, YearFigures
from chrysalis.enterprises.services import imports
from chrysalis.enterprises.uscc import make_uscc

TITLE = "2025年度余杭经开区规上工业企业主要经济指标"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def code(i: int) -> str:
    return make_uscc("330110", f"MA2F{i:04d}")


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def official_workbook(*, cover=True, footer=True) -> bytes:
    """A cover sheet, then the data: a merged title, a merged two-level header (2025年 over two figures,
    the profile columns merged over both header rows), three firms, a 合计 row and 备注 lines."""
    wb = Workbook()
    ws = wb.active
    if cover:
        ws.title = "填报说明"
        ws.append(["填报说明"])
        ws.append(["1. 金额单位为万元。"])
        ws = wb.create_sheet("企业数据")
    else:
        ws.title = "企业数据"
    ws.append([TITLE])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：余杭经开区经发局", None, None, None, "单位：万元"])
    ws.append(["序号", "统一社会信用代码", "企业名称", "所属网格", "2025年", None])
    ws.append([None, None, None, None, "营业收入（万元）", "研发费用（万元）"])
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:F3")
    for i in range(3):
        ws.append([i + 1, code(i), f"杭州版式{i}号科技有限公司", "T-A1", 1000 + i, 50 + i])
    if footer:
        ws.append(["合计", None, None, None, 3003, 153])
        ws.append(["备注：数据来源于统计局年报。"])
        ws.append(["填表人：张三", None, "联系电话：0571-00000000"])
    return save(wb)


def upload(world, data, name="经济指标.xlsx"):
    return imports.import_upload(
        actor=world["district_admin"], file_name=name, data=data, default_source="statistics"
    )


def check_and_commit(world, batch):
    admin = world["district_admin"]
    batch = imports.import_validate(actor=admin, batch=batch)
    if batch.status == ImportStatus.VALIDATED:
        batch = imports.import_commit(actor=admin, batch=batch)
    return batch


def test_official_layout_imports_as_delivered(world, ents):
    batch = upload(world, official_workbook())
    assert batch.stats["layout"]["sheet"] == "企业数据"
    assert batch.stats["layout"]["header_row"] == 4
    assert batch.headers[1:] == [
        "统一社会信用代码",
        "企业名称",
        "所属网格",
        "2025年营业收入（万元）",
        "2025年研发费用（万元）",
    ]
    assert set(batch.mapping.values()) == {"uscc", "name", "grid", "revenue@2025", "rd_expense@2025"}
    batch = check_and_commit(world, batch)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert batch.stats["enterprises_new"] == 3 and batch.stats["rows_skipped"] == 3
    assert [r["row"] for r in batch.stats["skipped_rows"]] == [8, 9, 10]
    assert batch.stats["skipped_rows"][0]["text"] == "合计"
    y = YearFigures.objects.get(enterprise__uscc=code(2), year=2025)
    assert (y.revenue, y.rd_expense) == (Decimal(1002), Decimal(52))


def test_year_from_the_title_or_the_users_choice(world, ents):
    wb = Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(["统一社会信用代码", "企业名称", "所属网格", "营业收入（万元）"])
    ws.append([code(5), "杭州标题年科技有限公司", "T-A1", 10])
    batch = upload(world, save(wb))
    assert batch.stats["layout"]["title_year"] == 2025 and batch.stats["layout"]["header_row"] == 2
    batch = check_and_commit(world, batch)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert YearFigures.objects.filter(enterprise__uscc=code(5), year=2025).exists()
    # no year anywhere: the check asks for one; the user picks it in the preview
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "所属网格", "营业收入（万元）"])
    ws.append([code(6), "杭州选年科技有限公司", "T-A1", 10])
    batch = upload(world, save(wb))
    with pytest.raises(ValidationError):
        imports.import_validate(actor=world["district_admin"], batch=batch)
    batch = imports.import_set_layout(actor=world["district_admin"], batch=batch, year=2024)
    batch = check_and_commit(world, batch)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert YearFigures.objects.filter(enterprise__uscc=code(6), year=2024).exists()


def test_user_corrects_sheet_and_header_row(world, ents):
    batch = upload(world, official_workbook())
    admin = world["district_admin"]
    wrong = imports.import_set_layout(actor=admin, batch=batch, sheet_name="企业数据", header_row=3)
    assert wrong.stats["layout"]["header_row"] == 3 and "uscc" in wrong.mapping.values()
    right = imports.import_set_layout(actor=admin, batch=wrong, sheet_name="企业数据", header_row=4)
    assert "2025年营业收入（万元）" in right.headers
    with pytest.raises(ValidationError):
        imports.import_set_layout(actor=admin, batch=right, sheet_name="没有这张表")
    with pytest.raises(ValidationError):
        imports.import_set_layout(actor=admin, batch=right, year=1850)


def test_total_rows_are_not_reported_as_missing_codes_in_csv(world, ents):
    text = "\n".join(
        [
            TITLE,
            "统一社会信用代码,企业名称,所属网格,年度,营业收入（万元）",
            f"{code(7)},杭州逗号科技有限公司,T-A1,2025,12",
            "合计,,,,12",
            "备注：单位万元",
            ",续注：数据截至年末",
        ]
    )
    batch = upload(world, ("\ufeff" + text).encode(), name="指标.csv")
    assert batch.stats["layout"]["header_row"] == 2
    batch = check_and_commit(world, batch)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert batch.stats["rows_skipped"] == 3 and batch.stats["enterprises_new"] == 1


def test_formula_cells_without_a_cached_value_are_reported_by_cell(world, ents):
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "所属网格", "年度", "营业收入（万元）", "研发费用（万元）"])
    ws.append([code(8), "杭州公式科技有限公司", "T-A1", 2025, "=100*2", 5])
    batch = check_and_commit(world, upload(world, save(wb)))
    assert batch.status == ImportStatus.INVALID
    (error,) = batch.errors
    assert error["row"] == 2 and error["column"] == "营业收入（万元）" and "E2" in error["message"]
    assert not Enterprise.objects.filter(uscc=code(8)).exists()


def test_flatten_and_footer_helpers():
    assert layout.flatten(["代码", "2024年", "", "2025年", ""], ["", "营收", "研发", "营收", "研发"]) == [
        "代码",
        "2024年营收",
        "2024年研发",
        "2025年营收",
        "2025年研发",
    ]
    assert layout.footer_kind(["合 计", None]) == "total"
    assert layout.footer_kind([None, "注：单位万元"]) == "note"
    assert layout.footer_kind(["1", code(1)]) is None


def test_an_oversized_shared_strings_table_is_refused(world, settings):
    from chrysalis.enterprises.imports.reader import HostileFileError, read_sheet

    settings.ENTERPRISE_IMPORT_MAX_SHARED_STRINGS_BYTES = 2048
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称"])
    for i in range(200):
        ws.append([code(i), f"杭州共享字符串{i}号科技有限公司"])
    data = io.BytesIO(save(wb))
    # openpyxl writes inline strings; Excel and WPS write a shared-strings table, added here
    items = "".join(f"<si><t>杭州共享字符串{i}号科技有限公司</t></si>" for i in range(200))
    with zipfile.ZipFile(data, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="x" count="200">{items}</sst>')
    with pytest.raises(HostileFileError) as exc:
        read_sheet(data.getvalue(), "大表.xlsx")
    assert "CSV" in exc.value.message


def test_unrecognised_headers_keep_every_row(world):
    from chrysalis.enterprises.imports.reader import read_sheet

    wb = Workbook()
    ws = wb.active
    ws.append(["甲", "乙"])
    for i in range(75):
        ws.append([f"x{i}", i])
    wb.create_sheet("另一张")
    sheet = read_sheet(save(wb), "自定义.xlsx")
    assert sheet.headers == ["甲", "乙"] and sheet.header_row == 1
    assert len(list(sheet.rows)) == 75


def street_workbook(rows, *, grid_column=False) -> bytes:
    """A 所属街道 column instead of a grid (optionally both), no 年度 column: the year is in the header."""
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "统一社会信用代码",
            "企业名称",
            "所属街道",
            *(["所属网格"] if grid_column else []),
            "2025年营业收入（万元）",
        ]
    )
    for row in rows:
        ws.append(list(row))
    return save(wb)


def test_a_street_or_zone_column_places_the_firm_at_that_level(world, ents):
    a1, b1 = ents["ent_a1"], ents["ent_b1"]
    data = street_workbook(
        [
            (code(20), "杭州街道一号科技有限公司", "A园区", 800),  # new: placed at the zone itself
            (a1.uscc, a1.name, "A园区", 900),  # already in a grid of A园区: stays in its grid
            (b1.uscc, b1.name, "T-A", 700),  # by the zone's code: moves from B1网格 up to A园区
        ]
    )
    batch = upload(world, data)
    assert set(batch.mapping.values()) == {"uscc", "name", "area", "revenue@2025"}
    batch = check_and_commit(world, batch)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert Enterprise.objects.get(uscc=code(20)).org_unit == world.zone_a
    a1.refresh_from_db()
    b1.refresh_from_db()
    assert a1.org_unit == world.grid_a1 and b1.org_unit == world.zone_a
    # the zone-level firm is in the zone's scope, not in any grid's
    assert Enterprise.objects.restrict(world["zone_a_officer"], "view").filter(uscc=code(20)).exists()
    assert not Enterprise.objects.restrict(world["grid_a1_worker"], "view").filter(uscc=code(20)).exists()
    # the registry's own export writes the zone in the grid column; importing it back places it there
    wb = Workbook()
    wb.active.append(["统一社会信用代码", "企业名称", "所属网格"])
    wb.active.append([code(20), "杭州街道一号科技有限公司", "A园区"])
    again = check_and_commit(world, upload(world, save(wb), name="导出.xlsx"))
    assert again.status == ImportStatus.COMMITTED and again.stats["profile_values_changed"] == 0, again.errors


def test_a_street_column_refuses_unknown_units_and_grids_outside_it(world, ents):
    data = street_workbook(
        [
            (code(21), "杭州街道二号科技有限公司", "不存在街道", "A1网格", 800),
            (code(22), "杭州街道三号科技有限公司", "B园区", "A1网格", 800),
            (code(23), "杭州街道四号科技有限公司", "A园区", "A1网格", 800),
        ],
        grid_column=True,
    )
    batch = imports.import_validate(actor=world["district_admin"], batch=upload(world, data))
    assert batch.status != ImportStatus.VALIDATED
    by_row = {(e["row"], e["column"]): e["message"] for e in batch.errors}
    assert by_row[(2, "所属街道")] == "组织架构中没有街道或园区“不存在街道”"
    assert by_row[(3, "所属街道")] == "网格“A1网格”不在“B园区”内"
    assert not [e for e in batch.errors if e["row"] == 4]
    assert not Enterprise.objects.filter(uscc__in=[code(21), code(22), code(23)]).exists()
