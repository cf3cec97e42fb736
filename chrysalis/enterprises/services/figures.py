"""Writes of yearly figures. Every changed value leaves a FigureRevision (old, new, source, who, when)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.services import insert_or_conflict, soft_delete
from chrysalis.enterprises.choices import FIGURE_FIELDS, FIGURES_BY_NAME, INTEGER_KINDS, FigureSource
from chrysalis.enterprises.models import Enterprise, FigureRevision, YearFigures
from chrysalis.enterprises.services.common import actor_repr, require_write
from chrysalis.enterprises.services.enterprises import is_staff_actor, refresh_latest
from chrysalis.enterprises.services.records import ReadOnlyRecord, require_editable

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

MIN_YEAR, MAX_YEAR = 1980, 2100
LIMITS = {"ratio": (Decimal(0), Decimal(1)), "score": (Decimal(0), Decimal(100)), "level": (0, 4)}


def text_of(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)).compare(Decimal(str(b))) == 0


def check_value(name: str, value) -> str | None:
    """A reason (Chinese through the catalogue) when `value` is not acceptable for figure `name`."""
    if value is None:
        return None
    f = FIGURES_BY_NAME[name]
    if f.kind in INTEGER_KINDS:
        if not isinstance(value, int) or isinstance(value, bool):
            return _("%(field)s must be a whole number.") % {"field": f.label}
        if value < 0 or (f.kind == "rank" and value < 1):
            return _("%(field)s cannot be negative.") % {"field": f.label}
        if f.kind == "level" and value > 4:
            return _("%(field)s is a level from 0 to 4.") % {"field": f.label}
        return None
    if not isinstance(value, Decimal):
        return _("%(field)s must be a number.") % {"field": f.label}
    if not value.is_finite():
        return _("%(field)s must be a number.") % {"field": f.label}
    if f.kind != "signed_money" and value < 0:
        return _("%(field)s cannot be negative.") % {"field": f.label}
    if f.kind == "ratio" and value > 1:
        return _("%(field)s is a fraction between 0 and 1 (12%% = 0.12).") % {"field": f.label}
    if f.kind == "score" and value > 100:
        return _("%(field)s is a score from 0 to 100.") % {"field": f.label}
    if abs(value) >= Decimal("1e13"):
        return _("%(field)s is too large (money is in 10k yuan).") % {"field": f.label}
    try:
        value.quantize(Decimal("0.0001"))
    except InvalidOperation:
        return _("%(field)s must be a number.") % {"field": f.label}
    return None


def cross_checks(values: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    for part, whole in (
        ("main_revenue", "revenue"),
        ("rd_expense", "revenue"),
        ("rd_staff", "employees"),
        ("tech_staff", "employees"),
    ):
        a, b = values.get(part), values.get(whole)
        if a is not None and b is not None and a > b:
            errors[part] = _("%(part)s (%(a)s) exceeds %(whole)s (%(b)s).") % {
                "part": FIGURES_BY_NAME[part].label,
                "a": text_of(a),
                "whole": FIGURES_BY_NAME[whole].label,
                "b": text_of(b),
            }
    return errors


def check_year(year) -> None:
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not MIN_YEAR <= year <= this_year:
        raise ValidationError(
            {"year": _("The year must be between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": this_year}}
        )


def figures_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    year: int,
    values: dict,
    source: str,
    as_of: dt.date | None = None,
    expected_version: int | None = None,
) -> YearFigures:
    """Create or update one enterprise's figures for one year.

    Only the given fields are touched. An enterprise user's figures are always marked
    self-reported, whatever source they claim.
    """
    unknown = set(values) - set(FIGURES_BY_NAME)
    if unknown:
        raise ValidationError(_("Unknown figures: %s") % ", ".join(sorted(unknown)))
    if source not in FigureSource.values:
        raise ValidationError({"source": _("Choose where the figures come from.")})
    check_year(year)
    if actor is not None and not is_staff_actor(actor):
        source = FigureSource.SELF_REPORTED
    with transaction.atomic():
        require_write(actor, enterprise, "records")
        errors = {name: msg for name, v in values.items() if (msg := check_value(name, v))}
        row = YearFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
        if row is None and YearFigures.all_objects.filter(enterprise=enterprise, year=year).exists():
            raise ValidationError(
                {
                    "year": _(
                        "The figures of %(year)s were deleted; an administrator can restore them from "
                        "the recycle bin."
                    )
                    % {"year": year}
                }
            )
        if row is not None and not is_staff_actor(actor):
            _require_self_reported(row, values)
        merged = {**(row.values() if row else {}), **values}
        errors.update({k: v for k, v in cross_checks(merged).items() if k not in errors})
        if errors:
            raise ValidationError(errors)
        if row is not None and expected_version is not None and row.version != expected_version:
            raise ConflictError()
        creating = row is None
        if creating:
            row = YearFigures(enterprise=enterprise, year=year, source=source, as_of=as_of)
        revisions, changed, before = [], [], {}
        for name, new in values.items():
            old = getattr(row, name)
            if same(old, new):
                continue
            before[name] = text_of(old)
            setattr(row, name, new)
            changed.append(name)
            revisions.append(
                FigureRevision(
                    enterprise=enterprise,
                    year=year,
                    field=name,
                    old_value=text_of(old),
                    new_value=text_of(new),
                    source=source,
                    actor=actor if getattr(actor, "pk", None) else None,
                    actor_repr=_actor_repr(actor),
                )
            )
        if not creating and not changed:
            return row
        before_source = row.source
        sources = dict(row.field_sources or {})
        for name in changed:
            if creating or source == row.source:
                sources.pop(name, None)
            else:
                sources[name] = {"source": source, "as_of": as_of.isoformat() if as_of else None}
        row.field_sources = sources
        if creating:
            row.full_clean()
            insert_or_conflict(row)
        else:
            row.full_clean(exclude=["version"])
            row.version = F("version") + 1
            row.save(update_fields=[*changed, "field_sources", "version", "updated_at"])
            row.refresh_from_db()
        FigureRevision.objects.bulk_create(revisions)
        refresh_latest(enterprise)
        record_change(
            actor=actor,
            action="create" if creating else "update",
            obj=row,
            before=None if creating else {"year": year, "source": before_source, **before},
            after={"year": year, "source": source, **{n: text_of(getattr(row, n)) for n in changed}},
        )
    return row


def _require_self_reported(row: YearFigures, values: dict) -> None:
    """An enterprise user corrects only its own (self-reported) figures: a value from an authority
    (statistics or tax bureau, audited statement, MIIT platform) is read-only to it. A value still
    unknown may be reported (it is then marked self-reported)."""
    labels = dict(FigureSource.choices)
    for name, new in values.items():
        source, _as_of = row.provenance(name)
        old = getattr(row, name)
        if source != FigureSource.SELF_REPORTED and old is not None and not same(old, new):
            raise ReadOnlyRecord(
                _("%(field)s comes from %(source)s; an enterprise user can only read it.")
                % {"field": FIGURES_BY_NAME[name].label, "source": labels.get(source, source)}
            )


def after_soft_delete(obj, event: str) -> None:
    """settings.CHRYSALIS_SOFT_DELETE_HOOKS: a deleted or restored year changes the latest figures."""
    if isinstance(obj, YearFigures):
        refresh_latest(Enterprise.objects.get(pk=obj.enterprise_id))


def figures_delete(*, actor: User | None, figures: YearFigures, reason: str = "") -> None:
    """Soft-delete one year's figures (staff only, with a reason; restorable from the recycle bin)."""
    with transaction.atomic():
        enterprise = figures.enterprise
        require_write(actor, enterprise, "records", "delete")
        require_editable(actor, YearFigures, "delete", figures)
        FigureRevision.objects.bulk_create(
            [
                FigureRevision(
                    enterprise=enterprise,
                    year=figures.year,
                    field=f.name,
                    old_value=text_of(getattr(figures, f.name)),
                    new_value=None,
                    source=figures.source,
                    actor=actor if getattr(actor, "pk", None) else None,
                    actor_repr=_actor_repr(actor),
                )
                for f in FIGURE_FIELDS
                if getattr(figures, f.name) is not None
            ]
        )
        soft_delete(actor=actor, obj=figures, reason=reason)


def _actor_repr(actor: User | None) -> str:
    return actor_repr(actor)
