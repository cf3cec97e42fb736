"""Running the criteria engine for the web app and the API (reads only; stores nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chrysalis import criteria
from chrysalis.core.exports import rows_to_xlsx
from chrysalis.criteria.present import figure_zh

TIER_CHOICES = [
    ("sme_size", "企业规模（大中小微）"),
    ("tech_sme", "科技型中小企业"),
    ("innovative_sme", "创新型中小企业"),
    ("zjtx", "专精特新中小企业"),
    ("little_giant", "专精特新“小巨人”企业"),
]


class AssessmentInputError(Exception):
    """Invalid facts or request: `problems` is a list of {path, message} (Chinese)."""

    def __init__(self, problems: list[dict[str, str]]):
        super().__init__("; ".join(f"{p['path']}: {p['message']}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class AssessmentRequest:
    year: int
    rule_set: str | None = None  # an id, or None/"auto" to select by tier + application + date
    tier: str | None = None
    application: str = "new"
    as_of: dt.date | None = None


def rule_set_choices() -> list[tuple[str, str]]:
    return [(rs.id, rs.name_zh) for rs in criteria.rule_sets() if rs.tier != "sme_size"]


def _problems(exc: criteria.CriteriaError) -> list[dict[str, str]]:

    problems = getattr(exc, "problems", None)
    english = (get_language() or "").startswith("en")
    if problems:
        return [{"path": p.path, "message": p.message_en if english else p.message_zh} for p in problems]
    return [{"path": "", "message": str(exc)}]


def run(
    facts: dict[str, Any],
    request: AssessmentRequest,
    *,
    what_if: dict[str, str] | None = None,
    uncertain: dict[str, str] | None = None,
) -> criteria.Assessment:
    """Assess `facts` (a facts-format document). Raises AssessmentInputError naming each bad field.
    `uncertain`: the district's setting per rule set (screening.services.policies.uncertain_modes);
    the mode used is recorded in the result."""
    if request.application not in {"new", "review"}:
        raise AssessmentInputError(
            [{"path": "application", "message": _("Application type must be new or review.")}]
        )
    rule_set_id = request.rule_set if request.rule_set not in (None, "", "auto") else None
    if rule_set_id is None and not request.tier:
        raise AssessmentInputError([{"path": "tier", "message": _("Choose a tier, or a rule set by id.")}])
    try:
        if what_if:
            facts = criteria.apply_what_if(facts, what_if)
        if rule_set_id is None:
            on = request.as_of or dt.date(request.year, 6, 30)
            rule_set_id = criteria.select_rule_set(
                request.tier or "",  # checked above: a tier is given when no rule set is
                request.application,
                on,
                facts.get("province") if isinstance(facts, dict) else None,
            ).id
        return criteria.assess(
            facts,
            rule_set_id,
            request.year,
            application=request.application,
            as_of=request.as_of,
            uncertain=(uncertain or {}).get(rule_set_id, "hard"),
        )
    except criteria.CriteriaError as exc:
        raise AssessmentInputError(_problems(exc)) from exc
    except (KeyError, ValueError) as exc:
        raise AssessmentInputError([{"path": "", "message": str(exc)}]) from exc


#: the conditions whose failure keeps a firm out whatever its score (as the batch engine counts them)
HARD_ROLES = ("eligibility", "prerequisite", "required", "composite", "local")


def gap_summary(result: criteria.Assessment) -> tuple[int, str]:
    """(gap size, what it lacks) as the pool keeps them: 100 per hard condition not met plus the
    points missing to the pass mark at best; the lacking conditions named in words."""
    if result.verdict == "eligible":
        return 0, ""
    unmet = [
        r
        for r in result.results
        if r.outcome == "not_met" and r.criterion.kind == "condition" and r.criterion.role in HARD_ROLES
    ]
    sc = result.rule_set.scorecard
    points = max(sc.pass_mark - result.score_max, 0) if sc is not None and result.score_max is not None else 0
    lacks = [f"{r.id} {r.criterion.name_zh}" for r in unmet]
    if points:
        lacks.append(_("%(n)s points short of the pass mark") % {"n": points})
    return len(unmet) * 100 + points, "、".join(lacks)


def to_xlsx(result: criteria.Assessment) -> bytes:
    """The assessment as a workbook: summary, one row per criterion, gap analysis (core.exports: no
    formulas)."""
    d = result.to_dict()
    score = d.get("score") or {}
    summary = [
        ("规则集", f"{d['rule_set']['name_zh']}（{d['rule_set']['id']}，版本 {d['rule_set']['version']}）"),
        ("企业", f"{d['enterprise'].get('name') or ''} {d['enterprise'].get('uscc') or ''}".strip()),
        ("申报年度", d["application_year"]),
        ("申报类型", "复核" if d["application"] == "review" else "新申报"),
        ("结论", d["verdict_zh"]),
        ("说明", d["summary_zh"]),
        ("不确定条款", d["uncertain"]["label_zh"]),
    ]
    summary += [("提示", w) for w in d.get("warnings_zh", [])]
    if score:
        summary += [
            ("最低得分", score["min"]),
            ("最高得分", score["max"]),
            ("及格线", score["pass_mark"]),
            ("满分", score["of"]),
        ]
    criteria_rows = []
    for c in d["criteria"]:
        pts = c.get("points") or {}
        figures = "；".join(
            figure_zh(f["field"], f.get("year"), f.get("value"), f.get("source")) for f in c["figures"]
        )
        gaps = "；".join(g["text_zh"] for g in c.get("gap", []))
        criteria_rows.append(
            (
                c["id"],
                c["name_zh"],
                c["role_zh"],
                c["outcome_zh"],
                pts.get("min"),
                pts.get("max"),
                figures,
                c["explanation_zh"],
                gaps,
                c["confidence"]["label_zh"],
                c["confidence"]["text_zh"],
            )
        )
    gap = d.get("gap") or {}
    gap_rows = [
        ("评分提升", f"{step['criterion']} {step['name_zh']}：{ch['text_zh']}")
        for step in gap.get("scorecard_path") or []
        for ch in step["changes"]
    ]
    gap_rows += [("达标路径", ch["text_zh"]) for ch in gap.get("path", [])]
    gap_rows += [
        ("需人工认定", f"{item['criterion']} {item['name_zh']}：{item['prepare_zh']}")
        for item in gap.get("coaching", [])
    ]
    gap_rows += [
        ("待补充数据", f"{item['label_zh']}{'（' + str(item['year']) + '年）' if item.get('year') else ''}")
        for item in gap.get("collect", [])
    ]
    gap_rows += [("口径说明", note) for note in d.get("formulas_zh", [])]
    return rows_to_xlsx(
        "结论",
        [],
        summary,
        sheets=[
            (
                "逐项结果",
                [
                    "编号",
                    "指标",
                    "类别",
                    "结果",
                    "最低分",
                    "最高分",
                    "所用数据",
                    "说明",
                    "差距",
                    "可靠程度",
                    "可靠程度说明",
                ],
                criteria_rows,
            ),
            ("差距与辅导", ["类别", "内容"], gap_rows),
        ],
    )
