"""The base table every list page builds on (django-tables2), its column types and the fast body.

A module's table declares each column once::

    class ThingTable(BaseTable):
        name = LinkColumn(verbose_name=_("name"))
        status = ChoiceColumn(verbose_name=_("status"))
        amount = MoneyColumn(verbose_name=_("amount (10k yuan)"))
        default_hidden = ("amount",)

and gets, from the declaration alone:

- **column choice**: every column but the first (`fixed_columns`) may be hidden by the user; the
  choice comes from `?cols=` (the "Columns" menu of `generic/object_list.html`) and is remembered
  per user in their session, per table; `default_hidden` columns start hidden;
- **export**: `ObjectListView` builds the export from the same table class, the same table
  arguments and the same FilterSet as the page (`core.exports` writes it, formula-safe); each
  column's `value()` gives the typed export value (numbers stay numbers);
- **loaded fields**: `loaded_fields()` lists the model fields the columns read, for `.only()`;
- **the fast body** (opt-in, `Meta.template_name = "generic/fast_table.html"`): the rows are
  rendered in Python by `body_html()` instead of one template render and signature inspection per
  cell. The output is byte for byte django-tables2's bootstrap5 body (a test compares them). This
  is the only second renderer in the project; measured gain on the enterprise list (100,000
  firms, PostgreSQL, benchmarks/registry_list.py): see docs/registry.md, "Benchmarks".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

import django_tables2 as tables
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in django-stubs

EMPTY = (None, "")


def money(value) -> str:
    """Money in 10k yuan as shown in lists: two decimals, thousands separators; "—" when missing."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01')):,}"


class CoreColumn(tables.Column):
    """A column that knows which model fields it reads (`loads`) and how to render fast.

    `fast(bound_column)` returns a function record -> cell content (escaped later) without django-tables2's
    per-cell machinery; None means "render this column the ordinary way".
    """

    def __init__(self, *args, loads: Iterable[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.loads = tuple(loads) if loads is not None else None

    def loaded_fields(self, name: str) -> tuple[str, ...]:
        if self.loads is not None:
            return self.loads
        return ((str(self.accessor) if self.accessor else name).replace(".", "__"),)

    def fast(self, bound_column) -> Callable | None:
        if type(self).render is not tables.Column.render:
            return None  # a custom render: let the column do it
        getter = _getter(self, bound_column.name)
        default = bound_column.default
        return lambda record: default if (v := getter(record)) in EMPTY else v


class TextColumn(CoreColumn):
    pass


class LinkColumn(CoreColumn):
    """The object's name linking to its page (`get_absolute_url`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("linkify", True)
        super().__init__(*args, **kwargs)

    def fast(self, bound_column) -> Callable | None:
        getter = _getter(self, bound_column.name)
        default = bound_column.default
        return lambda r: (
            default
            if (v := getter(r)) in EMPTY
            else format_html('<a href="{}">{}</a>', r.get_absolute_url(), v)
        )


class ChoiceColumn(CoreColumn):
    """A choices field shown (and exported) by its label."""

    def fast(self, bound_column) -> Callable | None:
        field = str(self.accessor or bound_column.name)
        default = bound_column.default
        return lambda r: default if getattr(r, field) in EMPTY else getattr(r, f"get_{field}_display")()

    def render(self, record, bound_column):
        return getattr(record, f"get_{bound_column.accessor}_display")()

    def value(self, record, bound_column):
        return str(getattr(record, f"get_{bound_column.accessor}_display")())


class RelatedNameColumn(CoreColumn):
    """A foreign key shown by its str() and exported by its `name`; loads `<fk>__name`."""

    def loaded_fields(self, name: str) -> tuple[str, ...]:
        return (name, f"{name}__name") if self.loads is None else self.loads

    def fast(self, bound_column) -> Callable | None:
        name, default = bound_column.name, bound_column.default
        return lambda r: default if getattr(r, f"{name}_id") is None else str(getattr(r, name))

    def value(self, record, bound_column):
        related = getattr(record, bound_column.name)
        return related.name if related is not None else None


class NumberColumn(CoreColumn):
    """Right-aligned number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}})
        super().__init__(*args, **kwargs)


