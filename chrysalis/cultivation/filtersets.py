"""FilterSets of the pool and recognitions (list page, Excel export)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.filters import IdFilter, YearFilter
from chrysalis.cultivation.models.pool import PoolEntry, PoolStage, TierTarget
from chrysalis.cultivation.models.recognition import Recognition


def _units(kinds):
    def qs(request):
        if request is None:
            return OrgUnit.objects.none()
        return OrgUnit.objects.restrict(getattr(request, "user", None), "view").filter(kind__in=kinds)

    return qs


def _under(queryset, name, value):
    return queryset.filter(enterprise__org_unit__path__startswith=value.path) if value else queryset


class PoolEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    stage = django_filters.MultipleChoiceFilter(choices=PoolStage.choices, label=_("stage"))
    tier_target = django_filters.ChoiceFilter(choices=TierTarget.choices, label=_("tier target"))
    zone = django_filters.ModelChoiceFilter(
        queryset=_units(["zone", "street"]), method=_under, label=_("zone")
    )
    grid = django_filters.ModelChoiceFilter(
        queryset=_units(["grid", "community"]), method=_under, label=_("grid")
    )
    gap_max = django_filters.NumberFilter(field_name="gap_size", lookup_expr="lte", label=_("gap at most"))
    moved = django_filters.ChoiceFilter(
        choices=[
            ("up", _("moved forward since a year ago")),
            ("down", _("moved back since a year ago")),
            ("same", _("same stage as a year ago")),
            ("new", _("not in the pool a year ago")),
        ],
        method="movement",
        label=_("year-over-year"),
    )

    class Meta:
        model = PoolEntry
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise__name__icontains=value.strip()) | Q(enterprise__uscc__icontains=value.strip())
        )

    def movement(self, queryset, name, value):
        """Needs the ``stage_year_ago``/``movement_rank`` annotations (``selectors.with_year_ago``)."""
        if value == "new":
            return queryset.filter(stage_year_ago="")
        lookup = {"up": "movement_rank__gt", "down": "movement_rank__lt", "same": "movement_rank"}[value]
        return queryset.exclude(stage_year_ago="").filter(**{lookup: 0})


class RecognitionFilterSet(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(choices=TierTarget.choices, label=_("title granted"))
    enterprise = IdFilter(field_name="enterprise_id", widget=django_filters.widgets.forms.HiddenInput)
    lapses = YearFilter(field_name="valid_until__year", label=_("lapses in year"))

    class Meta:
        model = Recognition
        fields: list[str] = []
