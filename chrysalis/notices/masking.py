"""Masking of personal numbers on the public pages, feed and API (security.md P: ID numbers and
mobile numbers are 敏感, shown as 110101********1234 and 139****0000). Verification by the full number
still works: it compares, it does not display."""

from __future__ import annotations

import re

from chrysalis.notices.parser.text import FOLD_TABLE

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_text(text: str) -> str:
    folded = (text or "").translate(FOLD_TABLE)
    return MOBILE_RE.sub(r"\1****\2", ID_RE.sub(r"\1********\2", folded))


def mask_number(number: str, label: str = "", item: str = "") -> str:
    if not number:
        return number
    if "身份" in label or "身份证" in item or ID_RE.fullmatch(number):
        return ID_RE.sub(r"\1********\2", number) if ID_RE.fullmatch(number) else number[:4] + "****"
    return number
