"""Splitting a pasted page into notices.

A page is lines: section headings ("### 遗失声明", "分类 信息", "【注销公告】"), contact lines of the
paper ("联系电话:(0571)85310538") and notice text. Notices end at a terminator ("声明作废。",
"特此公告。"…); a line break inside a notice is ignored; a trailing signature or date line
("某某有限公司清算组 2026年3月5日") belongs to the notice above it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .model import Kind
from .text import Clean, clean
from .vocab import HEADINGS

TERMINATOR_RE = re.compile(r"声明作废|声明做废|声名作废|申明作废|特此声明|特此公告|特此通知|予以作废|作废")
NOTICE_START_RE = re.compile(  # used with .match(text, pos): no "^"
    r"(?!不慎|于|在|因|遗失|丢失)(?:[^。]{2,60}?(?:不慎)?(?:遗失|丢失)|[^。]{2,60}?(?:注销|减资|合并|分立)公告)"
    r"|[^。,]{2,60}?(?:公司|合作社|企业)\((?:统一社会信用代码|注册号)"
    r"|\[|企业名称:|简易注销公告"
)
CONTACT_RE = re.compile(r"^(?:联系|咨询|服务|登报|办理|广告)?(?:电话|热线|手机|TEL|Tel|tel)[:]?[\d(]")
SIGNATURE_WORDS_RE = re.compile(r"遗失|丢失|注销|减资|合并|分立|声明|公告|作废|启事|债权")
ENDED_RE = re.compile(r"(?:[。.!]|\d{1,2}日)$")
DATE_END_RE = re.compile(r"\d{1,2}日$")
LABEL_LINE_RE = re.compile(
    r"(?:企业名称|公司名称|名称|统一社会信用代码|注册号|登记机关|公告期|联系人|联系电话|地址|法定代表人|清算组)"
)
CONTINUATION_RE = re.compile(r"在|于|不慎|遗失|丢失|因|起|至|止|前|内|[,。;:)]")
PHONE_TOKEN_RE = re.compile(r"\(0\d{2,3}\)-?\d{7,8}|0\d{2,3}-\d{7,8}|0\d{9,11}|1\d{10}|[48]00-?\d{3}-?\d{4}")


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    heading: str
    hint: Kind | None
    clean: Clean


@dataclass(slots=True)
class Contact:
    start: int
    end: int
    clean: Clean


def _lines(source: str):
    pos = 0
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body)
        pos += len(line)


def heading_of(c: Clean) -> str | None:
    t = c.text
    if t.startswith("#"):
        return t.lstrip("#").strip(":") or ""
    bare = t.strip(":")
    if bare.startswith("[") and bare.endswith("]") and len(bare) <= 14:
        return bare[1:-1]
    if bare in HEADINGS:
        return bare
    return None


def split(source: str) -> tuple[list[Segment], list[Contact]]:
    segments: list[Segment] = []
    contacts: list[Contact] = []
    heading, hint = "", None
    block: list[tuple[int, int]] = []

    whole = clean(source)

    def flush():
        if block:
            segments.extend(
                _split_block(whole, block[0][0], block[-1][1], [a for a, _ in block], heading, hint)
            )
            block.clear()

    for a, b in _lines(source):
        c = whole.slice(a, b)
        if not c.text:
            flush()
            continue
        h = heading_of(c)
        if h is not None and block and not c.text.startswith("#") and not _finished(whole, block):
            h = None  # a line break inside a notice's own title ("简易注销\n公告")
        if h is not None:
            flush()
            heading = h
            hint = HEADINGS.get(h.replace("[", "").replace("]", ""))
            continue
        if CONTACT_RE.match(c.text) and not block:
            contacts.append(Contact(a, b, c))
            continue
        block.append((a, b))
    flush()
    return _merge_signatures(segments, whole), contacts


def _finished(whole: Clean, block: list[tuple[int, int]]) -> bool:
    last = whole.slice(*block[-1]).text
    return bool(ENDED_RE.search(last)) or bool(TERMINATOR_RE.search(last[-6:]))


def _split_block(whole: Clean, start, end, line_starts, heading, hint) -> list[Segment]:
    c = whole.slice(start, end)
    t = c.text
    starts = sorted({bisect_left(c.pos, a) for a in line_starts} - {len(t)})
    new_line = set(starts)
    cuts = [0]
    for m in TERMINATOR_RE.finditer(t):
        e = m.end()
        if e < len(t) and t[e] in "。.!;":
            if t[e] == ";" and not NOTICE_START_RE.match(t, e + 1):
                continue
            cuts.append(e + 1)
        elif e == len(t) or e in new_line or NOTICE_START_RE.match(t, e):
            cuts.append(e)
    # a line that starts a new notice after a finished sentence, with no terminator in between
    for i in starts:
        if i == 0 or i in cuts:
            continue
        if t[i - 1] in "。.!" and NOTICE_START_RE.match(t, i):
            cuts.append(i)
        elif DATE_END_RE.search(t, max(0, i - 3), i) and not (
            LABEL_LINE_RE.match(t, i) or CONTINUATION_RE.match(t, i)
        ):
            cuts.append(
                i
            )  # after a notice that ends with a date (简易注销: 公告期…日) a new line is a new notice
    cuts = sorted({x for x in cuts if x < len(t)}) + [len(t)]
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        s, e = c.src(a, b)
        out.append(Segment(s, e, heading, hint, whole.slice(s, e)))
    return out


def _merge_signatures(segments: list[Segment], whole: Clean) -> list[Segment]:
    """A segment with no notice words, short, right after a notice is its signature or date."""
    out: list[Segment] = []
    for seg in segments:
        t = seg.clean.text
        is_signature = len(t) <= 70 and not SIGNATURE_WORDS_RE.search(
            t.replace("清算组", "").replace("债权人", "")
        )
        if (
            out
            and is_signature
            and re.search(r"组|会|公司|年\d{1,2}月|\d{4}", t)
            and out[-1].heading == seg.heading
        ):
            prev = out[-1]
            out[-1] = Segment(prev.start, seg.end, prev.heading, prev.hint, whole.slice(prev.start, seg.end))
        else:
            out.append(seg)
    return out
