"""Excel export that never produces a live formula (security checklist B-08 / C-10)."""

from __future__ import annotations

import datetime as dt
import decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


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
        ws.append([safe_cell(h) for h in head])
        for row in body:
            ws.append([safe_cell(v) for v in row])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_to_xlsx(table, title: str) -> bytes:
    """Export a django-tables2 table exactly as filtered (all rows, not only the page)."""
    columns = [
        c for c in table.columns if c.name not in getattr(table, "export_exclude", ()) and c.name != "actions"
    ]
    header = [str(c.header) for c in columns]

    def rows():
        for row in table.rows:
            yield [_plain(row.get_cell_value(c.name)) for c in columns]

    return rows_to_xlsx(title, header, rows())


def _plain(value):
    from django.utils.html import strip_tags

    if isinstance(value, str):
        return strip_tags(value).strip()
    return value
