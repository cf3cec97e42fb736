"""Tables (django-tables2) shared by the list pages and their Excel exports."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import BaseTable
from chrysalis.investment.models import Cadre, LeadConflict, Project, Quarter, Trip

ATTRS = {"class": "table table-vcenter card-table"}
STAGE_BADGE = {
    "lead": "bg-secondary-lt",
    "contact": "bg-azure-lt",
    "negotiating": "bg-blue-lt",
    "signed": "bg-indigo-lt",
    "landed": "bg-green-lt",
    "started": "bg-teal-lt",
    "producing": "bg-lime-lt",
    "shelved": "bg-yellow-lt",
    "lost": "bg-red-lt",
}


class ProjectTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("project name"))
    team = tables.Column(verbose_name=_("task force"))
    registered_on = tables.DateColumn(format="Y-m-d", verbose_name=_("lead registered on"))
    signed_on = tables.DateColumn(format="Y-m-d", verbose_name=_("agreement signed on"))
    landed_on = tables.DateColumn(format="Y-m-d", verbose_name=_("registered and landed on"))

    class Meta:
        model = Project
        fields = (
            "name",
            "investor_name",
            "team",
            "direction",
            "stage",
            "amount",
            "registered_on",
            "signed_on",
            "landed_on",
            "enterprise",
        )
        attrs = ATTRS
        order_by = ("-registered_on",)

    def render_stage(self, record, value):
        return format_html('<span class="badge {}">{}</span>', STAGE_BADGE.get(record.stage, ""), value)

    def value_stage(self, record, value):
        return record.get_stage_display()


class TripTable(BaseTable):
    date = tables.DateColumn(format="Y-m-d", linkify=True, verbose_name=_("date"))
    n_cadres = tables.Column(verbose_name=_("people"), orderable=False)
    n_visits = tables.Column(verbose_name=_("companies visited"), orderable=False)

    class Meta:
        model = Trip
        fields = ("date", "team", "city", "n_cadres", "groups", "n_visits", "outcome")
        attrs = ATTRS
        order_by = ("-date",)


class ConflictTable(BaseTable):
    project = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("later lead"))

    class Meta:
        model = LeadConflict
        fields = ("created_at", "project", "earlier", "matched_on", "status", "decision", "decided_by")
        attrs = ATTRS

    def render_project(self, record, value):
        return f"{record.project.investor_name}（{record.project.team}）"

    def render_earlier(self, record, value):
        return f"{record.earlier.investor_name}（{record.earlier.team}）"


class CadreTable(BaseTable):
    user = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("cadre"))

    class Meta:
        model = Cadre
        fields = ("user", "post", "employer", "org_unit")
        attrs = ATTRS


class QuarterTable(BaseTable):
    name = tables.Column(
        accessor="pk", linkify=lambda record: record.get_absolute_url(), verbose_name=_("quarter")
    )

    class Meta:
        model = Quarter
        fields = ("name", "org_unit", "status", "closed_at", "closed_by")
        attrs = ATTRS

    def render_name(self, record, value):
        return str(record)
