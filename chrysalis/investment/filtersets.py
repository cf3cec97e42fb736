"""FilterSets shared by the list pages, their Excel exports, the API and the dashboard drill-downs."""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import TeamKind
from chrysalis.accounts.models import Team
from chrysalis.core.filters import IdFilter
from chrysalis.investment.choices import ConflictStatus, Direction, Stage
from chrysalis.investment.models import Cadre, LeadConflict, Project, Trip
from chrysalis.investment.models.projects import MAJOR_THRESHOLD


def _teams(request):
    if request is None:
        return Team.objects.none()
    return Team.objects.filter(
        kind=TeamKind.TASK_FORCE,
        pk__in=Project.objects.restrict(request.user, "view").values("team_id").distinct(),
    )


def quarter_range(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"\s*(\d{4})\s*[-Qq季]\s*([1-4])\s*", value or "")
    if not m:
        return None
    year, n = int(m.group(1)), int(m.group(2))
    end = dt.date(year, 12, 31) if n == 4 else dt.date(year, 3 * n + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, 3 * n - 2, 1), end


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("stage"))
    team = django_filters.ModelChoiceFilter(queryset=_teams, label=_("task force"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("direction"))
    major = django_filters.BooleanFilter(method="filter_major", label=_("1 billion yuan or more"))
    landed_in = django_filters.CharFilter(
        method="filter_landed_in", label=_("landed in quarter (e.g. 2026-1)")
    )
    signed_in = django_filters.CharFilter(
        method="filter_signed_in", label=_("signed in quarter (e.g. 2026-1)")
    )
    registered_in = django_filters.CharFilter(method="filter_registered_in", label=_("registered in quarter"))
    is_fund = django_filters.BooleanFilter(label=_("fund"))
    is_headquarters = django_filters.BooleanFilter(label=_("headquarters project"))
    cadre = IdFilter(method="filter_cadre", label=_("responsible cadre"))

    class Meta:
        model = Project
        fields = [
            "q",
            "stage",
            "team",
            "direction",
            "major",
            "landed_in",
            "signed_in",
            "is_fund",
            "is_headquarters",
        ]

    def search(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__icontains=v) | Q(investor_name__icontains=v) | Q(investor_uscc=v.upper()))

    def filter_major(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(amount__gte=MAJOR_THRESHOLD) if value else qs.filter(amount__lt=MAJOR_THRESHOLD)

    def _in(self, qs, field, value):
        r = quarter_range(value)
        return qs.filter(**{f"{field}__range": r}) if r else qs.none()

    def filter_landed_in(self, qs, name, value):
        return self._in(qs, "landed_on", value)

    def filter_signed_in(self, qs, name, value):
        return self._in(qs, "signed_on", value)

    def filter_registered_in(self, qs, name, value):
        return self._in(qs, "registered_on", value)

    def filter_cadre(self, qs, name, value):
        return qs.filter(pk__in=Project.cadres.through.objects.filter(user_id=value).values("project_id"))


class TripFilterSet(django_filters.FilterSet):
    team = django_filters.ModelChoiceFilter(queryset=_teams, label=_("task force"))
    city = django_filters.CharFilter(lookup_expr="icontains", label=_("city"))
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("until"))

    class Meta:
        model = Trip
        fields = ["team", "city", "date_after", "date_before"]


class ConflictFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ConflictStatus.choices, label=_("status"))

    class Meta:
        model = LeadConflict
        fields = ["status"]


class CadreFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    cohort = IdFilter(method="filter_cohort", label=_("cohort"))

    class Meta:
        model = Cadre
        fields = ["q"]

    def search(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(user__display_name__icontains=v) | Q(post__icontains=v) | Q(employer__icontains=v))

    def filter_cohort(self, qs, name, value):
        return qs.filter(cohort_memberships__cohort_id=value)
