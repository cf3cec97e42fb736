"""The metric catalogue: named, parameterised, scoped queries over what the other modules record.

A target picks one metric by its code and gives its parameters; the metric answers, for a unit's
subtree (`Window.path`), a counting start (`Window.start`) and a date (`Window.as_of`):

- `value(window, params)` — the number (Decimal);
- `records(window, params)` — the records behind the number (the drill-down list), a queryset of
  `record_model` (firms, requests, events, projects or village figures).

"Stock" metrics are a state on `as_of` (firms holding a valid title); "flow" metrics count what
happened between `start` and `as_of` inclusive (titles newly granted). Every metric has a definition
shown to users beside the number. Metrics read through the plain managers, filtered by the unit's
org path: a target's number is its unit's number whoever looks at it; the drill-down list then shows
the reader only the records their own scope reaches (see docs/programmes.md).

Nothing registers itself: the catalogue is the `CATALOGUE` mapping at the bottom of this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Model, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chrysalis.cultivation.models import PoolEntry, PoolStage
from chrysalis.cultivation.models.pool import STAGE_RANK, TierTarget
from chrysalis.enterprises.choices import TitleKind
from chrysalis.enterprises.models import Enterprise, Title, YearFigures
from chrysalis.events.choices import EventKind, RegStatus
from chrysalis.events.models import Event, Registration
from chrysalis.investment.choices import LANDED_OR_LATER
from chrysalis.investment.models import Project
from chrysalis.programmes.choices import LISTING_RANK, ListingStage
from chrysalis.programmes.models import ListingEntry
from chrysalis.support.choices import AssignmentRole, Status
from chrysalis.support.models import Assignment, ServiceRequest
from chrysalis.villages.choices import FigureStatus
from chrysalis.villages.models import FigureEntry

ZERO = Decimal(0)
HUNDRED = Decimal(100)
PLACES = Decimal("0.01")
RESOLVED = (Status.ANSWERED, Status.CLOSED)
TITLE_CHOICES = (
    TitleKind.ZJTX_SME,
    TitleKind.LITTLE_GIANT,
    TitleKind.INNOVATIVE_SME,
    TitleKind.TECH_SME,
    TitleKind.HIGH_TECH_ENTERPRISE,
    TitleKind.SINGLE_CHAMPION,
    TitleKind.ZJ_HIDDEN_CHAMPION,
)
VILLAGE_METRICS = ("visitors", "overnight_visitors", "tourism_revenue", "farm_sales", "private_investment")


@dataclass(frozen=True)
class Window:
    path: str  # org-unit materialised path: the unit's subtree
    start: dt.date  # counting start (flow metrics)
    as_of: dt.date  # the day the number is taken on

    def __post_init__(self):
        if self.as_of < self.start:
            raise ValueError("as_of before start")


@dataclass(frozen=True)
class Param:
    """One parameter of a metric, with its domain: `choices` (value, label) or an integer range."""

    name: str
    label: str | Promise
    choices: tuple[tuple[str, Any], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    default: Any = None
    required: bool = False

    def clean(self, raw: Any) -> Any:
        label = gettext(str(self.label))
        if raw in (None, ""):
            if self.required:
                raise ValidationError(
                    {"params": gettext("The parameter “%(param)s” is required.") % {"param": label}}
                )
            return self.default
        if self.choices:
            allowed = [value for value, _label in self.choices]
            if raw not in allowed:
                raise ValidationError(
                    {
                        "params": gettext(
                            "The value “%(value)s” of the parameter “%(param)s” is not one of: %(allowed)s."
                        )
                        % {
                            "value": raw,
                            "param": label,
                            "allowed": "、".join(str(lbl) for _v, lbl in self.choices),
                        }
                    }
                )
            return raw
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(
                {
                    "params": gettext("The parameter “%(param)s” must be a whole number, not “%(value)s”.")
                    % {"param": label, "value": raw}
                }
            ) from None
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise ValidationError(
                {
                    "params": gettext(
                        "The parameter “%(param)s” must lie between %(minimum)s and %(maximum)s; "
                        "%(value)s is outside."
                    )
                    % {"param": label, "minimum": self.minimum, "maximum": self.maximum, "value": number}
                }
            )
        return number

    def display(self, value: Any) -> str:
        for choice, label in self.choices:
            if choice == value:
                return str(label)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Metric:
    code: str
    label: str | Promise
    definition: str | Promise
    unit: str | Promise
    kind: str  # "stock" or "flow"
    record_model: type[Model]
    records: Callable[[Window, dict], QuerySet]
    value: Callable[[Window, dict], Decimal]
    params: tuple[Param, ...] = field(default=())
    module: str | Promise = ""

    def clean_params(self, raw: dict | None) -> dict:
        """Parameters checked against their domains (unknown names refused); defaults filled in."""
        raw = dict(raw or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValidationError(
                {
                    "params": gettext("The metric “%(metric)s” has no parameter %(names)s.")
                    % {"metric": gettext(str(self.label)), "names": "、".join(unknown)}
                }
            )
        return {p.name: p.clean(raw.get(p.name)) for p in self.params}

    def describe_params(self, params: dict) -> list[tuple[str, str]]:
        return [
            (str(p.label), p.display(params.get(p.name)))
            for p in self.params
            if params.get(p.name) not in (None, "")
        ]

    def compute(self, window: Window, params: dict) -> Decimal:
        return Decimal(self.value(window, params)).quantize(PLACES, rounding=ROUND_HALF_UP)


def _count(records):
    return lambda w, p: Decimal(records(w, p).count())


def _under(path: str, lookup: str) -> Q:
    return Q(**{f"{lookup}__startswith": path})


def _during(lookup: str, start: dt.date, as_of: dt.date) -> Q:
    """A datetime field within [start, as_of] in local days, as a plain range (an index can serve it;
    `__date` would convert every row)."""
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    return Q(**{f"{lookup}__gte": first, f"{lookup}__lt": after})


# --- firms: titles, pool, R&D, listing -----------------------------------------------------------


def titles_valid_records(w: Window, p: dict) -> QuerySet:
    valid = Title.objects.filter(kind=p["kind"], granted_on__lte=w.as_of).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=w.as_of)
    )
    return Enterprise.objects.filter(_under(w.path, "org_unit__path"), pk__in=valid.values("enterprise_id"))


def titles_new_records(w: Window, p: dict) -> QuerySet:
    granted = Title.objects.filter(kind=p["kind"], granted_on__gte=w.start, granted_on__lte=w.as_of)
    return Enterprise.objects.filter(_under(w.path, "org_unit__path"), pk__in=granted.values("enterprise_id"))


def pool_records(w: Window, p: dict) -> QuerySet:
    reached = [
        s for s in PoolStage.values if STAGE_RANK[s] >= STAGE_RANK[p["stage"]] and s != PoolStage.REVIEW
    ]
    entries = PoolEntry.objects.filter(stage__in=reached)
    if p.get("tier"):
        entries = entries.filter(tier_target=p["tier"])
    return Enterprise.objects.filter(_under(w.path, "org_unit__path"), pk__in=entries.values("enterprise_id"))


def key_firm_rd_records(w: Window, p: dict) -> QuerySet:
    return YearFigures.objects.filter(
        _under(w.path, "enterprise__org_unit__path"),
        enterprise__key_firm=True,
        year=p["year"],
        rd_expense__isnull=False,
    ).select_related("enterprise")


def key_firm_rd_value(w: Window, p: dict) -> Decimal:
    return key_firm_rd_records(w, p).aggregate(t=Sum("rd_expense"))["t"] or ZERO


def listing_records(w: Window, p: dict) -> QuerySet:
    reached = [s for s in ListingStage.values if LISTING_RANK[s] >= LISTING_RANK[p["stage"]]]
    entries = ListingEntry.objects.filter(stage__in=reached, since__lte=w.as_of)
    return Enterprise.objects.filter(_under(w.path, "org_unit__path"), pk__in=entries.values("enterprise_id"))


# --- enterprise service ---------------------------------------------------------------------------


def answered_records(w: Window, p: dict) -> QuerySet:
    return ServiceRequest.objects.filter(
        _under(w.path, "enterprise__org_unit__path"),
        _during("answered_at", w.start, w.as_of),
        answered_on_time__isnull=False,
    )


def on_time_rate(w: Window, p: dict) -> Decimal:
    row = answered_records(w, p).aggregate(n=Count("pk"), ok=Count("pk", filter=Q(answered_on_time=True)))
    return HUNDRED * row["ok"] / row["n"] if row["n"] else ZERO


def rated_records(w: Window, p: dict) -> QuerySet:
    return ServiceRequest.objects.filter(
        _under(w.path, "enterprise__org_unit__path"),
        _during("closed_at", w.start, w.as_of),
        satisfaction__isnull=False,
    )


def satisfaction_value(w: Window, p: dict) -> Decimal:
    avg = rated_records(w, p).aggregate(a=Avg("satisfaction"))["a"]
    return Decimal(str(avg)) if avg is not None else ZERO


def coverage_records(w: Window, p: dict) -> QuerySet:
    """The denominator: above-scale firms of the subtree (the coverage policy's firms)."""
    return Enterprise.objects.filter(_under(w.path, "org_unit__path"), above_scale=True)


def _covered_on(as_of: dt.date) -> QuerySet:
    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    return Assignment.objects.filter(role=AssignmentRole.LEAD, started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=end)
    )


