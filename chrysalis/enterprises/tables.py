"""django-tables2 tables: the list page and its export use the same columns (chrysalis.core.tables)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import (
    EMPTY,
    BaseTable,
    ChoiceColumn,
    CoreColumn,
    LinkColumn,
    MoneyColumn,
    NumberColumn,
    RelatedNameColumn,
    TextColumn,
)
from chrysalis.enterprises import industry
from chrysalis.enterprises.choices import FLAG_FIELDS
from chrysalis.enterprises.models import ImportBatch


class IndustryColumn(CoreColumn):
    """The industry code shown by its (shortened) Chinese label, exported by the full label."""

    def render(self, value):
        return format_html('<span title="{}">{}</span>', industry.label(value), industry.label(value)[:18])

    def value(self, value):
        return industry.label(value)

    def fast(self, bound_column):
        default = bound_column.default
        return lambda r: default if r.industry_code in EMPTY else self.render(r.industry_code)


class FlagsColumn(CoreColumn):
    """Badges for the yes/no flags (above scale, high growth, key firm, key project)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("loads", [name for name, _label in FLAG_FIELDS])
        super().__init__(*args, **kwargs)

    def render(self, record):
        flags = [label for name, label in FLAG_FIELDS if getattr(record, name)]
        return (
            format_html_join(" ", '<span class="badge bg-blue-lt">{}</span>', ((f,) for f in flags))
            if flags
            else "—"
        )

    def value(self, record):
        return "、".join(str(label) for name, label in FLAG_FIELDS if getattr(record, name))

    def fast(self, bound_column):
        return self.render


class EnterpriseTable(BaseTable):
    """The registry list. Each column is declared once: the page, the column chooser, the export
    (typed values) and the fields the list loads all come from this declaration."""

    name = LinkColumn(verbose_name=_("name"))
    uscc = TextColumn(verbose_name=_("unified social credit code"))
    org_unit = RelatedNameColumn(verbose_name=_("grid"), order_by=("org_unit__path", "name"))
    industry_code = IndustryColumn(verbose_name=_("industry"))
    size_class = ChoiceColumn(verbose_name=_("size class"))
    flags = FlagsColumn(verbose_name=_("flags"))
    latest_year = TextColumn(verbose_name=_("year"))
    latest_revenue = MoneyColumn(verbose_name=_("revenue (10k yuan)"))
    latest_rd_expense = MoneyColumn(verbose_name=_("R&D (10k yuan)"))
    latest_employees = NumberColumn(verbose_name=_("employees"))
    latest_tax_paid = MoneyColumn(verbose_name=_("taxes (10k yuan)"))
    legal_representative = TextColumn(verbose_name=_("legal representative"))
    registered_on = TextColumn(verbose_name=_("registered on"))
    address = TextColumn(verbose_name=_("address"))

    default_hidden = ("legal_representative", "registered_on", "address", "latest_rd_expense")

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-vcenter card-table table-striped", "id": "enterprise-table"}
        template_name = "generic/fast_table.html"


class ImportBatchTable(BaseTable):
    file_name = tables.Column(linkify=True, verbose_name=_("file name"))

    class Meta:
        model = ImportBatch
        fields = (
            "file_name",
            "status",
            "row_count",
            "created_by",
            "created_at",
            "committed_at",
            "rolled_back_at",
        )
        attrs = {"class": "table table-vcenter card-table"}
