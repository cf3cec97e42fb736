"""The Chinese presentation of assessments: field and value names, figures, criterion
explanations, the summary sentence and the plain-text rendering of a whole assessment.

Nothing here decides anything: the evaluator computes outcomes and calls these helpers to
word them; :meth:`Assessment.to_text <chrysalis.criteria.result.Assessment.to_text>` renders
with :func:`assessment_text`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from .catalogue.schema import Criterion, RuleSet
from .exact import Bounds, Surd, fmt_apart, fmt_num, fmt_pct, fmt_pct_apart
from .facts import FACT_FIELD_ZH, RD_LEVEL_ZH, YEAR_FIELDS
from .features import FEATURES, FORMULAS, Figure

if TYPE_CHECKING:
    from .outcome import Verdict
    from .result import Assessment, CriterionResult, GapReport

OUTCOME_ZH = {"met": "满足", "not_met": "不满足", "unknown": "数据不全", "needs_review": "待人工认定"}
VERDICT_ZH = {"eligible": "符合", "not_eligible": "不符合", "undetermined": "待定"}
OUTCOME_MARK = {"met": "✔", "not_met": "✘", "unknown": "？", "needs_review": "◎"}

#: how sure a rule is (catalogue confidence tag → level), in words an official understands
CONFIDENCE_ZH = {
    "settled": "已核实的条文",
    "single_source": "单一来源",
    "interpretation": "本系统的解释",
    "unresolved": "尚未确认的口径",
}
CONFIDENCE_ADVICE_ZH = {
    "settled": "本项条文经政府网站或多个独立来源核对一致。",
    "single_source": "本项依据单一来源，申报前请核对当年通知。",
    "interpretation": "本项在条文未写明之处采用本系统的解释，申报前请以主管部门口径为准。",
    "unresolved": "本项口径尚未确认，申报前请向主管部门核实当年通知原文。",
}
UNCERTAIN_MODE_ZH = {
    "hard": "单一来源或尚未确认的条款按数据直接判定（默认）",
    "review": "单一来源或尚未确认的条款交人工认定，计算结果仅作佐证",
}
#: what a reviewer checks when a district sends an uncertain condition to review
UNCERTAIN_REVIEW_ZH = "核对当年申报通知原文后认定本项（计算结果仅作佐证）"


def confidence_zh(c: Criterion) -> str:
    """``单一来源：本项依据单一来源，申报前请核对当年通知。（说明）``"""
    level = c.confidence_level
    note = f"{c.note_zh}" if c.note_zh else ""
    return f"{CONFIDENCE_ZH[level]}：{CONFIDENCE_ADVICE_ZH[level]}{note}"


def review_zh(c: Criterion) -> str:
    return c.review_zh or UNCERTAIN_REVIEW_ZH


FIELD_ZH = {k: v[1].split("（")[0] for k, v in YEAR_FIELDS.items()} | FACT_FIELD_ZH


#: facts-format vocabularies in words (titles[].kind, rd_institution_level, figure sources)
TITLE_KIND_ZH = {
    "tech_sme": "科技型中小企业",
    "innovative_sme": "创新型中小企业",
    "zjtx_sme": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
    "high_tech_enterprise": "高新技术企业",
    "tech_innovation_demo": "科技创新示范企业",
    "ip_advantage": "知识产权优势企业",
    "ip_demo": "知识产权示范企业",
    "single_champion": "制造业单项冠军企业",
    "zj_hidden_champion": "浙江省隐形冠军企业",
    "zj_eagle": "浙江省“雄鹰”企业",
}
SOURCE_ZH = {
    "self_reported": "企业自报",
    "audited": "审计报告",
    "tax": "税务部门",
    "statistics": "统计部门",
    "miit": "工信部平台",
}
#: enumerated values that may appear as a figure's value
VALUE_ZH = RD_LEVEL_ZH | TITLE_KIND_ZH


_LABELS: dict[str, str] = {}


def label_of(name: str) -> str:
    """The display name of a feature: its first Chinese alias, with a rule year in words
    (``一类知识产权数_2026`` → ``一类知识产权数（2026 口径）``)."""
    label = _LABELS.get(name)
    if label is None:
        alias = FEATURES[name].alias_zh if name in FEATURES else name
        label = re.sub(r"_(\d{4})$", r"（\1 口径）", alias)
        if name in FEATURES:  # the registry is fixed: remember its labels
            _LABELS[name] = label
    return label


def field_zh(field: str) -> str:
    if field in FIELD_ZH:
        return FIELD_ZH[field]
    if field.startswith("leading_product."):
        return "主导产品：" + FEATURES[f"lp_{field.split('.', 1)[1]}"].alias_zh
    if field.startswith("titles."):
        kind = field.split(".", 1)[1]
        return "称号：" + TITLE_KIND_ZH.get(kind, kind)
    if field.startswith("judgements."):
        return f"人工认定 {field.split('.', 1)[1]}"
    if field in FEATURES:
        return label_of(field)
    return field


def source_zh(source: str | None) -> str:
    return SOURCE_ZH.get(source or "", source or "")


def value_zh(value: object) -> str:
    """A raw fact value in words: 是/否, 未知, the vocabularies; other values as they are."""
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return VALUE_ZH.get(value, value)
    if isinstance(value, list | tuple):
        return "、".join(value_zh(v) for v in value) or "无"
    return str(value)


def figure_zh(field: str, year: int | None, value: object, source: str | None = None) -> str:
    """One figure used (as stored in an assessment's JSON) in words:
    ``2025年营业收入：12000 万元（统计部门）``; the year and the source only when known."""
    when = f"{year}年" if year else ""
    unit = YEAR_FIELDS[field][2] if field in YEAR_FIELDS else ("万元" if "paid_in" in field else "")
    if field in ("niche_share", "niche_share_international") and value not in (None, ""):
        try:
            shown = fmt_pct(Fraction(str(value)))
        except (ValueError, ZeroDivisionError):
            shown = value_zh(value)
    else:
        shown = value_zh(value)
        if unit and value is not None and not isinstance(value, bool):
            shown = f"{shown} {unit}"
    src = f"（{source_zh(source)}）" if source else ""
    return f"{when}{field_zh(field)}：{shown}{src}"


def fmt_value(feature: str, v: object, near: Sequence[Fraction] = ()) -> str:
    """A feature value for Chinese text; ``near``: thresholds it is compared with — the value
    gets enough decimals not to read as one it differs from (79.9993%, not "80%")."""
    if v is None:
        return "未知"
    if isinstance(v, bool):
        return "是" if v else "否"
    unit = FEATURES[feature].unit if feature in FEATURES else ""
    if isinstance(v, Surd):
        x = Fraction(v.approx(10))
        if any(v.compare("==", t) for t in near):  # exactly on a threshold: print it as such
            x = next(t for t in near if v.compare("==", t))
        return fmt_pct_apart(x, near) if unit == "比例" else fmt_apart(x, near)
    if isinstance(v, Bounds):
        hi = "以上" if v.hi is None else f"–{fmt_num(v.hi)}"
        return f"{fmt_num(v.lo)}{hi}{'' if unit == '比例' else ' ' + unit}（部分信息不全）"
    assert isinstance(v, Fraction)
    if unit == "比例":
        return fmt_pct_apart(v, near)
    return f"{fmt_apart(v, near)} {unit}".rstrip()


_FIGURE_FIELDS: dict[str, tuple[str, str, bool]] = {}


def _figure_field(field: str) -> tuple[str, str, bool]:
    """(name, unit, shown as a percentage) of a figure's field, worded once per field."""
    hit = _FIGURE_FIELDS.get(field)
    if hit is None:
        if len(_FIGURE_FIELDS) > 10_000:  # fields such as judgements.<id> are open-ended
            _FIGURE_FIELDS.clear()
        unit = YEAR_FIELDS[field][2] if field in YEAR_FIELDS else ("万元" if "paid_in" in field else "")
        share = field in ("niche_share", "niche_share_international")
        hit = _FIGURE_FIELDS[field] = (field_zh(field), unit, share)
    return hit


def fmt_figure(f: Figure) -> str:
    name, unit, share = _figure_field(f.field)
    when = f"{f.year}年" if f.year else ""
    if f.value is None:
        val = "未知"
    elif isinstance(f.value, bool):
        val = "是" if f.value else "否"
    elif isinstance(f.value, dt.date):
        val = f.value.isoformat()
    else:
        val = VALUE_ZH.get(f.value, f.value) if isinstance(f.value, str) else str(f.value)
        if share:
            val = fmt_pct(Fraction(str(f.value)))
        elif unit:
            val = f"{val} {unit}"
    src = f"（来源：{source_zh(f.source)}）" if f.source else ""
    return f"{when}{name} {val}{src}"


def _figure_text(f: Figure, memo: dict[object, object] | None) -> str:
    if memo is None:
        return fmt_figure(f)
    key = ("figure", id(f))  # by identity: equal figures may print differently (1.0 / 1)
    hit = memo.get(key)
    if hit is None or hit[0] is not f:  # type: ignore[index]
        hit = memo[key] = (f, fmt_figure(f))
    return hit[1]  # type: ignore[index, no-any-return]


_HEADS: dict[tuple[str, int], tuple[Criterion, str]] = {}


def _head(rs: RuleSet, c: Criterion) -> str:
    """``【rule set·id name】``, worded once per rule set and criterion."""
    key = (rs.id, id(c))
    hit = _HEADS.get(key)
    if hit is None or hit[0] is not c:
        if len(_HEADS) > 10_000:  # overlays registered again and again (tests)
            _HEADS.clear()
        hit = _HEADS[key] = (c, f"【{rs.id}·{c.id} {c.name_zh}】")
    return hit[1]


def describe(
    rs: RuleSet,
    c: Criterion,
    figs: tuple[Figure, ...],
    vals: tuple[tuple[str, str], ...],
    result: str,
    memo: dict[object, object] | None = None,
) -> str:
    """The explanation of one criterion: its inputs, derived values and result. ``memo`` (one
    per assessment) keeps each figure's wording for the next criterion that shows it."""
    head = _head(rs, c)
    shown = "，".join([_figure_text(f, memo) for f in figs if f.value is not None or f.field != "titles"])
    if vals:
        joined = "，".join([f"{n} = {v}" for n, v in vals])
        if shown:
            return f"{head}依据：{shown}；{joined}。{result}"
        return f"{head}{joined}。{result}"
    if shown:
        return f"{head}依据：{shown}。{result}"
    return f"{head}。{result}"


def summary(
    rs: RuleSet, verdict: Verdict, results: Sequence[CriterionResult], smin: int | None, smax: int | None
) -> str:
    """The one-paragraph conclusion of an assessment."""
    failed = [
        r.id
        for r in results
        if r.outcome == "not_met"
        and r.criterion.kind == "condition"
        and r.criterion.role not in ("direct", "alternative")
    ]
    review = [r.id for r in results if r.outcome == "needs_review"]
    unknown = [r.id for r in results if r.outcome == "unknown" and not r.undecidable_zh]
    undecidable = [r.id for r in results if r.outcome == "unknown" and r.undecidable_zh]
    s = f"按{rs.name_zh}（{rs.id}）评价：{VERDICT_ZH[verdict]}。"
    if rs.scorecard is not None and smin is not None:
        s += f"评分 {smin}{'' if smin == smax else '–' + str(smax)} 分（及格线 {rs.scorecard.pass_mark}）。"
    if failed:
        s += f"未满足：{'、'.join(failed)}。"
    if review:
        s += f"待人工认定：{'、'.join(review)}。"
    if unknown:
        s += f"数据不全：{'、'.join(unknown)}。"
    if undecidable:
        s += f"无法判定：{'、'.join(undecidable)}（见提示）。"
    return s


def missing_zh(missing: Sequence[tuple[str, int | None]]) -> str:
    """``2025年营业收入、细分市场起始日`` — inputs still to collect."""
    return "、".join(f"{y}年{field_zh(f)}" if y else field_zh(f) for f, y in missing)


def _span(lo: int | None, hi: int | None) -> str:
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def _header(a: Assessment) -> list[str]:
    rs = a.rule_set
    uscc, name = a.enterprise
    kind = "复核" if a.application == "review" else "新申报"
    lines = [
        f"【{rs.name_zh}】规则集 {rs.id}（版本 {rs.version}，{rs.document}）",
        f"企业：{name or '（未填名称）'} {uscc or ''}；申报年度 {a.year}（{kind}），"
        f"评价基准日 {a.as_of.isoformat()}{'，' + a.province if a.province else ''}",
    ]
    if rs.overlays:
        lines.append(f"地方叠加：{'、'.join(rs.overlays)}")
    lines.append(f"结论：{VERDICT_ZH[a.verdict]}。{a.summary_zh}")
    lines.append(f"不确定条款：{UNCERTAIN_MODE_ZH[a.uncertain]}")
    lines += [f"提示：{w}" for w in a.warnings_zh]
    sc = rs.scorecard
    if sc is not None:
        lines.append(
            f"评分：{_span(a.score_min, a.score_max)} 分（满分 {sc.max_points}，及格线 {sc.pass_mark}）"
        )
        for g in a.groups:
            req = f"，最低 {g.required}" if g.required else ""
            lines.append(f"  · {g.name_zh}：{_span(g.min, g.max)} / {g.of}{req}")
    if a.size is not None:
        lines.append(f"企业规模：{a.size.size_zh}。{a.size.reason_zh}")
    return lines


def _result_lines(r: CriterionResult) -> list[str]:
    pts = ""
    if r.criterion.kind == "score":
        pts = f" [{_span(r.points_min, r.points_max)}/{r.criterion.max_points} 分]"
    lines = [
        f"{OUTCOME_MARK[r.outcome]} {r.id} {r.criterion.name_zh}{pts}",
        f"    {r.explanation_zh}",
        f"    依据可靠程度：{confidence_zh(r.criterion)}",
    ]
    lines += [f"    → {ch.text_zh}" for ch in r.gap]
    lines += [f"    → 或：{ch.text_zh}" for ch in r.gap_options]
    return lines


def _gap_lines(gp: GapReport) -> list[str]:
    lines: list[str] = []
    if gp.scorecard_path is not None or gp.scorecard_note_zh:
        lines += ["", f"评分提升路径：{gp.scorecard_note_zh or ''}"]
        for s in gp.scorecard_path or ():
            lines.append(
                f"  · {s.criterion} {s.name_zh}：{s.from_points} → {s.to_points} 分（“{s.band_zh}”）"
            )
            lines += [f"      {c.text_zh}" for c in s.changes]
    if gp.path or gp.path_note_zh:
        lines += ["", f"达标最省力路径：{gp.path_note_zh or ''}"]
        lines += [f"  · {c.text_zh}" for c in gp.path]
    if gp.coaching:
        lines += ["", "辅导清单（需人工认定）："]
        lines += [f"  · {cid} {nm}：{prep}" for cid, nm, prep in gp.coaching]
    if gp.collect:
        lines += ["", "待补充数据："]
        lines += [
            f"  · {label}{f'（{y}年）' if y else ''} — 用于 {'、'.join(cs)}"
            for _f, y, label, cs in gp.collect
        ]
    return lines


def assessment_text(a: Assessment) -> str:
    """The whole assessment as Chinese plain text (CLI, plain-text exports)."""
    lines = _header(a)
    lines += ["", "逐项结果："]
    for r in a.results:
        lines += _result_lines(r)
    if a.deciders:
        lines += ["", "尚待确定："]
        lines += [f"  · {i}：{t}" for i, t in a.deciders]
    if a.gaps is not None:
        lines += _gap_lines(a.gaps)
    if a.formulas:
        lines += ["", "口径说明："]
        lines += [f"  · {FORMULAS[k]}" for k in a.formulas]
    return "\n".join(lines)
