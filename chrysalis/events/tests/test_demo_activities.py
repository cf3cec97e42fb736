"""The 美育活动 demo builder (issue 16): 400+ past arts events in 转塘街道's villages, with attendance,
taken into the villages' monthly "活动参与人次" figures; idempotent."""

import datetime as dt
import time

import pytest
from django.db.models import Sum
from django.utils import timezone

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.services import org as org_services
from chrysalis.events import demo
from chrysalis.events.choices import EventKind
from chrysalis.events.models import Event, EventFigures
from chrysalis.events.services import events as event_services
from chrysalis.villages import adapters
from chrysalis.villages import demo as village_demo
from chrysalis.villages.choices import Source
from chrysalis.villages.models import FigureEntry


@pytest.mark.django_db
def test_village_activities_are_events_with_attendance_and_feed_the_village_figures():
    assert demo.build_village_activities() == {"activities": 0}  # no street yet: nothing
    org_services.org_unit_create(actor=None, parent=None, kind=OrgUnitKind.DISTRICT, name="西湖区", code="XH")
    village_demo.build()
    started = time.perf_counter()
    counts = demo.build_village_activities()
    took = time.perf_counter() - started
    print(f"build_village_activities: {counts} in {took:.2f} s")
    assert counts["activities"] >= 400
    arts = Event.objects.filter(kind=EventKind.ARTS, village__parent__code=village_demo.STREET[1])
    assert arts.count() == counts["activities"]
    assert arts.values("village").distinct().count() == len(village_demo.VILLAGES)
    assert not arts.filter(ends_at__gt=timezone.now()).exists()  # all held
    attendance = EventFigures.objects.filter(event__in=arts).aggregate(s=Sum("attendance"))["s"]
    assert attendance == counts["attendance"] > 0
    imported = FigureEntry.objects.filter(metric__code="event_attendance", source=Source.EVENTS)
    assert (
        imported.filter(village__unit__parent__code=village_demo.STREET[1]).aggregate(s=Sum("value"))["s"]
        == counts["attendance"]
    )
    assert counts["figures"] == imported.count()

    # the anonymous routes page lists upcoming public events only: no past activity, no invitation
    start = timezone.now() + dt.timedelta(days=3)
    unit = arts.first().village
    made = {
        visibility: event_services.event_create(
            actor=None,
            title=f"乡村音乐节（{visibility}）",
            kind=EventKind.FESTIVAL,
            organiser_unit=unit,
            venue="龙坞茶镇",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=5),
            visibility=visibility,
            village=unit,
        )
        for visibility in ("invitation", "public")
    }
    assert adapters.public_events() == [made["public"]]

    again = demo.build_village_activities()  # idempotent
    assert again == {"activities": 0, "attendance": 0, "figures": 0}
    assert arts.count() == counts["activities"]
