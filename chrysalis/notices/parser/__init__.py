"""The notice parser: pasted newspaper text in, structured notices out. No Django import.

    >>> from chrysalis.notices.parser import parse
    >>> text = "中国共产主义青年团浙江省建设厅委员会遗失银行开户许可证，核准号:Z3310000378202，声明作废。"
    >>> n = parse(text).notices[0]
    >>> [n.value(f) for f in ("declarant", "item", "number_label", "number", "declaration")]
    ['中国共产主义青年团浙江省建设厅委员会', '银行开户许可证', '核准号', 'Z3310000378202', '声明作废']

`parse()` never raises on bad text: what it cannot read is reported as positioned messages
(`ParseResult.messages`, `ParsedNotice.messages`), and doubtful values are flagged `uncertain`.
"""

from __future__ import annotations

import re

from . import formats
from .extract import LOST_VERB_RE, extract
from .model import FIELD_LABELS_ZH, FIELDS, KIND_LABELS_ZH, Field, Kind, Message, ParsedNotice, ParseResult
from .split import PHONE_TOKEN_RE, split
from .text import line_col

__all__ = [
    "FIELDS",
    "FIELD_LABELS_ZH",
    "KIND_LABELS_ZH",
    "Field",
    "Kind",
    "Message",
    "ParseResult",
    "ParsedNotice",
    "parse",
]

MAX_CHARS = 200_000
LOOSE_PHONE_RE = re.compile(r"[\d()\-]{3,}")


def parse(source: str) -> ParseResult:
    source = source or ""
    result = ParseResult(source=source)
    if len(source) > MAX_CHARS:
        result.messages.append(
            Message("error", "too_long", f"文字过长（{len(source)} 字），一次最多 {MAX_CHARS} 字", 0, 0)
        )
        return _positions(result)
    segments, contacts = split(source)
    for contact in contacts:
        tokens = list(PHONE_TOKEN_RE.finditer(contact.clean.text)) or list(
            LOOSE_PHONE_RE.finditer(contact.clean.text)
        )
        for m in tokens:
            s, e = contact.clean.src(m.start(), m.end())
            value = formats.normalise_phone(m.group())
            problem = formats.check_phone(value)
            result.phones.append(Field("phone", value, s, e, bool(problem), problem or ""))
            if problem:
                result.messages.append(Message("warning", "bad_phone", problem, s, e))
    previous: ParsedNotice | None = None
    for seg in segments:
        notice = extract(source, seg.clean, seg.start, seg.end, seg.heading, seg.hint)
        if notice is None:
            snippet = seg.clean.text[:20]
            result.messages.append(
                Message("error", "unreadable", f"这段文字无法识别为公告：“{snippet}…”", seg.start, seg.end)
            )
            continue
        _inherit_declarant(notice, previous, seg)
        result.notices.append(notice)
        previous = notice
    if not result.notices and not any(m.code == "unreadable" for m in result.messages):
        result.messages.append(
            Message(
                "error",
                "empty",
                "没有识别出任何公告：请粘贴含“遗失”“声明作废”“注销公告”等字样的文字",
                0,
                len(source),
            )
        )
    return _positions(result)


def _inherit_declarant(notice: ParsedNotice, previous: ParsedNotice | None, seg) -> None:
    """ "遗失公章一枚，声明作废。" right after another declaration of the same declarant."""
    verb = LOST_VERB_RE.match(seg.clean.text)
    if notice.kind != Kind.LOST or not verb or previous is None or "declarant" not in previous.fields:
        return
    notice.messages = [m for m in notice.messages if m.code != "no_declarant"]
    d = previous.fields["declarant"]
    notice.fields["declarant"] = Field(
        "declarant", d.value, d.start, d.end, True, "本条没有写声明人，沿用上一条的声明人，请核对"
    )
    notice.fields = {name: notice.fields[name] for name in FIELDS[notice.kind] if name in notice.fields}


def _positions(result: ParseResult) -> ParseResult:
    for notice in result.notices:
        notice.fields = {
            name: notice.fields[name]
            for name in (*FIELDS[notice.kind], *notice.fields)
            if name in notice.fields
        }
    for m in result.all_messages:
        m.line, m.column = line_col(result.source, m.start)
    return result
