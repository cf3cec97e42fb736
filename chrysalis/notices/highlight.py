"""The parsed fields highlighted in the source text, as safe HTML (everything else escaped)."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from chrysalis.notices.parser import FIELD_LABELS_ZH


def highlight(text: str, fields: dict, offset: int = 0) -> SafeString:
    """`fields`: name → {"start", "end", "uncertain", "note"} with offsets in the page (minus `offset`)."""
    spans = []
    for name, f in fields.items():
        if f.get("start") is None or f.get("end") is None:
            continue
        a, b = f["start"] - offset, f["end"] - offset
        if 0 <= a < b <= len(text):
            spans.append((a, b, name, f))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out, pos = [], 0
    for a, b, name, f in spans:
        if a < pos:  # overlapping span (e.g. a USCC that is also the document number): keep the first
            continue
        out.append(escape(text[pos:a]))
        label = FIELD_LABELS_ZH.get(name, name)
        title = f"{label}：{f.get('note')}" if f.get("uncertain") and f.get("note") else label
        css = "nf-mark nf-uncertain" if f.get("uncertain") else "nf-mark"
        out.append(
            format_html('<mark class="{}" data-field="{}" title="{}">{}</mark>', css, name, title, text[a:b])
        )
        pos = b
    out.append(escape(text[pos:]))
    return mark_safe("".join(str(x) for x in out))  # noqa: S308 - every piece is escaped above
