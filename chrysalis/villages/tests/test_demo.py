"""The demo builder gives the seed's shape and is idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.services import org as org_services
from chrysalis.villages import demo
from chrysalis.villages.models import FigureEntry, Honour, Operator, Plan, Project, Route


@pytest.mark.django_db
def test_demo_has_the_seed_shape_and_totals():
    org_services.org_unit_create(actor=None, parent=None, kind=OrgUnitKind.DISTRICT, name="西湖区", code="XH")
    counts = demo.build()
    assert (counts["operators"], counts["plans"], counts["honours"]) == (8, 6, 24)
    assert counts["projects"] >= 10 and Route.objects.filter(is_public=True).count() == 2
    assert Operator.objects.count() == 8 and Plan.objects.count() == 6 and Honour.objects.count() == 24
    jan_apr = FigureEntry.objects.filter(period__gte=dt.date(2026, 1, 1), period__lte=dt.date(2026, 4, 1))
    sums = dict(jan_apr.values("metric__code").annotate(s=Sum("value")).values_list("metric__code", "s"))
    assert sums == {
        "visitors": Decimal("1745800"),
        "tourism_revenue": Decimal("16700"),
        "farm_sales": Decimal("20800"),
    }
    lingshan = Project.objects.get(name__startswith="灵山景区")
    assert (lingshan.private_investment, lingshan.jobs) == (Decimal("25000"), 800)
    assert demo.build()["figures"] == 0  # idempotent
    assert Project.objects.count() == counts["projects"]
