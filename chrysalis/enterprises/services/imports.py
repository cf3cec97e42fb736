"""Import batches: upload → mapping → dry run (validation report) → commit → rollback.

The uploaded file is kept under a server-generated name in MEDIA_ROOT/imports until the batch is
committed (then deleted: columns the user did not map are never stored anywhere). A commit re-reads
the file, checks its SHA-256 against the one validated, re-validates and writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.actor import actor_context
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.exports import rows_to_xlsx
from chrysalis.core.permissions import require
from chrysalis.enterprises.choices import FIGURE_NAMES, FIGURES_BY_NAME, ImportStatus
from chrysalis.enterprises.imports import engine
from chrysalis.enterprises.imports import layout as layout_module
from chrysalis.enterprises.imports.mapping import check_mapping, propose
from chrysalis.enterprises.imports.reader import HostileFileError, read_sheet, sniff
from chrysalis.enterprises.models import Enterprise, FigureRevision, ImportBatch, YearFigures
from chrysalis.enterprises.services.figures import text_of
from chrysalis.jobs.runner import Outcome, Progress, enqueue, job_function

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

log = logging.getLogger(__name__)


def _storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _read_stored(batch: ImportBatch) -> Path:
    """The stored file's path once its SHA-256 (read 1 MB at a time) matches the one validated; the
    reader streams it."""
    path = _storage_dir() / batch.stored_path
    if not batch.stored_path or not path.exists():
        raise ValidationError(_("The uploaded file is no longer available; upload it again."))
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != batch.file_hash:
        raise ConflictError(_("The file changed since it was checked; upload it again."))
    return path


def _delete_stored(batch: ImportBatch) -> None:
    if batch.stored_path:
        (_storage_dir() / batch.stored_path).unlink(missing_ok=True)


def purge_stale_uploads(*, days: int | None = None, now=None) -> int:
    """Delete the stored files of batches never committed (uploaded, checked, invalid) untouched for
    `days` (ENTERPRISE_IMPORT_UPLOAD_RETENTION_DAYS, 7), and stray files no batch refers to; the batch
    and its report stay. Returns the number of files removed."""
    days = int(getattr(settings, "ENTERPRISE_IMPORT_UPLOAD_RETENTION_DAYS", 7)) if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    stale = (
        ImportBatch.objects.filter(updated_at__lt=cutoff)
        .exclude(stored_path="")
        .exclude(status=ImportStatus.RUNNING)
    )
    removed = 0
    for batch in stale.only("pk", "stored_path"):
        path = _storage_dir() / batch.stored_path
        if path.exists():
            path.unlink()
            removed += 1
        ImportBatch.objects.filter(pk=batch.pk).update(stored_path="")
    referenced = set(ImportBatch.objects.exclude(stored_path="").values_list("stored_path", flat=True))
    for path in _storage_dir().glob("*.bin"):
        if path.name not in referenced and path.stat().st_mtime < cutoff.timestamp():
            path.unlink()
            removed += 1
    return removed


def import_unit(actor: User | None) -> OrgUnit | None:
    if actor is None:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    paths = get_scope(actor).paths("district_admin")
    return OrgUnit.objects.filter(path__in=paths).order_by("path").first() if paths else None


def import_upload(
    *, actor: User | None, file_name: str, data: bytes, default_source: str, as_of=None
) -> ImportBatch:
    """Check the file (refusing hostile ones), read its header, propose a mapping, store it."""
    unit = import_unit(actor)
    if unit is None:
        raise PermissionDenied(_("Only district administrators can import enterprises."))
    try:
        kind = sniff(data, file_name)
        sheet = read_sheet(data, file_name)
    except HostileFileError as exc:
        record_change(
            actor=actor,
            action="import",
            obj=None,
            object_repr=f"refused: {file_name[:80]}",
            after={"reason": exc.message, "size": len(data)},
        )
        raise ValidationError(exc.message) from exc
    headers = sheet.headers
    sheet.rows.close()  # only the header was needed
    stored = f"{uuid.uuid4().hex}.bin"
    (_storage_dir() / stored).write_bytes(data)  # server-generated name (B-06); removed after commit
    with transaction.atomic():
        batch = ImportBatch(
            org_unit=unit,
            created_by=actor,
            file_name=Path(file_name).name[:200],
            file_hash=hashlib.sha256(data).hexdigest(),
            file_size=len(data),
            file_kind=kind,
            stored_path=stored,
            headers=headers,
            mapping=propose(headers),
            default_source=default_source,
            as_of=as_of,
            stats={"layout": _layout_of(sheet)},
        )
        batch.full_clean()
        batch.save()
        record_change(
            actor=actor,
            action="import",
            obj=batch,
            after={"step": "upload", "file": batch.file_name, "size": len(data), "sha256": batch.file_hash},
        )
    return batch


def _layout_of(sheet, year: int | None = None) -> dict:
    """Where the data is, as detected or corrected: the sheet, its header row, the year for figures
    without a year column (the user's choice, else one written in a title row)."""
    return {
        "sheet": sheet.sheet_name,
        "sheet_names": sheet.sheet_names,
        "header_row": sheet.header_row,
        "title_year": sheet.title_year,
        "year": year,
    }


def batch_layout(batch: ImportBatch) -> dict:
    return (batch.stats or {}).get("layout") or {}


def default_year(batch: ImportBatch) -> int | None:
    layout = batch_layout(batch)
    return layout.get("year") or layout.get("title_year")


def _open_sheet(batch: ImportBatch, data):
    layout = batch_layout(batch)
    return read_sheet(
        data, batch.file_name, sheet_name=layout.get("sheet") or None, header_row=layout.get("header_row")
    )


def import_set_layout(
    *,
    actor: User | None,
    batch: ImportBatch,
    sheet_name: str | None = None,
    header_row: int | None = None,
    year: int | None = None,
) -> ImportBatch:
    """The user's correction of the detected layout: another sheet, another header row, or the year of
    figures whose headers and title give none. The headers are read again and the mapping proposed anew."""
    _require(actor, batch)
    if batch.status not in {ImportStatus.UPLOADED, ImportStatus.VALIDATED, ImportStatus.INVALID}:
        raise ValidationError(
            _("This import is already %(status)s.") % {"status": batch.get_status_display()}
        )
    this_year = timezone.localdate().year
    if year is not None and not 1980 <= year <= this_year:
        raise ValidationError(_("the year must be between 1980 and %(y)d") % {"y": this_year})
    if header_row is not None and not 1 <= header_row <= layout_module.SCAN_ROWS:
        raise ValidationError(
            _("The header row must be one of the first %(n)d rows.") % {"n": layout_module.SCAN_ROWS}
        )
    try:
        sheet = read_sheet(_read_stored(batch), batch.file_name, sheet_name=sheet_name, header_row=header_row)
    except HostileFileError as exc:
        raise ValidationError(exc.message) from exc
    sheet.rows.close()
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        locked.headers = sheet.headers
        locked.mapping = propose(sheet.headers)
        locked.stats = {"layout": _layout_of(sheet, year)}
        locked.errors = []
        locked.status = ImportStatus.UPLOADED
        locked.version += 1
        locked.save(
            update_fields=["headers", "mapping", "stats", "errors", "status", "version", "updated_at"]
        )
        record_change(
            actor=actor,
            action="import",
            obj=locked,
            after={
                "step": "layout",
                **{k: v for k, v in locked.stats["layout"].items() if k != "sheet_names"},
            },
        )
    return locked


def import_confirm_warnings(*, actor: User | None, batch: ImportBatch) -> ImportBatch:
    """The user confirms the implausible values the check flagged (audited); the commit may then run."""
    _require(actor, batch)
    if batch.status != ImportStatus.VALIDATED:
        raise ValidationError(_("Check the file first (dry run) and fix its errors; then commit."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        locked.stats = {**locked.stats, "warnings_confirmed": True}
        locked.save(update_fields=["stats", "updated_at"])
        record_change(
            actor=actor,
            action="import",
            obj=locked,
            after={"step": "confirm_warnings", "warnings": locked.stats.get("warnings", 0)},
        )
    return locked


def _require(actor, batch: ImportBatch) -> None:
    require(actor, "import", batch)


def import_set_mapping(
    *, actor: User | None, batch: ImportBatch, mapping: dict[str, str], expected_version: int | None = None
) -> ImportBatch:
    _require(actor, batch)
    if batch.status not in {ImportStatus.UPLOADED, ImportStatus.VALIDATED, ImportStatus.INVALID}:
        raise ValidationError(
            _("This import is already %(status)s.") % {"status": batch.get_status_display()}
        )
    clean = {k: v for k, v in mapping.items() if v}
    problems = check_mapping(clean, batch.headers, default_year(batch))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        locked.mapping = clean
        locked.status = ImportStatus.UPLOADED
        locked.version += 1
        locked.save(update_fields=["mapping", "status", "version", "updated_at"])
    return locked


def import_validate(*, actor: User | None, batch: ImportBatch, progress=None) -> ImportBatch:
    """Dry run: parse, validate and diff every row; writes only the report onto the batch."""
    _require(actor, batch)
    problems = check_mapping(batch.mapping, batch.headers, default_year(batch))
    if problems:
        raise ValidationError(problems)
    data = _read_stored(batch)
    try:
        outcome = engine.run(
            batch=batch,
            actor=actor,
            sheet=_open_sheet(batch, data),
            mapping=batch.mapping,
            dry_run=True,
            progress=progress,
        )
    except HostileFileError as exc:
        outcome = engine.Outcome()
        outcome.add_error(0, "", None, exc.message)
    status = ImportStatus.INVALID if outcome.error_count else ImportStatus.VALIDATED
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status,
        errors=outcome.errors,
        row_count=outcome.stats.get("rows", 0),
        dropped_columns=outcome.dropped,
        stats={
            **outcome.stats,
            "preview": outcome.preview,
            "skipped_rows": outcome.skipped,
            "warning_list": outcome.warnings,
            "warnings_confirmed": False,
            "layout": batch_layout(batch),
            "validated_mapping": batch.mapping,
            "dry_run": True,
        },
        updated_at=timezone.now(),
    )
    batch.refresh_from_db()
    return batch


def import_commit(*, actor: User | None, batch: ImportBatch, progress=None) -> ImportBatch:
    """Re-validate and write everything in one transaction; on any error nothing is written."""
    _require(actor, batch)
    if batch.status != ImportStatus.VALIDATED and batch.status != ImportStatus.RUNNING:
        raise ValidationError(_("Check the file first (dry run) and fix its errors; then commit."))
    if batch.stats.get("validated_mapping") != batch.mapping:
        raise ConflictError(_("The column mapping changed since the check; check the file again."))
    if batch.stats.get("warnings") and not batch.stats.get("warnings_confirmed"):
        raise ValidationError(
            _(
                "The check flagged %(n)d implausible value(s). Review them in the preview and confirm "
                "that they are right before committing."
            )
            % {"n": batch.stats["warnings"]}
        )
    data = _read_stored(batch)
    with actor_context(label="import", job_id=str(batch.job_id or "")):
        try:
            with transaction.atomic():
                locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
                if locked.status == ImportStatus.COMMITTED:
                    raise ValidationError(_("This import was committed already."))
                if (
                    ImportBatch.objects.filter(status=ImportStatus.RUNNING, org_unit=batch.org_unit)
                    .exclude(pk=batch.pk)
                    .exists()
                ):
                    raise ValidationError(
                        _("Another import is running for this area; try again when it has finished.")
                    )
                outcome = engine.run(
                    batch=locked,
                    actor=actor,
                    sheet=_open_sheet(batch, data),
                    mapping=batch.mapping,
                    dry_run=False,
                    progress=progress,
                )
                stats = {
                    **outcome.stats,
                    "preview": batch.stats.get("preview", []),
                    "skipped_rows": outcome.skipped,
                    "warning_list": outcome.warnings,
                    "warnings_confirmed": batch.stats.get("warnings_confirmed", False),
                    "layout": batch_layout(batch),
                    "validated_mapping": batch.mapping,
                    "dry_run": False,
                }
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=ImportStatus.COMMITTED,
                    committed_at=timezone.now(),
                    stats=stats,
                    errors=[],
                    dropped_columns=outcome.dropped,
                    stored_path="",
                    version=locked.version + 1,
                )
                record_change(
                    actor=actor,
                    action="import",
                    obj=locked,
                    after={"step": "commit", **{k: v for k, v in stats.items() if k != "preview"}},
                )
        except engine.ImportAborted as exc:
            o = exc.outcome
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportStatus.INVALID,
                errors=o.errors,
                stats={**batch.stats, **o.stats, "dry_run": False},
            )
            batch.refresh_from_db()
            return batch
        except HostileFileError as exc:
            raise ValidationError(exc.message) from exc
    _delete_stored(batch)
    batch.refresh_from_db()
    return batch


