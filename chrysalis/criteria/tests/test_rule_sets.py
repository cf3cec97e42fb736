"""Pass rules of every rule set, verdicts, judgements, selection and overlays."""

from __future__ import annotations

import datetime as dt

import pytest

from chrysalis.criteria import (
    CatalogueError,
    UnknownRuleSetError,
    assess,
    get_rule_set,
    register_overlay,
    rule_sets,
    select_rule_set,
    unregister_overlay,
)
from chrysalis.criteria.catalogue import apply_overlay
from chrysalis.criteria.catalogue.schema import build_rule_set

from .helpers import run, set_path, strong_firm

ALL = (
    "sme-size-2011",
    "tech-sme-2017",
    "innovative-sme-2022",
    "zjtx-2022",
    "zjtx-2026",
    "little-giant-2022",
    "little-giant-2026",
)


def test_all_seven_rule_sets_load() -> None:
    assert [r.id for r in rule_sets()] == list(ALL)
    assert get_rule_set("innovative-sme-2022").scorecard.max_points == 100  # type: ignore[union-attr]
    assert len(get_rule_set("zjtx-2022").scored) == 13


@pytest.mark.parametrize(
    ("tier", "app", "on", "expected"),
    [
        ("zjtx", "new", dt.date(2026, 3, 31), "zjtx-2022"),
        ("zjtx", "new", dt.date(2026, 4, 1), "zjtx-2026"),
        ("zjtx", "review", dt.date(2026, 5, 1), "zjtx-2026"),
        ("little_giant", "new", dt.date(2026, 3, 31), "little-giant-2022"),
        ("little_giant", "new", dt.date(2026, 4, 1), "little-giant-2026"),
        ("little_giant", "review", 2026, "little-giant-2022"),
        ("little_giant", "review", 2027, "little-giant-2026"),
        ("innovative_sme", "new", 2026, "innovative-sme-2022"),
        ("tech_sme", "new", 2026, "tech-sme-2017"),
        ("sme_size", "review", 2020, "sme-size-2011"),
    ],
)
def test_selection(tier: str, app: str, on: dt.date | int, expected: str) -> None:
    assert select_rule_set(tier, app, on).id == expected


def test_selection_errors() -> None:
    with pytest.raises(UnknownRuleSetError):
        select_rule_set("zjtx", "new", dt.date(2021, 1, 1))
    with pytest.raises(UnknownRuleSetError):
        select_rule_set("platinum", "new", 2026)
    with pytest.raises(UnknownRuleSetError):
        get_rule_set("zjtx-2030")
    with pytest.raises(UnknownRuleSetError):
        assess(strong_firm(), "auto", 2026)  # auto without tier


def test_no_overlapping_windows() -> None:
    for rs in rule_sets():
        for other in rule_sets():
            if rs.id >= other.id or rs.tier != other.tier:
                continue
            for w in rs.applies:
                for v in other.applies:
                    common = set(w.applications) & set(v.applications)
                    overlap = w.start <= (v.end or dt.date.max) and v.start <= (w.end or dt.date.max)
                    assert not (common and overlap), (rs.id, other.id)


@pytest.mark.parametrize(
    "mutation",
    [
        lambda s: s["criteria"][0].update(when="rd_ratio >= "),  # syntax error
        lambda s: s["criteria"][0].update(when="no_such_feature"),  # unknown feature
        lambda s: s["criteria"][0].update(when="revenue"),  # numeric used as yes/no
        lambda s: s["criteria"][0].update(role="boss"),
        lambda s: s.update(passes="TS17-B1"),  # criteria left out of the pass rule
        lambda s: s["criteria"][8]["bands"].reverse(),  # bands not decreasing
        lambda s: s["criteria"][8].update(max_points=25),  # group total no longer 20
        lambda s: s["criteria"].append(dict(s["criteria"][0])),  # duplicate id
        lambda s: s.update(extra=1),
    ],
)
def test_malformed_catalogue_entry_raises(mutation) -> None:  # type: ignore[no-untyped-def]
    import copy

    from chrysalis.criteria.catalogue import tech_sme_2017

    spec = copy.deepcopy(tech_sme_2017.RULE_SET)
    mutation(spec)
    with pytest.raises(CatalogueError):
        build_rule_set(spec)


