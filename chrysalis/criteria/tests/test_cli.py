"""CLI exit codes and output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from chrysalis.criteria.cli import main

from .helpers import strong_firm


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_assess_json_from_stdin() -> None:
    rc, out, err = call(
        ["assess", "--rule-set", "zjtx-2026", "--year", "2026", "--input", "-", "--format", "json"],
        json.dumps(strong_firm()),
    )
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["rule_set"]["id"] == "zjtx-2026" and doc["verdict"] == "undetermined"
    ids = [c["id"] for c in doc["criteria"]]
    assert "SP26-C8" in ids and doc["criteria"][0]["figures"]


def test_assess_auto_text_and_what_if(tmp_path: Path) -> None:
    p = tmp_path / "firm.json"
    p.write_text(json.dumps(strong_firm(), ensure_ascii=False), encoding="utf-8")
    rc, out, _ = call(["assess", "--tier", "innovative_sme", "--year", "2026", "--input", str(p)])
    assert rc == 0 and "结论：符合" in out and "口径说明" in out
    rc, out, _ = call(
        [
            "assess",
            "--rule-set",
            "zjtx-2026",
            "--year",
            "2026",
            "--input",
            str(p),
            "--what-if",
            "years.2026.quality_score=10",
            "--format",
            "json",
        ]
    )
    assert rc == 0 and json.loads(out)["verdict"] == "not_eligible"


def test_exit_2_on_bad_input(tmp_path: Path) -> None:
    base = ["assess", "--year", "2026", "--input", "-"]
    assert call(base + ["--rule-set", "zjtx-2026"], "{not json")[0] == 2
    rc, _, err = call(base + ["--rule-set", "zjtx-2026"], json.dumps({"years": {"2025": {"revenue": -1}}}))
    assert rc == 2 and "years.2025.revenue" in err
    rc, _, err = call(base + ["--rule-set", "zjtx-2099"], "{}")
    assert rc == 2 and "unknown rule set" in err
    rc, _, err = call(base, "{}")  # auto without tier
    assert rc == 2 and "tier" in err
    assert call(["assess", "--year", "2026"])[0] == 2  # missing --input
    assert (
        call(["assess", "--rule-set", "zjtx-2026", "--year", "2026", "--input", str(tmp_path / "nope.json")])[
            0
        ]
        == 2
    )
    assert call(["condition", "rd_ratio >="])[0] == 2


def test_empty_facts_are_a_valid_assessment() -> None:
    rc, out, _ = call(
        ["assess", "--rule-set", "little-giant-2026", "--year", "2026", "--input", "-", "--format", "json"],
        "{}",
    )
    assert rc == 0 and json.loads(out)["verdict"] == "undetermined"


def test_module_entry_point() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "chrysalis.criteria", "rule-sets"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        timeout=60,
    )
    assert r.returncode == 0 and "zjtx-2026" in r.stdout
