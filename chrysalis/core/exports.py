"""The one export writer (Excel and CSV) of the project; it never produces a live formula.

Security checklist B-08 / C-10: every text cell that a spreadsheet would read as a formula
(`=`, `+`, `-`, `@`, tab, CR, LF and their full-width forms) is prefixed with `'`; numbers, dates
and booleans stay typed. Every export — list pages, reports, templates, the screening results,
the assessment workbook — goes through `rows_to_xlsx` / `rows_to_csv` / `export_response`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
from io import BytesIO

from django.http import HttpResponse
from django.utils.html import strip_tags
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)


def safe_cell(value):
    """Neutralise text a spreadsheet would read as a formula; keep numbers and dates typed."""
    if value is None or isinstance(value, (bool, int, float, decimal.Decimal, dt.date, dt.datetime)):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def rows_to_xlsx(title: str, header: list[str], rows, sheets=()) -> bytes:
    """One sheet `title`, plus any further `(title, header, rows)` in `sheets`."""
    wb = Workbook(write_only=True)
    for name, head, body in [(title, header, rows), *sheets]:
        ws = wb.create_sheet(title=safe_cell(name)[:31] or "Sheet1")
        if head:  # a sheet may have no header row (a key/value summary)
            ws.append([safe_cell(h) for h in head])
        for row in body:
            ws.append([safe_cell(v) for v in row])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rows_to_csv(header: list[str], rows) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese text), same safe cells as the workbook."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([_csv_text(safe_cell(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(v)) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def table_rows(table) -> tuple[list[str], object]:
    """Header and rows of a django-tables2 table, exactly as filtered (every row, not only a page);
    cells are the columns' export values (`value_*` / `Column.value`), tags stripped."""
    columns = [
        c for c in table.columns if c.name not in getattr(table, "export_exclude", ()) and c.name != "actions"
    ]
    header = [str(c.header) for c in columns]

    def rows():
        for row in table.rows:
            yield [_plain(row.get_cell_value(c.name)) for c in columns]

    return header, rows()


def export_response(
    *, fmt: str, title: str, header: list[str], rows, filename: str, sheets=()
) -> HttpResponse:
    """An attachment in `fmt` (xlsx or csv; a CSV has one sheet only)."""
    if fmt == "csv":
        content = rows_to_csv(header, rows)
    else:
        fmt = "xlsx"
        content = rows_to_xlsx(title, header, rows, sheets=sheets)
    return attachment(content, fmt=fmt, filename=filename)


def attachment(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    """The download of a workbook or CSV built by `rows_to_xlsx` / `rows_to_csv` (the only way a
    view answers with a spreadsheet; `core/tests/test_exports.py` checks no module writes one itself)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _plain(value):
    if isinstance(value, str):
        return strip_tags(value).strip()
    return value
