"""Issue 12: verdicts follow the texts exactly, reviewers decide what the texts leave to them,
and every rule says how sure it is. Each case runs on, below and above its edge in the Python
evaluator and in the compiled SQL (DuckDB), which must agree."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from chrysalis.criteria import assess, evaluate, get_rule_set, parse_facts, rule_sets
from chrysalis.criteria.exact import fmt_gap, fmt_pct_apart
from chrysalis.criteria.sql import DuckDBEngine
from chrysalis.criteria.tests.helpers import strong_firm
from chrysalis.criteria.tests.test_differential import engine_results

YEAR = 2026


def both(
    docs: list[dict[str, Any]],
    rule_set: str,
    criterion: str,
    *,
    year: int = YEAR,
    application: str = "new",
    uncertain: str = "hard",
) -> list[str]:
    """The criterion's outcome per firm, asserting the evaluator and DuckDB agree."""
    for i, d in enumerate(docs):
        d["uscc"] = f"91330110MA{i:08d}"
    modes = {rs.id: uncertain for rs in rule_sets()}
    with DuckDBEngine() as eng:
        ass, crit, _loc = engine_results(eng, docs, year, application, "parquet", modes)
    out = []
    for d in docs:
        a = evaluate(
            get_rule_set(rule_set), parse_facts(d), year, application, gaps=False, uncertain=uncertain
        )
        py = a.result(criterion).outcome
        sql = crit[(d["uscc"], rule_set, criterion)][0]
        assert sql == py, (criterion, d, sql, py)
        assert ass[(d["uscc"], rule_set)][0] == a.verdict, (rule_set, d)
        out.append(str(py))
    return out


def firm(**changes: Any) -> dict[str, Any]:
    d = strong_firm()
    d.update(changes)
    return d


# ----------------------------------------------------------------- 1. LG22-F: a reviewer decides


def test_lg22_f_is_reviewable_whatever_the_flags_say() -> None:
    lp = strong_firm()["leading_product"]
    docs = [
        firm(leading_product={**lp, "six_foundations": f, "key_field": k})
        for f, k in ((True, True), (False, False), (None, False))
    ]
    assert both(docs, "little-giant-2022", "LG22-F", application="review") == ["needs_review"] * 3
    # the panel accepts a product outside the lists: the judgement decides and shows
    docs[1]["judgements"] = {"LG22-F": {"outcome": "met", "by": "专家组", "note": "属关键配套产品"}}
    docs[0]["judgements"] = {"LG22-F": {"outcome": "not_met", "by": "专家组"}}
    assert both(docs, "little-giant-2022", "LG22-F", application="review") == [
        "not_met",
        "met",
        "needs_review",
    ]
    r = assess(docs[1], "little-giant-2022", YEAR, application="review").result("LG22-F")
    assert r.by_person and "仅作佐证" in r.explanation_zh and "工业六基 = 否" in r.explanation_zh


# ------------------------------------------------------------ 2. ELIG26-5: 2026 kinds, no tax


@pytest.mark.parametrize("rule_set", ["zjtx-2026", "little-giant-2026"])
def test_elig26_5_ignores_tax_and_counts_sector_rule_breaches(rule_set: str) -> None:
    def inc(kind: str, date: str, severity: str = "serious") -> dict[str, Any]:
        return firm(incidents=[{"kind": kind, "severity": severity, "date": date}])

    docs = [
        inc("tax", "2024-05-01"),  # 2022 wording only
        inc("sector_rules", "2024-05-01"),
        inc("sector_rules", "2022-12-31"),  # just before Y-3
        inc("sector_rules", "2023-01-01"),  # first day of Y-3
        inc("sector_rules", "2025-12-31", "minor"),
        inc("integrity", "2024-05-01"),
    ]
    assert both(docs, rule_set, "ELIG26-5") == ["met", "not_met", "met", "not_met", "met", "met"]
    # the 2022 rule sets keep the tax item
    assert both(docs[:1], "zjtx-2022", "ELIG22-5", year=2025) == ["not_met"]


