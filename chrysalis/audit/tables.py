import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.tables import BaseTable


class ChangeRecordTable(BaseTable):
    time = tables.DateTimeColumn(
        format="Y-m-d H:i:s", linkify=("audit:record_detail", {"pk": tables.A("pk")})
    )
    content_type = tables.Column(verbose_name=_("object type"))
    source = tables.Column(verbose_name=_("path"))

    def render_content_type(self, value, record):
        return record.content_type_label

    def value_content_type(self, value, record):
        return record.content_type_label

    def render_source(self, value, record):
        return record.source_label

    def value_source(self, value, record):
        return record.source_label

    class Meta:
        model = ChangeRecord
        fields = ("time", "actor_repr", "action", "content_type", "object_repr", "source", "ip", "request_id")
        attrs = {"class": "table table-vcenter card-table table-sm"}
        order_by = ("-time",)
