from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import (
    BaseTable,
    ChoiceColumn,
    LinkColumn,
    MoneyColumn,
    NumberColumn,
    RelatedNameColumn,
    TextColumn,
)
from chrysalis.villages.models import FigureEntry, Honour, Operator, Plan, Project, Route, Village


class VillageTable(BaseTable):
    unit = LinkColumn(verbose_name=_("village"), accessor="unit__name", order_by="unit__path")
    street = TextColumn(verbose_name=_("street"), accessor="unit__parent__name")
    population = NumberColumn(verbose_name=_("population"))
    households = NumberColumn(verbose_name=_("households"))
    area_km2 = NumberColumn(verbose_name=_("area (km²)"))

    class Meta:
        model = Village
        fields = ("unit", "street", "population", "households", "area_km2")
        attrs = {"class": "table table-vcenter card-table"}


class FigureTable(BaseTable):
    village = LinkColumn(verbose_name=_("village"), accessor="village__unit__name", order_by="path")
    metric = RelatedNameColumn(verbose_name=_("metric"), accessor="metric__name")
    period = TextColumn(verbose_name=_("period"), accessor="period")
    value = NumberColumn(verbose_name=_("value"))
    unit = ChoiceColumn(verbose_name=_("unit"))
    source = ChoiceColumn(verbose_name=_("source"))
    status = ChoiceColumn(verbose_name=_("status"))
    method = TextColumn(verbose_name=_("method note"))
    outlier_reason = TextColumn(verbose_name=_("reason for an unusual value"))

    default_hidden = ("method", "outlier_reason")

    class Meta:
        model = FigureEntry
        fields = (
            "village",
            "metric",
            "period",
            "value",
            "unit",
            "source",
            "status",
            "method",
            "outlier_reason",
        )
        attrs = {"class": "table table-vcenter card-table"}


class OperatorTable(BaseTable):
    name = LinkColumn(verbose_name=_("name"))
    kind = ChoiceColumn(verbose_name=_("kind"))
    speciality = TextColumn(verbose_name=_("speciality"))
    street = RelatedNameColumn(verbose_name=_("street"), accessor="street__name")

    class Meta:
        model = Operator
        fields = ("name", "kind", "speciality", "street")
        attrs = {"class": "table table-vcenter card-table"}


class PlanTable(BaseTable):
    title = LinkColumn(verbose_name=_("title"))
    village = TextColumn(verbose_name=_("village"), accessor="village__unit__name")
    operator = RelatedNameColumn(verbose_name=_("operator"), accessor="operator__name")
    year = NumberColumn(verbose_name=_("year"))
    plan_version = NumberColumn(verbose_name=_("plan version"))
    budget = MoneyColumn(verbose_name=_("budget (10,000 yuan)"))
    status = ChoiceColumn(verbose_name=_("status"))
    reward_amount = MoneyColumn(verbose_name=_("reward (10,000 yuan)"))

    class Meta:
        model = Plan
        fields = ("title", "village", "operator", "year", "plan_version", "budget", "status", "reward_amount")
        attrs = {"class": "table table-vcenter card-table"}


class ProjectTable(BaseTable):
    name = LinkColumn(verbose_name=_("name"))
    village = TextColumn(verbose_name=_("village"), accessor="village__unit__name")
    kind = ChoiceColumn(verbose_name=_("kind"))
    stage = ChoiceColumn(verbose_name=_("stage"))
    public_investment = MoneyColumn(verbose_name=_("public investment (10,000 yuan)"))
    private_investment = MoneyColumn(verbose_name=_("private investment (10,000 yuan)"))
    jobs = NumberColumn(verbose_name=_("jobs created"))

    class Meta:
        model = Project
        fields = ("name", "village", "kind", "stage", "public_investment", "private_investment", "jobs")
        attrs = {"class": "table table-vcenter card-table"}


class HonourTable(BaseTable):
    title = TextColumn(verbose_name=_("title"))
    village = TextColumn(verbose_name=_("village"), accessor="village__unit__name")
    level = ChoiceColumn(verbose_name=_("level"))
    awarded_on = TextColumn(verbose_name=_("awarded on"))
    awarding_body = TextColumn(verbose_name=_("awarding body"))
    evidence = TextColumn(verbose_name=_("evidence"))

    class Meta:
        model = Honour
        fields = ("title", "village", "level", "awarded_on", "awarding_body", "evidence")
        attrs = {"class": "table table-vcenter card-table"}


class RouteTable(BaseTable):
    name = LinkColumn(verbose_name=_("name"))
    street = RelatedNameColumn(verbose_name=_("street"), accessor="street__name")
    is_public = TextColumn(verbose_name=_("published"))

    class Meta:
        model = Route
        fields = ("name", "street", "is_public")
        attrs = {"class": "table table-vcenter card-table"}
