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

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.enterprises import industry
from chrysalis.enterprises.choices import FIGURES_BY_NAME, INTEGER_KINDS
from chrysalis.enterprises.imports import parse
from chrysalis.enterprises.imports.mapping import META_TARGETS, PROFILE_IMPORT_FIELDS, PROFILE_TARGETS
from chrysalis.enterprises.imports.reader import Sheet
from chrysalis.enterprises.models import Enterprise, FigureRevision, ImportBatch, YearFigures
from chrysalis.enterprises.services.enterprises import derived_fields
from chrysalis.enterprises.services.figures import check_value, cross_checks, same, text_of
from chrysalis.enterprises.uscc import UsccError, validate_uscc

CHUNK = 2000
MAX_REPORTED_ERRORS = 10_000
PREVIEW_ROWS = 20


@dataclass
class Row:
    number: int
    uscc: str
    profile: dict
    grid: OrgUnit | None
    figures: dict[int, dict]  # year → {field: value}
    source: str | None
    as_of: dt.date | None


@dataclass
class Outcome:
    stats: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    preview: list[dict] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def add_error(self, row: int, column: str, value, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "column": column, "value": "" if value is None else str(value)[:100], "message": str(message)})


class ImportAborted(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__("import aborted")
        self.outcome = outcome


class Importer:
    def __init__(self, *, batch: ImportBatch, actor, sheet: Sheet, mapping: dict[str, str], dry_run: bool, progress: Callable[[int], None] | None = None):
        self.batch, self.actor, self.sheet, self.dry_run, self.progress = batch, actor, sheet, dry_run, progress
        self.columns = {int(k): t for k, t in mapping.items() if t}
        self.headers = sheet.headers
        self.outcome = Outcome(dropped=[h for i, h in enumerate(self.headers) if i not in self.columns and h])
        self.default_source = batch.default_source
        self.default_as_of = batch.as_of
        self.seen_keys: set[tuple[str, int]] = set()
        self.names: dict[str, tuple[int, str]] = {}
        self.created: set[str] = set()
        self.changed: set[str] = set()
        self.touched: set[str] = set()
        self.counts = {"rows": 0, "enterprises_new": 0, "figures_new": 0, "figures_changed": 0, "values_changed": 0, "profile_values_changed": 0}
        self.now = timezone.now()
        self._load_grids()

    # --- reference data -----------------------------------------------------------------------
    def _load_grids(self) -> None:
        from chrysalis.enterprises.services.enterprises import admin_grids

        self.allowed_grids = {}
        for g in admin_grids(self.actor):
            self.allowed_grids[g.name] = g
            self.allowed_grids[g.code] = g
        self.known_grids = set(OrgUnit.objects.filter(kind="grid").values_list("name", flat=True)) | set(
            OrgUnit.objects.filter(kind="grid").values_list("code", flat=True)
        )

    # --- parsing ------------------------------------------------------------------------------
    def parse_row(self, number: int, values: list) -> Row | None:
        errors_before = self.outcome.error_count
        profile: dict = {}
        figures: dict[int, dict] = {}
        plain: dict = {}
        meta: dict = {}
        uscc = grid = None
        for index, target in self.columns.items():
            raw = values[index] if index < len(values) else None
            header = self.headers[index]
            try:
                if target == "uscc":
                    if parse.is_empty(raw):
                        raise parse.CellError(_("the unified social credit code is missing"))
                    try:
                        uscc = validate_uscc(str(raw))
                    except UsccError as exc:
                        raise parse.CellError(exc.message) from exc
                elif target == "grid":
                    name = parse.text(raw)
                    if name is not None:
                        grid = self.allowed_grids.get(name)
                        if grid is None:
                            raise parse.CellError(_("the grid “%(g)s” is outside your scope") % {"g": name} if name in self.known_grids
                                                  else _("there is no grid “%(g)s”") % {"g": name})
                elif target in PROFILE_TARGETS:
                    kind = PROFILE_TARGETS[target][1]
                    if kind == "text":
                        value = parse.text(raw)
                        if value is not None and len(value) > (120 if target == "name" else 200):
                            raise parse.CellError(_("the text is too long"))
                    elif kind == "industry":
                        value = parse.text(raw)
                        if value is not None:
                            code = industry.normalize_code(value)
                            if code is None or industry.get(code).level != "class":
                                raise parse.CellError(_("“%(v)s” is not a four-digit GB/T 4754-2017 class code") % {"v": value})
                            value = code
                    elif kind == "money":
                        value = parse.decimal(raw)
                        if value is not None and (value < 0 or value >= Decimal("1e13")):
                            raise parse.CellError(_("the amount is out of range"))
                    elif kind == "date":
                        value = parse.date(raw)
                    else:
                        value = parse.boolean(raw)
                    if value is not None:
                        profile[target] = value
                elif target in META_TARGETS:
                    meta[target] = {"year": parse.year, "source": parse.source, "as_of": parse.date}[target](raw)
                else:
                    name, _sep, year = target.partition("@")
                    f = FIGURES_BY_NAME[name]
                    value = parse.integer(raw) if f.kind in INTEGER_KINDS else parse.decimal(raw, ratio=f.kind == "ratio")
                    if value is not None:
                        problem = check_value(name, value)
                        if problem:
                            raise parse.CellError(problem)
                        if year:
                            figures.setdefault(int(year), {})[name] = value
                        else:
                            plain[name] = value
            except parse.CellError as exc:
                self.outcome.add_error(number, header, raw, exc.message)
                if target == "year":
                    meta["year_failed"] = True
        if plain:
            if meta.get("year") is None:
                if "year" in self.columns.values() and not meta.get("year_failed"):
                    self.outcome.add_error(number, _("year"), None, _("the year is missing"))
            else:
                figures.setdefault(meta["year"], {}).update(plain)
        if uscc is None:
            return None
        for year, vals in figures.items():
            for fname, message in cross_checks(vals).items():
                self.outcome.add_error(number, str(FIGURES_BY_NAME[fname].label), text_of(vals[fname]), f"{year}: {message}")
            key = (uscc, year)
            if key in self.seen_keys:
                self.outcome.add_error(number, _("year"), year, _("the figures of %(uscc)s for %(year)s appear twice in the file") % {"uscc": uscc, "year": year})
            self.seen_keys.add(key)
        if "name" in profile:
            first = self.names.setdefault(uscc, (number, profile["name"]))
            if first[1] != profile["name"]:
                self.outcome.add_error(number, _("name"), profile["name"], _("row %(row)d gives this code another name (“%(name)s”)") % {"row": first[0], "name": first[1]})
        if self.outcome.error_count > errors_before:
            return None
        return Row(number, uscc, profile, grid, figures, meta.get("source"), meta.get("as_of"))

    # --- main loop ------------------------------------------------------------------------------
    def run(self) -> Outcome:
        chunk: list[Row] = []
        for number, values in self.sheet.rows:
            self.counts["rows"] += 1
            row = self.parse_row(number, values)
            if row is not None:
                chunk.append(row)
                if len(self.outcome.preview) < PREVIEW_ROWS:
                    self.outcome.preview.append({"row": number, "uscc": row.uscc, **{k: text_of(v) if not isinstance(v, str) else v for k, v in row.profile.items()},
                                                 **({"grid": row.grid.name} if row.grid else {}),
                                                 "figures": {str(y): {k: text_of(v) for k, v in f.items()} for y, f in row.figures.items()}})
            if len(chunk) >= CHUNK:
                self.process(chunk)
                chunk = []
                if self.progress:
                    self.progress(self.counts["rows"])
        if chunk:
            self.process(chunk)
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
        }
        return self.outcome

    def process(self, rows: list[Row]) -> None:
        usccs = {r.uscc for r in rows}
        existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
        if self.actor is not None:
            allowed = set(Enterprise.objects.restrict(self.actor, "import").filter(uscc__in=existing).values_list("uscc", flat=True))
        else:
            allowed = set(existing)
        revisions: list[FigureRevision] = []
        new_enterprises: dict[str, Enterprise] = {}
        changed_enterprises: dict[str, set[str]] = {}
        valid_rows = []
        for r in rows:
            ent = existing.get(r.uscc)
            if ent is not None and r.uscc not in allowed:
                self.outcome.add_error(r.number, _("unified social credit code"), r.uscc, _("this enterprise is registered outside your scope"))
                continue
            if ent is None and r.uscc not in self.created:
                missing = [str(PROFILE_TARGETS[k][0]) for k in ("name",) if k not in r.profile] + ([str(_("grid"))] if r.grid is None else [])
                if missing:
                    self.outcome.add_error(r.number, "、".join(missing), None, _("a new enterprise needs its name and grid"))
                    continue
            valid_rows.append(r)
        for r in valid_rows:
            self.touched.add(r.uscc)
            ent = existing.get(r.uscc) or new_enterprises.get(r.uscc)
            if ent is None and r.uscc not in self.created:
                ent = Enterprise(uscc=r.uscc, org_unit=r.grid, import_batch=self.batch, created_by=self.actor if getattr(self.actor, "pk", None) else None,
                                 **{k: v for k, v in r.profile.items() if k in PROFILE_IMPORT_FIELDS})
                ent.size_category = industry.size_category_id(ent.industry_code or None)
                new_enterprises[r.uscc] = ent
                self.created.add(r.uscc)
                self.counts["enterprises_new"] += 1
                continue
            if ent is None:  # created in an earlier chunk of a dry run
                continue
            if ent.pk is None:
                continue
            fields = changed_enterprises.setdefault(r.uscc, set())
            updates = dict(r.profile)
            if r.grid is not None:
                updates["org_unit"] = r.grid
            for name, new in updates.items():
                if name == "org_unit":
                    old = ent.org_unit_id
                    if old == new.pk:
                        continue
                    old_text, new_text = str(old), str(new.pk)
                    ent.org_unit = new
                else:
                    old = getattr(ent, name)
                    if old == new or (isinstance(old, Decimal) and same(old, new)):
                        continue
                    old_text, new_text = text_of(old) if not isinstance(old, str) else old, text_of(new) if not isinstance(new, str) else new
                    setattr(ent, name, new)
                fields.add(name)
                self.counts["profile_values_changed"] += 1
                revisions.append(self._revision(ent, None, name, old_text, new_text, ""))
            if fields:
                self.changed.add(r.uscc)
        # figures
        ent_by_uscc = {**existing, **new_enterprises}
        ent_ids = [e.pk for e in ent_by_uscc.values() if e.pk]
        years = {y for r in valid_rows for y in r.figures}
        current = {(f.enterprise_id, f.year): f for f in YearFigures.objects.filter(enterprise_id__in=ent_ids, year__in=years)} if ent_ids and years else {}
        new_rows: list[YearFigures] = []
        latest: dict[str, YearFigures] = {}
        changed_rows: dict[int, YearFigures] = {}
        changed_fields: set[str] = set()
        for r in valid_rows:
            ent = ent_by_uscc.get(r.uscc)
            source = r.source or self.default_source
            as_of = r.as_of or self.default_as_of
            for year, values in r.figures.items():
                row = current.get((ent.pk, year)) if ent is not None and ent.pk else None
                if row is None:
                    self.counts["figures_new"] += 1
                    if ent is not None and not self.dry_run:
                        new_row = YearFigures(enterprise=ent, year=year, source=source, as_of=as_of, import_batch=self.batch, **values)
                        new_rows.append(new_row)
                        self._candidate(latest, r.uscc, new_row)
                    self.changed.add(r.uscc)
                    continue
                self._candidate(latest, r.uscc, row)
                diff = [(n, v) for n, v in values.items() if not same(getattr(row, n), v)]
                if not diff:
                    continue
                sources = dict(row.field_sources or {})
                for name, new in diff:
                    revisions.append(self._revision(ent, year, name, text_of(getattr(row, name)), text_of(new), source))
                    setattr(row, name, new)
                    changed_fields.add(name)
                    if source == row.source:
                        sources.pop(name, None)
                    else:
                        sources[name] = {"source": source, "as_of": as_of.isoformat() if as_of else None}
                row.field_sources = sources
                if row.pk not in changed_rows:
                    row.version += 1
                    changed_rows[row.pk] = row
                self.counts["values_changed"] += len(diff)
                self.changed.add(r.uscc)
        self.counts["figures_changed"] += len(changed_rows)
        if self.dry_run:
            return
        # latest-year headline figures and size class, computed in memory (no re-read)
        latest_changed = []
        for uscc, row in latest.items():
            ent = ent_by_uscc[uscc]
            if ent.latest_year is not None and row.year < ent.latest_year:
                continue
            values = {"latest_year": row.year, "latest_revenue": row.revenue, "latest_rd_expense": row.rd_expense,
                      "latest_employees": row.employees, "latest_tax_paid": row.tax_paid, **derived_fields(ent, row)}
            if any(getattr(ent, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(ent, k, v)
                if ent.pk:
                    latest_changed.append(ent)
        if new_enterprises:
            Enterprise.objects.bulk_create(list(new_enterprises.values()), batch_size=1000)
        profile_fields = set().union(*changed_enterprises.values()) if changed_enterprises else set()
        to_update = [existing[u] for u, f in changed_enterprises.items() if f]
        if to_update:
            for e in to_update:
                e.version += 1
                e.updated_at = self.now
            Enterprise.objects.bulk_update(to_update, sorted(profile_fields | {"version", "updated_at"}), batch_size=500)
        if new_rows:
            YearFigures.objects.bulk_create(new_rows, batch_size=1000)
        if changed_rows:
            for row in changed_rows.values():
                row.updated_at = self.now
            YearFigures.objects.bulk_update(list(changed_rows.values()), sorted(changed_fields | {"field_sources", "version", "updated_at"}), batch_size=500)
        if revisions:
            FigureRevision.objects.bulk_create(revisions, batch_size=1000)
        if latest_changed:
            Enterprise.objects.bulk_update(latest_changed, list(LATEST), batch_size=500)

    @staticmethod
    def _candidate(latest: dict, uscc: str, row: YearFigures) -> None:
        best = latest.get(uscc)
        if best is None or row.year > best.year:
            latest[uscc] = row

    def _revision(self, ent, year, name, old, new, source) -> FigureRevision:
        return FigureRevision(enterprise=ent, year=year, field=name, old_value=old, new_value=new, source=source, batch=self.batch,
                              actor=self.actor if getattr(self.actor, "pk", None) else None,
                              actor_repr=self.actor.get_username() if getattr(self.actor, "pk", None) else "system")


LATEST = ("latest_year", "latest_revenue", "latest_rd_expense", "latest_employees", "latest_tax_paid", "size_category", "size_class")


def refresh_latest_bulk(enterprises: list[Enterprise]) -> None:
    """Recompute latest_* and the size class of many enterprises with one read and one bulk update."""
    if not enterprises:
        return
    by_id = {e.pk: e for e in enterprises}
    latest: dict[int, YearFigures] = {}
    for f in YearFigures.objects.filter(enterprise_id__in=by_id).only("enterprise_id", "year", "revenue", "rd_expense", "employees", "tax_paid", "total_assets").order_by("enterprise_id", "-year"):
        latest.setdefault(f.enterprise_id, f)
    changed = []
    for pk, e in by_id.items():
        f = latest.get(pk)
        values = {"latest_year": f.year if f else None, "latest_revenue": f.revenue if f else None, "latest_rd_expense": f.rd_expense if f else None,
                  "latest_employees": f.employees if f else None, "latest_tax_paid": f.tax_paid if f else None}
        values.update(derived_fields(e, f) if f else {"size_category": industry.size_category_id(e.industry_code or None)})
        if any(getattr(e, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(e, k, v)
            changed.append(e)
    if changed:
        Enterprise.objects.bulk_update(changed, list(LATEST), batch_size=500)


def run(*, batch: ImportBatch, actor, sheet: Sheet, mapping: dict, dry_run: bool, progress=None) -> Outcome:
    """Validate (dry run) or commit a sheet. A commit with any error raises ImportAborted and writes nothing."""
    importer = Importer(batch=batch, actor=actor, sheet=sheet, mapping=mapping, dry_run=dry_run, progress=progress)
    if dry_run:
        return importer.run()
    with transaction.atomic():
        outcome = importer.run()
        if outcome.error_count:
            raise ImportAborted(outcome)
    return outcome
