"""The import engine: validate every row, diff against the registry, write all or nothing.

One pass over the sheet in chunks. Each chunk is parsed and validated, then compared with the
registry (2–3 queries per chunk) and, unless it is a dry run, written with bulk statements. The
whole commit runs in one transaction: if any row of the file is invalid, nothing is written and the
report lists every bad row (row number, column, value, message).

Keys are 统一社会信用代码 (+ year for figures), never row order. Empty cells mean "unknown" and
never erase a known value, so re-importing the same file changes nothing. Every changed value of an
existing record leaves a FigureRevision (old, new, source, who, when, batch); values of newly created
rows carry the batch on the row itself.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.enterprises import industry, validators
from chrysalis.enterprises.choices import FIGURE_NAMES, FIGURES_BY_NAME, FLAG_FIELDS, INTEGER_KINDS
from chrysalis.enterprises.imports import bulk, layout, parse, units
from chrysalis.enterprises.imports.mapping import META_TARGETS, PROFILE_IMPORT_FIELDS, PROFILE_TARGETS
from chrysalis.enterprises.imports.reader import PendingFormula, Sheet
from chrysalis.enterprises.models import Enterprise, FigureRevision, ImportBatch, YearFigures
from chrysalis.enterprises.services.enterprises import derived_fields
from chrysalis.enterprises.services.figures import check_value, cross_checks, same, text_of
from chrysalis.enterprises.uscc import UsccError, validate_uscc

CHUNK = 2000
MAX_REPORTED_ERRORS = 10_000
PREVIEW_ROWS = 20
MAX_REPORTED_WARNINGS = 1000
# plausibility: a figure beyond these is flagged in the preview and needs the user's confirmation
REVENUE_PER_EMPLOYEE_LIMIT = Decimal(10_000)  # 万元 per person (1亿元)
ASSETS_REVENUE_RATIO = Decimal(1000)  # assets and revenue more than three orders of magnitude apart
MONEY_LIMIT = Decimal("1e13")
_ZERO, _ONE, _HUNDRED = Decimal(0), Decimal(1), Decimal(100)

# Cheap range checks per figure kind; a value failing one goes to services.figures.check_value for the
# message.
FAST_CHECKS: dict[str, Callable] = {
    "money": lambda v: _ZERO <= v < MONEY_LIMIT,
    "signed_money": lambda v: -MONEY_LIMIT < v < MONEY_LIMIT,
    "ratio": lambda v: _ZERO <= v <= _ONE,
    "score": lambda v: _ZERO <= v <= _HUNDRED,
    "count": lambda v: v >= 0,
    "rank": lambda v: v >= 1,
    "level": lambda v: 0 <= v <= 4,
}


def _date(raw):
    if raw.__class__ is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return parse.date(raw)


def _boolean(raw):
    if raw == "是":
        return True
    if raw == "否":
        return False
    return parse.boolean(raw)


def _convert(value: Decimal, factor: Decimal | None, kind: str) -> Decimal:
    """Exact conversion to the stored unit; a value with more decimals than stored is refused."""
    original = value
    if factor is not None:
        value = value * factor
    if units.too_precise(value, kind):
        shown = parse_text(original)
        if factor is not None:
            raise parse.CellError(
                _("%(v)s converts to %(c)s 万元, which %(why)s")
                % {"v": shown, "c": parse_text(value), "why": units.precision_message(kind)}
            )
        raise parse.CellError(_("%(v)s %(why)s") % {"v": shown, "why": units.precision_message(kind)})
    return value


def _text_parser(max_len: int):
    def text(raw):
        value = parse.text(raw)
        if value is not None:
            if len(value) > max_len:
                raise parse.CellError(_("the text is too long"))
            problem = validators.text_problem(value)
            if problem:
                raise parse.CellError(problem)
        return value

    return text


def _industry_parser():
    known: dict[str, str] = {}

    def industry_code(raw):
        if raw.__class__ is str and raw in known:
            return known[raw]
        value = parse.text(raw)
        if value is None:
            return None
        code = _industry_code(value)
        if code is None or industry.get(code).level != "class":
            raise parse.CellError(_("“%(v)s” is not a four-digit GB/T 4754-2017 class code") % {"v": value})
        if raw.__class__ is str and len(known) < 5000:
            known[raw] = code
        return code

    return industry_code


def _money_parser(factor: Decimal):
    def money(raw):
        value = parse.decimal(raw)
        if value is None:
            return None
        value = _convert(value, factor, "money")
        problem = validators.registered_capital_problem(value)
        if problem:
            raise parse.CellError(problem)
        return value

    return money


def _plain_decimal(places: int | None) -> Callable[[str], re.Match | None]:
    """A matcher of ASCII decimals ("-12.5", "300") with at most `places` decimals: Decimal(raw) of such a
    text is finite and within the stored precision, so it needs neither the general parser nor the
    precision check; any other text takes the general path."""
    decimals = "*" if places is None else f"{{0,{places}}}"
    return re.compile(r"-?[0-9]+(?:\.[0-9]" + decimals + ")?").fullmatch


def _decimal_cell(raw, ratio: bool) -> Decimal | None:
    """A number cell: Decimal(raw) for a finite number text, else the general parser (its messages)."""
    if raw.__class__ is str and raw and raw[-1:].isdigit():
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite():
            return value
    return parse.decimal(raw, ratio=ratio)


def _registered_on_parser():
    today = timezone.localdate()  # once per import, not per cell

    def registered_on(raw):
        value = _date(raw)
        problem = validators.registered_on_problem(value, today)
        if problem:
            raise parse.CellError(problem)
        return value

    return registered_on


def _memo(parser: Callable, size: int = 1000) -> Callable:
    """A parser of a column with few distinct values (year, source, as-of date): each distinct cell text
    is parsed once; errors are not cached (each bad cell is reported)."""
    known: dict = {}

    def cell(raw):
        if raw.__class__ is str:
            try:
                return known[raw]
            except KeyError:
                pass
        value = parser(raw)
        if raw.__class__ is str and len(known) < size:
            known[raw] = value
        return value

    return cell


def _repeat(parser: Callable) -> Callable:
    """A parser of a profile column (name, grid, address …): the rows of one enterprise usually follow
    each other and repeat its details, so a cell text equal to the previous row's is not parsed again.
    The parsers wrapped are pure functions of the cell text; errors are not cached (each bad cell is
    reported)."""
    last: list = [None, None]

    def cell(raw):
        if raw.__class__ is str and raw == last[0]:
            return last[1]
        value = parser(raw)
        last[0], last[1] = raw, value
        return value

    return cell


def _flags(raw) -> dict[str, bool] | None:
    """The export's 标记 cell ("规上、重点企业"): the flags it names are yes, the others no."""
    value = parse.text(raw)
    if value is None:
        return None
    labels = {str(label): name for name, label in FLAG_FIELDS}
    out = dict.fromkeys(labels.values(), False)
    for part in value.replace("，", "、").replace(",", "、").split("、"):
        part = part.strip()
        if not part:
            continue
        if part not in labels:
            raise parse.CellError(
                _("unknown flag “%(v)s” (use %(known)s)") % {"v": part[:40], "known": "、".join(labels)}
            )
        out[labels[part]] = True
    return out