def import_rollback(*, actor: User | None, batch: ImportBatch, reason: str = "") -> ImportBatch:
    """Undo a committed batch: restore old values, delete rows and enterprises it created.

    Refused (nothing changed) when a value it wrote was changed again afterwards, or an enterprise
    it created has since gained other records: roll back later changes first.
    """
    _require(actor, batch)
    if batch.status != ImportStatus.COMMITTED:
        raise ValidationError(_("Only a committed import can be rolled back."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.COMMITTED:
            raise ValidationError(_("Only a committed import can be rolled back."))
        revisions = list(
            FigureRevision.objects.filter(batch=batch).select_related("enterprise").order_by("-pk")
        )
        created_ents = list(Enterprise.objects.filter(import_batch=batch))
        created_ent_ids = {e.pk for e in created_ents}
        created_rows = list(
            YearFigures.objects.filter(import_batch=batch).exclude(enterprise_id__in=created_ent_ids)
        )
        touched_ids = (
            {r.enterprise_id for r in revisions} | created_ent_ids | {r.enterprise_id for r in created_rows}
        )
        conflicts = _rollback_conflicts(batch, revisions, created_ent_ids, created_rows)
        if conflicts:
            raise ValidationError([_("The import cannot be rolled back:")] + conflicts[:20])
        rows_cache: dict[tuple[int, int], YearFigures] = {}
        restore = [
            _restore(rev, rows_cache, batch=batch, actor=actor)
            for rev in revisions
            if rev.enterprise_id not in created_ent_ids
        ]
        for row in created_rows:
            row.delete()
        for ent in created_ents:
            YearFigures.objects.filter(enterprise=ent).delete()
            FigureRevision.objects.filter(enterprise=ent).delete()
            ent.delete()
        FigureRevision.objects.bulk_create(restore)
        engine.refresh_latest_bulk(list(Enterprise.objects.filter(pk__in=touched_ids - created_ent_ids)))
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.ROLLED_BACK,
            rolled_back_at=timezone.now(),
            rolled_back_by=actor,
            version=locked.version + 1,
        )
        record_change(
            actor=actor,
            action="import",
            obj=locked,
            reason=reason,
            after={
                "step": "rollback",
                "values_restored": len(restore),
                "enterprises_deleted": len(created_ents),
                "figure_rows_deleted": len(created_rows),
            },
        )
    batch.refresh_from_db()
    return batch


def _rollback_conflicts(batch, revisions, created_ent_ids: set[int], created_rows) -> list[str]:
    """Why the batch cannot be rolled back: its values changed again since, or what it created was
    edited or gained records. Empty when the rollback may go ahead."""
    conflicts = _changed_since(batch, revisions, created_ent_ids)
    # changes by others that are still in effect (not from this batch, not from a batch rolled back since)
    in_effect = (
        FigureRevision.objects.exclude(batch=batch)
        .exclude(batch__status=ImportStatus.ROLLED_BACK)
        .select_related("enterprise")
    )
    # an enterprise this batch created did not exist before it: any such change on it came afterwards
    for rev in in_effect.filter(enterprise_id__in=created_ent_ids).order_by("pk")[:20]:
        conflicts.append(
            _("%(ent)s: %(field)s %(year)s was changed again on %(when)s")
            % {
                "ent": rev.enterprise.name,
                "field": field_label(rev.field, rev.year),
                "year": rev.year or "",
                "when": timezone.localtime(rev.changed_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    # a yearly row it created for an existing enterprise: edited since (version moved) by a change still
    # in effect
    edited = {(r.enterprise_id, r.year): r for r in created_rows if r.version != 1}
    if edited:
        for rev in in_effect.filter(
            enterprise_id__in={k[0] for k in edited}, year__in={k[1] for k in edited}
        ).order_by("pk"):
            row = edited.pop((rev.enterprise_id, rev.year), None)
            if row is not None:
                conflicts.append(
                    _("%(ent)s: the figures of %(year)s were edited after the import")
                    % {"ent": rev.enterprise.name, "year": row.year}
                )
    from chrysalis.enterprises.models import Award, Contact, Contest, EquityRound, Incident, IPRight, Title

    for model in (IPRight, Title, Award, Contest, EquityRound, Incident, Contact):
        for ent_id in (
            model.objects.filter(enterprise_id__in=created_ent_ids)
            .values_list("enterprise_id", flat=True)
            .distinct()[:20]
        ):
            conflicts.append(
                _("enterprise %(id)s created by this import has other records since") % {"id": ent_id}
            )
    return conflicts


def _restore(
    rev: FigureRevision, rows_cache: dict, *, batch: ImportBatch, actor: User | None
) -> FigureRevision:
    """Put back the value a revision replaced; return the revision recording the restore."""
    if rev.year is None:
        ent = rev.enterprise
        field = cast(Field, Enterprise._meta.get_field(rev.field))
        old = field.to_python(rev.old_value) if rev.old_value is not None else None
        if rev.field == "org_unit":
            ent.org_unit_id = int(cast(str, rev.old_value))
        else:
            setattr(ent, rev.field, old)
        # the version moves, so a client holding the version from before the rollback gets a conflict
        ent.version += 1
        ent.save(
            update_fields=["org_unit" if rev.field == "org_unit" else rev.field, "version", "updated_at"]
        )
    else:
        key = (rev.enterprise_id, rev.year)
        row = rows_cache.get(key)
        if row is None:
            row = YearFigures.objects.get(enterprise_id=rev.enterprise_id, year=rev.year)
            row.version += 1  # once per row: a client holding the old version gets a conflict
            rows_cache[key] = row
        field = cast(Field, YearFigures._meta.get_field(rev.field))
        setattr(row, rev.field, field.to_python(rev.old_value) if rev.old_value is not None else None)
        row.save(update_fields=[rev.field, "version", "updated_at"])
    return FigureRevision(
        enterprise_id=rev.enterprise_id,
        year=rev.year,
        field=rev.field,
        old_value=rev.new_value,
        new_value=rev.old_value,
        source="rollback",
        batch=batch,
        actor=actor,
        actor_repr=actor.get_username() if actor else "system",
    )


def field_label(name: str, year: int | None) -> str:
    """The Chinese label of a revised value (a yearly figure or a profile field), never its field name."""
    if year is not None and name in FIGURES_BY_NAME:
        return str(FIGURES_BY_NAME[name].label)
    try:
        return str(cast(Field, Enterprise._meta.get_field(name)).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown name from old history is shown as it is
        return name


def _as_text(value, field: str, profile: bool) -> str | None:
    """A current value written as the revisions write it (engine._revision / figures_save)."""
    if profile and field == "org_unit":
        return None if value is None else str(value)
    if isinstance(value, str):
        return value
    return text_of(value)


def _changed_since(
    batch: ImportBatch, revisions: list[FigureRevision], created_ent_ids: set[int]
) -> list[str]:
    """Values this batch wrote that no longer hold what it wrote (changed again afterwards).

    Compares each value's current content with the batch's last revision of it, not timestamps: a
    wall-clock comparison (revision `changed_at` against the batch's `committed_at`) misjudges edits made
    by transactions running alongside the import, and any clock step; the content is what a restore
    would overwrite. Two queries, whatever the number of values.
    """
    last: dict[tuple[int, int | None, str], FigureRevision] = {}
    for rev in revisions:  # newest first
        if rev.enterprise_id not in created_ent_ids:
            last.setdefault((rev.enterprise_id, rev.year, rev.field), rev)
    if not last:
        return []
    ent_ids = {k[0] for k in last}
    years = {k[1] for k in last if k[1] is not None}
    rows = (
        {
            (r.enterprise_id, r.year): r
            for r in YearFigures.objects.filter(enterprise_id__in=ent_ids, year__in=years)
        }
        if years
        else {}
    )
    ents = {e.pk: e for e in Enterprise.objects.filter(pk__in=ent_ids)}
    conflicts = []
    for (ent_id, year, field), rev in last.items():
        if year is None:
            obj = ents.get(ent_id)
            current = (
                None
                if obj is None
                else _as_text(getattr(obj, "org_unit_id" if field == "org_unit" else field), field, True)
            )
        else:
            obj = rows.get((ent_id, year))
            current = None if obj is None else _as_text(getattr(obj, field), field, False)
        if obj is None or current != rev.new_value:
            later = (
                FigureRevision.objects.filter(enterprise_id=ent_id, year=year, field=field, pk__gt=rev.pk)
                .order_by("-pk")
                .first()
            )
            when = timezone.localtime(later.changed_at).strftime("%Y-%m-%d %H:%M") if later else "—"
            conflicts.append(
                _("%(ent)s: %(field)s %(year)s was changed again on %(when)s")
                % {
                    "ent": rev.enterprise.name,
                    "field": field_label(rev.field, rev.year),
                    "year": rev.year or "",
                    "when": when,
                }
            )
            if len(conflicts) >= 20:
                break
    return conflicts


def report_xlsx(batch: ImportBatch) -> bytes:
    """The validation report as a workbook (never a formula: rows_to_xlsx neutralises cells)."""
    header = [_("row"), _("column"), _("value"), _("problem")]
    stats = batch.stats or {}
    rows = [[e["row"], e["column"], _report_value(e["value"]), e["message"]] for e in batch.errors]
    rows += [
        [w["row"], w["column"], _report_value(w["value"]), f"{_('warning')}: {w['message']}"]
        for w in stats.get("warning_list", [])
    ]
    rows += [[r["row"], "", r["text"], r["kind"]] for r in stats.get("skipped_rows", [])]
    summary = [
        [_("file name"), batch.file_name],
        [_("status"), str(batch.get_status_display())],
        [_("rows"), stats.get("rows", 0)],
        [_("new enterprises"), stats.get("enterprises_new", 0)],
        [_("changed enterprises"), stats.get("enterprises_changed", 0)],
        [_("unchanged enterprises"), stats.get("enterprises_unchanged", 0)],
        [_("new yearly figures"), stats.get("figures_new", 0)],
        [_("changed values"), stats.get("values_changed", 0)],
        [_("errors"), stats.get("errors", len(batch.errors))],
        [_("warnings"), stats.get("warnings", 0)],
        [_("rows skipped (totals and notes)"), stats.get("rows_skipped", 0)],
        [_("ignored columns"), "、".join(batch.dropped_columns)],
    ]
    return rows_to_xlsx(str(_("validation report")), header, [*rows, [], *[[None, *s] for s in summary]])


def _report_value(value):
    """A reported cell value: a number stays a number in the workbook (a negative one would otherwise be
    guarded as text, '-5), anything else is text."""
    if isinstance(value, str) and value[:1] in "-0123456789" and value.strip():
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        if number.is_finite() and len(value) <= 20:
            return number
    return value


# --- background running ---------------------------------------------------------------------------


def start(*, actor: User | None, batch: ImportBatch, step: str):
    """Run `validate` or `commit`: synchronously for small files, through the job runner for big ones.

    Returns the Job when queued in the background (its page shows a progress bar), else None.
    """
    sync_limit = int(getattr(settings, "ENTERPRISE_IMPORT_SYNC_ROWS", 3000))
    estimate = batch.row_count or _estimate_rows(batch)
    if estimate <= sync_limit:
        _STEPS[step](actor=actor, batch=batch)
        return None
    job = enqueue(
        import_step,
        kind=f"enterprise_import_{step}",
        title=_("Import %(file)s: %(step)s")
        % {"file": batch.file_name, "step": _("check") if step == "validate" else _("commit")},
        actor=actor,
        total=estimate,
        url=batch.get_absolute_url(),
        batch_id=batch.pk,
        step=step,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    if step == "commit":
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)
        batch.status = ImportStatus.RUNNING
    batch.job = job
    return job


@job_function
def import_step(*, progress: Progress, actor: User | None, batch_id: int, step: str) -> Outcome:
    """One background import step (run by chrysalis.jobs.runner, in the job's actor context)."""
    batch = ImportBatch.objects.select_related("job").get(pk=batch_id)
    try:
        result = _STEPS[step](actor=actor, batch=batch, progress=progress)
    except Exception:
        if step == "commit":  # a failed commit wrote nothing: the batch is validated again
            ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.VALIDATED
            )
        raise
    return Outcome(
        ok=result.status in {ImportStatus.VALIDATED, ImportStatus.COMMITTED},
        message=str(result.get_status_display()),
        url=result.get_absolute_url(),
    )


_STEPS = {"validate": import_validate, "commit": import_commit}


def _estimate_rows(batch: ImportBatch) -> int:
    # about 100 bytes per CSV row and 40 per compressed xlsx row
    return max(1, batch.file_size // (100 if batch.file_kind == "csv" else 40))


__all__ = [
    "import_upload",
    "import_set_mapping",
    "import_validate",
    "import_commit",
    "import_rollback",
    "report_xlsx",
    "start",
    "import_step",
    "FIGURE_NAMES",
    "text_of",
]
