"""Figure entry: each refusal is precise and changes nothing; plausibility; review; totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import OutOfScope
from chrysalis.core.workflow import TransitionError
from chrysalis.villages import selectors
from chrysalis.villages.choices import FigureStatus
from chrysalis.villages.models import FigureEntry, Metric
from chrysalis.villages.services.figures import figure_enter, figure_transition

TODAY = dt.date(2026, 5, 15)


def _enter(w, user="operator_a", village="village_a", **kw):
    metric = kw.pop("metric", Metric.objects.get(code="visitors"))
    args = dict(
        actor=w[user],
        village=w.extra[village],
        metric=metric,
        period=dt.date(2026, 4, 1),
        value=Decimal(15000),
        unit=metric.unit,
        source="telecom",
        today=TODAY,
    )
    args.update(kw)
    return figure_enter(**args)


def _unchanged(before_entries, before_audit):
    assert FigureEntry.objects.count() == before_entries
    assert ChangeRecord.objects.count() == before_audit


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"period": dt.date(2026, 6, 1)}, "period", "2026-06"),
        ({"period": dt.date(2026, 4, 3)}, "period", "1"),
        ({"value": Decimal(-5)}, "value", "-5"),
        ({"unit": "wan_yuan"}, "unit", "游客接待量"),
        ({"period_kind": "quarter", "period": dt.date(2026, 2, 1)}, "period", ""),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(vworld, kw, field, words):
    from django.utils import translation

    before = FigureEntry.objects.count(), ChangeRecord.objects.count()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        _enter(vworld, **kw)
    assert field in exc.value.message_dict
    assert words in " ".join(exc.value.message_dict[field])
    _unchanged(*before)


def test_duplicate_is_refused(vworld):
    _enter(vworld)
    before = FigureEntry.objects.count(), ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        _enter(vworld, value=Decimal(15500))
    assert exc.value.code == "duplicate"
    _unchanged(*before)


def test_village_out_of_scope_is_404(vworld):
    before = FigureEntry.objects.count(), ChangeRecord.objects.count()
    with pytest.raises(OutOfScope):
        _enter(vworld, village="village_b")
    with pytest.raises(OutOfScope):
        _enter(vworld, user="zone_b_officer")
    _unchanged(*before)


def test_far_outside_history_asks_for_confirmation_and_keeps_reason(vworld):
    for month, value in ((1, 10000), (2, 11000), (3, 9000)):
        _enter(vworld, period=dt.date(2026, month, 1), value=Decimal(value))
    before = FigureEntry.objects.count(), ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        _enter(vworld, value=Decimal(95000))
    assert "confirm_reason" in exc.value.message_dict
    _unchanged(*before)
    entry = _enter(vworld, value=Decimal(95000), confirm_reason="龙坞音乐节当月")
    assert entry.outlier_reason == "龙坞音乐节当月"
    ordinary = _enter(
        vworld, metric=Metric.objects.get(code="tourism_revenue"), value=Decimal(10), confirm_reason="x"
    )
    assert ordinary.outlier_reason == ""  # no history: nothing to confirm, no reason kept


def test_review_by_street_not_operator(vworld):
    entry = _enter(vworld)
    with pytest.raises(TransitionError):
        figure_transition(actor=vworld["operator_a"], entry=entry, event="review")
    with pytest.raises(OutOfScope):
        figure_transition(actor=vworld["zone_b_officer"], entry=entry, event="review")
    done = figure_transition(actor=vworld["street_a"], entry=entry, event="review")
    assert done.status == FigureStatus.REVIEWED and done.reviewed_by == vworld["street_a"]
    with pytest.raises(TransitionError):
        figure_transition(actor=vworld["street_a"], entry=done, event="return")  # reason required
    back = figure_transition(actor=vworld["street_a"], entry=done, event="return", reason="口径不符")
    assert back.status == FigureStatus.RETURNED and back.history.last().reason == "口径不符"


def test_totals_equal_the_sum_of_entries_at_every_level_and_period(vworld):
    from chrysalis.villages.demo import build_figures

    villages = [vworld.extra["village_a"], vworld.extra["village_b"]]
    FigureEntry.objects.all().delete()
    selectors.totals_rebuild()  # the entries were deleted behind the services' back
    metrics = {m.code: m for m in Metric.objects.all()}
    build_figures(villages, metrics, review=False)
    qs = FigureEntry.objects.all()
    for code in ("visitors", "tourism_revenue", "farm_sales"):
        metric = metrics[code]
        for start, end in (
            (dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
            (dt.date(2025, 1, 1), dt.date(2025, 12, 1)),
        ):
            for unit in (
                vworld.district,
                vworld.extra["street_a"],
                vworld.extra["street_b"],
                villages[0].unit,
            ):
                expected = sum(
                    e.value
                    for e in qs
                    if e.metric_id == metric.pk and start <= e.period <= end and e.path.startswith(unit.path)
                )
                assert selectors.totals(qs, metric=metric, start=start, end=end, path=unit.path) == expected
            rows = selectors.breakdown(
                qs, metric=metric, start=start, end=end, units=[v.unit for v in villages]
            )
            assert sum(r.current for r in rows) == selectors.totals(qs, metric=metric, start=start, end=end)
            # the dashboard's one-scan version gives the same rows and series, at each level
            for units in ([v.unit for v in villages], [vworld.extra["street_a"], vworld.extra["street_b"]]):
                one, series = selectors.dashboard_figures(
                    qs, metric=metric, start=start, end=end, units=units
                )
                two = selectors.breakdown(qs, metric=metric, start=start, end=end, units=units)
                assert [(r.unit_id, r.current, r.previous) for r in one] == [
                    (r.unit_id, r.current, r.previous) for r in two
                ]
                assert series == selectors.monthly_series(qs, metric=metric, start=start, end=end)
            # the streets' running totals (kept by the services) give the same district view
            streets = [vworld.extra["street_a"], vworld.extra["street_b"]]
            kept = selectors.parent_totals_figures(
                vworld["district_admin"], metric=metric, start=start, end=end, units=streets
            )
            one, series = selectors.dashboard_figures(qs, metric=metric, start=start, end=end, units=streets)
            assert kept is not None
            assert [(r.unit_id, r.current, r.previous) for r in kept[0]] == [
                (r.unit_id, r.current, r.previous) for r in one
            ]
            assert kept[1] == series
    # an operator does not reach a whole street: the totals are not used for them
    assert (
        selectors.parent_totals_figures(
            vworld["operator_a"],
            metric=metrics["visitors"],
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 4, 1),
            units=[vworld.extra["street_a"]],
        )
        is None
    )
    # the two villages share the seed's totals by weight; Jan–Apr 2026 of both add up exactly
    visitors = selectors.totals(
        qs, metric=metrics["visitors"], start=dt.date(2026, 1, 1), end=dt.date(2026, 4, 1)
    )
    assert visitors == Decimal("1745800")
    row = selectors.breakdown(
        qs,
        metric=metrics["visitors"],
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 4, 1),
        units=[vworld.district],
    )[0]
    assert row.yoy is not None and row.yoy > 0


def test_festival_figures_come_from_the_events_source(vworld, settings):
    """Figures other modules hold (settings.CHRYSALIS_VILLAGE_FIGURE_SOURCES) are taken in once, per
    village and month, with the source 活动模块; a re-import follows a changed total; a figure typed by
    hand is never overwritten; a village outside the actor's scope is skipped."""
    from chrysalis.core import extensions
    from chrysalis.villages.services.figures import figures_import

    rows = [
        {
            "unit_id": vworld.extra["village_a"].unit_id,
            "period": dt.date(2026, 4, 1),
            "metric": "event_attendance",
            "value": 55100,
            "events": [(7, "龙坞音乐节")],
        },
        {
            "unit_id": vworld.extra["village_b"].unit_id,
            "period": dt.date(2026, 4, 1),
            "metric": "box_office",
            "value": Decimal("557"),
            "events": [(8, "B村戏剧节")],
        },
    ]
    settings.CHRYSALIS_VILLAGE_FIGURE_SOURCES = ["chrysalis.villages.tests.test_figures.source"]
    extensions.callables.cache_clear()
    SOURCE[:] = rows
    try:
        c = figures_import(actor=vworld["street_a"], today=TODAY)
        assert (c["created"], c["skipped"]) == (1, 1)  # B村 is another street's
        entry = FigureEntry.objects.get(village=vworld.extra["village_a"], metric__code="event_attendance")
        assert (entry.source, entry.value, entry.event_ref) == ("events", 55100, "events:7")
        assert figures_import(actor=vworld["street_a"], today=TODAY)["unchanged"] == 1
        SOURCE[0] = {**rows[0], "value": 56000}
        assert figures_import(actor=None, today=TODAY)["updated"] == 1
        entry.refresh_from_db()
        assert entry.value == 56000 and entry.history.filter(event="reimport").exists()
        typed = FigureEntry.objects.get(village=vworld.extra["village_b"], metric__code="box_office")
        assert typed.source == "events"  # the system import reached B村 too
        typed.source = "ticketing"
        typed.save()
        SOURCE[1] = {**rows[1], "value": Decimal("600")}
        assert figures_import(actor=None, today=TODAY)["clash"] == 1
        typed.refresh_from_db()
        assert typed.value == Decimal("557")
        # the running totals followed every write (same as recomputing them from the entries)
        from chrysalis.villages.models import ParentMonthTotal

        kept = sorted(ParentMonthTotal.objects.values_list("path", "metric_id", "period", "total", "entries"))
        selectors.totals_rebuild()
        assert kept == sorted(
            ParentMonthTotal.objects.values_list("path", "metric_id", "period", "total", "entries")
        )
    finally:
        extensions.callables.cache_clear()


