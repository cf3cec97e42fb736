"""How each feature is derived, as typed data for the SQL compiler of the batch engine.

One frozen dataclass per derivation family. feature_defs.py records one spec per feature next
to its Python ``derive`` function, so both interpreters read the same parameters (fields, years,
windows, vocabularies); :mod:`chrysalis.criteria.sql.compiler` turns each family into SQL.
Nothing here knows SQL: the specs are plain parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class YearFieldSpec:
    """A year field of year ``Y-k`` (``k`` = 0: the application year)."""

    field: str
    k: int


@dataclass(frozen=True, slots=True)
class RatioSpec:
    """``num / den`` of year ``Y-k``."""

    num: str
    den: str
    k: int


@dataclass(frozen=True, slots=True)
class GrowthSpec:
    """Annual growth of ``field`` (Y-1 over Y-2)."""

    field: str


@dataclass(frozen=True, slots=True)
class AvgGrowthSpec:
    """Average of the last two annual growth rates of ``field``."""

    field: str


@dataclass(frozen=True, slots=True)
class CagrSpec:
    """Two-year compound growth of ``field`` (Y-1 over Y-3)."""

    field: str


@dataclass(frozen=True, slots=True)
class TwoYearSumSpec:
    """``(field[Y-1] + field[Y-2]) / divisor``."""

    field: str
    divisor: int


@dataclass(frozen=True, slots=True)
class NicheYearsSpec:
    """Whole years in the niche market up to the end of Y-1, or (``to_date``) up to the
    assessment date."""

    to_date: bool = False


@dataclass(frozen=True, slots=True)
class IpCountSpec:
    """Count of IP rights of class ``cls`` (1 or 2) under the ``rules`` of a year
    (``"2022"``, ``"2026"``, ``"any"``; ``"all"``: every valid class-I right), with the
    extra boolean columns ``also`` required."""

    cls: int
    rules: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AwardCountSpec:
    """Count of S&T awards of ``levels`` in the last ``span`` years, ranked at most ``max_rank``."""

    levels: tuple[str, ...]
    max_rank: int | None
    span: int


@dataclass(frozen=True, slots=True)
class ContestCountSpec:
    """Count of 创客中国 placements in ``placements`` in the last ``span`` years."""

    placements: tuple[str, ...]
    span: int


@dataclass(frozen=True, slots=True)
class IncidentCountSpec:
    """Count of major/serious incidents of ``kinds`` in the last ``span`` years
    (``include_current``: the application year counts too)."""

    kinds: tuple[str, ...]
    span: int
    include_current: bool


@dataclass(frozen=True, slots=True)
class EquitySpec:
    """Paid-in equity from qualified investors in the last ``span`` years (an interval)."""

    span: int


@dataclass(frozen=True, slots=True)
class FlagSpec:
    """A yes/no column of the enterprises table."""

    column: str


@dataclass(frozen=True, slots=True)
class RegisteredSpec:
    """Registered in mainland China (has a USCC)."""


@dataclass(frozen=True, slots=True)
class ReviewSpec:
    """The application is a review (复核)."""


@dataclass(frozen=True, slots=True)
class TitleSpec:
    """Holds a title of ``kinds`` valid on the assessment date."""

    kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CodedSpec:
    """A vocabulary column mapped to integer codes."""

    column: str
    codes: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class IntegerSpec:
    """An integer column of the enterprises table."""

    column: str


@dataclass(frozen=True, slots=True)
class FlagCountSpec:
    """How many of the yes/no ``flags`` hold plus how many ``positive`` counts are above 0."""

    flags: tuple[str, ...]
    positive: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SmeSpec:
    """Small or medium-sized under the SME size rules (not large)."""


CountSpec = IpCountSpec | AwardCountSpec | ContestCountSpec | IncidentCountSpec

SqlSpec = (
    YearFieldSpec
    | RatioSpec
    | GrowthSpec
    | AvgGrowthSpec
    | CagrSpec
    | TwoYearSumSpec
    | NicheYearsSpec
    | CountSpec
    | EquitySpec
    | FlagSpec
    | RegisteredSpec
    | ReviewSpec
    | TitleSpec
    | CodedSpec
    | IntegerSpec
    | FlagCountSpec
    | SmeSpec
)

#: feature name → how it is derived (filled by feature_defs.py)
SQL_SPECS: dict[str, SqlSpec] = {}