def test_strong_firm_verdicts() -> None:
    d = strong_firm()
    for rid in ("tech-sme-2017", "innovative-sme-2022", "sme-size-2011"):
        assert run(d, rid).verdict == "eligible", rid
    a = run(d, "zjtx-2026")
    assert a.verdict == "undetermined"
    assert [i for i, _ in a.deciders] == ["SP26-C7"]
    d["judgements"] = {"SP26-C7": {"outcome": "met", "by": "专家组", "on": "2026-05-01"}}
    a = run(d, "zjtx-2026")
    assert a.verdict == "eligible"
    r = a.result("SP26-C7")
    assert r.by_person and r.computed_outcome == "needs_review" and r.outcome == "met"
    d["judgements"] = {"SP26-C7": {"outcome": "not_met", "by": "专家组"}}
    assert run(d, "zjtx-2026").verdict == "not_eligible"


@pytest.mark.parametrize(
    ("path", "value", "failing"),
    [
        ("niche_since", "2023-01-02", "SP26-C1"),  # 2 full years at end of 2025
        ("years.2025.revenue+main", 1499.99, "SP26-C2"),
        ("years.2025.main_revenue", 9599.99, "SP26-C3"),  # 9600/12000 = 80 % exactly passes
        ("years.2025.total_liabilities", 12000.01, "SP26-C4"),  # 12000/15000 = 80 %
        ("years.2024.rd_expense", 99.99, "SP26-C5"),  # Y-2 now checked too
        ("years.2026.quality_score", 49.99, "SP26-C8"),
        ("credit.abnormal_list", True, "ELIG26-3"),
    ],
)
def test_zjtx_2026_each_hard_condition(path: str, value: object, failing: str) -> None:
    d = strong_firm()
    d["judgements"] = {"SP26-C7": {"outcome": "met"}}
    if path.endswith("+main"):
        d = set_path(d, "years.2025.main_revenue", value)
        path = path[:-5]
    a = run(set_path(d, path, value), "zjtx-2026")
    assert a.verdict == "not_eligible"
    assert a.result(failing).outcome == "not_met"


def test_zjtx_2026_exact_edges_pass() -> None:
    d = strong_firm()
    d["judgements"] = {"SP26-C7": {"outcome": "met"}}
    d = set_path(d, "years.2025.main_revenue", 9600)
    d = set_path(d, "years.2025.total_liabilities", 12000)
    d = set_path(d, "years.2026.quality_score", 50)
    d = set_path(d, "niche_since", "2023-01-01")
    assert run(d, "zjtx-2026").verdict == "eligible"


def test_zjtx_2026_review_uses_either_year() -> None:
    d = set_path(strong_firm(), "years.2026.quality_score", 40)
    d["judgements"] = {"SP26-C7": {"outcome": "met"}}
    assert run(d, "zjtx-2026").verdict == "not_eligible"
    assert run(d, "zjtx-2026", application="review").verdict == "eligible"  # 2025: 65


def test_innovative_direct_route_beats_low_score() -> None:
    d = strong_firm()
    d["titles"] = []
    d["rd_institution_level"] = "none"
    d["ip"] = []
    d["years"]["2025"].update(rd_expense=0, main_revenue=5000)  # main share 41.7 %
    a = run(d, "innovative-sme-2022")
    assert a.result("IN22-D2").outcome == "not_met"
    assert a.verdict == "not_eligible"
    d["awards"] = [{"kind": "sci_tech", "level": "provincial", "rank": 7, "year": 2024}]
    assert run(d, "innovative-sme-2022").verdict == "eligible"  # IN22-D1, any rank
    d["awards"][0]["year"] = 2022  # outside Y-3..Y-1
    assert run(d, "innovative-sme-2022").verdict == "not_eligible"


def test_innovative_group_minimum() -> None:
    d = strong_firm()
    d["titles"] = []
    d["rd_institution_level"] = "none"
    # growth group: S3 (main revenue growth) and S4 (debt) → 0 points
    d["years"]["2024"].update(main_revenue=12000, revenue=12000)
    d["years"]["2025"].update(total_liabilities=14000)
    a = run(d, "innovative-sme-2022")
    assert a.score_min is not None and a.score_min >= 60
    assert a.verdict == "not_eligible"  # 成长性 < 15
    g = {x.id: x for x in a.groups}["growth"]
    assert g.max < 15


