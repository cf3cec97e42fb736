"""Tables of the pool and recognitions (the Excel export uses the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.models.recognition import Recognition


class PoolEntryTable(tables.Table):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("enterprise"))
    uscc = tables.Column(accessor="enterprise__uscc", verbose_name=_("USCC"))
    grid = tables.Column(accessor="enterprise__org_unit__name", verbose_name=_("grid"))
    stage = tables.Column(verbose_name=_("stage"))
    tier_target = tables.Column(verbose_name=_("tier target"))
    gap_size = tables.Column(verbose_name=_("gap size"))
    lacks = tables.Column(verbose_name=_("lacks"))
    previous_stage = tables.Column(verbose_name=_("stage a year ago"))

    class Meta:
        model = PoolEntry
        fields = ("enterprise", "uscc", "grid", "stage", "tier_target", "gap_size", "lacks", "previous_stage", "year")
        attrs = {"class": "table table-vcenter card-table"}


class RecognitionTable(tables.Table):
    enterprise = tables.Column(verbose_name=_("enterprise"))

    class Meta:
        model = Recognition
        fields = ("enterprise", "tier", "batch", "granted_on", "valid_until", "review_due")
        attrs = {"class": "table table-vcenter card-table"}
