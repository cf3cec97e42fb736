from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import DepartmentKind, OrgUnitKind, Role, TeamKind
from chrysalis.accounts.models import Department, OrgUnit, Team, User


class SearchFilterMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    search_fields: tuple[str, ...] = ("name",)

    def search(self, queryset, name, value):
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(q)


class OrgUnitFilterSet(SearchFilterMixin):
    search_fields = ("name", "code")
    kind = django_filters.ChoiceFilter(choices=OrgUnitKind.choices, label=_("kind"))
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "is_active"]


class DepartmentFilterSet(SearchFilterMixin):
    search_fields = ("name", "code")
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label=_("kind"))

    class Meta:
        model = Department
        fields = ["q", "kind"]


class TeamFilterSet(SearchFilterMixin):
    search_fields = ("name", "direction")
    kind = django_filters.ChoiceFilter(choices=TeamKind.choices, label=_("kind"))

    class Meta:
        model = Team
        fields = ["q", "kind"]


class UserFilterSet(SearchFilterMixin):
    search_fields = ("username", "display_name", "title")
    role = django_filters.ChoiceFilter(choices=Role.choices, method="by_role", label=_("role"))
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def by_role(self, queryset, name, value):
        return queryset.filter(role_assignments__role=value).distinct()