def test_zjtx_2022_alternative_and_score() -> None:
    d = strong_firm()
    a = run(d, "zjtx-2022", year=2025 + 1, as_of=dt.date(2026, 3, 1))
    assert a.rule_set.id == "zjtx-2022+zj-2022"  # Zhejiang overlay, local indicator not configured
    assert a.score_min is not None and a.score_max == a.score_min + 15  # only SP22-S9 unknown
    assert a.verdict == "eligible"  # min score ≥ 60 already
    d["years"]["2025"]["rd_expense"] = 99.99
    assert run(d, "zjtx-2022", as_of=dt.date(2026, 3, 1)).result("SP22-C2").outcome == "not_met"


def test_zjtx_2022_score_fails_but_alternative_passes() -> None:
    d = strong_firm()
    for k in ("rd_institution_level",):
        d[k] = "none"
    d["ip"] = []
    d["leading_product"] = {}
    d["years"]["2025"].update(digital_level=1, net_profit=0, rd_staff=0, total_liabilities=14000)
    d["own_brand"] = d["management_system_certified"] = d["quality_award_provincial_or_higher"] = False
    d["drafted_standards"] = 0
    a = run(d, "zjtx-2022", as_of=dt.date(2026, 3, 1))
    assert a.score_max is not None and a.score_max < 60
    assert a.verdict == "not_eligible"
    d["contests"] = [{"kind": "maker_china", "placement": "top500", "year": 2024}]
    a = run(d, "zjtx-2022", as_of=dt.date(2026, 3, 1))
    assert a.verdict == "eligible" and a.result("SP22-A4").outcome == "met"


def test_local_overlay_narrows_the_range() -> None:
    d = strong_firm()
    before = run(d, "zjtx-2022", as_of=dt.date(2026, 3, 1))
    assert "zj-2022（浙江省）" in before.rule_set.overlays
    spec = {
        "id": "zj-test",
        "province": "浙江省",
        "rule_set": "zjtx-2022",
        "version": "t1",
        "name_zh": "测试",
        "slots": {
            "local_2022": [
                {
                    "id": "SP22-S9.1",
                    "name_zh": "省重点产业",
                    "name_en": "key industry",
                    "max_points": 10,
                    "bands": [{"when": "lp_key_field", "points": 10, "label_zh": "属于"}],
                },
                {
                    "id": "SP22-S9.2",
                    "name_zh": "出口",
                    "name_en": "export",
                    "max_points": 5,
                    "bands": [{"when": "niche_share_international >= 5%", "points": 5, "label_zh": "≥5%"}],
                },
            ]
        },
        "criteria": [
            {
                "id": "ZJ-L1",
                "kind": "condition",
                "name_zh": "浙江注册",
                "name_en": "registered",
                "when": "registered_in_mainland",
            }
        ],
    }
    try:
        rs = register_overlay(spec)
        assert rs.id == "zjtx-2022+zj-test"
        after = run(d, "zjtx-2022", as_of=dt.date(2026, 3, 1))
        assert after.result("SP22-S9.1").points_min == 10
        assert after.result("SP22-S9.2").points_max == 5 and after.result("SP22-S9.2").points_min == 0
        assert after.score_max - after.score_min == 5  # type: ignore[operator]
        assert after.result("ZJ-L1").outcome == "met"
        assert run(d, "zjtx-2022", as_of=dt.date(2026, 3, 1), province="江苏省").rule_set.id == "zjtx-2022"
    finally:
        unregister_overlay("浙江省", "zjtx-2022")
        from chrysalis.criteria.catalogue.overlays import ZJ_ZJTX_2022

        register_overlay(ZJ_ZJTX_2022)
    bad = dict(
        spec,
        slots={
            "local_2022": [
                dict(
                    spec["slots"]["local_2022"][0],  # type: ignore[index]
                    max_points=12,
                    bands=[{"when": "lp_key_field", "points": 12, "label_zh": "x"}],
                )
            ]
        },
    )
    with pytest.raises(CatalogueError):
        apply_overlay(get_rule_set("zjtx-2022"), bad)