class MoneyColumn(NumberColumn):
    """Money in 10k yuan: shown with `money()`, exported as the exact Decimal."""

    def render(self, value):
        return money(value)

    def value(self, value):
        return value

    def fast(self, bound_column) -> Callable | None:
        getter = _getter(self, bound_column.name)
        default = bound_column.default
        return lambda r: default if (v := getter(r)) in EMPTY else money(v)


def _getter(column: tables.Column, name: str) -> Callable:
    path = str(column.accessor or name).split(".")
    if len(path) == 1:
        attr = path[0]
        return lambda r: getattr(r, attr)

    def get(record):
        for part in path:
            record = getattr(record, part, None)
            if record is None:
                return None
        return record

    return get


class BaseTable(tables.Table):
    fixed_columns: tuple[str, ...] | None = None  # never hidden; default: the first column
    default_hidden: tuple[str, ...] = ()
    export_exclude: tuple[str, ...] = ("actions",)

    class Meta:
        attrs = {"class": "table table-vcenter card-table table-striped"}

    # --- column choice ---------------------------------------------------------------------

    @classmethod
    def optional_columns(cls) -> list[str]:
        names = list(cls.base_columns)
        fixed = cls.fixed_columns if cls.fixed_columns is not None else tuple(names[:1])
        return [n for n in names if n not in fixed and n not in cls.export_exclude]

    @classmethod
    def default_columns(cls) -> list[str]:
        return [c for c in cls.optional_columns() if c not in cls.default_hidden]

    @classmethod
    def session_key(cls) -> str:
        return f"table-columns:{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def chosen_columns(cls, request) -> list[str]:
        """The optional columns to show: `?cols=` (remembered), else the remembered choice, else the
        default."""
        optional = cls.optional_columns()
        asked = [c for c in request.GET.getlist("cols") if c in optional]
        session = getattr(request, "session", None)
        if asked:
            if session is not None and session.get(cls.session_key()) != asked:
                session[cls.session_key()] = asked
            return asked
        remembered = session.get(cls.session_key()) if session is not None else None
        if remembered:
            kept = [c for c in remembered if c in optional]
            if kept:
                return kept
        return cls.default_columns()

    @classmethod
    def table_kwargs(cls, request) -> dict:
        chosen = set(cls.chosen_columns(request))
        return {"exclude": [c for c in cls.optional_columns() if c not in chosen]}

    @classmethod
    def column_choices(cls, request) -> list[tuple[str, str, bool]]:
        chosen = set(cls.chosen_columns(request))
        return [(c, cls.base_columns[c].verbose_name, c in chosen) for c in cls.optional_columns()]

    @classmethod
    def loaded_fields(cls) -> list[str]:
        """The model fields every column reads (for `.only()`), plus the primary key."""
        out = ["id"]
        for name, column in cls.base_columns.items():
            if isinstance(column, CoreColumn):
                out += [f for f in column.loaded_fields(name) if f not in out]
        return out

    # --- the fast body ---------------------------------------------------------------------

    def body_html(self):
        """The <tbody> rows exactly as django-tables2's bootstrap5 template renders them (same cells,
        escaping, localisation, "—" for empty values); columns without a fast path (a custom render,
        a plain Column) use django-tables2's own cell rendering."""
        columns = []
        for c in self.columns:
            fast = c.column.fast(c) if isinstance(c.column, CoreColumn) else None
            columns.append((c.name, c.attrs["td"].as_html(), fast, c.localize))
        out = []
        for row in self.paginated_rows:
            record = row.record
            cells = "".join(
                f"<td {attrs}>{_cell_html(fast(record) if fast else row.get_cell(name), localize)}</td>"
                for name, attrs, fast, localize in columns
            )
            out.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
        if not out and self.empty_text:
            out.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        return mark_safe("".join(out))  # noqa: S308 - every cell is escaped; attrs are AttributeDict.as_html()


def _cell_html(value, localize) -> str:
    value = template_localtime(value)
    if localize is None:
        return conditional_escape(formats.localize(value))
    return conditional_escape(formats.localize(value, use_l10n=bool(localize)))