def coverage_value(w: Window, p: dict) -> Decimal:
    firms = coverage_records(w, p)
    total = firms.count()
    if not total:
        return ZERO
    covered = firms.filter(pk__in=_covered_on(w.as_of).values("enterprise_id")).count()
    return HUNDRED * covered / total


def tagged_resolved_records(w: Window, p: dict) -> QuerySet:
    return ServiceRequest.objects.filter(
        _under(w.path, "enterprise__org_unit__path"),
        _during("answered_at", w.start, w.as_of),
        tags__contains=p["tag"],
        status__in=RESOLVED,
    )


# --- events ---------------------------------------------------------------------------------------


def events_records(w: Window, p: dict) -> QuerySet:
    qs = Event.objects.filter(_under(w.path, "organiser_unit__path"), _during("starts_at", w.start, w.as_of))
    return qs.filter(kind=p["kind"]) if p.get("kind") else qs


def firms_reached_records(w: Window, p: dict) -> QuerySet:
    events = events_records(w, {"kind": ""})
    came = Registration.objects.filter(event__in=events.values("pk"), status=RegStatus.CHECKED_IN)
    return Enterprise.objects.filter(pk__in=came.values("enterprise_id"))


# --- investment -----------------------------------------------------------------------------------


def landed_records(w: Window, p: dict) -> QuerySet:
    return Project.objects.filter(
        _under(w.path, "team__org_unit__path"),
        stage__in=LANDED_OR_LATER,
        landed_on__gte=w.start,
        landed_on__lte=w.as_of,
        amount__gte=Decimal(p.get("min_amount") or 0),
    )


