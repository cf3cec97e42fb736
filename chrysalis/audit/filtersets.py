import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from chrysalis.audit.choices import AuditAction
from chrysalis.audit.models import ChangeRecord, content_type_label, named_content_types


class ContentTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return content_type_label(obj)


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeField


class ChangeRecordFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor_repr", lookup_expr="icontains", label=_("actor"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("action"))
    content_type = ContentTypeFilter(queryset=lambda request: named_content_types(), label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("from"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("to"))
    request_id = django_filters.CharFilter(label=_("request id"))

    class Meta:
        model = ChangeRecord
        fields = ["actor", "action", "content_type", "object_id", "since", "until", "request_id"]
