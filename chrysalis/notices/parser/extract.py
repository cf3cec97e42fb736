"""Field extraction for one notice: kind detection and one extractor per kind.

Works on the `Clean` text of the notice (half-width, no whitespace) and reports every field with its
span in the pasted text. A value the rules cannot settle is returned flagged (`uncertain`) with the
reason, never silently guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from . import formats
from .model import Field, Kind, Message, ParsedNotice
from .text import Clean, to_name
from .vocab import ID_LABELS, ITEMS, LEGAL_PERIODS, NUMBER_LABELS, ORG_SUFFIXES, USCC_LABELS


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


ITEM_RE = re.compile(_alt(ITEMS))
_LABEL_FIRST = "".join(sorted({w[0] for w in NUMBER_LABELS}))
LABEL_RE = re.compile(
    rf"(?=[{_LABEL_FIRST}])(?P<label>{_alt(NUMBER_LABELS)})(?:为|是)?:?(?P<num>[0-9A-Za-z|*][0-9A-Za-z|*\-]{{3,40}})"
)
GENERIC_ITEM_RE = re.compile(
    rf"[^,;。:(\[]{{1,30}}?(?=[,;。:(\[]|{_alt(NUMBER_LABELS)}|声明作废|作废|[A-Z0-9]{{5}}|$)"
)
BARE_NUMBER_RE = re.compile(r"(?=[0-9A-Z])(?<![0-9A-Za-z])(?:[A-Z]\d{13}|[0-9A-Z]{18}|\d{15})(?![0-9A-Za-z])")
LOST_VERB_RE = re.compile(r"(?:不慎)?(遗失|丢失|遗夫|遺失|遗矢)")
DECLARATION_RE = re.compile(r"声明作废|声明做废|声名作废|申明作废|特此声明|予以作废|作废")
DECLARATION_OCR = {"声明做废", "声名作废", "申明作废"}
ORG_END_RE = re.compile(_alt(ORG_SUFFIXES))
TITLE_RE = re.compile(
    r"^\[?(?:简易注销公告|注销公告|减资公告|合并公告|分立公告|清算公告|债权申报公告|公告|遗失声明|遗失启事|作废声明|声明)\]?:?"
)
AUTHORITY_RE = re.compile(
    r"由?(?P<auth>[^,;。:()]{2,40}?(?:银行|分行|支行|营业部|信用社|信用联社|局|委员会|政府|派出所|中心|医院|学校|大学|学院))"
    r"(?:核发|颁发|签发|发放|出具|开具|发)的?"
)
AUTHORITY_AFTER_RE = re.compile(
    r"(?:发证机关|签发机关|核发机关|登记机关|开户银行|开户行)(?:为|是)?:?(?P<auth>[^,;。:()]{2,40}?)(?=[,;。()]|公告期|企业名称|统一社会信用代码|$)"
)
QUANTITY_RE = re.compile(r"^(?:各|共)?[一二两三四五六七八九十\d]+(?:本|枚|份|张|个|套|页|联|册|件)")
DAYS_RE = re.compile(
    r"(?:自|于|在)(?:本|此|该)?公告(?:发布|刊登|见报|刊发)?之日起(?P<d>\d+|[一二三四五六七八九十百]+)(?:个)?(?:日|天|工作日)"
)
PHONE_RE = re.compile(
    r"(?:电话|手机|热线|联系方式)(?:号码)?:?(?P<p>\(0\d{2,3}\)-?\d{7,8}|0\d{2,3}-?\d{7,8}|1[\d-]{10,12}|[48]00-?\d{3}-?\d{4})"
)
CAPITAL_RE = re.compile(
    r"注册资本(?:金)?(?:由|从)?(?:人民币)?(?P<b>[\d,.]+)(?P<bu>万元|万|元)(?:人民币)?"
    r"(?:减少|减资|减|降低|降)(?:至|为|到)(?:人民币)?(?P<a>[\d,.]+)(?P<au>万元|万|元)"
)
REASON_RE = re.compile(
    r"(?P<r>(?:经|根据)[^,;。]{1,30}?(?:决议|决定|判决|裁定|批复)|因[^,;。]{2,30}|(?:营业执照|执照)被[^,;。]{1,10}吊销)"
)
DATE = r"(?P<y{n}>\d{{4}})年(?P<m{n}>\d{{1,2}})月(?P<d{n}>\d{{1,2}})日"
PERIOD_RE = re.compile(
    r"公告期(?:限)?(?:为|:)?(?:自)?"
    + DATE.format(n=1)
    + r"(?:起)?(?:至|到|-|~)(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
)
COMPANY_LABEL_RE = re.compile(
    r"(?:企业名称|公司名称|名称):(?P<v>[^,;。:]+?)(?=[,;。]|统一社会信用代码|注册号|登记机关|$)"
)
NAMED_TITLE_RE = re.compile(
    r"(?P<co>[^,;。:]{2,60}?)(?:关于)?(?:简易)?(?:注销|减资|合并|分立|清算组?|债权申报)(?:的)?公告:?"
)
NAME_PAREN_RE = re.compile(r"\([^()\d:,;。]{1,8}\)")
COMPANY_STOP_RE = re.compile(
    r"[(,;。:]|经(?:股东|董事|投资|全体|合伙|出资|本公司|公司|会员)|拟|决定|因|于\d|现|依法|根据|将|申请|已|吸收|与|和|及"
)


class Extractor:
    """Collects fields and messages for one notice."""

    def __init__(self, source: str, c: Clean, kind: Kind, start: int, end: int, heading: str):
        self.source = source
        self.c = c
        self.t = c.text
        self.notice = ParsedNotice(kind=kind, start=start, end=end, text=source[start:end], heading=heading)

    # --- recording ---
    def field(self, name: str, value: str, cs: int | None, ce: int | None, uncertain=False, note="") -> Field:
        s, e = self.c.src(cs, ce) if cs is not None and ce is not None else (None, None)
        f = Field(name, value, s, e, uncertain, note)
        self.notice.fields[name] = f
        return f

    def message(self, level: str, code: str, text: str, cs: int | None = None, ce: int | None = None) -> None:
        if cs is None:
            s, e = self.notice.start, self.notice.end
        else:
            s, e = self.c.src(cs, max(ce or cs, cs + 1) if cs < len(self.t) else cs)
        self.notice.messages.append(Message(level, code, text, s, e))

    # --- shared pieces ---
    def numbers(self, start: int = 0) -> list[tuple[str, str, int, int]]:
        """(label, raw value, clean start, clean end) of every number from `start`."""
        found = []
        taken: list[tuple[int, int]] = []
        for m in LABEL_RE.finditer(self.t, start):
            num = m.group("num").rstrip("-")
            found.append((m.group("label"), num, m.start("num"), m.start("num") + len(num)))
            taken.append((m.start(), m.end()))
        for m in BARE_NUMBER_RE.finditer(self.t, start):
            if not any(a <= m.start() < b for a, b in taken):
                found.append(("", m.group(), m.start(), m.end()))
        return sorted(found, key=lambda x: x[2])

    def check_number(self, name: str, label: str, raw: str, cs: int, ce: int, item: str) -> Field:
        """Validate one number against the format its label or item implies; repair OCR look-alikes
        only where the format needs a digit, and flag the repair."""
        value = raw
        problem: str | None = None
        repairs: list[str] = []
        kind_name = ""
        if label in USCC_LABELS or (
            len(raw) == 18 and label in ("", "证号", "注册号") and "营业执照" in item
        ):
            kind_name = "uscc"
            fixed = raw.upper()
            fixed, repairs = formats.repair_digits(
                fixed, [i for i, ch in enumerate(fixed) if ch in "OISZ" and ch not in formats.USCC_CHARSET]
            )
            problem = formats.check_uscc(fixed)
            if problem and repairs and formats.check_uscc(raw.upper()) is None:
                fixed, repairs = raw.upper(), []
            value = fixed
        elif label in ("核准号", "开户许可证核准号") or (
            "开户许可证" in item and label in ("", "编号", "证号", "号码", "许可证号")
        ):
            kind_name = "licence"
            head, tail = raw[:1].upper(), raw[1:]
            tail, repairs = formats.repair_digits(tail, range(len(tail)))
            value = head + tail.upper()
            problem = formats.check_account_licence(value)
        elif label in ID_LABELS or ("身份证" in item and len(raw) == 18):
            kind_name = "id"
            fixed, repairs = formats.repair_digits(raw, range(min(17, len(raw))))
            value = fixed.upper()
            problem = formats.check_id_card(value)
        else:
            value = raw.upper()
            lookalikes = sorted({c for c in raw if c in formats.OCR_DIGITS})
            digits = sum(c.isdigit() for c in raw)
            if lookalikes and digits >= 0.7 * len(raw):
                f = self.field(name, value, cs, ce, True)
                f.note = (
                    f"号码中夹有字母 {'、'.join(lookalikes)}，"
                    "疑似识别错误（如 O 与 0、l 与 1），请对照原文核对"
                )
                return f
        f = self.field(name, value, cs, ce)
        if problem:
            f.uncertain, f.note = True, problem
            self.message("error", f"bad_{kind_name}", problem, cs, ce)
        elif repairs:
            f.uncertain = True
            f.note = f"疑似识别错误，已按格式将 {'、'.join(repairs)}，请对照原文核对"
        elif label == "":
            f.uncertain, f.note = True, "号码前没有写明号码名称（如核准号、证号），请核对号码类别"
        return f

    def org_name(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The organisation name that starts at `lo`: up to the last organisation ending before the
        first stop word that follows one (names may contain stop characters themselves: 杭州和泰…,
        现代…), or None when there is no ending."""
        pos = lo + 2
        while True:
            stop = COMPANY_STOP_RE.search(self.t, pos, hi)
            end = stop.start() if stop else hi
            last = None
            for m in ORG_END_RE.finditer(self.t, lo, end):
                last = m.end()
            if last is not None or stop is None:
                return (lo, last) if last else None
            if stop.group() == "(":  # part of a name only as a short word: 某某(集团)有限公司, (有限合伙)
                inner = NAME_PAREN_RE.match(self.t, stop.start())
                if inner is None:
                    return None
                pos = inner.end()
            elif stop.group() in ",;。:":
                return None
            else:
                pos = stop.end()

    def company(self, name: str = "company", lo: int = 0) -> int:
        """Company of a business notice: labelled (企业名称:…), else the name in the title
        ("某某有限公司注销公告"), else the name the body starts with. Returns where the rest begins."""
        m = COMPANY_LABEL_RE.search(self.t, lo)
        if m:
            self.field(name, to_name(m.group("v")), m.start("v"), m.end("v"))
            return m.end()
        generic = TITLE_RE.match(self.t, lo)
        if generic:
            lo = generic.end()
        title = NAMED_TITLE_RE.match(self.t, lo)
        span = None
        if (
            title
            and ORG_END_RE.search(title.group("co"))
            and title.group("co").endswith(tuple(s for s in ORG_SUFFIXES))
        ):
            body_start = title.end()
            if self.t.startswith("本公司", body_start):
                body_start += 3
            span = self.org_name(body_start, len(self.t))
            if span is None or span[0] != body_start:
                span = (title.start("co"), title.end("co"))
        else:
            if self.t.startswith("本公司", lo):
                lo += 3
            span = self.org_name(lo, len(self.t))
        if span is None:
            self.message(
                "error", "no_company", "没有找到企业名称（应以“有限公司”“合作社”等结尾）", lo, lo + 1
            )
            return lo
        a, b = span
        self.field(name, to_name(self.t[a:b]), a, b)
        return b

    def uscc_field(self, lo: int = 0) -> None:
        for label, raw, cs, ce in self.numbers(lo):
            if label in USCC_LABELS or (label == "" and len(raw) == 18):
                self.check_number("uscc", label or "统一社会信用代码", raw, cs, ce, "")
                return

    def creditor_days(self) -> None:
        kind = self.notice.kind
        m = DAYS_RE.search(self.t)
        law = LEGAL_PERIODS.get(kind)
        if m:
            days = formats.cn_int(m.group("d"))
            if days is None:
                self.message(
                    "error", "bad_days", f"债权申报期“{m.group('d')}”读不懂", m.start("d"), m.end("d")
                )
                return
            f = self.field("creditor_days", str(days), m.start("d"), m.end("d"))
            if law and days < law[0]:
                f.uncertain = True
                f.note = f"公告写明 {days} 日，短于{law[1]}规定的 {law[0]} 日，请核对"
            return
        if law:
            self.field(
                "creditor_days",
                str(law[0]),
                None,
                None,
                note=f"文中未写明，按{law[1]}为公告之日起 {law[0]} 日",
            )

    def phone(self) -> None:
        m = PHONE_RE.search(self.t)
        if not m:
            return
        value = formats.normalise_phone(m.group("p"))
        f = self.field("phone", value, m.start("p"), m.end("p"))
        problem = formats.check_phone(value)
        if problem:
            f.uncertain, f.note = True, problem
            self.message("warning", "bad_phone", problem, m.start("p"), m.end("p"))


