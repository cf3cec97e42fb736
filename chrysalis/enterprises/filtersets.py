"""FilterSets shared by the list pages, the Excel export and the REST API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.filters import IdFilter, YearFilter
from chrysalis.enterprises import industry as industries
from chrysalis.enterprises.choices import FigureSource, IPKind, SizeClass, TitleKind
from chrysalis.enterprises.models import Enterprise, ImportBatch, IPRight, Title, YearFigures

# django-filter's own label, repeated here so the project catalogue translates it (它的中文目录缺这一条).
DESCENDING_LABEL = _("%s (descending)")


def yes_no_widget():
    return forms.Select(choices=[("", "---------"), ("true", _("yes")), ("false", _("no"))])


def _units(kinds):
    def queryset(request):
        if request is None:
            return OrgUnit.objects.none()
        return OrgUnit.objects.restrict(request.user, "view").filter(kind__in=kinds)

    return queryset


@extend_schema_field(OpenApiTypes.INT)
class UnitFilter(django_filters.ModelChoiceFilter):
    """An organisation unit given by its id (the API schema says so; the filter gets the unit)."""


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    zone = UnitFilter(queryset=_units(["zone", "street"]), method="in_unit", label=_("zone / street"))
    org_unit = django_filters.ModelChoiceFilter(queryset=_units(["grid"]), label=_("grid"))
    industry = django_filters.ChoiceFilter(
        choices=industries.division_choices, method="in_industry", label=_("industry")
    )
    size_category = django_filters.ChoiceFilter(
        choices=industries.category_choices, label=_("size-standard industry category")
    )
    size_class = django_filters.ChoiceFilter(choices=SizeClass.choices, label=_("size class"))
    above_scale = django_filters.BooleanFilter(
        widget=yes_no_widget(), label=_("above designated size (规上)")
    )
    high_growth = django_filters.BooleanFilter(widget=yes_no_widget(), label=_("high growth (升规潜力)"))
    key_firm = django_filters.BooleanFilter(widget=yes_no_widget(), label=_("key firm"))
    key_project = django_filters.BooleanFilter(
        widget=yes_no_widget(), label=_("key project under construction")
    )
    title = django_filters.ChoiceFilter(
        choices=TitleKind.choices, method="has_title", label=_("holds a valid title")
    )
    revenue_min = django_filters.NumberFilter(
        field_name="latest_revenue", lookup_expr="gte", label=_("revenue at least (10k yuan)")
    )
    revenue_max = django_filters.NumberFilter(
        field_name="latest_revenue", lookup_expr="lte", label=_("revenue at most (10k yuan)")
    )
    employees_min = django_filters.NumberFilter(
        field_name="latest_employees", lookup_expr="gte", label=_("employees at least")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("latest_revenue", "revenue"),
            ("latest_employees", "employees"),
            ("latest_tax_paid", "tax"),
            ("uscc", "uscc"),
        ),
        field_labels={
            "name": _("name"),
            "latest_revenue": _("revenue (10k yuan)"),
            "latest_employees": _("employees"),
            "latest_tax_paid": _("taxes (10k yuan)"),
            "uscc": _("unified social credit code"),
        },
        label=_("order by"),
    )

    class Meta:
        model = Enterprise
        fields = [
            "q",
            "zone",
            "org_unit",
            "industry",
            "size_category",
            "size_class",
            "above_scale",
            "high_growth",
            "key_firm",
            "key_project",
            "title",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(uscc__startswith=value.upper()))
            if value
            else queryset
        )

    def in_unit(self, queryset, name, value):
        return queryset.filter(org_unit__path__startswith=value.path)

    def in_industry(self, queryset, name, value: str):
        return queryset.filter(industry_code__startswith=value)

    def has_title(self, queryset, name, value):
        today = timezone.localdate()
        valid = Title.objects.filter(enterprise=OuterRef("pk"), kind=value).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
        return queryset.filter(Exists(valid))


class YearFiguresFilterSet(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("enterprise"))
    uscc = django_filters.CharFilter(field_name="enterprise__uscc", label=_("unified social credit code"))
    year = YearFilter(label=_("year"))
    source = django_filters.ChoiceFilter(choices=FigureSource.choices, label=_("source"))

    class Meta:
        model = YearFigures
        fields = ["enterprise", "uscc", "year", "source"]


class RecordFilterSet(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("enterprise"))
    uscc = django_filters.CharFilter(field_name="enterprise__uscc", label=_("unified social credit code"))


class IPRightFilterSet(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=IPKind.choices, label=_("kind"))

    class Meta:
        model = IPRight
        fields = ["enterprise", "uscc", "kind"]


class TitleFilterSet(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=TitleKind.choices, label=_("kind"))
    valid_on = django_filters.DateFilter(method="valid_on_day", label=_("valid on"))

    class Meta:
        model = Title
        fields = ["enterprise", "uscc", "kind"]

    def valid_on_day(self, queryset, name, value):
        return queryset.filter(
            Q(granted_on__isnull=True) | Q(granted_on__lte=value),
            Q(valid_until__isnull=True) | Q(valid_until__gte=value),
        )


def record_filterset(model):
    """A plain enterprise/uscc FilterSet for the other record models."""
    meta = type("Meta", (), {"model": model, "fields": ["enterprise", "uscc"]})
    return type(f"{model.__name__}FilterSet", (RecordFilterSet,), {"Meta": meta})


class ImportBatchFilterSet(django_filters.FilterSet):
    class Meta:
        model = ImportBatch
        fields = ["status"]
