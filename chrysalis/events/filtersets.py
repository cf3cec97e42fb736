"""FilterSets shared by the list pages, their Excel exports, the dashboard drill-downs and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.filters import IdFilter, MonthFilter, YearFilter
from chrysalis.events.choices import DealKind, DealStage, EventKind, RegChannel, RegStatus, Visibility
from chrysalis.events.models import Deal, Event, Registration


def _units(request):
    if request is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.restrict(request.user, "view").exclude(kind="grid")


class EventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    kind = django_filters.MultipleChoiceFilter(choices=EventKind.choices, label=_("type"))
    year = YearFilter(field_name="starts_at__year", label=_("year"))
    month = MonthFilter(field_name="starts_at__month", label=_("month"))
    organiser_unit = django_filters.ModelChoiceFilter(queryset=_units, label=_("organiser"))
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("audience"))
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", _("upcoming")), ("past", _("past"))], method="by_when", label=_("when")
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def search(self, queryset, name, value):
        v = value.strip()
        return queryset.filter(
            Q(title__icontains=v) | Q(venue__icontains=v) | Q(co_organisers__name__icontains=v)
        ).distinct()

    def by_when(self, queryset, name, value):

        now = timezone.now()
        return queryset.filter(ends_at__gte=now) if value == "upcoming" else queryset.filter(ends_at__lt=now)


class RegistrationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    status = django_filters.MultipleChoiceFilter(choices=RegStatus.choices, label=_("status"))
    event = IdFilter(field_name="event_id", label=_("event"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("enterprise"))
    kind = django_filters.ChoiceFilter(field_name="event__kind", choices=EventKind.choices, label=_("type"))
    year = YearFilter(field_name="event__starts_at__year", label=_("year"))
    month = MonthFilter(field_name="event__starts_at__month", label=_("month"))
    organiser_unit = IdFilter(field_name="event__organiser_unit_id", label=_("organiser"))
    channel = django_filters.ChoiceFilter(choices=RegChannel.choices, label=_("registered through"))
    attended = django_filters.BooleanFilter(method="by_attended", label=_("attended"))
    key_firm = django_filters.BooleanFilter(field_name="enterprise__key_firm", label=_("key firm"))
    rating = django_filters.NumberFilter(label=_("rating"))
    rated = django_filters.BooleanFilter(
        field_name="rating", lookup_expr="isnull", exclude=True, label=_("gave feedback")
    )

    class Meta:
        model = Registration
        fields: list[str] = []

    def search(self, queryset, name, value):
        v = value.strip()
        return queryset.filter(Q(enterprise__name__icontains=v) | Q(event__title__icontains=v))

    def by_attended(self, queryset, name, value):
        return (
            queryset.filter(status=RegStatus.CHECKED_IN)
            if value
            else queryset.exclude(status=RegStatus.CHECKED_IN)
        )


class DealFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    stage = django_filters.MultipleChoiceFilter(choices=DealStage.choices, label=_("stage"))
    kind = django_filters.ChoiceFilter(choices=DealKind.choices, label=_("kind"))
    event = IdFilter(field_name="event_id", label=_("event"))
    year = YearFilter(field_name="event__starts_at__year", label=_("year"))

    class Meta:
        model = Deal
        fields: list[str] = []

    def search(self, queryset, name, value):
        v = value.strip()
        return queryset.filter(
            Q(enterprise__name__icontains=v) | Q(counterparty__icontains=v) | Q(event__title__icontains=v)
        )