# ---------------------------------------------------- 3. TS17-S3: transferred-in Ⅰ类 counts


def test_ts17_s3_counts_transferred_in_class_i() -> None:
    ip = {
        "kind": "invention_patent",
        "granted_on": "2020-01-01",
        "related_to_leading_product": True,
        "valid": True,
    }
    docs = [
        firm(ip=[{**ip, "transferred_in_on": "2026-03-01"}]),  # transferred in 4 months ago
        firm(ip=[{**ip, "transferred_in_on": "2025-06-30"}]),  # exactly one year
        firm(ip=[{**ip, "valid": False}]),
    ]
    both(docs, "tech-sme-2017", "TS17-S3")
    pts = [assess(d, "tech-sme-2017", YEAR, gaps=False).result("TS17-S3").points_min for d in docs]
    assert pts == [30, 30, 0]
    # the 2022 innovative-SME indicator still excludes IP transferred in within a year
    assert assess(docs[0], "innovative-sme-2022", YEAR, gaps=False).result("IN22-S1").points_min == 0


# -------------------------------------------- 4. SP22-C1: niche years to the assessment date


@pytest.mark.parametrize(
    "since, outcome",
    [
        ("2023-03-01", "met"),  # 2 years 4 months at 2025-06-30 (counted to 2024-12-31: 1 year)
        ("2023-06-30", "met"),  # exactly 2 years on the assessment date
        ("2023-07-01", "not_met"),  # one day short
    ],
)
def test_sp22_c1_counts_to_the_assessment_date(since: str, outcome: str) -> None:
    assert both([firm(niche_since=since)], "zjtx-2022", "SP22-C1", year=2025) == [outcome]


def test_sp22_c1_gap_names_the_day_the_firm_reaches_two_years() -> None:
    a = assess(firm(niche_since="2023-07-01"), "zjtx-2022", 2025)
    assert "2025-07-01 满 2 年" in a.result("SP22-C1").gap[0].text_zh


# ------------------------------------ 5. SP26-C6 / LG22-N3: a reviewer confirms the flags


def test_sp26_c6_needs_confirmation_unless_waived() -> None:
    ip = strong_firm()["ip"][:1]
    docs = [
        firm(rd_institution_level="municipal", ip=ip),  # count holds, no waiver → review
        firm(rd_institution_level="provincial", ip=ip),  # waiver: provincial R&D institution
        firm(rd_institution_level="municipal", ip=[]),  # neither
        firm(
            rd_institution_level="municipal",
            ip=[],
            awards=[{"kind": "sci_tech", "level": "ministerial", "rank": 3, "year": 2024}],
        ),  # 省部级 award top 3: waiver
        firm(rd_institution_level=None, ip=ip),  # waiver unknown: still review
    ]
    assert both(docs, "zjtx-2026", "SP26-C6") == ["needs_review", "met", "not_met", "met", "needs_review"]
    docs[0]["judgements"] = {"SP26-C6": {"outcome": "met", "by": "区经信局"}}
    assert both(docs[:1], "zjtx-2026", "SP26-C6") == ["met"]


def test_lg22_n3_needs_confirmation_when_the_count_holds() -> None:
    ip = strong_firm()["ip"]
    docs = [firm(ip=ip[:2]), firm(ip=ip[:1])]  # on the edge (2) and below it (1)
    assert both(docs, "little-giant-2022", "LG22-N3", application="review") == ["needs_review", "not_met"]


# ----------------------------------------------------- 6. ministerial awards are not 省级


@pytest.mark.parametrize(
    "rule_set, criterion, level, outcome",
    [
        ("innovative-sme-2022", "IN22-D1", "ministerial", "not_met"),
        ("innovative-sme-2022", "IN22-D1", "provincial", "met"),
        ("zjtx-2022", "SP22-A1", "ministerial", "not_met"),
        ("zjtx-2022", "SP22-A1", "provincial", "met"),
    ],
)
def test_ministerial_awards_count_only_where_the_text_says_省部级(
    rule_set: str, criterion: str, level: str, outcome: str
) -> None:
    d = firm(awards=[{"kind": "sci_tech", "level": level, "rank": 3, "year": 2024}])
    assert both([d], rule_set, criterion, year=2025) == [outcome]


