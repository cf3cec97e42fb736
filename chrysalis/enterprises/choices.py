"""Vocabularies of the enterprise registry. Codes are those of the facts format (facts-format.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")
    UNKNOWN = "unknown", _("Unknown")


class FigureSource(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Self-reported")
    AUDITED = "audited", _("Audited statement")
    TAX = "tax", _("Tax bureau")
    STATISTICS = "statistics", _("Statistics bureau")
    MIIT = "miit", _("MIIT platform")


class RecordOrigin(models.TextChoices):
    """Where a record (IP, title, award, contest, round, incident) comes from. An enterprise user may
    add and correct only self-reported records; everything else is read-only to it."""

    SELF_REPORTED = "self_reported", _("Self-reported by the enterprise")
    CONFIRMED = "confirmed", _("Confirmed by a reviewer")
    STAFF = "staff", _("Recorded by staff")
    AUTHORITY = "authority", _("From the issuing authority")


class IPKind(models.TextChoices):
    INVENTION_PATENT = "invention_patent", _("Invention patent")
    DEFENCE_PATENT = "defence_patent", _("Defence patent")
    PLANT_VARIETY = "plant_variety", _("New plant variety")
    CROP_VARIETY = "crop_variety", _("National-level crop variety")
    NEW_DRUG = "new_drug", _("National class-1 new drug")
    TCM_PROTECTED_VARIETY = "tcm_protected_variety", _("Protected TCM variety")
    IC_LAYOUT = "ic_layout", _("IC layout design")
    UTILITY_MODEL = "utility_model", _("Utility model patent")
    DESIGN_PATENT = "design_patent", _("Design patent")
    SOFTWARE_COPYRIGHT = "software_copyright", _("Software copyright")
    TRADEMARK = "trademark", _("Trademark")


IP_CLASS_I = frozenset(
    {
        "invention_patent",
        "defence_patent",
        "plant_variety",
        "crop_variety",
        "new_drug",
        "tcm_protected_variety",
        "ic_layout",
    }
)
# Trademarks are registered here but do not count as IP in the criteria (facts-format.md).
IP_KINDS_IN_FACTS = frozenset(IPKind.values) - {"trademark"}


class TitleKind(models.TextChoices):
    TECH_SME = "tech_sme", _("Tech-based SME")
    INNOVATIVE_SME = "innovative_sme", _("Innovative SME")
    ZJTX_SME = "zjtx_sme", _("Specialised and sophisticated SME (专精特新)")
    LITTLE_GIANT = "little_giant", _("Little giant (小巨人)")
    HIGH_TECH_ENTERPRISE = "high_tech_enterprise", _("High-tech enterprise")
    TECH_INNOVATION_DEMO = "tech_innovation_demo", _("Technology innovation demonstration enterprise")
    IP_ADVANTAGE = "ip_advantage", _("IP advantage enterprise")
    IP_DEMO = "ip_demo", _("IP demonstration enterprise")
    SINGLE_CHAMPION = "single_champion", _("Manufacturing single champion")
    ZJ_HIDDEN_CHAMPION = "zj_hidden_champion", _("Zhejiang hidden champion")
    ZJ_EAGLE = "zj_eagle", _("Zhejiang eagle enterprise")


class RdInstitutionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    BELOW_MUNICIPAL = "below_municipal", _("Below municipal")
    NONE = "none", _("None")


class IncidentKind(models.TextChoices):
    SAFETY = "safety", _("Work safety")
    CYBER = "cyber", _("Cyber security")
    DATA = "data", _("Data security")
    QUALITY = "quality", _("Product quality")
    ENVIRONMENT = "environment", _("Environment")
    TAX = "tax", _("Tax")
    INTEGRITY = "integrity", _("Integrity")
    SECTOR_RULES = "sector_rules", _("Serious breach of sector rules")


class Severity(models.TextChoices):
    MAJOR = "major", _("Major")
    SERIOUS = "serious", _("Serious")
    MINOR = "minor", _("Minor")


class AwardKind(models.TextChoices):
    SCI_TECH = "sci_tech", _("Science and technology award")
    CHINA_PATENT = "china_patent", _("China patent award")


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    MINISTERIAL = "ministerial", _("Ministerial")
    PROVINCIAL = "provincial", _("Provincial")


class ContestKind(models.TextChoices):
    MAKER_CHINA = "maker_china", _("Maker China SME innovation contest")


class Placement(models.TextChoices):
    TOP50 = "top50", _("Top 50")
    TOP500 = "top500", _("Top 500")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATED = "validated", _("Validated")
    INVALID = "invalid", _("Has errors")
    RUNNING = "running", _("Running")
    COMMITTED = "committed", _("Committed")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled back")


@dataclass(frozen=True)
class FigureField:
    name: str
    label: str  # lazy English label; Chinese through the catalogue
    kind: str  # money | signed_money | count | level | score | ratio | rank
    unit: str
    headers: tuple[str, ...]  # Chinese column headers officials write (first is canonical)


# The yearly figures of facts-format.md, in its order. Money in 万元.
FIGURE_FIELDS: tuple[FigureField, ...] = (
    FigureField(
        "revenue",
        _("Operating revenue"),
        "money",
        "万元",
        ("营业收入（万元）", "营业收入", "营收", "销售收入", "营业总收入"),
    ),
    FigureField(
        "main_revenue",
        _("Main business revenue"),
        "money",
        "万元",
        ("主营业务收入（万元）", "主营业务收入", "主营收入"),
    ),
    FigureField(
        "rd_expense",
        _("R&D expense"),
        "money",
        "万元",
        ("研发费用（万元）", "研发费用", "研发投入", "研发经费支出"),
    ),
    FigureField("net_profit", _("Net profit"), "signed_money", "万元", ("净利润（万元）", "净利润", "利润")),
    FigureField(
        "total_assets", _("Total assets"), "money", "万元", ("资产总额（万元）", "资产总额", "总资产")
    ),
    FigureField(
        "total_liabilities",
        _("Total liabilities"),
        "money",
        "万元",
        ("负债总额（万元）", "负债总额", "总负债"),
    ),
    FigureField(
        "total_cost_expense",
        _("Total costs and expenses"),
        "money",
        "万元",
        ("成本费用总额（万元）", "成本费用总额", "成本费用"),
    ),
    FigureField(
        "employees",
        _("Employees"),
        "count",
        "人",
        ("从业人员", "从业人员（人）", "从业人数", "职工总数", "员工人数"),
    ),
    FigureField("rd_staff", _("R&D staff"), "count", "人", ("研发人员", "研发人员（人）", "研发人数")),
    FigureField("tech_staff", _("Technical staff"), "count", "人", ("科技人员", "科技人员（人）")),
    FigureField(
        "tax_paid",
        _("Taxes paid"),
        "money",
        "万元",
        ("纳税总额（万元）", "纳税总额", "纳税额", "实缴税金", "税收", "纳税（万元）", "纳税"),
    ),
    FigureField(
        "digital_level",
        _("Digital maturity level"),
        "level",
        "级",
        ("数字化水平等级", "数字化水平", "数字化等级"),
    ),
    FigureField(
        "quality_score",
        _("Development quality score"),
        "score",
        "分",
        ("专精特新发展评价得分", "评价得分", "发展质量得分"),
    ),
    FigureField(
        "niche_share",
        _("Domestic niche market share"),
        "ratio",
        "",
        ("国内细分市场占有率", "细分市场占有率", "市场占有率"),
    ),
    FigureField(
        "niche_share_international",
        _("International niche market share"),
        "ratio",
        "",
        ("国际细分市场占有率",),
    ),
    FigureField(
        "niche_rank_domestic",
        _("Domestic niche market rank"),
        "rank",
        "名",
        ("国内细分市场排名", "细分市场排名"),
    ),
)
FIGURE_NAMES = tuple(f.name for f in FIGURE_FIELDS)
FIGURES_BY_NAME = {f.name: f for f in FIGURE_FIELDS}
INTEGER_KINDS = frozenset({"count", "level", "rank"})


# the yes/no flags the registry list shows (and exports) in its 标记 column, joined by 、
FLAG_FIELDS = (
    ("above_scale", _("above scale")),
    ("high_growth", _("high growth")),
    ("key_firm", _("key firm")),
    ("key_project", _("key project")),
)
