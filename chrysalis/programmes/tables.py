"""Tables of the list pages (and their Excel / CSV exports)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import BaseTable, ChoiceColumn, LinkColumn, TextColumn
from chrysalis.programmes.models import ListingEntry, Programme, Report

ATTRS = {"class": "table table-vcenter card-table"}


class ProgrammeTable(BaseTable):
    default_hidden = ("description",)

    name = LinkColumn(verbose_name=_("name"))
    unit = TextColumn(verbose_name=_("lead unit"), accessor="unit__name", order_by="unit__path")
    starts_on = TextColumn(verbose_name=_("starts on"))
    ends_on = TextColumn(verbose_name=_("ends on"))
    description = TextColumn(verbose_name=_("description"))

    class Meta:
        model = Programme
        fields = ("name", "unit", "starts_on", "ends_on", "description")
        attrs = ATTRS
        order_by = ("position",)


class ReportTable(BaseTable):
    title = LinkColumn(verbose_name=_("title"))
    unit = TextColumn(verbose_name=_("unit"), accessor="unit__name", order_by="unit__path")
    kind = ChoiceColumn(verbose_name=_("kind"))
    period_start = TextColumn(verbose_name=_("period starts"))
    period_end = TextColumn(verbose_name=_("period ends"))
    status = ChoiceColumn(verbose_name=_("status"))

    class Meta:
        model = Report
        fields = ("title", "unit", "kind", "period_start", "period_end", "status")
        attrs = ATTRS
        order_by = ("-period_end",)


class ListingTable(BaseTable):
    default_hidden = ("note",)

    enterprise = TextColumn(verbose_name=_("enterprise"), accessor="enterprise__name")
    stage = ChoiceColumn(verbose_name=_("stage"))
    since = TextColumn(verbose_name=_("on the track since"))
    exchange = TextColumn(verbose_name=_("target exchange / board"))
    note = TextColumn(verbose_name=_("note"))

    class Meta:
        model = ListingEntry
        fields = ("enterprise", "stage", "since", "exchange", "note")
        attrs = ATTRS
        order_by = ("enterprise",)