# --- lost / void -----------------------------------------------------------------------------------
_FILLER_RE = re.compile(
    r"(?:,)?(?:于\d{4}年\d{1,2}月\d{1,2}日)?(?:在[^,]{1,12}?)?(?:因[^,]{1,10}?)?(?:不慎|现|特|已)?$"
)
_PAREN_RE = re.compile(r"\([^()]*(?:\d|代码|号)[^()]*\)")


def _declarant(x: Extractor, lo: int, hi: int) -> None:
    """The declarant is what precedes the verb or the item, minus heading words, parenthesised codes
    and fillers (于…日, 在…, 不慎)."""
    title = TITLE_RE.match(x.t, lo)
    if title:
        lo = title.end()
    if x.t.startswith("本人", lo):
        lo += 2
    segment = x.t[lo:hi]
    m = _FILLER_RE.search(segment)
    cut = m.start() if m else len(segment)
    # Only trust an "在…" filler when what precedes it is a complete name.
    if m and "在" in m.group() and not (ORG_END_RE.search(segment[:cut]) or 2 <= len(segment[:cut]) <= 4):
        tail = re.search(r"(?:不慎|现|特|已)?$", segment)
        cut = len(segment) - (len(tail.group()) if tail else 0)
    name = segment[:cut]
    paren = _PAREN_RE.search(name)
    if paren:
        name = name[: paren.start()]
    if not name:
        x.message(
            "error", "no_declarant", "没有找到声明人：“遗失”或物品名称前应写明单位或个人名称", hi, hi + 1
        )
        return
    f = x.field("declarant", to_name(name), lo, lo + len(name))
    if re.search(r"[\d,;:]", name) or len(name) > 60:
        f.uncertain, f.note = True, "声明人名称中有数字或标点，或过长，请核对"
    elif len(name) > 4 and not ORG_END_RE.search(name):
        f.uncertain, f.note = True, "声明人既不像个人姓名也不以单位名称结尾，请核对"


