"""Issue 11: the registry list export of any generated district imports back with zero changes."""

import datetime as dt
import io
import itertools
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from chrysalis.core.exports import safe_cell
from chrysalis.enterprises import industry
from chrysalis.enterprises.choices import ImportStatus
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.services import imports
from chrysalis.enterprises.tests.helpers import xlsx
from chrysalis.enterprises.uscc import make_uscc

COLUMNS = (
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
HEADER = [
    "统一社会信用代码",
    "企业名称",
    "所属网格",
    "行业代码",
    "成立日期",
    "法定代表人",
    "地址",
    "是否规上",
    "重点企业",
    "年度",
    "营业收入（万元）",
    "研发费用（万元）",
    "从业人员",
    "纳税总额（万元）",
]
_serial = itertools.count(1)

CLASS_CODES = [code for code, _label in industry.class_choices()][::37]
words = (
    st.text(
        alphabet=st.sampled_from("杭州余杭经开区科技智能制造精密电子新材料有限公司股份集团=+-@'（）() ·、A1"),
        min_size=2,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda t: len(t) >= 2)
)
money = st.decimals(min_value=0, max_value=Decimal("99999999"), places=4, allow_nan=False)
firm = st.fixed_dictionaries(
    {
        "name": words,
        "grid": st.sampled_from(["T-A1", "A2网格"]),
        "industry": st.sampled_from(CLASS_CODES),
        "registered_on": st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2024, 12, 31)),
        "legal": words,
        "address": words,
        "above_scale": st.booleans(),
        "key_firm": st.booleans(),
        "year": st.integers(min_value=2020, max_value=2025),
        "revenue": money,
        "rd": money,
        "employees": st.integers(min_value=1, max_value=100_000),
        "tax": money,
    }
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def run(admin, data, name):
    batch = imports.import_upload(actor=admin, file_name=name, data=data, default_source="statistics")
    batch = imports.import_validate(actor=admin, batch=batch)
    if batch.status == ImportStatus.VALIDATED and batch.stats.get("warnings"):
        batch = imports.import_confirm_warnings(actor=admin, batch=batch)  # generated, so implausible
    if batch.status == ImportStatus.VALIDATED:
        batch = imports.import_commit(actor=admin, batch=batch)
    return batch


@settings(
    max_examples=6,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(district=st.lists(firm, min_size=1, max_size=6))
def test_export_then_import_of_a_generated_district_changes_nothing(world, client, district):
    admin = world["district_admin"]
    rows = []
    for f in district:
        f["rd"] = min(f["rd"], f["revenue"])  # R&D above revenue is refused by the cross-checks
        rows.append(
            (
                make_uscc("330110", f"MA2G{next(_serial):04d}"),
                safe_cell(f["name"]),
                f["grid"],
                f["industry"],
                f["registered_on"],
                safe_cell(f["legal"]),
                safe_cell(f["address"]),
                "是" if f["above_scale"] else "否",
                "是" if f["key_firm"] else "否",
                f["year"],
                str(f["revenue"]),
                str(f["rd"]),
                f["employees"],
                str(f["tax"]),
            )
        )
    built = run(admin, xlsx(rows, header=HEADER), "生成.xlsx")
    assert built.status == ImportStatus.COMMITTED, built.errors
    client.force_login(admin)
    columns = "&".join(f"columns={c}" for c in COLUMNS)
    data = client.get(f"/enterprises/?export=xlsx&{columns}").content
    head = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(max_row=1))]
    assert "行业" in head
    batch = run(admin, data, "导出.xlsx")
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    stats = batch.stats
    assert stats["enterprises_new"] == 0 and stats["enterprises_changed"] == 0, stats
    assert stats["values_changed"] == 0 and stats["profile_values_changed"] == 0, stats
    assert stats["enterprises_unchanged"] == Enterprise.objects.count()
