"""One FilterSet per list page (the page, its export and the API share it)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.filtersets import SearchFilterMixin
from chrysalis.accounts.models import OrgUnit
from chrysalis.core.filters import YearFilter
from chrysalis.programmes.choices import ListingStage, ReportKind, ReportStatus
from chrysalis.programmes.models import ListingEntry, Programme, Report, Target


class ProgrammeFilterSet(SearchFilterMixin):
    search_fields = ("name", "description")
    unit = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), method="in_unit", label=_("unit"))
    year = YearFilter(method="in_year", label=_("year"))

    class Meta:
        model = Programme
        fields = ["q", "unit", "year"]

    def in_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def in_year(self, queryset, name, value):
        return queryset.filter(starts_on__year__lte=value, ends_on__year__gte=value)


class TargetFilterSet(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all(), label=_("programme"))
    manual = django_filters.BooleanFilter(method="is_manual", label=_("manual"))

    class Meta:
        model = Target
        fields = ["programme", "manual"]

    def is_manual(self, queryset, name, value):
        return queryset.filter(metric="") if value else queryset.exclude(metric="")


class ReportFilterSet(SearchFilterMixin):
    search_fields = ("title",)
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))

    class Meta:
        model = Report
        fields = ["q", "kind", "status"]


class ListingFilterSet(SearchFilterMixin):
    search_fields = ("enterprise__name", "enterprise__uscc")
    stage = django_filters.ChoiceFilter(choices=ListingStage.choices, label=_("stage"))

    class Meta:
        model = ListingEntry
        fields = ["q", "stage"]


__all__ = ["ListingFilterSet", "ProgrammeFilterSet", "ReportFilterSet", "TargetFilterSet"]