def _item(x: Extractor, pos: int) -> int:
    """Authority (…银行核发的), then the item(s); returns the clean index after the item."""
    t = x.t
    if t.startswith("原", pos):
        pos += 1
    a = AUTHORITY_RE.match(t, pos)
    if a and ITEM_RE.match(t, a.end()):
        x.field("authority", to_name(a.group("auth")), a.start("auth"), a.end("auth"))
        pos = a.end()
    names, first, last = [], None, pos
    while True:
        m = ITEM_RE.match(t, pos)
        if not m:
            break
        names.append(m.group())
        first = m.start() if first is None else first
        last = pos = m.end()
        q = QUANTITY_RE.match(t, pos)
        if q:
            pos = q.end()
        sep = re.match(r"[、和及与]|,(?=[^,]{0,12}?(?:" + ITEM_RE.pattern + "))", t[pos:])
        if sep and ITEM_RE.match(t, pos + sep.end()):
            pos += sep.end()
            continue
        break
    if names:
        x.field("item", "、".join(names), first, last)
        return pos
    m = GENERIC_ITEM_RE.match(t, pos)
    if m and m.group():
        x.field("item", m.group(), pos, m.end(), True, "未识别的物品名称，请核对")
        return m.end()
    x.message("error", "no_item", "没有找到遗失或作废的物品名称", pos, pos + 1)
    return pos