def _industry_code(value: str) -> str | None:
    """A class code, written alone ("C3824", "3824") or as the registry exports it, code and name
    ("C3824 电力电子元器件制造"); a name that does not belong to the code is refused."""
    code_text, _sep, name = value.strip().partition(" ")
    code = industry.normalize_code(code_text)
    name = name.strip()
    if code is not None and name:
        ind = industry.get(code)
        if ind is None or name not in (ind.name, ind.label, ind.label.partition(" ")[2]):
            raise parse.CellError(
                _("the industry name “%(name)s” does not belong to the code %(code)s")
                % {"name": name, "code": code}
            )
    return code


def parse_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class Row:
    number: int
    uscc: str
    profile: dict
    grid: OrgUnit | None  # the unit the firm is placed at: a grid, or a street / zone / community
    figures: dict[int, dict]  # year → {field: value}
    source: str | None
    as_of: dt.date | None
    area_only: bool = False  # placed by a street / zone column alone (an existing firm inside it stays)


@dataclass
class Outcome:
    stats: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    preview: list[dict] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # 合计 / 备注 rows: not enterprises, not errors
    warnings: list[dict] = field(default_factory=list)  # implausible figures the user must confirm
    warning_count: int = 0

    def add_warning(self, row: int, column: str, value, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED_WARNINGS:
            self.warnings.append(
                {
                    "row": row,
                    "column": column,
                    "value": "" if value is None else str(value),
                    "message": message,
                }
            )

    def add_error(self, row: int, column: str, value, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(
                {
                    "row": row,
                    "column": column,
                    "value": "" if value is None else str(value)[:100],
                    "message": str(message),
                }
            )


class ImportAborted(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__("import aborted")
        self.outcome = outcome


@dataclass
class Chunk:
    """What process() collects for one chunk of rows before writing it."""

    existing: dict[str, Enterprise]
    valid_rows: list[Row] = field(default_factory=list)
    new_enterprises: dict[str, Enterprise | None] = field(default_factory=dict)
    changed_enterprises: dict[str, set[str]] = field(default_factory=dict)
    ent_by_uscc: dict[str, Enterprise | None] = field(default_factory=dict)
    revisions: list[FigureRevision] = field(default_factory=list)
    new_rows: list[NewFigures] = field(default_factory=list)
    latest: dict[str, YearFigures | NewFigures] = field(default_factory=dict)
    changed_rows: dict[int, YearFigures] = field(default_factory=dict)
    changed_fields: set[str] = field(default_factory=set)


def _set_profile_value(ent: Enterprise, name: str, new) -> tuple[str, str] | None:
    """Set one profile value (or the grid) on an existing enterprise; (old, new) as revision text,
    or None when the value is unchanged."""
    if name == "org_unit":
        old = ent.org_unit_id
        if old == new.pk:
            return None
        ent.org_unit = new
        return str(old), str(new.pk)
    old = getattr(ent, name)
    if old == new or (isinstance(old, Decimal) and same(old, new)):
        return None
    setattr(ent, name, new)
    return (
        text_of(old) if not isinstance(old, str) else old,
        text_of(new) if not isinstance(new, str) else new,
    )


class Importer:
    def __init__(
        self,
        *,
        batch: ImportBatch,
        actor,
        sheet: Sheet,
        mapping: dict[str, str],
        dry_run: bool,
        progress: Callable[[int], None] | None = None,
    ):
        self.batch, self.actor, self.sheet, self.dry_run, self.progress = (
            batch,
            actor,
            sheet,
            dry_run,
            progress,
        )
        self.columns = {int(k): t for k, t in mapping.items() if t}
        self.headers = sheet.headers
        self.outcome = Outcome(dropped=[h for i, h in enumerate(self.headers) if i not in self.columns and h])
        self.default_source = batch.default_source
        self.default_as_of = batch.as_of
        self.seen_keys: set[tuple[str, int]] = set()
        self.names: dict[str, tuple[int, str | None, dict[str, int]]] = {}
        self.created: set[str] = set()
        self.changed: set[str] = set()
        self.touched: set[str] = set()
        self.counts = {
            "rows": 0,
            "enterprises_new": 0,
            "figures_new": 0,
            "figures_changed": 0,
            "values_changed": 0,
            "profile_values_changed": 0,
        }
        self.now = timezone.now()
        self._load_grids()
        self._compile()
        self.uscc_header = next((h for _i, h, slot, *_rest in self.cells if slot == "uscc"), "")
        self.uscc_index = next((i for i, _h, slot, *_rest in self.cells if slot == "uscc"), None)
        layout_choice = (batch.stats or {}).get("layout") or {}
        self.default_year = layout_choice.get("year") or getattr(sheet, "title_year", None)
        self.in_notes = False
        self._last_checked: tuple[str, dict] | None = None

    # --- reference data -----------------------------------------------------------------------
    def _load_grids(self) -> None:
        from chrysalis.enterprises.services.enterprises import PLACEABLE, admin_units

        self.allowed_grids = {}
        self.allowed_areas = {}
        units = sorted(admin_units(self.actor), key=lambda u: u.kind != "grid")  # grids first
        for u in units:
            target = self.allowed_grids if u.kind == "grid" else self.allowed_areas
            target.setdefault(u.name, u)
            target.setdefault(u.code, u)
        # the grid column also takes a street or zone (the registry's export writes the firm's unit)
        for key, u in self.allowed_areas.items():
            self.allowed_grids.setdefault(key, u)
        known = OrgUnit.objects.filter(kind__in=PLACEABLE).values_list("kind", "name", "code")
        self.known_grids = {x for kind, name, code in known if kind == "grid" for x in (name, code)}
        self.known_areas = {x for kind, name, code in known if kind != "grid" for x in (name, code)}
        self.unit_paths = dict(OrgUnit.objects.values_list("pk", "path"))

    # --- parsing ------------------------------------------------------------------------------
    # Every mapped column gets one cell parser, chosen once (not per cell). The parsers take a fast
    # path for the common well-formed cell and fall back to the general parsers of `parse` (which
    # give the precise message) for anything else, so the report is the same as cell-by-cell parsing.
    def _compile(self) -> None:
        self.cells: list[tuple[int, str, str, str, int | None, Callable]] = []
        # The figure cells' fast path (`_read_figures`): every figure column of the sheet, in column
        # order, when none needs a unit conversion; None otherwise (every cell takes its parser).
        fast: list[tuple[int, str, int | None, bool, Callable, Callable]] | None = []
        for index in sorted(self.columns):
            target = self.columns[index]
            header = self.headers[index] if index < len(self.headers) else ""
            if target == "uscc":
                self.cells.append((index, header, "uscc", target, None, self._uscc_parser()))
            elif target == "grid":
                self.cells.append((index, header, "grid", target, None, _repeat(self._grid)))
            elif target == "area":
                self.cells.append((index, header, "area", target, None, _repeat(self._area)))
            elif target in PROFILE_TARGETS:
                self.cells.append(
                    (
                        index,
                        header,
                        "profile",
                        target,
                        None,
                        _repeat(self._profile_parser(target, PROFILE_TARGETS[target][1], header)),
                    )
                )
            elif target in META_TARGETS:
                self.cells.append(
                    (
                        index,
                        header,
                        "meta",
                        target,
                        None,
                        _memo({"year": parse.year, "source": parse.source, "as_of": parse.date}[target]),
                    )
                )
            else:
                name, _sep, year = target.partition("@")
                self.cells.append(
                    (
                        index,
                        header,
                        "figure",
                        name,
                        int(year) if year else None,
                        self._figure_parser(name, header),
                    )
                )
                kind = FIGURES_BY_NAME[name].kind
                if fast is not None and units.money_factor(header, name) in (None, _ONE):
                    integer = kind in INTEGER_KINDS
                    match = _plain_decimal(units.DECIMALS.get(kind))
                    fast.append((index, name, int(year) if year else None, integer, match, FAST_CHECKS[kind]))
                else:
                    fast = None
        self.fast_figures = fast or None
        figure_slots = {i for i, _h, slot, *_r in self.cells if slot == "figure"}
        self.other_cells = [c for c in self.cells if c[0] not in figure_slots]

    @staticmethod
    def _uscc_parser():
        last: list = [object(), None]

        def cell(raw):
            if raw == last[0]:  # the rows of one enterprise usually follow each other
                return last[1]
            if parse.is_empty(raw):
                raise parse.CellError(_("the unified social credit code is missing"))
            try:
                value = validate_uscc(str(raw))
            except UsccError as exc:
                raise parse.CellError(exc.message) from exc
            last[0], last[1] = raw, value
            return value

        return cell

    def _grid(self, raw):
        if raw.__class__ is str and raw in self.allowed_grids:
            return self.allowed_grids[raw]
        name = parse.text(raw)
        if name is None:
            return None
        grid = self.allowed_grids.get(name)
        if grid is None:
            raise parse.CellError(
                _("the grid “%(g)s” is outside your scope") % {"g": name}
                if name in self.known_grids
                else _("there is no grid “%(g)s”") % {"g": name}
            )
        return grid

    def _area(self, raw):
        name = parse.text(raw)
        if name is None:
            return None
        area = self.allowed_areas.get(name)
        if area is None:
            raise parse.CellError(
                _("the street or zone “%(a)s” is outside your scope") % {"a": name}
                if name in self.known_areas
                else _("there is no street or zone “%(a)s” in the organisation") % {"a": name}
            )
        return area

    def _place(self, number: int, grid, area) -> tuple[OrgUnit | None, bool]:
        """Where the row places the firm: its grid (which must lie inside the street / zone when both
        are given), else the street / zone itself."""
        if area is None:
            return grid, False
        if grid is None:
            return area, True
        if not grid.path.startswith(area.path):
            header = next((h for _i, h, slot, *_r in self.cells if slot == "area"), "")
            self.outcome.add_error(
                number,
                header,
                area.name,
                _("the grid “%(g)s” is not inside “%(a)s”") % {"g": grid.name, "a": area.name},
            )
        return grid, False

    @staticmethod
    def _profile_parser(target: str, kind: str, header: str = ""):
        if kind == "text":
            return _text_parser(120 if target == "name" else 200)
        if kind == "industry":
            return _industry_parser()
        if kind == "money":
            return _money_parser(units.money_factor(header, target) or _ONE)
        if kind == "flags":
            return _flags
        if kind == "date":
            return _registered_on_parser()
        return _boolean

    @staticmethod
    def _figure_parser(name: str, header: str = ""):
        f = FIGURES_BY_NAME[name]
        ok = FAST_CHECKS[f.kind]
        factor = units.money_factor(header, name)
        if factor == _ONE:
            factor = None

        def fail(value):
            problem = check_value(name, value)
            if problem:
                raise parse.CellError(problem)
            return value

        if f.kind in INTEGER_KINDS:

            def integer(raw):
                if raw.__class__ is str and raw.isdigit() and raw.isascii():
                    value = int(raw)
                else:
                    value = parse.integer(raw)
                    if value is None:
                        return None
                return value if ok(value) else fail(value)

            return integer
        ratio = f.kind == "ratio"
        plain = _plain_decimal(units.DECIMALS.get(f.kind)) if factor is None else None

        def number(raw):
            if plain is not None and raw.__class__ is str and plain(raw):
                value = Decimal(raw)
                return value if ok(value) else fail(value)
            value = _decimal_cell(raw, ratio)
            if value is None:
                return None
            value = _convert(value, factor, f.kind)
            return value if ok(value) else fail(value)

        return number

    def parse_row(self, number: int, values: list) -> Row | None:
        errors_before = self.outcome.error_count
        uscc, grid, profile, figures, plain, meta = self._read_cells(number, values)
        grid, area_only = self._place(number, grid, meta.pop("area", None))
        if plain and meta.get("year") is None and self.default_year and "year" not in self.columns.values():
            meta["year"] = self.default_year
        if plain:
            if meta.get("year") is None:
                if "year" in self.columns.values() and not meta.get("year_failed"):
                    self.outcome.add_error(number, _("year"), None, _("the year is missing"))
            else:
                figures.setdefault(meta["year"], {}).update(plain)
        if uscc is None:
            return None
        self._check_figures(number, uscc, figures)
        self._plausibility(number, figures)
        self._check_name(number, uscc, profile, grid)
        if self.outcome.error_count > errors_before:
            return None
        return Row(number, uscc, profile, grid, figures, meta.get("source"), meta.get("as_of"), area_only)

    def _read_figures(self, values: list) -> tuple[dict, dict] | None:
        """The figure cells of a row when every one is empty or a plain, in-range number (the usual
        row): (figures by year, figures without a year column), the values the cells' parsers give.
        None at the first other cell (a text, a unit, a formula, a value out of range …): the row then
        takes the cell-by-cell path, which reports each bad cell in column order."""
        figures: dict[int, dict] = {}
        plain: dict = {}
        width = len(values)
        for index, target, year, integer, match, ok in self.fast_figures:  # type: ignore[union-attr]
            raw = values[index] if index < width else None
            if raw is None or raw == "":
                continue
            if raw.__class__ is not str:
                return None
            if integer:
                if not (raw.isdigit() and raw.isascii()):
                    return None
                value = int(raw)
            elif match(raw):
                value = Decimal(raw)
            else:
                return None
            if not ok(value):
                return None
            (figures.setdefault(year, {}) if year else plain)[target] = value
        return figures, plain

    def _read_cells(self, number: int, values: list):
        """Parse each mapped cell; report bad cells. Returns (uscc, grid, profile, figures by year,
        figures without a year column, other values)."""
        profile: dict = {}
        meta: dict = {}
        uscc = grid = None
        width = len(values)
        read = self._read_figures(values) if self.fast_figures is not None else None
        if read is None:
            figures: dict[int, dict] = {}
            plain: dict = {}
            cells = self.cells
        else:
            figures, plain = read
            cells = self.other_cells
        for index, header, slot, target, year, cell in cells:
            raw = values[index] if index < width else None
            if raw.__class__ is PendingFormula:
                self.outcome.add_error(
                    number,
                    header,
                    raw,
                    _(
                        "cell %(cell)s: the formula has not been calculated; open the file in Excel/WPS, "
                        "save it and import again"
                    )
                    % {"cell": raw},
                )
                continue
            try:
                value = cell(raw)
            except parse.CellError as exc:
                self.outcome.add_error(number, header, raw, exc.message)
                if target == "year":
                    meta["year_failed"] = True
                continue
            if slot == "figure":
                if value is not None:
                    (figures.setdefault(year, {}) if year else plain)[target] = value
            elif slot == "profile":
                if target == "flags":
                    profile.update(value or {})
                elif value is not None:
                    profile[target] = value
            elif slot == "uscc":
                uscc = value
            elif slot == "grid":
                grid = value
            elif slot == "area":
                meta["area"] = value
            else:
                meta[target] = value
        return uscc, grid, profile, figures, plain, meta

    def _check_figures(self, number: int, uscc: str, figures: dict[int, dict]) -> None:
        """Cross-checks between a year's figures, and the same (code, year) twice in the file."""
        for year, vals in figures.items():
            for fname, message in cross_checks(vals).items():
                self.outcome.add_error(
                    number, str(FIGURES_BY_NAME[fname].label), text_of(vals[fname]), f"{year}: {message}"
                )
            key = (uscc, year)
            if key in self.seen_keys:
                self.outcome.add_error(
                    number,
                    self.uscc_header,
                    uscc,
                    _("the figures of %(uscc)s for %(year)s appear twice in the file")
                    % {"uscc": uscc, "year": year},
                )
            self.seen_keys.add(key)

    def _plausibility(self, number: int, figures: dict[int, dict]) -> None:
        """Figures that are valid but implausible (a unit slip is the usual cause): flagged, not refused."""
        for year, vals in figures.items():
            revenue, employees, assets = vals.get("revenue"), vals.get("employees"), vals.get("total_assets")
            if revenue and employees and revenue / employees > REVENUE_PER_EMPLOYEE_LIMIT:
                self.outcome.add_warning(
                    number,
                    self._figure_header("revenue", year),
                    text_of(revenue),
                    _(
                        "%(year)s: revenue of %(per)s 万元 per employee (%(n)d employees) is implausible; "
                        "check the unit of the column"
                    )
                    % {"year": year, "per": text_of((revenue / employees).quantize(_ONE)), "n": employees},
                )
            if (
                revenue
                and assets
                and (assets / revenue > ASSETS_REVENUE_RATIO or revenue / assets > ASSETS_REVENUE_RATIO)
            ):
                self.outcome.add_warning(
                    number,
                    self._figure_header("total_assets", year),
                    text_of(assets),
                    _(
                        "%(year)s: total assets (%(a)s 万元) and revenue (%(r)s 万元) are more than a "
                        "thousand times apart; check the units of both columns"
                    )
                    % {"year": year, "a": text_of(assets), "r": text_of(revenue)},
                )

    def _figure_header(self, name: str, year: int) -> str:
        for _i, header, slot, target, col_year, _cell in self.cells:
            if slot == "figure" and target == name and col_year in (None, year):
                return header
        return str(FIGURES_BY_NAME[name].label)

    def _check_name(self, number: int, uscc: str, profile: dict, grid=None) -> None:
        """One code, one set of details across the file: the name (reported with both names) and any
        other profile value or grid given differently by two rows of the same enterprise."""
        values = dict(profile)
        if grid is not None:
            values["grid"] = grid.pk
        if not values:
            return
        if self._last_checked == (uscc, values):  # the previous row's details, found consistent
            return
        first = self.names.get(uscc)
        if first is None:
            self.names[uscc] = (number, values.get("name"), {k: hash(v) for k, v in values.items()})
            self._last_checked = (uscc, values)
            return
        errors_before = self.outcome.error_count
        first_row, first_name, first_values = first
        if "name" in values and first_name is not None and first_name != values["name"]:
            self.outcome.add_error(
                number,
                _("name"),
                values["name"],
                _("row %(row)d gives this code another name (“%(name)s”)")
                % {"row": first_row, "name": first_name},
            )
        for key, value in values.items():
            if key == "name":
                continue
            if key in first_values and first_values[key] != hash(value):
                self.outcome.add_error(
                    number,
                    self._header_of(key),
                    value if key != "grid" else grid.name,
                    _("row %(row)d gives this enterprise a different value") % {"row": first_row},
                )
            else:
                first_values.setdefault(key, hash(value))
        # the same details again on the next row would pass these checks and change nothing
        self._last_checked = (uscc, values) if self.outcome.error_count == errors_before else None

    def _header_of(self, target: str) -> str:
        headers = {t: h for _i, h, _slot, t, *_rest in self.cells}
        if target in headers:
            return headers[target]
        return headers.get("flags") or str(PROFILE_TARGETS.get(target, (target,))[0])

    def _skip(self, number: int, values: list) -> bool:
        """A 合计 / 备注 row (and the note lines after 备注) without a code: skipped, with a report line."""
        if self.uscc_index is not None:
            code = values[self.uscc_index] if self.uscc_index < len(values) else None
            if code.__class__ is str and len(code) == 18 and code[:1].isalnum():
                return False
            if self.in_notes and parse.is_empty(code):
                kind = "note"
            else:
                kind = layout.footer_kind(values)
        else:
            kind = layout.footer_kind(values)
        if kind is None:
            return False
        self.in_notes = self.in_notes or kind == "note"
        self.counts["rows_skipped"] = self.counts.get("rows_skipped", 0) + 1
        if len(self.outcome.skipped) < 100:
            text = next((str(v) for v in values if v not in (None, "")), "")
            self.outcome.skipped.append(
                {
                    "row": number,
                    "text": text[:60],
                    "kind": str(_("total row") if kind == "total" else _("note row")),
                }
            )
        return True

    # --- pipelined writes (PostgreSQL commit) ---------------------------------------------------
    # A chunk's write (COPY into indexed tables: mostly the server's work) runs in one worker thread
    # while this thread parses the next chunk; psycopg releases the GIL while it waits for the server,
    # so the server's work and the parsing overlap. The worker uses this thread's connection, hence the
    # same transaction (all or nothing holds), and this thread touches the database only once the
    # previous write has finished: `_drain` runs before each chunk's reads, before a progress report
    # (reported one chunk late) and at the end. A failed write raises here, at the next `_drain`.
    def _start_pipeline(self) -> None:
        self._pending: Future | None = None
        self._pending_progress: int | None = None
        self._executor: ThreadPoolExecutor | None = None
        if self.dry_run or not bulk.is_postgres():
            return
        self._connection = connections[DEFAULT_DB_ALIAS]
        self._connection.inc_thread_sharing()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-write")

    def _write_later(self, chunk: Chunk, latest_changed: list[Enterprise]) -> None:
        if self._executor is None:
            self._write(chunk, latest_changed)
            return
        context = contextvars.copy_context()  # the actor context, as in this thread
        self._pending = self._executor.submit(
            context.run, _with_connection, self._connection, self._write, chunk, latest_changed
        )

    def _drain(self) -> None:
        """Wait for the write in flight (re-raising its error), then report the progress it completes."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()
        if self._pending_progress is not None:
            done, self._pending_progress = self._pending_progress, None
            if self.progress:
                self.progress(done)

    def _report_progress(self, done: int) -> None:
        if self._executor is None:
            if self.progress:
                self.progress(done)
        else:
            self._pending_progress = done

    def _stop_pipeline(self) -> None:
        if self._executor is None:
            return
        if self._pending is not None:  # only when an error is on its way out: let the write finish first
            wait([self._pending])
            self._pending = None
        self._executor.shutdown(wait=True)
        self._executor = None
        self._connection.dec_thread_sharing()

    # --- main loop ------------------------------------------------------------------------------
    def run(self) -> Outcome:
        self._start_pipeline()
        try:
            return self._run()
        finally:
            self._stop_pipeline()

    def _run(self) -> Outcome:
        chunk: list[Row] = []
        for number, values in self.sheet.rows:
            if self._skip(number, values):
                continue
            self.counts["rows"] += 1
            row = self.parse_row(number, values)
            if row is not None:
                chunk.append(row)
                if len(self.outcome.preview) < PREVIEW_ROWS:
                    self.outcome.preview.append(
                        {
                            "row": number,
                            "uscc": row.uscc,
                            **{
                                k: text_of(v) if not isinstance(v, str) else v for k, v in row.profile.items()
                            },
                            **({"grid": row.grid.name} if row.grid else {}),
                            "figures": {
                                str(y): {k: text_of(v) for k, v in f.items()} for y, f in row.figures.items()
                            },
                        }
                    )
            if len(chunk) >= CHUNK:
                self.process(chunk)
                chunk = []
                self._report_progress(self.counts["rows"])
        if chunk:
            self.process(chunk)
        self._drain()
        if self.progress:
            self.progress(self.counts["rows"])
        if self.counts["rows"] == 0:
            self.outcome.add_error(0, "", None, _("The sheet has no data rows."))
        total = len(self.touched)
        self.outcome.stats = {
            **self.counts,
            "enterprises": total,
            "enterprises_changed": len(self.changed - self.created),
            "enterprises_unchanged": total - len(self.changed | self.created),
            "errors": self.outcome.error_count,
            "warnings": self.outcome.warning_count,
        }
        return self.outcome

    def process(self, rows: list[Row]) -> None:
        """Compare one chunk of parsed rows with the registry and (unless a dry run) write the
        differences: new enterprises, profile changes, new and changed yearly rows, revisions and the
        latest-year headline figures. Reads are a fixed number of queries per chunk."""
        self._drain()  # the previous chunk's write is done before this chunk reads the registry
        chunk = Chunk(existing=self._existing(rows))
        chunk.valid_rows = self._admissible(rows, chunk.existing)
        for r in chunk.valid_rows:
            self._apply_profile(r, chunk)
        chunk.ent_by_uscc = {**chunk.existing, **chunk.new_enterprises}
        current = self._current_figures(chunk)
        for r in chunk.valid_rows:
            self._apply_figures(r, chunk, current)
        self.counts["figures_changed"] += len(chunk.changed_rows)
        if self.dry_run:
            return
        latest_changed = self._latest_changed(chunk)
        self._write_later(chunk, latest_changed)

    def _existing(self, rows: list[Row]) -> dict[str, Enterprise]:
        usccs = {r.uscc for r in rows}
        return {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs).only(*ENTERPRISE_READ)}

    def _admissible(self, rows: list[Row], existing: dict[str, Enterprise]) -> list[Row]:
        """The rows the actor may import: existing enterprises in their import scope, new ones complete."""
        if self.actor is not None and existing:
            allowed = set(
                Enterprise.objects.restrict(self.actor, "import")
                .filter(uscc__in=existing)
                .values_list("uscc", flat=True)
            )
        else:
            allowed = set(existing)
        valid_rows = []
        for r in rows:
            ent = existing.get(r.uscc)
            if ent is not None and r.uscc not in allowed:
                self.outcome.add_error(
                    r.number,
                    _("unified social credit code"),
                    r.uscc,
                    _("this enterprise is registered outside your scope"),
                )
                continue
            if ent is None and r.uscc not in self.created:
                missing = [str(PROFILE_TARGETS[k][0]) for k in ("name",) if k not in r.profile] + (
                    [str(_("grid"))] if r.grid is None else []
                )
                if missing:
                    self.outcome.add_error(
                        r.number,
                        "、".join(missing),
                        None,
                        _("a new enterprise needs its name and its grid (or street / zone)"),
                    )
                    continue
            valid_rows.append(r)
        return valid_rows

    def _apply_profile(self, r: Row, chunk: Chunk) -> None:
        """A new enterprise (counted; built unless a dry run), or the profile changes of an existing one."""
        self.touched.add(r.uscc)
        ent = chunk.existing.get(r.uscc) or chunk.new_enterprises.get(r.uscc)
        if ent is None and r.uscc not in self.created:
            if not self.dry_run:  # a dry run only counts (no instances)
                ent = self._new_enterprise(r)
            chunk.new_enterprises[r.uscc] = ent
            self.created.add(r.uscc)
            self.counts["enterprises_new"] += 1
            return
        if ent is None or ent.pk is None:  # created in this or an earlier chunk
            return
        fields = chunk.changed_enterprises.setdefault(r.uscc, set())
        updates = dict(r.profile)
        if r.grid is not None and not (
            r.area_only and self.unit_paths.get(ent.org_unit_id, "").startswith(r.grid.path)
        ):  # a street / zone column alone leaves a firm already placed inside it where it is
            updates["org_unit"] = r.grid
        for name, new in updates.items():
            texts = _set_profile_value(ent, name, new)
            if texts is None:
                continue
            fields.add(name)
            self.counts["profile_values_changed"] += 1
            chunk.revisions.append(self._revision(ent, None, name, *texts, ""))
        if fields:
            self.changed.add(r.uscc)

    def _new_enterprise(self, r: Row) -> Enterprise:
        """The instance `Enterprise(uscc=…, org_unit=…, import_batch=…, created_by=…, **profile)` builds,
        without running Model.__init__ for each of 100,000 firms: a copy of one blank instance's field
        values (every Enterprise default is a constant, no init signal is connected; else the
        constructor is used)."""
        blank = self._blank_enterprise()
        if blank is None:
            ent = Enterprise(
                uscc=r.uscc,
                org_unit=r.grid,
                import_batch=self.batch,
                created_by=self.creator,
                **{k: v for k, v in r.profile.items() if k in PROFILE_IMPORT_FIELDS},
            )
        else:
            ent = Enterprise.__new__(Enterprise)
            ent.__dict__.update(blank)
            ent._state = ModelState()
            ent.uscc = r.uscc
            ent.org_unit = r.grid
            ent.import_batch = self.batch
            ent.created_by = self.creator
            for k, v in r.profile.items():
                if k in PROFILE_IMPORT_FIELDS:
                    setattr(ent, k, v)
        ent.size_category = industry.size_category_id(ent.industry_code or None)
        ent.created_at = ent.updated_at = self.now
        return ent

    def _blank_enterprise(self) -> dict | None:
        if not hasattr(self, "_blank"):
            plain = not (
                pre_init.has_listeners(Enterprise)
                or post_init.has_listeners(Enterprise)
                or any(f.has_default() and callable(f.default) for f in Enterprise._meta.concrete_fields)
            )
            self._blank = {k: v for k, v in Enterprise().__dict__.items() if k != "_state"} if plain else None
            self.creator = self.actor if getattr(self.actor, "pk", None) else None
        return self._blank

    def _current_figures(self, chunk: Chunk) -> dict[tuple[int, int], YearFigures]:
        """The existing yearly rows of the chunk in one query, only the columns compared or summarised."""
        ent_ids = [e.pk for e in chunk.existing.values()]
        years = {y for r in chunk.valid_rows for y in r.figures}
        mapped = {n for r in chunk.valid_rows for v in r.figures.values() for n in v}
        if not (ent_ids and years):
            return {}
        qs = YearFigures.objects.filter(enterprise_id__in=ent_ids, year__in=years).only(
            *FIGURES_READ, *mapped
        )
        # a year soft-deleted by staff is not re-created by an import: restore it from the recycle bin
        self.deleted_years = set(
            YearFigures.all_objects.filter(
                enterprise_id__in=ent_ids, year__in=years, deleted_at__isnull=False
            ).values_list("enterprise_id", "year")
        )
        return {(f.enterprise_id, f.year): f for f in qs}

    def _apply_figures(self, r: Row, chunk: Chunk, current: dict) -> None:
        ent = chunk.ent_by_uscc.get(r.uscc)
        source = r.source or self.default_source
        as_of = r.as_of or self.default_as_of
        for year, values in r.figures.items():
            row = current.get((ent.pk, year)) if ent is not None and ent.pk else None
            if row is None and ent is not None and (ent.pk, year) in getattr(self, "deleted_years", ()):
                self.counts["figures_deleted_skipped"] = self.counts.get("figures_deleted_skipped", 0) + 1
                continue
            if row is None:
                self.counts["figures_new"] += 1
                if ent is not None and not self.dry_run:
                    new_row = NewFigures(ent, year, source, as_of, values)
                    chunk.new_rows.append(new_row)
                    self._candidate(chunk.latest, r.uscc, new_row)
                self.changed.add(r.uscc)
                continue
            self._candidate(chunk.latest, r.uscc, row)
            diff = [(n, v) for n, v in values.items() if getattr(row, n) != v]  # Decimal equality is numeric
            if not diff:
                continue
            self._change_row(ent, row, diff, chunk, source=source, as_of=as_of)
            self.counts["values_changed"] += len(diff)
            self.changed.add(r.uscc)

    def _change_row(self, ent, row: YearFigures, diff: list, chunk: Chunk, *, source: str, as_of) -> None:
        """Set the changed values on an existing yearly row, with a revision and provenance each."""
        sources = dict(row.field_sources or {})
        for name, new in diff:
            chunk.revisions.append(
                self._revision(ent, row.year, name, text_of(getattr(row, name)), text_of(new), source)
            )
            setattr(row, name, new)
            chunk.changed_fields.add(name)
            if source == row.source:
                sources.pop(name, None)
            else:
                sources[name] = {"source": source, "as_of": as_of.isoformat() if as_of else None}
        row.field_sources = sources
        if row.pk not in chunk.changed_rows:
            row.version += 1
            chunk.changed_rows[row.pk] = row

    def _latest_changed(self, chunk: Chunk) -> list[Enterprise]:
        """Latest-year headline figures and size class, computed in memory (no re-read); returns the
        existing enterprises whose headline changed (new ones get theirs before they are inserted)."""
        latest_changed = []
        for uscc, row in chunk.latest.items():
            ent = chunk.ent_by_uscc[uscc]
            if ent.latest_year is not None and row.year < ent.latest_year:
                continue
            values = {
                "latest_year": row.year,
                "latest_revenue": row.revenue,
                "latest_rd_expense": row.rd_expense,
                "latest_employees": row.employees,
                "latest_tax_paid": row.tax_paid,
                **derived_fields(ent, row),
            }
            if any(getattr(ent, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(ent, k, v)
                if ent.pk:
                    latest_changed.append(ent)
        return latest_changed

    def _write(self, chunk: Chunk, latest_changed: list[Enterprise]) -> None:
        created = [e for e in chunk.new_enterprises.values() if e is not None]
        if created:
            if bulk.is_postgres() and len(created) >= bulk.COPY_MIN:
                for e, pk in zip(created, bulk.allocate_ids(Enterprise, len(created)), strict=True):
                    e.pk = pk
            bulk.insert_objects(Enterprise, created, ENTERPRISE_COLUMNS, now=self.now)
        profile_fields = (
            set().union(*chunk.changed_enterprises.values()) if chunk.changed_enterprises else set()
        )
        to_update = [chunk.existing[u] for u, f in chunk.changed_enterprises.items() if f]
        if to_update:
            for e in to_update:
                e.version += 1
                e.updated_at = self.now
            bulk.update_objects(Enterprise, to_update, sorted(profile_fields | {"version", "updated_at"}))
        if chunk.new_rows:
            self._insert_new_rows(chunk.new_rows)
        if chunk.changed_rows:
            for row in chunk.changed_rows.values():
                row.updated_at = self.now
            bulk.update_objects(
                YearFigures,
                list(chunk.changed_rows.values()),
                sorted(chunk.changed_fields | {"field_sources", "version", "updated_at"}),
            )
        if chunk.revisions:
            bulk.insert_objects(FigureRevision, chunk.revisions, REVISION_COLUMNS, now=self.now)
        if latest_changed:
            bulk.update_objects(Enterprise, latest_changed, list(LATEST))

    def _insert_new_rows(self, new_rows: list[NewFigures]) -> None:
        if bulk.is_postgres():
            blank = dict.fromkeys(FIGURE_NAMES)
            bulk.copy_rows(
                YearFigures,
                NEW_FIGURE_COLUMNS,
                (
                    (
                        n.ent.pk,
                        n.year,
                        n.source,
                        n.as_of,
                        self.batch.pk,
                        {},
                        1,
                        self.now,
                        self.now,
                        "",
                        *{**blank, **n.values}.values(),
                    )
                    for n in new_rows
                ),
            )
        else:
            YearFigures.objects.bulk_create(
                [
                    YearFigures(
                        enterprise=n.ent,
                        year=n.year,
                        source=n.source,
                        as_of=n.as_of,
                        import_batch=self.batch,
                        **n.values,
                    )
                    for n in new_rows
                ],
                batch_size=1000,
            )

    @staticmethod
    def _candidate(latest: dict, uscc: str, row: YearFigures) -> None:
        best = latest.get(uscc)
        if best is None or row.year > best.year:
            latest[uscc] = row

    def _revision(self, ent, year, name, old, new, source) -> FigureRevision:
        return FigureRevision(
            enterprise=ent,
            year=year,
            field=name,
            old_value=old,
            new_value=new,
            source=source,
            batch=self.batch,
            actor=self.actor if getattr(self.actor, "pk", None) else None,
            actor_repr=self.actor.get_username() if getattr(self.actor, "pk", None) else "system",
        )


LATEST = (
    "latest_year",
    "latest_revenue",
    "latest_rd_expense",
    "latest_employees",
    "latest_tax_paid",
    "size_category",
    "size_class",
)
# what process() reads of an existing enterprise / yearly row (the compared figures are added per chunk)
ENTERPRISE_READ = (
    "id",
    "uscc",
    "name",
    "org_unit_id",
    "industry_code",
    "version",
    "updated_at",
    *PROFILE_IMPORT_FIELDS,
    *LATEST,
)
FIGURES_READ = (
    "id",
    "enterprise_id",
    "year",
    "source",
    "as_of",
    "field_sources",
    "version",
    "updated_at",
    "revenue",
    "rd_expense",
    "employees",
    "tax_paid",
    "total_assets",
)
ENTERPRISE_COLUMNS = tuple(f.attname for f in Enterprise._meta.concrete_fields)
REVISION_COLUMNS = tuple(f.attname for f in FigureRevision._meta.concrete_fields if not f.primary_key)
NEW_FIGURE_COLUMNS = (
    "enterprise_id",
    "year",
    "source",
    "as_of",
    "import_batch_id",
    "field_sources",
    "version",
    "created_at",
    "updated_at",
    "delete_reason",  # not deleted (NOT NULL; COPY knows no Django default)
    *FIGURE_NAMES,
)


class NewFigures:
    """A yearly row the import creates: written with COPY (PostgreSQL) or bulk_create, no model instance
    before."""

    __slots__ = ("ent", "year", "source", "as_of", "values")

    def __init__(self, ent, year, source, as_of, values):
        self.ent, self.year, self.source, self.as_of, self.values = ent, year, source, as_of, values

    def __getattr__(
        self, name
    ):  # the figures (revenue, employees …) read for the headline values and size class
        if name in FIGURES_BY_NAME:
            return self.values.get(name)
        raise AttributeError(name)


def _with_connection(connection, func, *args) -> None:
    """Run `func` in the write worker with the importing thread's connection (and so its transaction):
    the ORM and `bulk` in this thread use it instead of opening their own."""
    connections[connection.alias] = connection
    func(*args)


def refresh_latest_bulk(enterprises: list[Enterprise]) -> None:
    """Recompute latest_* and the size class of many enterprises with one read and one bulk update."""
    if not enterprises:
        return
    by_id = {e.pk: e for e in enterprises}
    latest: dict[int, YearFigures] = {}
    for f in (
        YearFigures.objects.filter(enterprise_id__in=by_id)
        .only("enterprise_id", "year", "revenue", "rd_expense", "employees", "tax_paid", "total_assets")
        .order_by("enterprise_id", "-year")
    ):
        latest.setdefault(f.enterprise_id, f)
    changed = []
    for pk, e in by_id.items():
        f = latest.get(pk)
        values = {
            "latest_year": f.year if f else None,
            "latest_revenue": f.revenue if f else None,
            "latest_rd_expense": f.rd_expense if f else None,
            "latest_employees": f.employees if f else None,
            "latest_tax_paid": f.tax_paid if f else None,
        }
        values.update(
            derived_fields(e, f)
            if f
            else {"size_category": industry.size_category_id(e.industry_code or None)}
        )
        if any(getattr(e, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(e, k, v)
            changed.append(e)
    if changed:
        Enterprise.objects.bulk_update(changed, list(LATEST), batch_size=500)


def run(*, batch: ImportBatch, actor, sheet: Sheet, mapping: dict, dry_run: bool, progress=None) -> Outcome:
    """Validate (dry run) or commit a sheet. A commit with any error raises ImportAborted and writes
    nothing."""
    importer = Importer(
        batch=batch, actor=actor, sheet=sheet, mapping=mapping, dry_run=dry_run, progress=progress
    )
    if dry_run:
        return importer.run()
    with transaction.atomic():
        outcome = importer.run()
        if outcome.error_count:
            raise ImportAborted(outcome)
    return outcome
