"""Tables (django-tables2) shared by the list pages and their Excel exports."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import BaseTable
from chrysalis.support.models import (
    Assignment,
    HandOver,
    HolidayOverride,
    Notification,
    ServiceRequest,
    TimeLimit,
    Visit,
)

ATTRS = {"class": "table table-vcenter card-table"}
DUE_BADGE = {"on_time": "bg-green-lt", "due_soon": "bg-yellow-lt", "overdue": "bg-red-lt"}


class RequestTable(BaseTable):
    number = tables.Column(linkify=True, verbose_name=_("number"))
    enterprise = tables.Column(verbose_name=_("enterprise"))
    due_state = tables.Column(verbose_name=_("time state"))

    class Meta:
        model = ServiceRequest
        fields = (
            "number",
            "enterprise",
            "category",
            "title",
            "urgency",
            "status",
            "department",
            "raised_at",
            "due_at",
            "due_state",
            "return_count",
            "satisfaction",
        )
        attrs = ATTRS
        order_by = ("-raised_at",)

    def render_due_state(self, record, value):
        return format_html('<span class="badge {}">{}</span>', DUE_BADGE.get(record.due_state, ""), value)

    def value_due_state(self, record, value):
        return record.get_due_state_display() if record.due_state else ""


class VisitTable(BaseTable):
    date = tables.Column(linkify=True, verbose_name=_("date"))
    request_count = tables.Column(verbose_name=_("requests raised"), orderable=False)

    class Meta:
        model = Visit
        fields = ("date", "enterprise", "officer", "people_met", "topics", "request_count")
        attrs = ATTRS
        order_by = ("-date",)


class AssignmentTable(BaseTable):
    actions = tables.TemplateColumn(
        template_name="support/includes/assignment_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Assignment
        fields = ("enterprise", "officer", "role", "team", "started_at", "ended_at", "end_reason")
        attrs = ATTRS


class HandOverTable(BaseTable):
    class Meta:
        model = HandOver
        fields = ("at", "enterprise", "kind", "role", "from_officer", "to_officer", "actor", "reason")
        attrs = ATTRS
        order_by = ("-at",)


class NotificationTable(BaseTable):
    title = tables.Column(verbose_name=_("title"))
    actions = tables.TemplateColumn(
        template_name="support/includes/notification_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Notification
        fields = ("created_at", "kind", "title", "body", "read_at")
        attrs = ATTRS

    def render_title(self, record, value):
        return format_html('<a href="{}">{}</a>', record.url or reverse("support:notification_list"), value)

    def render_body(self, value):
        return format_html('<span class="text-secondary" style="white-space:pre-line">{}</span>', value)


class HolidayTable(BaseTable):
    actions = tables.TemplateColumn(
        template_name="support/includes/holiday_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = HolidayOverride
        fields = ("date", "is_working", "name")
        attrs = ATTRS


class TimeLimitTable(BaseTable):
    class Meta:
        model = TimeLimit
        fields = ("category", "urgency", "sign_days", "resolve_days")
        attrs = ATTRS