def _numbers_and_declaration(x: Extractor, lo: int) -> None:
    item = x.notice.value("item")
    nums = x.numbers(lo)
    primary = next((n for n in nums if n[0] not in USCC_LABELS), None)
    usccs = [n for n in nums if n[0] in USCC_LABELS]
    if usccs:
        x.check_number("uscc", *usccs[0], item if primary is None else "")
    if primary is None and usccs:
        label, raw, cs, ce = usccs[0]
        u = x.notice.fields["uscc"]
        x.notice.fields["number"] = Field("number", u.value, u.start, u.end, u.uncertain, u.note)
        ls = x.t.rfind(label, 0, cs)
        x.field("number_label", label, ls, ls + len(label))
        primary = None
    if primary:
        label, raw, cs, ce = primary
        x.check_number("number", label, raw, cs, ce, item)
        ls = x.t.rfind(label, 0, cs)
        x.field("number_label", label or "号码", ls if label else cs, ls + len(label) if label else ce)
        if not label:
            x.notice.fields["number_label"].uncertain = True
            x.notice.fields["number_label"].note = "号码前没有写明号码名称"
            x.notice.fields["number_label"].start = x.notice.fields["number_label"].end = None
    if "authority" not in x.notice.fields:
        a = AUTHORITY_AFTER_RE.search(x.t, lo)
        if a:
            x.field("authority", to_name(a.group("auth")), a.start("auth"), a.end("auth"))
    d = DECLARATION_RE.search(x.t, lo)
    if d is None:
        x.message(
            "warning",
            "no_declaration",
            "没有找到“声明作废”字样，请核对是否为作废声明",
            len(x.t) - 1,
            len(x.t),
        )
        return
    word = d.group()
    value = "声明作废" if word in DECLARATION_OCR or word == "声明作废" else word
    f = x.field("declaration", value, d.start(), d.end())
    if word in DECLARATION_OCR:
        f.uncertain, f.note = True, f"原文为“{word}”，按“声明作废”读取，请核对"


