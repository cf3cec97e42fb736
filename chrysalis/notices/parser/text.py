"""Text normalisation that keeps the way back to the pasted text.

`Clean` holds a normalised copy of a slice of the source (full-width ASCII folded to half-width,
whitespace and OCR noise dropped) and, for every character, its offset in the source; every field the
parser extracts is therefore located exactly in what the user pasted, whatever was folded or dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

# Dropped inside a notice: decoration and OCR specks. "*" stays (masked numbers), "|" stays (a
# look-alike of 1 repaired only inside numbers).
NOISE = frozenset("·•▪■□◆◇★☆※¦_^`\u200b\ufeff")
_FOLD = {0x3000: " ", 0x3010: "[", 0x3011: "]", 0x3014: "[", 0x3015: "]", 0xFE55: ":", 0x2236: ":"}
_FOLD |= {0xFF5E: "~", 0x2014: "-", 0x2013: "-", 0x2015: "-", 0x2212: "-", 0xFE63: "-"}


FOLD_TABLE = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5E)} | {k: ord(v) for k, v in _FOLD.items()}
_KEEP_RE = re.compile(r"[^\s" + re.escape("".join(sorted(NOISE))) + r"]+")


def fold_char(ch: str) -> str:
    return ch.translate(FOLD_TABLE)


@dataclass(slots=True)
class Clean:
    text: str
    pos: list[int]  # pos[k] = source offset of text[k]
    source_end: int

    def src(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the clean span [start, end)."""
        if start >= len(self.pos):
            return self.source_end, self.source_end
        return self.pos[start], (self.pos[end - 1] + 1 if end > start else self.pos[start])

    def slice(self, start: int, end: int) -> Clean:
        """The clean text of the source range [start, end) (offsets in the source)."""
        k0, k1 = bisect_left(self.pos, start), bisect_left(self.pos, end)
        return Clean(self.text[k0:k1], self.pos[k0:k1], end)


def clean(source: str, start: int = 0, end: int | None = None) -> Clean:
    end = len(source) if end is None else end
    folded = source[start:end].translate(FOLD_TABLE)  # one character for one: offsets unchanged
    parts: list[str] = []
    pos: list[int] = []
    for m in _KEEP_RE.finditer(folded):
        parts.append(m.group())
        pos.extend(range(start + m.start(), start + m.end()))
    return Clean("".join(parts), pos, end)


def line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    col = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, col


def to_name(value: str) -> str:
    """Organisation names use full-width brackets in Chinese registers: 杭州某某（集团）有限公司."""
    return value.replace("(", "（").replace(")", "）")