SOURCE: list[dict] = []


def source() -> list[dict]:
    return list(SOURCE)


def test_events_module_rows_reach_the_village(vworld):
    """The real source (chrysalis.events.selectors.village_figure_rows): a festival held in A村 in April
    becomes A村's April attendance and box office, summed per month."""
    import zoneinfo

    from chrysalis.events.services.events import event_create
    from chrysalis.events.services.outcomes import figures_save
    from chrysalis.villages.services.figures import figures_import

    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    for day, attendance in ((10, 30000), (20, 25100)):
        event = event_create(
            actor=None,
            title=f"龙坞音乐节 4月{day}日",
            kind="festival",
            organiser_unit=vworld.extra["street_a"],
            venue="龙坞茶镇",
            starts_at=dt.datetime(2026, 4, day, 18, tzinfo=tz),
            ends_at=dt.datetime(2026, 4, day, 22, tzinfo=tz),
            village=vworld.extra["village_a"].unit,
        )
        figures_save(
            actor=None, event=event, attendance=attendance, box_office=Decimal("278.5"), source="ticketing"
        )
    assert figures_import(actor=None, today=TODAY)["created"] == 2
    got = dict(
        FigureEntry.objects.filter(village=vworld.extra["village_a"], source="events").values_list(
            "metric__code", "value"
        )
    )
    assert got == {"event_attendance": Decimal("55100"), "box_office": Decimal("557")}
