"""Every decision code the criteria package cites (A1–A10, Part B §x) has a row in the table
of docs/criteria.md, so a citation always resolves inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
DOC = PACKAGE.parents[1] / "docs" / "criteria.md"
DECISION = re.compile(r"(?<![\w-])A(10|[1-9])\b")
SECTION = re.compile(r"Part B §(\d+(?:\.\d+)?)")


def _cited() -> tuple[set[str], set[str]]:
    decisions: set[str] = set()
    sections: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        decisions |= {f"A{m}" for m in DECISION.findall(text)}
        sections |= {f"§{m}" for m in SECTION.findall(text)}
    return decisions, sections


def test_every_cited_code_has_a_row_in_docs() -> None:
    doc = DOC.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (A\d+|§[\d.]+) \|", doc, flags=re.MULTILINE))
    decisions, sections = _cited()
    assert decisions, "the scan found no citation: the pattern is wrong"
    assert decisions - rows == set()
    assert sections - rows == set()
