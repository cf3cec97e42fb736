"""FilterSets shared by the staff list, its Excel export and the public search / API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.notices.choices import Kind, Status
from chrysalis.notices.models import Notice
from chrysalis.notices.parser.text import fold_char


def normalise_number(value: str) -> str:
    """What users type for a number: full-width characters, spaces, lower case."""
    return "".join(fold_char(c) for c in value if not c.isspace()).upper()


class NoticeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    number = django_filters.CharFilter(method="by_number", label=_("document number"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("type"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label=_("published from")
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label=_("published to")
    )
    registry_review = django_filters.BooleanFilter(label=_("registry review pending"))

    class Meta:
        model = Notice
        fields = ["q", "number", "kind", "status", "published_after", "published_before", "registry_review"]

    def search(self, queryset, name, value):
        """Substring of the declarant / company or of a merger's or split's parties. A trigram index
        needs three characters: a shorter query (a two-character personal name) matches a name
        exactly or at its start, which a b-tree serves."""
        value = value.strip()
        if not value:
            return queryset
        if len(value) < 3:
            return queryset.filter(Q(subject_name=value) | Q(subject_name__startswith=value))
        return queryset.filter(Q(subject_name__icontains=value) | Q(parties__icontains=value))

    def by_number(self, queryset, name, value):
        value = normalise_number(value)
        if not value:
            return queryset
        return queryset.filter(Q(document_number__icontains=value) | Q(subject_uscc=value))


class PublicNoticeFilterSet(NoticeFilterSet):
    """The anonymous search: no status or review filter (only public notices are ever reached)."""

    status = None  # type: ignore[assignment]
    registry_review = None  # type: ignore[assignment]

    class Meta:
        model = Notice
        fields = ["q", "number", "kind", "published_after", "published_before"]