def landed_amount(w: Window, p: dict) -> Decimal:
    return landed_records(w, p).aggregate(t=Sum("amount"))["t"] or ZERO


# --- villages -------------------------------------------------------------------------------------


def village_records(w: Window, p: dict) -> QuerySet:
    return FigureEntry.objects.filter(
        _under(w.path, "path"),
        metric__code=p["code"],
        status=FigureStatus.REVIEWED,
        period__gte=w.start.replace(day=1),
        period__lte=w.as_of,
    ).select_related("village__unit", "metric")


def village_value(w: Window, p: dict) -> Decimal:
    return village_records(w, p).aggregate(t=Sum("value"))["t"] or ZERO


TITLE = Param("kind", _("title"), tuple((k.value, k.label) for k in TITLE_CHOICES), required=True)
TAG = Param(
    "tag",
    _("tag"),
    (("痛点难点", "痛点难点"), ("专精特新", "专精特新"), ("上市培育", "上市培育")),
    default="痛点难点",
)
FIRMS, PERCENT = _("firms"), "%"

METRICS: list[Metric] = [
    Metric(
        "titles_valid",
        _("Firms holding a valid title"),
        _(
            "Firms of the unit whose registry holds the chosen title granted on or before the day and "
            "not expired on it (no expiry date counts as valid). Each firm counts once."
        ),
        FIRMS,
        "stock",
        Enterprise,
        titles_valid_records,
        _count(titles_valid_records),
        (TITLE,),
        _("Enterprise registry"),
    ),
    Metric(
        "titles_new",
        _("Firms newly granted a title"),
        _(
            "Firms of the unit granted the chosen title between the counting start and the day "
            "(grant date in the registry). Each firm counts once."
        ),
        FIRMS,
        "flow",
        Enterprise,
        titles_new_records,
        _count(titles_new_records),
        (TITLE,),
        _("Enterprise registry"),
    ),
    Metric(
        "pool_stage",
        _("Pool firms at a stage or beyond"),
        _(
            "Firms of the unit in the cultivation pool whose current stage is the chosen stage or a later "
            "one (under review not counted), optionally for one tier target. A state, not a history: "
            "the monthly snapshot keeps the past values."
        ),
        FIRMS,
        "stock",
        Enterprise,
        pool_records,
        _count(pool_records),
        (
            Param(
                "stage",
                _("stage"),
                tuple((s.value, s.label) for s in PoolStage if s != PoolStage.REVIEW),
                default=PoolStage.KEY,
            ),
            Param("tier", _("tier target"), tuple((t.value, t.label) for t in TierTarget), default=""),
        ),
        _("Cultivation pool"),
    ),
    Metric(
        "key_firm_rd",
        _("R&D expense of key firms"),
        _(
            "Sum of the R&D expense (10k yuan) the registry records for the chosen year, over the firms "
            "of the unit marked as key firms. Firms without the figure are not counted."
        ),
        _("10k yuan"),
        "stock",
        YearFigures,
        key_firm_rd_records,
        key_firm_rd_value,
        (Param("year", _("year"), minimum=2015, maximum=2035, required=True),),
        _("Enterprise registry"),
    ),
    Metric(
        "listing_track",
        _("Firms on the listing track"),
        _(
            "Firms of the unit on the listing track (上市培育库) at the chosen stage or a later one, on the "
            "track on or before the day."
        ),
        FIRMS,
        "stock",
        Enterprise,
        listing_records,
        _count(listing_records),
        (
            Param(
                "stage",
                _("stage"),
                tuple((s.value, s.label) for s in ListingStage),
                default=ListingStage.CULTIVATING,
            ),
        ),
        _("Listing track"),
    ),
    Metric(
        "requests_on_time",
        _("Requests answered on time (%)"),
        _(
            "Of the requests of the unit's firms answered between the counting start and the day, the "
            "share answered within their working-day limit."
        ),
        PERCENT,
        "flow",
        ServiceRequest,
        answered_records,
        on_time_rate,
        (),
        _("Enterprise service"),
    ),
    Metric(
        "satisfaction",
        _("Average satisfaction"),
        _(
            "Average rating (1 to 5) the firms of the unit gave to the requests closed between the "
            "counting start and the day; requests without a rating are left out."
        ),
        _("points"),
        "flow",
        ServiceRequest,
        rated_records,
        satisfaction_value,
        (),
        _("Enterprise service"),
    ),
    Metric(
        "officer_coverage",
        _("Named-officer coverage (%)"),
        _(
            "Share of the unit's above-scale firms that have a lead officer assigned on the day "
            "(assignment started on or before the day and not ended)."
        ),
        PERCENT,
        "stock",
        Enterprise,
        coverage_records,
        coverage_value,
        (),
        _("Enterprise service"),
    ),
    Metric(
        "tagged_resolved",
        _("Tagged requests resolved"),
        _(
            "Requests of the unit's firms carrying the chosen tag, answered or closed, with the answer "
            "given between the counting start and the day."
        ),
        _("requests"),
        "flow",
        ServiceRequest,
        tagged_resolved_records,
        _count(tagged_resolved_records),
        (TAG,),
        _("Enterprise service"),
    ),
    Metric(
        "events_held",
        _("Events held"),
        _(
            "Events organised by the unit or a unit under it that started between the counting start "
            "and the day, optionally of one type."
        ),
        _("events"),
        "flow",
        Event,
        events_records,
        _count(events_records),
        (Param("kind", _("event type"), tuple((k.value, k.label) for k in EventKind), default=""),),
        _("Events"),
    ),
    Metric(
        "firms_reached",
        _("Firms reached by events"),
        _(
            "Distinct firms checked in at an event of the unit that started between the counting start "
            "and the day."
        ),
        FIRMS,
        "flow",
        Enterprise,
        firms_reached_records,
        _count(firms_reached_records),
        (),
        _("Events"),
    ),
    Metric(
        "projects_landed",
        _("Investment projects landed"),
        _(
            "Projects of the unit's task forces registered and landed (or later) with the landing date "
            "between the counting start and the day, with an amount of at least the chosen size "
            "(100 million yuan; 10 for major projects)."
        ),
        _("projects"),
        "flow",
        Project,
        landed_records,
        _count(landed_records),
        (Param("min_amount", _("minimum amount (100 million yuan)"), minimum=0, maximum=1000, default=0),),
        _("Investment"),
    ),
    Metric(
        "projects_amount",
        _("Amount of projects landed"),
        _(
            "Sum of the amounts (100 million yuan) of the projects counted by “Investment projects "
            "landed” with the same minimum size."
        ),
        _("100 million yuan"),
        "flow",
        Project,
        landed_records,
        landed_amount,
        (Param("min_amount", _("minimum amount (100 million yuan)"), minimum=0, maximum=1000, default=0),),
        _("Investment"),
    ),
    Metric(
        "village_figure",
        _("Village figure total"),
        _(
            "Sum of the reviewed monthly and quarterly figures of the chosen village metric for the "
            "villages under the unit, periods starting from the month of the counting start to the day."
        ),
        _("as the village metric"),
        "flow",
        FigureEntry,
        village_records,
        village_value,
        (
            Param(
                "code",
                _("village metric"),
                (
                    ("visitors", _("visitors")),
                    ("overnight_visitors", _("overnight visitors")),
                    ("tourism_revenue", _("tourism revenue (10k yuan)")),
                    ("farm_sales", _("farm produce sales (10k yuan)")),
                    ("private_investment", _("private investment (10k yuan)")),
                ),
                required=True,
            ),
        ),
        _("Villages"),
    ),
]

CATALOGUE: dict[str, Metric] = {m.code: m for m in METRICS}


def get(code: str) -> Metric:
    try:
        return CATALOGUE[code]
    except KeyError:
        raise ValidationError(
            {"metric": gettext("There is no metric “%(code)s” in the catalogue.") % {"code": code}}
        ) from None


def choices() -> list[tuple[str, str]]:
    return [(m.code, str(m.label)) for m in METRICS]
