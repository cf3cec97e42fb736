"""Tables shared by the list page and its Excel export."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import BaseTable
from chrysalis.notices.models import Notice

ATTRS = {"class": "table table-vcenter card-table"}
STATUS_BADGE = {
    "draft": "bg-secondary-lt",
    "reviewed": "bg-blue-lt",
    "published": "bg-green-lt",
    "expired": "bg-muted-lt",
    "withdrawn": "bg-red-lt",
}


class NoticeTable(BaseTable):
    subject_name = tables.Column(linkify=True, verbose_name=_("declarant / company"))
    org_unit = tables.Column(verbose_name=_("published by"))

    class Meta:
        model = Notice
        fields = (
            "subject_name",
            "kind",
            "status",
            "item",
            "document_number",
            "subject_uscc",
            "source_name",
            "published_on",
            "creditor_period_end",
            "enterprise",
            "org_unit",
        )
        attrs = ATTRS
        order_by = ("-published_on",)

    default_hidden = ("subject_uscc", "source_name", "org_unit")

    def render_status(self, record, value):
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGE.get(record.status, ""), value)

    def value_status(self, record, value):
        return record.get_status_display()
