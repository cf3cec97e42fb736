"""The snapshot tables of the batch engine (facts-format.md, "Tables (batch screening)").

One table per list of the facts document, keyed by ``uscc``; the column types and vocabularies
are read from :mod:`chrysalis.criteria.facts` (the same constants the JSON parser checks), so a
table row is valid exactly when the equivalent facts document would be.

Extension (documented in docs/screening.md): ``enterprises.<list>__unknown`` (``ip__unknown``,
``titles__unknown`` …) marks a list as *not known* for that firm — the facts document leaves the
list out. Without it (or empty) a firm's list is its rows in the list's table (possibly none).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import (
    AWARD_KINDS,
    AWARD_LEVELS,
    CONTEST_KINDS,
    CREDIT_FLAGS,
    INCIDENT_KINDS,
    IP_KINDS,
    JUDGEMENT_OUTCOMES,
    LEADING_PRODUCT_FLAGS,
    PLACEMENTS,
    RD_INSTITUTION_LEVELS,
    SEVERITIES,
    TITLE_KINDS,
    TOP_FLAGS,
    YEAR_FIELDS,
)

#: money and ratios: at most this many decimal places (exactness: scaled to integers)
DECIMALS = 6
SCALE = 10**DECIMALS
LISTS = ("incidents", "titles", "awards", "contests", "ip", "equity_rounds")
PROVINCIAL_TITLE_RE = r"^[a-z]{2}_[a-z0-9_]+$"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # text | date | bool | int | dec
    required: bool = False
    vocab: tuple[str, ...] | None = None
    lo: int | None = None  # inclusive bounds (int and dec)
    hi: int | None = None
    pattern: str | None = None  # alternative to vocab (provincial titles)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False  # a missing optional table means "no rows"
    key: tuple[str, ...] = ("uscc",)  # unique key (None: not unique)
    unique: bool = False

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _year_column(field: str) -> Column:
    kind = YEAR_FIELDS[field][0]
    if kind == "money":
        return Column(field, "dec", lo=0)
    if kind == "signed_money":
        return Column(field, "dec")
    if kind == "ratio":
        return Column(field, "dec", lo=0, hi=1)
    if kind == "score":
        return Column(field, "dec", lo=0, hi=100)
    if kind == "count":
        return Column(field, "int", lo=0)
    if kind == "level":
        return Column(field, "int", lo=0, hi=4)
    return Column(field, "int", lo=1)  # rank


USCC = Column("uscc", "text", required=True)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "enterprises",
            (
                USCC,
                Column("name", "text"),
                Column("province", "text"),
                Column("industry_code", "text"),
                Column("registered_on", "date"),
                Column("niche_since", "date"),
                Column("leading_product__name", "text"),
                *(Column(f"leading_product__{f}", "bool") for f in LEADING_PRODUCT_FLAGS),
                *(Column(f, "bool") for f in TOP_FLAGS),
                Column("drafted_standards", "int", lo=0),
                Column("rd_institution_level", "text", vocab=RD_INSTITUTION_LEVELS),
                *(Column(f"credit__{f}", "bool") for f in CREDIT_FLAGS),
                *(Column(f"{lst}__unknown", "bool") for lst in LISTS),
            ),
            required=True,
            unique=True,
        ),
        Table(
            "years",
            (
                USCC,
                Column("year", "int", required=True, lo=1900, hi=2100),
                *(_year_column(f) for f in YEAR_FIELDS),
                Column("source", "text"),
            ),
            required=True,
            key=("uscc", "year"),
            unique=True,
        ),
        Table(
            "ip",
            (
                USCC,
                Column("kind", "text", required=True, vocab=IP_KINDS),
                Column("granted_on", "date"),
                Column("self_developed", "bool"),
                Column("high_value", "bool"),
                Column("related_to_leading_product", "bool"),
                Column("applied_with_benefit", "bool"),
                Column("transferred_in_on", "date"),
                Column("holder_rank", "int", lo=1),
                Column("valid", "bool"),
            ),
        ),
        Table(
            "titles",
            (
                USCC,
                Column("kind", "text", required=True, vocab=TITLE_KINDS, pattern=PROVINCIAL_TITLE_RE),
                Column("granted_on", "date"),
                Column("valid_until", "date"),
                Column("batch", "text"),
            ),
        ),
        Table(
            "awards",
            (
                USCC,
                Column("kind", "text", required=True, vocab=AWARD_KINDS),
                Column("level", "text", vocab=AWARD_LEVELS),
                Column("rank", "int", lo=1),
                Column("year", "int", lo=1900, hi=2100),
            ),
        ),
        Table(
            "contests",
            (
                USCC,
                Column("kind", "text", required=True, vocab=CONTEST_KINDS),
                Column("placement", "text", vocab=PLACEMENTS),
                Column("year", "int", lo=1900, hi=2100),
            ),
        ),
        Table(
            "equity_rounds",
            (
                USCC,
                Column("date", "date"),
                Column("paid_in", "dec", lo=0),
                Column("qualified_investor", "bool"),
            ),
        ),
        Table(
            "incidents",
            (
                USCC,
                Column("kind", "text", required=True, vocab=INCIDENT_KINDS),
                Column("severity", "text", vocab=SEVERITIES),
                Column("date", "date"),
            ),
        ),
        Table(
            "judgements",
            (
                USCC,
                Column("criterion", "text", required=True),
                Column("outcome", "text", required=True, vocab=JUDGEMENT_OUTCOMES),
                Column("by", "text"),
                Column("on", "date"),
                Column("note", "text"),
                Column("evidence", "text"),
            ),
            key=("uscc", "criterion"),
            unique=True,
        ),
    )
}

#: cross-field checks of a year row (as parse_facts): part ≤ whole when both are known
YEAR_PARTS = (("main_revenue", "revenue"), ("rd_staff", "employees"), ("tech_staff", "employees"))
