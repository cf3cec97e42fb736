"""django-tables2 tables: the list page and its Excel export use the same columns."""

from __future__ import annotations

from decimal import Decimal

import django_tables2 as tables
from django.utils import formats
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _

from chrysalis.enterprises import industry
from chrysalis.enterprises.models import Enterprise, ImportBatch

FLAG_FIELDS = (
    ("above_scale", _("above scale")),
    ("high_growth", _("high growth")),
    ("key_firm", _("key firm")),
    ("key_project", _("key project")),
)


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
    OPTIONAL = (
        "uscc",
        "org_unit",
        "industry_code",
        "size_class",
        "flags",
        "latest_year",
        "latest_revenue",
        "latest_rd_expense",
        "latest_employees",
        "latest_tax_paid",
        "legal_representative",
        "registered_on",
        "address",
    )
    DEFAULT_HIDDEN = ("legal_representative", "registered_on", "address", "latest_rd_expense")

    class Meta:
        model = Enterprise
        fields = (
            "name",
            "uscc",
            "org_unit",
            "industry_code",
            "size_class",
            "flags",
            "latest_year",
            "latest_revenue",
            "latest_rd_expense",
            "latest_employees",
            "latest_tax_paid",
            "legal_representative",
            "registered_on",
            "address",
        )
        attrs = {"class": "table table-vcenter card-table table-striped", "id": "enterprise-table"}
        template_name = "enterprises/enterprise_table.html"

    # columns whose values the page shows (the list view loads only these, plus the grid's name)
    LOADED = (
        "id",
        "name",
        "uscc",
        "org_unit",
        "industry_code",
        "size_class",
        "above_scale",
        "high_growth",
        "key_firm",
        "key_project",
        "latest_year",
        "latest_revenue",
        "latest_rd_expense",
        "latest_employees",
        "latest_tax_paid",
        "legal_representative",
        "registered_on",
        "address",
        "org_unit__name",
    )

    def body_html(self):
        """The <tbody> rows, as the default template renders them (same cells, escaping, localisation, "—" for
        empty values), without a template render and a signature inspection per cell. Columns without a fast
        renderer here fall back to django-tables2's own cell rendering."""
        columns = [(c.name, c.attrs["td"].as_html(), self._fast_cell(c)) for c in self.columns]
        out = []
        for row in self.paginated_rows:
            record = row.record
            cells = "".join(
                f"<td {attrs}>{conditional_escape(formats.localize(template_localtime(fast(record) if fast else row.get_cell(name))))}</td>"
                for name, attrs, fast in columns
            )
            out.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
        if not out and self.empty_text:
            out.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        return mark_safe("".join(out))  # noqa: S308 - every cell is escaped above; attrs are AttributeDict.as_html()

    def _fast_cell(self, bound_column):
        default = bound_column.default
        name = bound_column.name

        def or_default(func):
            return lambda r: default if (v := getattr(r, name)) in (None, "") else func(v)

        fast = {
            "name": lambda r: (
                format_html('<a href="{}">{}</a>', r.get_absolute_url(), r.name)
                if r.name not in (None, "")
                else default
            ),
            "org_unit": lambda r: default if r.org_unit_id is None else str(r.org_unit),
            "size_class": lambda r: r.get_size_class_display() if r.size_class not in (None, "") else default,
            "flags": lambda r: self.render_flags(r),
            "industry_code": or_default(self.render_industry_code),
            "latest_revenue": or_default(money),
            "latest_rd_expense": or_default(money),
            "latest_tax_paid": or_default(money),
        }
        if name in fast:
            return fast[name]
        if name in {
            "uscc",
            "latest_year",
            "latest_employees",
            "legal_representative",
            "registered_on",
            "address",
        }:
            return or_default(lambda v: v)
        return None

    def render_industry_code(self, value):
        return format_html('<span title="{}">{}</span>', industry.label(value), industry.label(value)[:18])

    def value_industry_code(self, value):
        return industry.label(value)

    def render_flags(self, record):
        flags = [label for name, label in FLAG_FIELDS if getattr(record, name)]
        return (
            format_html_join(" ", '<span class="badge bg-blue-lt">{}</span>', ((f,) for f in flags))
            if flags
            else "—"
        )

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
