"""Sheets as district offices make them: where the header is, what the headers say, which year.

Officials put a title row above the headers ("2025年度余杭经开区规上工业企业主要经济指标"), merge a
two-level header ("2025年" over "营业收入（万元）"), put a cover or notes sheet first and end the table
with 合计 / 备注 rows. The reader keeps the first rows of each sheet and asks ``detect`` where the header
is; the user can correct the sheet and the header row in the preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chrysalis.enterprises.imports.mapping import guess_target

SCAN_ROWS = 30
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
GROUP_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年?度?\s*$")
# first words of rows that end a table: totals and notes, not enterprises
TOTAL_WORDS = ("合计", "总计", "小计", "累计", "全区合计", "共计")
NOTE_WORDS = (
    "备注",
    "注：",
    "注:",
    "说明",
    "填表人",
    "填报人",
    "制表",
    "审核",
    "单位负责人",
    "联系电话",
    "填报日期",
)


@dataclass
class Layout:
    header_row: int  # spreadsheet row number of the (lower) header row
    headers: list[str]
    title_year: int | None  # a year written in a title row above the header
    recognised: int  # how many headers the registry recognises


def _texts(values) -> list[str]:
    return [("" if v is None else str(v)).strip() for v in values]


def _score(headers: list[str]) -> int:
    targets = [guess_target(h) for h in headers if h]
    return len({t for t in targets if t}) + (2 if "uscc" in targets else 0)


def flatten(upper: list[str], lower: list[str]) -> list[str]:
    """One name per column from a two-level header. A merged upper cell holds its text in its first
    column only, so it is carried to the right until the next upper cell; a year above ("2025年") is
    prefixed ("2025年营业收入（万元）"), another group title ("基本情况") is dropped, and a column
    merged over both rows keeps the upper text."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    out, carried = [], ""
    for up, low in zip(upper, lower, strict=True):
        if up:
            carried = up
        elif not low:
            carried = ""
        if not low:
            out.append(up)
            continue
        m = GROUP_YEAR.match(carried or "")
        out.append(f"{m.group(1)}年{low}" if m else low)
    return out


def detect(rows: list[tuple[int, list]], header_row: int | None = None) -> Layout | None:
    """The header among the first rows (``rows``: spreadsheet row number, values). ``header_row``
    forces the row (the user's correction); otherwise the row whose cells the registry recognises best
    (ties: the first). None when no row has at least two recognised headers."""
    candidates = []
    for i, (number, values) in enumerate(rows[:SCAN_ROWS]):
        texts = _texts(values)
        if header_row is not None and number != header_row:
            continue
        headers = texts
        if i > 0:
            upper = _texts(rows[i - 1][1])
            if sum(1 for t in upper if t) >= 2:
                two_level = flatten(upper, texts)
                if _score(two_level) >= _score(texts):
                    headers = two_level
        candidates.append((_score(headers), -i, number, headers, i))
    if not candidates:
        return None
    score, _neg, number, headers, i = max(candidates)
    if header_row is None and score < 2:
        return None
    title_year = None
    for _n, values in rows[:i]:
        for text in _texts(values):
            m = YEAR_IN_TEXT.search(text)
            if m and title_year is None:
                title_year = int(m.group(1))
    while headers and not headers[-1]:
        headers.pop()
    return Layout(number, headers, title_year, score)


def footer_kind(values) -> str | None:
    """ "total" or "note" when a row is a 合计 / 备注 line rather than an enterprise, else None."""
    for text in _texts(values)[:4]:
        if not text:
            continue
        compact = text.replace(" ", "").replace("\u3000", "")
        if compact.startswith(TOTAL_WORDS):
            return "total"
        if compact.startswith(NOTE_WORDS):
            return "note"
    return None
