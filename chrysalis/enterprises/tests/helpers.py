"""Test helpers: spreadsheets in memory and import batches."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "所属网格",
    "年度",
    "营业收入（万元）",
    "研发费用（万元）",
    "从业人员",
]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    import csv

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return out.getvalue().encode(encoding)


def make_batch(world, rows=None, file_name="名录.xlsx"):
    from chrysalis.enterprises.services import imports
    from chrysalis.enterprises.uscc import make_uscc

    rows = (
        rows
        if rows is not None
        else [(make_uscc("330110", "MA2C0001"), "杭州丙一科技有限公司", "T-A1", 2025, "1000", "50", 20)]
    )
    return imports.import_upload(
        actor=world["district_admin"], file_name=file_name, data=xlsx(rows), default_source="statistics"
    )