def extract_lost(x: Extractor) -> None:
    verb = LOST_VERB_RE.search(x.t)
    assert verb is not None
    if verb.group(1) != "遗失" and verb.group(1) != "丢失":
        x.message("warning", "ocr_verb", f"原文为“{verb.group(1)}”，按“遗失”读取", verb.start(1), verb.end(1))
    _declarant(x, 0, verb.start())
    _item(x, verb.end())
    # numbers in the declarant's parentheses (its USCC) count too
    _numbers_and_declaration(x, 0)


def extract_void(x: Extractor) -> None:
    t = x.t
    title = TITLE_RE.match(t)
    lo = title.end() if title else 0
    org = x.org_name(lo, len(t))
    m = ITEM_RE.search(t, org[1] if org else lo)
    if m is None:
        _declarant(x, lo, org[1] if org else lo)
        x.message("error", "no_item", "没有找到作废的物品名称", lo, lo + 1)
        _numbers_and_declaration(x, 0)
        return
    cut = m.start()
    head = re.search(r"(?:的|之|原|所持|持有的|名下)+$", t[lo:cut])
    authority = AUTHORITY_RE.search(t[lo:cut])
    end = cut - (len(head.group()) if head else 0)
    if authority and not org:
        end = lo + authority.start()
    _declarant(x, lo, end)
    _item(x, cut - (1 if t[cut - 1 : cut] == "原" else 0) if not authority else lo + authority.start())
    _numbers_and_declaration(x, 0)


