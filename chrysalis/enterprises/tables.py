"""django-tables2 tables: the list page and its Excel export use the same columns."""

from __future__ import annotations

from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from chrysalis.enterprises import industry
from chrysalis.enterprises.models import Enterprise, ImportBatch

FLAG_FIELDS = (("above_scale", _("above scale")), ("high_growth", _("high growth")), ("key_firm", _("key firm")), ("key_project", _("key project")))


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    uscc = tables.Column(verbose_name=_("unified social credit code"))
    org_unit = tables.Column(verbose_name=_("grid"), order_by=("org_unit__path", "name"))
    industry_code = tables.Column(verbose_name=_("industry"))
    size_class = tables.Column(verbose_name=_("size class"))
    flags = tables.Column(verbose_name=_("flags"), empty_values=(), orderable=False)
    latest_year = tables.Column(verbose_name=_("year"))
    latest_revenue = tables.Column(verbose_name=_("revenue (10k yuan)"), attrs={"td": {"class": "text-end"}})
    latest_rd_expense = tables.Column(verbose_name=_("R&D (10k yuan)"), attrs={"td": {"class": "text-end"}})
    latest_employees = tables.Column(verbose_name=_("employees"), attrs={"td": {"class": "text-end"}})
    latest_tax_paid = tables.Column(verbose_name=_("taxes (10k yuan)"), attrs={"td": {"class": "text-end"}})
    legal_representative = tables.Column(verbose_name=_("legal representative"))
    registered_on = tables.Column(verbose_name=_("registered on"))
    address = tables.Column(verbose_name=_("address"))

    # columns a user may hide; name is always shown
    OPTIONAL = ("uscc", "org_unit", "industry_code", "size_class", "flags", "latest_year", "latest_revenue", "latest_rd_expense",
                "latest_employees", "latest_tax_paid", "legal_representative", "registered_on", "address")
    DEFAULT_HIDDEN = ("legal_representative", "registered_on", "address", "latest_rd_expense")

    class Meta:
        model = Enterprise
        fields = ("name", "uscc", "org_unit", "industry_code", "size_class", "flags", "latest_year", "latest_revenue", "latest_rd_expense",
                  "latest_employees", "latest_tax_paid", "legal_representative", "registered_on", "address")
        attrs = {"class": "table table-vcenter card-table table-striped", "id": "enterprise-table"}

    def render_industry_code(self, value):
        return format_html('<span title="{}">{}</span>', industry.label(value), industry.label(value)[:18])

    def value_industry_code(self, value):
        return industry.label(value)

    def render_flags(self, record):
        flags = [label for name, label in FLAG_FIELDS if getattr(record, name)]
        return format_html_join(" ", '<span class="badge bg-blue-lt">{}</span>', ((f,) for f in flags)) if flags else "—"

    def value_flags(self, record):
        return "、".join(str(label) for name, label in FLAG_FIELDS if getattr(record, name))

    def value_size_class(self, record):
        return str(record.get_size_class_display())

    def value_org_unit(self, record):
        return record.org_unit.name

    def render_latest_revenue(self, value):
        return money(value)

    def render_latest_rd_expense(self, value):
        return money(value)

    def render_latest_tax_paid(self, value):
        return money(value)

    def value_latest_revenue(self, value):
        return value

    def value_latest_rd_expense(self, value):
        return value

    def value_latest_tax_paid(self, value):
        return value


def money(value) -> str:
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01')):,}"


class ImportBatchTable(tables.Table):
    file_name = tables.Column(linkify=True, verbose_name=_("file name"))

    class Meta:
        model = ImportBatch
        fields = ("file_name", "status", "row_count", "created_by", "created_at", "committed_at", "rolled_back_at")
        attrs = {"class": "table table-vcenter card-table"}
