"""FilterSets shared by the list pages, their Excel exports and the dashboard drill-downs."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.models import Department, OrgUnit
from chrysalis.core.filters import IdFilter, YearFilter
from chrysalis.support.choices import (
    AssignmentRole,
    Category,
    Channel,
    DueState,
    HandOverKind,
    Status,
    Urgency,
)
from chrysalis.support.models import (
    Assignment,
    HandOver,
    HolidayOverride,
    Notification,
    ServiceRequest,
    TimeLimit,
    Visit,
)


class SearchMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(q)


def _departments(request):
    return (
        Department.objects.restrict(getattr(request, "user", None), "view")
        if request
        else Department.objects.none()
    )


def _units(request):
    return (
        OrgUnit.objects.restrict(getattr(request, "user", None), "view").filter(
            kind__in=["zone", "street", "grid", "community"]
        )
        if request
        else OrgUnit.objects.none()
    )


class RequestFilterSet(SearchMixin):
    search_fields = ("number", "title", "enterprise__name", "tags")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("urgency"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("channel"))
    department = django_filters.ModelChoiceFilter(queryset=_departments, label=_("department"))
    area = django_filters.ModelChoiceFilter(queryset=_units, method="by_area", label=_("zone / grid"))
    due_state = django_filters.ChoiceFilter(choices=DueState.choices[1:], label=_("time state"))
    stage = django_filters.ChoiceFilter(
        choices=[
            ("open", _("open")),
            ("resolved", _("resolved (answered or closed)")),
            ("closed", _("closed")),
        ],
        method="by_stage",
        label=_("stage"),
    )
    returned = django_filters.BooleanFilter(method="by_returned", label=_("returned at least once"))
    reopened = django_filters.BooleanFilter(method="by_reopened", label=_("reopened at least once"))
    on_time = django_filters.BooleanFilter(field_name="answered_on_time", label=_("answered on time"))
    # the denominator of the on-time rate: requests answered at least once (the timing of the latest
    # answer is known); open requests, even overdue ones, are not in it
    answered = django_filters.BooleanFilter(
        field_name="answered_on_time", lookup_expr="isnull", exclude=True, label=_("answered at least once")
    )
    satisfaction = django_filters.NumberFilter(label=_("satisfaction"))
    enterprise = IdFilter(field_name="enterprise_id", widget=django_filters.widgets.forms.HiddenInput)
    year = YearFilter(field_name="raised_at__year", label=_("year"))

    class Meta:
        model = ServiceRequest
        fields = [
            "q",
            "status",
            "category",
            "urgency",
            "channel",
            "department",
            "area",
            "due_state",
            "stage",
            "returned",
            "reopened",
            "on_time",
            "answered",
            "year",
        ]

    def by_area(self, queryset, name, value):
        return queryset.filter(enterprise__org_unit__path__startswith=value.path)

    def by_stage(self, queryset, name, value):
        if value == "open":
            return queryset.filter(
                status__in=[
                    Status.SUBMITTED,
                    Status.DISPATCHED,
                    Status.IN_PROGRESS,
                    Status.EXTENSION_REQUESTED,
                    Status.PAUSED,
                ]
            )
        if value == "resolved":
            return queryset.filter(status__in=[Status.ANSWERED, Status.CLOSED])
        return queryset.filter(status=Status.CLOSED)

    def by_returned(self, queryset, name, value):
        return queryset.filter(return_count__gt=0) if value else queryset.filter(return_count=0)

    def by_reopened(self, queryset, name, value):
        return queryset.filter(reopen_count__gt=0) if value else queryset.filter(reopen_count=0)


class VisitFilterSet(SearchMixin):
    search_fields = ("enterprise__name", "topics", "people_met")
    date_after = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("from"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    date_before = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("to"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    area = django_filters.ModelChoiceFilter(queryset=_units, method="by_area", label=_("zone / grid"))
    enterprise = IdFilter(field_name="enterprise_id", widget=django_filters.widgets.forms.HiddenInput)

    class Meta:
        model = Visit
        fields = ["q", "date_after", "date_before", "area", "enterprise"]

    def by_area(self, queryset, name, value):
        return queryset.filter(enterprise__org_unit__path__startswith=value.path)


class AssignmentFilterSet(SearchMixin):
    search_fields = ("enterprise__name", "officer__display_name", "officer__username")
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices, label=_("role"))
    active = django_filters.BooleanFilter(field_name="ended_at", lookup_expr="isnull", label=_("active"))
    enterprise = IdFilter(field_name="enterprise_id", widget=django_filters.widgets.forms.HiddenInput)
    officer = IdFilter(field_name="officer_id", widget=django_filters.widgets.forms.HiddenInput)

    class Meta:
        model = Assignment
        fields = ["q", "role", "active"]


class HandOverFilterSet(SearchMixin):
    search_fields = ("enterprise__name", "reason")
    kind = django_filters.ChoiceFilter(choices=HandOverKind.choices, label=_("kind"))

    class Meta:
        model = HandOver
        fields = ["q", "kind"]


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("unread"))

    class Meta:
        model = Notification
        fields = ["unread"]


class HolidayFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="date__year", label=_("year"))

    class Meta:
        model = HolidayOverride
        fields = ["year"]


class TimeLimitFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))

    class Meta:
        model = TimeLimit
        fields = ["category"]