# --- business notices ------------------------------------------------------------------------------
def extract_deregistration(x: Extractor) -> None:
    after = x.company()
    x.uscc_field(0)
    m = REASON_RE.search(x.t, after)
    if m:
        x.field("reason", to_name(m.group("r")), m.start("r"), m.end("r"))
    else:
        x.message("warning", "no_reason", "没有找到注销原因（如“经股东会决议”）", after, after + 1)
    x.creditor_days()
    x.phone()


def extract_simple_deregistration(x: Extractor) -> None:
    after = x.company()
    x.uscc_field(0)
    a = AUTHORITY_AFTER_RE.search(x.t) or re.search(r"向(?P<auth>[^,;。]{2,30}?局)(?:申请|提出)", x.t)
    if a:
        x.field("authority", to_name(a.group("auth")), a.start("auth"), a.end("auth"))
    p = PERIOD_RE.search(x.t, after)
    days_law, law = LEGAL_PERIODS[Kind.SIMPLE_DEREGISTRATION]
    if p:
        start = formats.iso_date(p.group("y1"), p.group("m1"), p.group("d1"))
        end = formats.iso_date(p.group("y2") or p.group("y1"), p.group("m2"), p.group("d2"))
        if start is None or end is None or end < start:
            x.message("error", "bad_period", "公告期的起止日期不成立", p.start(), p.end())
            return
        x.field("period_start", start, p.start("y1"), p.end("d1"))
        x.field("period_end", end, p.start("m2") if p.group("y2") is None else p.start("y2"), p.end("d2"))
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
        f = x.field("creditor_days", str(days), p.start(), p.end())
        if days < days_law:
            f.uncertain, f.note = True, f"公告期 {days} 日，短于{law}规定的 {days_law} 日"
    else:
        x.creditor_days()


def extract_capital_reduction(x: Extractor) -> None:
    x.company()
    x.uscc_field(0)
    m = CAPITAL_RE.search(x.t)
    if m:
        before = formats.money_wan(m.group("b"), m.group("bu"))
        after = formats.money_wan(m.group("a"), m.group("au"))
        if before is None or after is None:
            x.message("error", "bad_capital", "注册资本金额读不懂", m.start(), m.end())
        else:
            x.field("capital_before", before, m.start("b"), m.end("bu"))
            f = x.field("capital_after", after, m.start("a"), m.end("au"))
            if Decimal(after) >= Decimal(before):
                f.uncertain, f.note = True, "减资后的注册资本不小于减资前，请核对"
                x.message("error", "capital_not_reduced", "减资后的注册资本不小于减资前", m.start(), m.end())
    else:
        x.message("warning", "no_capital", "没有找到“注册资本由……减至……”", 0, 1)
    x.creditor_days()
    x.phone()


def _parties(x: Extractor, lo: int, hi: int) -> list[tuple[int, int]]:
    spans, pos = [], lo
    while pos < hi:
        span = x.org_name(pos, hi)
        if span is None:
            break
        spans.append(span)
        sep = re.match(r"[、和与及]", x.t[span[1] : span[1] + 1])
        if not sep:
            break
        pos = span[1] + 1
    return spans


def _set_parties(x: Extractor, name: str, spans: list[tuple[int, int]]) -> None:
    if not spans:
        return
    value = "、".join(to_name(x.t[a:b]) for a, b in spans)
    x.field(name, value, spans[0][0], spans[-1][1])


