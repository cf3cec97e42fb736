"""Cell parsers. Each returns the typed value (None for an empty cell) or raises CellError(message)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from chrysalis.enterprises.choices import FigureSource

EMPTY = {"", "-", "—", "--", "/", "N/A", "NA", "无", "不详", "null", "NULL"}
TRUE = {"是", "Y", "YES", "TRUE", "1", "√", "✓", "有"}
FALSE = {"否", "N", "NO", "FALSE", "0", "×", "无"}
SOURCE_LABELS = {
    "企业自报": FigureSource.SELF_REPORTED,
    "自报": FigureSource.SELF_REPORTED,
    "self_reported": FigureSource.SELF_REPORTED,
    "审计报告": FigureSource.AUDITED,
    "审计": FigureSource.AUDITED,
    "audited": FigureSource.AUDITED,
    "税务": FigureSource.TAX,
    "税务局": FigureSource.TAX,
    "tax": FigureSource.TAX,
    "统计局": FigureSource.STATISTICS,
    "统计": FigureSource.STATISTICS,
    "statistics": FigureSource.STATISTICS,
    "工信部平台": FigureSource.MIIT,
    "工信部": FigureSource.MIIT,
    "miit": FigureSource.MIIT,
}


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in EMPTY)


# what the platform's exports put before text a spreadsheet would read as a formula (core.exports)
FORMULA_GUARDED = ("'=", "'+", "'-", "'@", "'\uff1d", "'\uff0b", "'\uff0d", "'\uff20")


def text(value) -> str | None:
    if is_empty(value):
        return None
    s = str(value).strip()
    if s.startswith(FORMULA_GUARDED):  # our own export's guard: the text itself starts after it
        return s[1:]
    return s


def decimal(value, *, ratio: bool = False) -> Decimal | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("not a number"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    s = (
        str(value)
        .strip()
        .replace(",", "")
        .replace("，", "")
        .replace(" ", "")
        .replace("万元", "")
        .replace("万", "")
    )
    percent = s.endswith("%") or s.endswith("％")
    if percent:
        s = s[:-1]
    try:
        d = Decimal(s)
    except InvalidOperation as exc:
        raise CellError(_("“%(v)s” is not a number") % {"v": str(value)[:40]}) from exc
    if not d.is_finite():
        raise CellError(_("“%(v)s” is not a number") % {"v": str(value)[:40]})
    if percent:
        if not ratio:
            raise CellError(_("a percentage is only allowed for shares"))
        d = d / 100
    return d


def integer(value) -> int | None:
    d = decimal(value)
    if d is None:
        return None
    if d != d.to_integral_value():
        raise CellError(_("“%(v)s” is not a whole number") % {"v": str(value)[:40]})
    return int(d)


def boolean(value) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    s = str(value).strip().upper()
    if s in TRUE:
        return True
    if s in FALSE:
        return False
    raise CellError(_("write 是 or 否, not “%(v)s”") % {"v": str(value)[:40]})


DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def date(value) -> dt.date | None:
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    for pattern in DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise CellError(_("“%(v)s” is not a date (write 2024-12-31)") % {"v": s[:40]})


def year(value) -> int | None:
    if is_empty(value):
        return None
    s = str(value).strip().rstrip("年度").rstrip("年")
    try:
        y = int(Decimal(s))
    except (InvalidOperation, ValueError) as exc:
        raise CellError(_("“%(v)s” is not a year") % {"v": str(value)[:40]}) from exc
    this_year = dt.date.today().year
    if not 1980 <= y <= this_year:
        raise CellError(_("the year must be between 1980 and %(y)d") % {"y": this_year})
    return y


def source(value) -> str | None:
    if is_empty(value):
        return None
    s = str(value).strip()
    if s in SOURCE_LABELS:
        return SOURCE_LABELS[s]
    raise CellError(
        _("unknown source “%(v)s” (use 企业自报, 审计报告, 税务, 统计局 or 工信部平台)") % {"v": s[:40]}
    )