def test_little_giant_2026() -> None:
    d = strong_firm()
    a = run(d, "little-giant-2026")
    assert a.verdict == "undetermined"
    assert {i for i, _ in a.deciders} == {"LG26-C6", "LG26-X2"}
    d["judgements"] = {"LG26-C6": {"outcome": "met"}, "LG26-X2": {"outcome": "met"}}
    assert run(d, "little-giant-2026").verdict == "eligible"
    # CAGR: sqrt(12000/9000) − 1 = 15.5 %; with rev[Y-3] = 12000/1.05² exactly on the edge
    d2 = set_path(d, "years.2023.revenue", "10884.35")  # 12000/1.1025 = 10884.353… → just below needed base
    assert run(d2, "little-giant-2026").result("LG26-C2").outcome == "met"
    d3 = set_path(d, "years.2023.revenue", "10884.36")
    assert run(d3, "little-giant-2026").result("LG26-C2").outcome == "not_met"
    assert run(d3, "little-giant-2026", application="review", year=2027).rule_set.id == "little-giant-2026"


def test_cagr_exact_edge() -> None:
    d = strong_firm()
    d["judgements"] = {"LG26-C6": {"outcome": "met"}, "LG26-X2": {"outcome": "met"}}
    d = set_path(d, "years.2023.revenue", 10000)
    d = set_path(d, "years.2025.revenue", 11025)  # sqrt(1.1025) − 1 = 5 % exactly
    d = set_path(d, "years.2025.main_revenue", 11025)
    assert run(d, "little-giant-2026").result("LG26-C2").outcome == "met"
    d = set_path(d, "years.2025.revenue", "11024.99")
    d = set_path(d, "years.2025.main_revenue", "11024.99")
    assert run(d, "little-giant-2026").result("LG26-C2").outcome == "not_met"


def test_little_giant_2022_general_and_fast_track() -> None:
    d = strong_firm()
    d["judgements"] = {k: {"outcome": "met"} for k in ("LG22-R4", "LG22-T1", "LG22-L", "LG22-F", "LG22-N3")}
    a = run(d, "little-giant-2022", application="review")
    assert a.verdict == "eligible", a.summary_zh
    d["ip"] = d["ip"][:1]  # N3 fails → N fails unless fast track
    a = run(d, "little-giant-2022", application="review")
    assert a.result("LG22-N3").outcome == "not_met" and a.verdict == "not_eligible"
    d["awards"] = [{"kind": "sci_tech", "level": "national", "rank": 3, "year": 2023}]
    assert run(d, "little-giant-2022", application="review").verdict == "eligible"
    # revenue tiers: 5000 belongs to the middle tier (needs 6 % each year)
    d = strong_firm()
    d["years"]["2025"].update(revenue=5000, main_revenue=5000, rd_expense=299.99)
    assert run(d, "little-giant-2022", application="review").result("LG22-N1").outcome == "not_met"
    d["years"]["2025"]["rd_expense"] = 300
    d["years"]["2024"].update(rd_expense=630)  # 6 % of 10500
    assert run(d, "little-giant-2022", application="review").result("LG22-N1").outcome == "met"


def test_tech_sme_tech_staff_zero_blocks_score() -> None:
    d = strong_firm()
    d["titles"] = []
    d["rd_institution_level"] = "none"
    d["drafted_standards"] = 0
    d["years"]["2025"].update(tech_staff=9, employees=100, rd_staff=5)  # 9 % → 0 points
    a = run(d, "tech-sme-2017")
    assert a.score_min == 80 and a.verdict == "not_eligible"
    d["years"]["2025"]["tech_staff"] = 10
    assert run(d, "tech-sme-2017").verdict == "eligible"


def test_size_rule_set_and_eligibility() -> None:
    d = set_path(strong_firm(), "years.2025.employees", 1000)
    d = set_path(d, "years.2025.revenue", 40000)
    d = set_path(d, "years.2025.main_revenue", 40000)
    a = run(d, "sme-size-2011")
    assert a.verdict == "not_eligible" and a.size is not None and a.size.size == "large"
    assert run(d, "innovative-sme-2022").result("ELIG22-2").outcome == "not_met"
    d["industry_code"] = None
    a = run(d, "sme-size-2011")
    assert a.verdict == "undetermined" and a.size.size == "unknown"  # type: ignore[union-attr]
