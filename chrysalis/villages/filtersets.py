from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.filtersets import SearchFilterMixin
from chrysalis.accounts.models import OrgUnit
from chrysalis.core.filters import ObjectFilter, YearFilter, scoped_choices
from chrysalis.villages.choices import (
    FigureStatus,
    HonourLevel,
    PlanStatus,
    ProjectKind,
    ProjectStage,
    Source,
)
from chrysalis.villages.models import FigureEntry, Honour, Metric, Operator, Plan, Project, Route, Village


class VillageFilterSet(SearchFilterMixin):
    search_fields = ("unit__name", "unit__code")

    class Meta:
        model = Village
        fields = ["q"]


class FigureFilterSet(django_filters.FilterSet):
    metric = django_filters.ModelChoiceFilter(queryset=Metric.objects.all(), label=_("metric"))
    status = django_filters.ChoiceFilter(choices=FigureStatus.choices, label=_("status"))
    area = ObjectFilter(queryset=scoped_choices(OrgUnit), method="in_area", label=_("street or village"))
    start = django_filters.DateFilter(field_name="period", lookup_expr="gte", label=_("from"))
    end = django_filters.DateFilter(field_name="period", lookup_expr="lte", label=_("to"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("source"))

    class Meta:
        model = FigureEntry
        fields = ["metric", "status", "area", "start", "end", "source"]

    def in_area(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)


class OperatorFilterSet(SearchFilterMixin):
    search_fields = ("name", "speciality")

    class Meta:
        model = Operator
        fields = ["q"]


class PlanFilterSet(SearchFilterMixin):
    search_fields = ("title", "village__unit__name", "operator__name")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("status"))
    year = YearFilter(label=_("year"))

    class Meta:
        model = Plan
        fields = ["q", "status", "year"]


class ProjectFilterSet(SearchFilterMixin):
    search_fields = ("name", "village__unit__name")
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("kind"))
    stage = django_filters.ChoiceFilter(choices=ProjectStage.choices, label=_("stage"))

    class Meta:
        model = Project
        fields = ["q", "kind", "stage"]


class HonourFilterSet(SearchFilterMixin):
    search_fields = ("title", "village__unit__name", "awarding_body")
    level = django_filters.ChoiceFilter(choices=HonourLevel.choices, label=_("level"))

    class Meta:
        model = Honour
        fields = ["q", "level"]


class RouteFilterSet(SearchFilterMixin):
    search_fields = ("name",)

    class Meta:
        model = Route
        fields = ["q"]