# ------------------------------------------------- 7. TS17-B4: no cyber or data incidents


@pytest.mark.parametrize(
    "kind, outcome", [("cyber", "met"), ("data", "met"), ("safety", "not_met"), ("integrity", "not_met")]
)
def test_ts17_b4_follows_its_list(kind: str, outcome: str) -> None:
    d = firm(incidents=[{"kind": kind, "severity": "major", "date": "2025-09-01"}])
    assert both([d], "tech-sme-2017", "TS17-B4") == [outcome]


# ------------------------------------- 8. LG26-X1/X2 bind the 2026 annual notice only


@pytest.mark.parametrize("year, outcome", [(2026, "not_met"), (2027, "met")])
def test_lg26_x1_applies_in_its_notice_year_only(year: int, outcome: str) -> None:
    d = firm(titles=[*strong_firm()["titles"], {"kind": "single_champion", "valid_until": "2030-12-31"}])
    assert both([d], "little-giant-2026", "LG26-X1", year=year) == [outcome]
    assert both([firm()], "little-giant-2026", "LG26-X2", year=year) == [
        "needs_review" if year == 2026 else "met"
    ]
    if year == 2027:
        r = assess(d, "little-giant-2026", year).result("LG26-X1")
        assert "2027 年申报不适用" in r.explanation_zh


# --------------------------------------------------------------- 9. rounding in the text


def test_a_failing_ratio_prints_enough_digits_and_a_nonzero_gap() -> None:
    assert fmt_pct_apart(Fraction(799993, 1000000), [Fraction(8, 10)]) == "79.999%"
    assert fmt_gap(Fraction(7, 10000)) == "0.0007" and fmt_gap(Fraction(1, 2)) == "0.5"
    d = strong_firm()
    d["years"]["2025"].update(revenue="10000", main_revenue="7999.993")
    a = assess(d, "zjtx-2026", YEAR)
    r = a.result("SP26-C3")
    assert r.outcome == "not_met"
    assert "79.9999" in r.explanation_zh and "= 80%" not in r.explanation_zh
    assert "还差 0.00007 个百分点" in r.gap[0].text_zh and "还差 0 个" not in r.gap[0].text_zh


# ---------------------------------------------------------------- confidence and the setting


def test_every_criterion_says_how_sure_it_is() -> None:
    a = assess(strong_firm(), "zjtx-2026", YEAR)
    d = a.to_dict()
    by_id = {c["id"]: c for c in d["criteria"]}
    assert by_id["SP26-C1"]["confidence"]["level"] == "unresolved"
    assert by_id["SP26-C6"]["confidence"]["level"] == "single_source"
    assert by_id["SP26-C6"]["confidence"]["advice_zh"] == "本项依据单一来源，申报前请核对当年通知。"
    assert by_id["SP26-C3"]["confidence"]["level"] == "settled"
    assert d["uncertain"]["mode"] == "hard"
    assert "依据可靠程度：尚未确认的口径" in a.to_text()
    lg = {c.id: c.confidence_level for c in get_rule_set("little-giant-2022").criteria}
    assert lg["LG22-N1"] == "unresolved"
    assert get_rule_set("zjtx-2022").criterion("SP22-S5").confidence_level == "unresolved"
    assert get_rule_set("little-giant-2026").criterion("LG26-C4").confidence_level == "single_source"


def test_notes_shown_to_users_hold_no_field_names_or_codes() -> None:
    import re

    for rs in rule_sets():
        for c in rs.criteria:
            for text in (c.note_zh or "", c.review_zh or ""):
                assert not re.search(r"\[[A-Z0-9]+\]|Part B|\bA\d\b|incidents|severity|facts", text), (
                    rs.id,
                    c.id,
                    text,
                )


