"""Figure entries: entered by village or street staff, reviewed by the street.

Refused with a precise message and nothing written: a period in the future or not on a month /
quarter start, a negative value, a unit that is not the metric's, a village out of scope (404), a
second entry for the same village, metric and period, and a value far outside the village's own
history unless the person confirms it with a reason (kept on the entry).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.core.extensions import callables
from chrysalis.core.permissions import may, require, require_visible
from chrysalis.core.scope import PATH_STEP
from chrysalis.core.services import create_object, update_object
from chrysalis.villages.choices import FigureStatus, PeriodKind, Source, Unit
from chrysalis.villages.models import FigureEntry, FigureHistory, Metric, ParentMonthTotal, Village
from chrysalis.villages.selectors import implausible
from chrysalis.villages.workflows import FIGURE_MACHINE

FIGURE_AUDIT_FIELDS = (
    "village",
    "metric",
    "period_kind",
    "period",
    "value",
    "unit",
    "source",
    "method",
    "status",
    "outlier_reason",
)


def _total_add(entry: FigureEntry, delta: Decimal, entries: int) -> None:
    """Add `delta` (and `entries`) to the running total of the entry's parent unit (the street), in the
    caller's transaction (see ParentMonthTotal)."""
    key = {
        "path": entry.path[:-PATH_STEP],
        "metric_id": entry.metric_id,
        "period_kind": entry.period_kind,
        "period": entry.period,
    }
    bump = {"total": F("total") + delta, "entries": F("entries") + entries}
    if ParentMonthTotal.objects.filter(**key).update(**bump):
        return
    try:
        with transaction.atomic():
            ParentMonthTotal.objects.create(**key, total=delta, entries=entries)
    except IntegrityError:  # created by a concurrent entry meanwhile
        ParentMonthTotal.objects.filter(**key).update(**bump)


def _check_period(period_kind: str, period: dt.date, today: dt.date) -> None:
    if period.day != 1:
        raise ValidationError({"period": _("A period is given by its first day (the 1st of the month).")})
    if period_kind == PeriodKind.QUARTER and period.month not in (1, 4, 7, 10):
        raise ValidationError({"period": _("A quarter starts in January, April, July or October.")})
    if period > today:
        raise ValidationError(
            {
                "period": _("%(period)s has not begun yet: figures cannot be entered for the future.")
                % {"period": period.strftime("%Y-%m")}
            }
        )


def figure_enter(
    *,
    actor,
    village: Village,
    metric: Metric,
    period: dt.date,
    value,
    unit: str,
    source: str,
    period_kind: str = PeriodKind.MONTH,
    method: str = "",
    confirm_reason: str = "",
    event_ref: str = "",
    today: dt.date | None = None,
) -> FigureEntry:
    """Record one figure. A value far outside the village's history needs `confirm_reason`."""
    require_visible(actor, village)
    require(actor, "change", village, message=_("You may not enter figures for this village."))
    today = today or timezone.localdate()
    value = Decimal(value)
    errors: dict[str, str] = {}
    if value < 0:
        errors["value"] = _("A figure cannot be negative (%(value)s).") % {"value": value}
    if unit != metric.unit:
        errors["unit"] = _("“%(metric)s” is counted in %(expected)s, not in %(given)s.") % {
            "metric": metric.name,
            "expected": Unit(metric.unit).label,
            "given": Unit(unit).label if unit in Unit.values else unit,
        }
    if source not in Source.values:
        errors["source"] = _("Choose where the figure comes from.")
    if errors:
        raise ValidationError(errors)
    _check_period(period_kind, period, today)
    with transaction.atomic():
        if FigureEntry.objects.filter(
            village=village, metric=metric, period_kind=period_kind, period=period
        ).exists():
            raise ValidationError(
                _(
                    "%(village)s already has a figure for “%(metric)s” in %(period)s; "
                    "correct that one instead."
                )
                % {"village": village, "metric": metric.name, "period": period.strftime("%Y-%m")},
                code="duplicate",
            )
        median = implausible(
            village=village, metric=metric, period_kind=period_kind, period=period, value=value
        )
        if median is not None and not confirm_reason.strip():
            raise ValidationError(
                {
                    "confirm_reason": _(
                        "%(value)s is far from this village's usual %(median)s for “%(metric)s”. "
                        "If it is right, confirm it and say why."
                    )
                    % {"value": value, "median": median, "metric": metric.name}
                },
                code="implausible",
            )
        entry = FigureEntry(
            village=village,
            path=village.unit.path,
            metric=metric,
            period_kind=period_kind,
            period=period,
            value=value,
            unit=unit,
            source=source,
            method=method.strip(),
            outlier_reason=confirm_reason.strip() if median is not None else "",
            event_ref=event_ref,
            entered_by=actor,
        )
        try:
            with transaction.atomic():
                created = create_object(actor=actor, instance=entry, audit_fields=FIGURE_AUDIT_FIELDS)
                _total_add(created, created.value, 1)
                return created
        except IntegrityError as exc:  # a concurrent duplicate
            raise ValidationError(
                _("This figure was just entered by someone else."), code="duplicate"
            ) from exc


