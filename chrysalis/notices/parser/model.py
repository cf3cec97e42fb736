"""The parser's result types: plain dataclasses, JSON-ready through `as_dict()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    LOST = "lost"  # 遗失声明
    VOID = "void"  # 作废声明 (not lost: the holder voids it)
    DEREGISTRATION = "deregistration"  # 注销公告 (liquidation)
    SIMPLE_DEREGISTRATION = "simple_deregistration"  # 简易注销公告
    CAPITAL_REDUCTION = "capital_reduction"  # 减资公告
    MERGER = "merger"  # 合并公告
    SPLIT = "split"  # 分立公告
    OTHER = "other"  # any other notice, kept as text


KIND_LABELS_ZH = {
    Kind.LOST: "遗失声明",
    Kind.VOID: "作废声明",
    Kind.DEREGISTRATION: "注销公告",
    Kind.SIMPLE_DEREGISTRATION: "简易注销公告",
    Kind.CAPITAL_REDUCTION: "减资公告",
    Kind.MERGER: "合并公告",
    Kind.SPLIT: "分立公告",
    Kind.OTHER: "其他公告",
}

# Field names per kind, in display order. `creditor_days` is the creditors' period in calendar days.
FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.LOST: ("declarant", "uscc", "item", "number_label", "number", "authority", "declaration"),
    Kind.VOID: ("declarant", "uscc", "item", "number_label", "number", "authority", "declaration"),
    Kind.DEREGISTRATION: ("company", "uscc", "reason", "creditor_days", "phone"),
    Kind.SIMPLE_DEREGISTRATION: (
        "company",
        "uscc",
        "authority",
        "period_start",
        "period_end",
        "creditor_days",
    ),
    Kind.CAPITAL_REDUCTION: ("company", "uscc", "capital_before", "capital_after", "creditor_days", "phone"),
    Kind.MERGER: ("parties", "survivor", "creditor_days", "phone"),
    Kind.SPLIT: ("company", "uscc", "parties", "creditor_days", "phone"),
    Kind.OTHER: ("title",),
}

FIELD_LABELS_ZH = {
    "declarant": "声明人",
    "uscc": "统一社会信用代码",
    "item": "遗失/作废物品",
    "number_label": "号码名称",
    "number": "号码",
    "authority": "发证/登记机关",
    "declaration": "声明",
    "company": "企业名称",
    "reason": "注销原因",
    "creditor_days": "债权申报期（日）",
    "phone": "联系电话",
    "period_start": "公告期起",
    "period_end": "公告期止",
    "capital_before": "减资前注册资本（万元）",
    "capital_after": "减资后注册资本（万元）",
    "parties": "相关企业",
    "survivor": "存续企业",
    "title": "标题",
}


@dataclass(slots=True)
class Field:
    """One extracted value. `start`/`end` are offsets in the pasted text (None: not read from the
    text, e.g. a period taken from the law). `uncertain` asks the user to confirm; `note` says why."""

    name: str
    value: str
    start: int | None = None
    end: int | None = None
    uncertain: bool = False
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "uncertain": self.uncertain,
            "note": self.note,
        }


@dataclass(slots=True)
class Message:
    """A problem the parser found, positioned in the pasted text (1-based line and column)."""

    level: str  # "error" | "warning"
    code: str
    text: str  # Chinese, shown to the user as is
    start: int
    end: int
    line: int = 0
    column: int = 0

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "code": self.code,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
        }

    def __str__(self) -> str:
        return f"第 {self.line} 行第 {self.column} 列：{self.text}"


@dataclass(slots=True)
class ParsedNotice:
    kind: Kind
    start: int
    end: int
    text: str  # the notice's source text, verbatim
    fields: dict[str, Field] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    heading: str = ""  # the section heading it was found under, if any

    def value(self, name: str) -> str:
        f = self.fields.get(name)
        return f.value if f else ""

    def values(self) -> dict[str, str]:
        return {name: f.value for name, f in self.fields.items()}

    @property
    def uncertain(self) -> list[Field]:
        return [f for f in self.fields.values() if f.uncertain]

    @property
    def has_errors(self) -> bool:
        return any(m.level == "error" for m in self.messages)

    def as_dict(self) -> dict:
        return {
            "kind": str(self.kind),
            "kind_label": KIND_LABELS_ZH[self.kind],
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "heading": self.heading,
            "fields": {name: f.as_dict() for name, f in self.fields.items()},
            "messages": [m.as_dict() for m in self.messages],
        }


@dataclass(slots=True)
class ParseResult:
    source: str
    notices: list[ParsedNotice] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)  # page-level: unreadable text, bad phones…
    phones: list[Field] = field(default_factory=list)  # contact lines of the page (e.g. the paper's desk)

    @property
    def all_messages(self) -> list[Message]:
        out = list(self.messages)
        for n in self.notices:
            out.extend(n.messages)
        return sorted(out, key=lambda m: (m.start, m.end))

    @property
    def ok(self) -> bool:
        return bool(self.notices) and not any(m.level == "error" for m in self.all_messages)

    def as_dict(self) -> dict:
        return {
            "notices": [n.as_dict() for n in self.notices],
            "messages": [m.as_dict() for m in self.messages],
            "phones": [p.as_dict() for p in self.phones],
        }
