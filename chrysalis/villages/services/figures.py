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
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.core.permissions import may, require, require_visible
from chrysalis.core.services import create_object
from chrysalis.villages.choices import FigureStatus, PeriodKind, Source, Unit
from chrysalis.villages.models import FigureEntry, FigureHistory, Metric, Village
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
                return create_object(actor=actor, instance=entry, audit_fields=FIGURE_AUDIT_FIELDS)
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