def figure_capacities(actor, entry: FigureEntry) -> frozenset[str]:
    if actor is None:
        return frozenset({"system"})
    caps = set()
    if may(actor, "assess", entry):
        caps.add("reviewer")
    if may(actor, "change", entry):
        caps.add("editor")
    return frozenset(caps)


def figure_transition(*, actor, entry: FigureEntry, event: str, reason: str = "", expected_version=None):
    """Review (confirm), return with a reason, or resubmit a figure."""
    require_visible(actor, entry)
    return FIGURE_MACHINE.run(
        queryset=FigureEntry.objects.all(),
        pk=entry.pk,
        event=event,
        actor=actor,
        capacities=lambda obj: figure_capacities(actor, obj),
        reason=reason,
        expected_version=expected_version,
        history=lambda step: FigureHistory.objects.create(
            figure=step.obj,
            at=step.now,
            actor=actor,
            event=step.event,
            from_status=step.from_state,
            to_status=step.move.to,
            reason=step.reason,
        ),
        audit_fields=FIGURE_AUDIT_FIELDS,
    )


def figures_review(*, actor, entries) -> int:
    """Confirm every entered figure of `entries` the actor may review; returns how many."""
    done = 0
    for entry in entries.filter(status=FigureStatus.ENTERED):
        figure_transition(actor=actor, entry=entry, event="review")
        done += 1
    return done


# Figures other modules hold for villages (festival attendance and box office from the events module):
# settings.CHRYSALIS_VILLAGE_FIGURE_SOURCES lists callables () -> rows {unit_id, period, metric, value,
# events: [(id, title)]}. The villages module sits below events and never imports it; the figures are
# pulled here, never typed twice (the form does not offer the "events module" source).
FIGURE_SOURCES = "CHRYSALIS_VILLAGE_FIGURE_SOURCES"


def _event_ref(events) -> str:
    ref = "events:" + ",".join(str(pk) for pk, _title in events)
    return ref if len(ref) <= 40 else ref[:39] + "…"


def figures_import(*, actor, today: dt.date | None = None) -> dict[str, int]:
    """Bring the other modules' village figures in as monthly figures with the source 活动模块.

    Only villages the actor may enter figures for (every village for the system actor); a month not
    yet begun is skipped. A figure already taken from the events module is updated when the events'
    total changed (back to "entered" for the street to review again); a figure typed by hand for the
    same village, metric and month is left alone and counted as a clash. Returns counts."""
    today = today or timezone.localdate()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "clash": 0, "skipped": 0}
    villages = Village.objects.all() if actor is None else Village.objects.restrict(actor, "change")
    by_unit = {v.unit_id: v for v in villages.select_related("unit")}
    metrics = {m.code: m for m in Metric.objects.all()}
    rows = [row for source in callables(FIGURE_SOURCES) for row in source()]
    for row in rows:
        village, metric = by_unit.get(row["unit_id"]), metrics.get(row["metric"])
        if village is None or metric is None or row["period"] > today:
            counts["skipped"] += 1
            continue
        value = Decimal(row["value"])
        ref = _event_ref(row["events"])
        method = _("From the events module: %(events)s") % {
            "events": "；".join(t for _pk, t in row["events"])
        }
        existing = FigureEntry.objects.filter(
            village=village, metric=metric, period_kind=PeriodKind.MONTH, period=row["period"]
        ).first()
        if existing is None:
            figure_enter(
                actor=actor,
                village=village,
                metric=metric,
                period=row["period"],
                value=value,
                unit=metric.unit,
                source=Source.EVENTS,
                method=method,
                confirm_reason=str(_("Taken from the events module.")),
                event_ref=ref,
                today=today,
            )
            counts["created"] += 1
        elif existing.source != Source.EVENTS:
            counts["clash"] += 1
        elif existing.value == value and existing.event_ref == ref:
            counts["unchanged"] += 1
        else:
            with transaction.atomic():
                _total_add(existing, value - existing.value, 0)
                update_object(
                    actor=actor,
                    instance=existing,
                    changes={
                        "value": value,
                        "event_ref": ref,
                        "method": method,
                        "status": FigureStatus.ENTERED,
                    },
                    audit_fields=FIGURE_AUDIT_FIELDS,
                )
                # the new total is reviewed again: the move is kept in the figure's history
                FigureHistory.objects.create(
                    figure=existing,
                    at=timezone.now(),
                    actor=actor,
                    event="reimport",
                    from_status=existing.status,
                    to_status=FigureStatus.ENTERED,
                    reason=_("The events module's total changed from %(old)s to %(new)s.")
                    % {"old": existing.value, "new": value},
                )
            counts["updated"] += 1
    return counts
