"""Tables of the pool and recognitions (the Excel export uses the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import BaseTable
from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.models.recognition import Recognition


class PoolEntryTable(BaseTable):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("enterprise"))
    uscc = tables.Column(accessor="enterprise__uscc", verbose_name=_("USCC"))
    grid = tables.Column(accessor="enterprise__org_unit__name", verbose_name=_("grid"))
    stage = tables.Column(verbose_name=_("stage"))
    tier_target = tables.Column(verbose_name=_("tier target"))
    gap_size = tables.Column(verbose_name=_("gap size"))
    lacks = tables.Column(verbose_name=_("lacks"))
    stage_year_ago = tables.Column(
        verbose_name=_("stage a year ago"), empty_values=(), order_by=("movement_rank",)
    )
    year = tables.Column(verbose_name=_("year added"))

    class Meta:
        model = PoolEntry
        fields = (
            "enterprise",
            "uscc",
            "grid",
            "stage",
            "tier_target",
            "gap_size",
            "lacks",
            "stage_year_ago",
            "year",
        )
        attrs = {"class": "table table-vcenter card-table", "id": "pool-table"}

    def render_stage(self, record):
        return format_html('<span class="badge bg-blue-lt text-nowrap">{}</span>', record.get_stage_display())

    def render_lacks(self, value):
        return format_html('<code class="text-wrap small">{}</code>', value.replace(",", ", "))

    def render_stage_year_ago(self, record):
        before = record.get_stage_year_ago_display()
        if not before:
            return format_html('<span class="text-secondary">{}</span>', _("new"))
        move = record.movement or 0
        arrow, cls = (
            ("↑", "text-green") if move > 0 else ("↓", "text-red") if move < 0 else ("=", "text-secondary")
        )
        return format_html('{} <span class="{}" title="{}">{}</span>', before, cls, move, arrow)

    def value_stage_year_ago(self, record):
        return record.get_stage_year_ago_display()

    def value_stage(self, record):
        return record.get_stage_display()

    def value_lacks(self, value):
        return value


class RecognitionTable(BaseTable):
    enterprise = tables.Column(verbose_name=_("enterprise"))
    tier = tables.Column(verbose_name=_("title granted"))

    class Meta:
        model = Recognition
        fields = ("enterprise", "tier", "batch", "granted_on", "valid_until", "review_due")
        attrs = {"class": "table table-vcenter card-table"}
