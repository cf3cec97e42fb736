"""Reads of the events module, always starting from `restrict`. Also the small, stable queries
other modules call (villages: festival figures and arts events; programmes: events held and firms
reached)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.events.choices import EventKind, RegStatus
from chrysalis.events.models import Event, EventFigures, Registration


def with_counts(qs):
    """Events with their running figures (fields kept by the registration services)."""
    return qs


def events_for(user, action: str = "view"):
    return Event.objects.restrict(user, action).select_related("organiser_unit")


def firm_registrations(user, enterprise):
    """The firm's events as the user may see them (the enterprise page's list)."""
    return (
        Registration.objects.restrict(user, "view")
        .filter(enterprise=enterprise)
        .select_related("event", "event__organiser_unit")
        .order_by("-event__starts_at")
    )


# --- for other modules (villages, programmes): plain, scoped, cheap ------------------------------


def events_held(user, *, start: dt.date, end: dt.date, kinds=None):
    """Events that took place between two dates (inclusive) in the user's scope."""
    qs = Event.objects.restrict(user, "view").filter(starts_at__date__gte=start, starts_at__date__lte=end)
    return qs.filter(kind__in=list(kinds)) if kinds else qs


def firms_reached(user, *, start: dt.date, end: dt.date) -> int:
    """Distinct firms that checked in at an event held in the period."""
    events = events_held(user, start=start, end=end)
    return (
        Registration.objects.filter(event__in=events.values("pk"), status=RegStatus.CHECKED_IN)
        .values("enterprise_id")
        .distinct()
        .count()
    )


def festival_figures(user, *, village=None, year: int | None = None):
    """Festival figures (attendance, visitors, box office with source), optionally of one village."""
    qs = EventFigures.objects.filter(
        event__in=Event.objects.restrict(user, "view").values("pk")
    ).select_related("event")
    if village is not None:
        qs = qs.filter(event__village=village)
    if year is not None:
        qs = qs.filter(event__starts_at__year=year)
    return qs


def arts_events(user, *, village=None):
    """美育活动 (arts education events), optionally held in one village."""
    qs = Event.objects.restrict(user, "view").filter(kind=EventKind.ARTS)
    return qs.filter(village=village) if village is not None else qs


def registration_counts(event: Event) -> dict[str, int]:
    rows = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {s: rows.get(s, 0) for s in RegStatus.values}


def home_cards(user) -> list[dict]:
    """Home page: upcoming events the user may see (and, for staff, this year's firms reached)."""

    now = timezone.now()
    upcoming = Event.objects.restrict(user, "view").filter(ends_at__gte=now).count()
    url = reverse("events:event_list")
    return [{"label": _("Upcoming events"), "value": upcoming, "url": f"{url}?when=upcoming"}]


def village_figure_rows() -> list[dict]:
    """Festival figures per village and month, for the villages module (listed in
    settings.CHRYSALIS_VILLAGE_FIGURE_SOURCES; the villages module sits below events and never imports
    it). One row per (village unit, month, metric): the sum over the events held in that village and
    month, with the events' ids and titles. System read (no user): the villages module decides whose
    villages to import."""
    totals: dict[tuple[int, dt.date, str], dict] = {}
    figures = EventFigures.objects.filter(event__village__isnull=False).select_related("event")
    for f in figures.order_by("event__starts_at", "event_id"):
        month = timezone.localtime(f.event.starts_at).date().replace(day=1)
        for metric, value in (("event_attendance", f.attendance), ("box_office", f.box_office)):
            if value is None:
                continue
            row = totals.setdefault(
                (f.event.village_id, month, metric),
                {"unit_id": f.event.village_id, "period": month, "metric": metric, "value": 0, "events": []},
            )
            row["value"] += value
            row["events"].append((f.event_id, f.event.title))
    return list(totals.values())
