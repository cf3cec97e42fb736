"""Worked examples, one per rule set, checked by hand (see each file's description)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from chrysalis.criteria import assess

EXAMPLES = sorted((Path(__file__).parent / "examples").glob("*.json"))


def test_one_example_per_rule_set() -> None:
    assert {p.stem for p in EXAMPLES} == {
        "sme-size-2011",
        "tech-sme-2017",
        "innovative-sme-2022",
        "zjtx-2022",
        "zjtx-2026",
        "little-giant-2022",
        "little-giant-2026",
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example(path: Path) -> None:
    ex: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(ex["as_of"]) if "as_of" in ex else None
    a = assess(ex["facts"], ex["rule_set"], ex["year"], application=ex.get("application", "new"), as_of=as_of)
    exp = ex["expected"]
    assert a.rule_set.id.split("+")[0] == ex["rule_set"]
    assert a.verdict == exp["verdict"], a.summary_zh
    if "score" in exp:
        assert [a.score_min, a.score_max] == exp["score"]
    for cid, outcome in exp.get("outcomes", {}).items():
        assert a.result(cid).outcome == outcome, cid
    for cid, pts in exp.get("points", {}).items():
        assert a.result(cid).points_min == a.result(cid).points_max == pts, cid
    if "size" in exp:
        assert a.size is not None and a.size.size == exp["size"]
    d = a.to_dict()
    json.dumps(d, ensure_ascii=False)  # JSON-serialisable
    assert d["rule_set"]["version"] and len(d["criteria"]) == len(a.rule_set.criteria)
    assert all(c["explanation_zh"].startswith(f"【{a.rule_set.id}·{c['id']}") for c in d["criteria"])
    assert "结论" in a.to_text()