def test_a_district_may_send_uncertain_conditions_to_review() -> None:
    d = strong_firm()
    d["niche_since"] = "2023-06-30"  # 2 years at the end of 2025: SP26-C1 (unresolved) fails
    assert both([d], "zjtx-2026", "SP26-C1") == ["not_met"]
    assert both([dict(d)], "zjtx-2026", "SP26-C1", uncertain="review") == ["needs_review"]
    a = assess(d, "zjtx-2026", YEAR, uncertain="review")
    r = a.result("SP26-C1")
    assert "按现有数据计算为“不满足”" in r.explanation_zh and a.to_dict()["uncertain"]["mode"] == "review"
    assert r.computed_outcome == "needs_review"
    # settled conditions stay hard; unknown stays unknown
    assert a.result("SP26-C3").outcome == "met"
    d2 = strong_firm()
    d2["niche_since"] = None
    assert both([d2], "zjtx-2026", "SP26-C1", uncertain="review") == ["unknown"]
    # the reviewer's judgement decides
    d["judgements"] = {"SP26-C1": {"outcome": "met", "by": "区经信局"}}
    assert both([d], "zjtx-2026", "SP26-C1", uncertain="review") == ["met"]
    with pytest.raises(Exception, match="uncertain"):
        assess(d, "zjtx-2026", YEAR, uncertain="maybe")


# --------------------------------------------------------------------------- also consider


def test_an_incident_in_the_application_year_is_a_warning_not_a_verdict() -> None:
    d = firm(incidents=[{"kind": "safety", "severity": "major", "date": "2026-02-10"}])
    a = assess(d, "zjtx-2026", YEAR)
    assert a.result("ELIG26-5").outcome == "met"
    [w] = a.warnings_zh
    assert "2026-02-10" in w and "2023–2025年" in w and "未影响本次结论" in w
    assert a.to_dict()["warnings_zh"] == [w] and w in a.to_text()
    assert assess(firm(), "zjtx-2026", YEAR).warnings_zh == ()


def test_a_lapsed_bottom_tier_title_says_which_to_renew_and_by_when() -> None:
    d = firm(
        titles=[
            {"kind": "tech_sme", "granted_on": "2025-06-30", "valid_until": "2026-03-31"},
            {"kind": "zjtx_sme", "granted_on": "2023-06-01", "valid_until": "2026-05-31"},
        ]
    )
    r = assess(d, "zjtx-2026", YEAR, application="review").result("SP26-C1")
    assert r.outcome == "not_met"
    text = " ".join(g.text_zh for g in (*r.gap, *r.gap_options))
    assert "科技型中小企业入库登记已于 2026-03-31 到期" in text and "2026-06-30 前" in text


@pytest.mark.parametrize("code", ["J6621", "P8310", "Q8411", "G5311", "K7040"])
def test_industries_outside_the_size_standard_are_said_once_plainly(code: str) -> None:
    a = assess(firm(industry_code=code), "zjtx-2026", YEAR)
    r = a.result("ELIG26-2")
    assert r.outcome == "unknown" and r.undecidable_zh
    assert "数据不全" not in r.explanation_zh and "补充数据也无法改变" in r.explanation_zh
    assert "数据不全" not in a.summary_zh and "无法判定：ELIG26-2" in a.summary_zh
    assert len([w for w in a.warnings_zh if "不能得出最终结论" in w]) == 1
    assert all("需补充" not in t for _i, t in a.deciders)
    # a code merely too coarse still asks for data
    assert not assess(firm(industry_code="C"), "zjtx-2026", YEAR).result("ELIG26-2").undecidable_zh


def test_cli_takes_the_uncertain_setting(tmp_path) -> None:
    import io
    import json

    from chrysalis.criteria.cli import main

    d = strong_firm()
    d["niche_since"] = "2023-06-30"
    f = tmp_path / "firm.json"
    f.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    args = ["assess", "--rule-set", "zjtx-2026", "--year", "2026", "--input", str(f), "--format", "json"]
    assert main([*args, "--uncertain", "review"], stdout=out, stderr=io.StringIO()) == 0
    res = json.loads(out.getvalue())
    assert res["uncertain"]["mode"] == "review"
    assert next(c for c in res["criteria"] if c["id"] == "SP26-C1")["outcome"] == "needs_review"