def extract_merger(x: Extractor) -> None:
    t = x.t
    title = TITLE_RE.match(t)
    lo = title.end() if title else 0
    absorb = t.find("吸收合并", lo)
    if absorb >= 0:
        body = NAMED_TITLE_RE.match(t, lo)
        if body and body.end() < absorb:
            lo = body.end()
        clause = max(t.rfind(ch, lo, absorb) for ch in ",;。:")
        left = _parties(x, max(lo, clause + 1), absorb)
        right = _parties(x, absorb + 4, len(t))
        spans = left + right
        if left:
            a, b = left[-1]
            x.field("survivor", to_name(t[a:b]), a, b)
    else:
        m = re.search(r"合并", t[lo:])
        spans = _parties(x, lo, lo + m.start() if m else len(t))
    _set_parties(x, "parties", spans)
    if len(spans) < 2:
        x.message("error", "no_parties", "合并公告应写明至少两家参与合并的企业", lo, lo + 1)
    s = re.search(r"(?:合并后|由)(?P<s>[^,;。]{2,60}?)(?:存续|继续存续)", t)
    if s and "survivor" not in x.notice.fields:
        x.field("survivor", to_name(s.group("s")), s.start("s"), s.end("s"))
    n = re.search(r"新设(?:立)?(?:的)?(?P<s>[^,;。]{2,60}?(?:有限责任公司|股份有限公司|有限公司|公司))", t)
    if n and "survivor" not in x.notice.fields:
        x.field("survivor", to_name(n.group("s")), n.start("s"), n.end("s"))
    x.creditor_days()
    x.phone()


SPLIT_INTO_RE = re.compile(r"分立为(?:两家公司|三家公司)?[,:]?")


def extract_split(x: Extractor) -> None:
    after = x.company()
    x.uscc_field(0)
    m = SPLIT_INTO_RE.search(x.t, after)
    if m:
        _set_parties(x, "parties", _parties(x, m.end(), len(x.t)))
    if "parties" not in x.notice.fields:
        x.message("warning", "no_parties", "没有找到分立后的企业（如“分立为……和……”）", after, after + 1)
    x.creditor_days()
    x.phone()


def extract_other(x: Extractor) -> None:
    t = x.t
    end = min([i for i in (t.find("。"), t.find(","), 30) if i > 0] or [len(t)])
    x.field("title", t[:end], 0, end)


EXTRACTORS: dict[Kind, Callable[[Extractor], None]] = {
    Kind.LOST: extract_lost,
    Kind.VOID: extract_void,
    Kind.DEREGISTRATION: extract_deregistration,
    Kind.SIMPLE_DEREGISTRATION: extract_simple_deregistration,
    Kind.CAPITAL_REDUCTION: extract_capital_reduction,
    Kind.MERGER: extract_merger,
    Kind.SPLIT: extract_split,
    Kind.OTHER: extract_other,
}

NOTICE_WORDS = re.compile(r"公告|声明|启事|通知|通告|作废|遗失|丢失|注销|减资|合并|分立")


TITLED = {
    "减资": Kind.CAPITAL_REDUCTION,
    "合并": Kind.MERGER,
    "分立": Kind.SPLIT,
    "注销": Kind.DEREGISTRATION,
}


def detect_kind(t: str, hint: Kind | None) -> Kind | None:
    """The notice's kind, or None when the text reads as no notice at all."""
    if "简易注销" in t:
        return Kind.SIMPLE_DEREGISTRATION
    lost = LOST_VERB_RE.search(t)
    if lost and lost.start() < 80:
        return Kind.LOST
    titled = re.search(r"(减资|合并|分立|注销)公告", t[:80])
    if titled:
        return TITLED[titled.group(1)]
    if re.search(r"吸收合并|新设合并", t):
        return Kind.MERGER
    if re.search(r"分立为", t):
        return Kind.SPLIT
    if "注销" in t and re.search(r"清算|债权|注销公告|解散|注销登记", t):
        return Kind.DEREGISTRATION
    if re.search(r"减资|减少注册资本|注册资本.{0,20}?减(?:少|至|为)", t):
        return Kind.CAPITAL_REDUCTION
    if "合并" in t:
        return Kind.MERGER
    if "分立" in t:
        return Kind.SPLIT
    if DECLARATION_RE.search(t):
        return Kind.VOID
    if hint is not None:
        return hint
    return Kind.OTHER if NOTICE_WORDS.search(t) else None


def extract(
    source: str, c: Clean, start: int, end: int, heading: str, hint: Kind | None
) -> ParsedNotice | None:
    kind = detect_kind(c.text, hint)
    if kind is None:
        return None
    x = Extractor(source, c, kind, start, end, heading)
    EXTRACTORS[kind](x)
    return x.notice
