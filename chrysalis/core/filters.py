"""The API's strict query parameters (REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]).

Its own module for the reason of `core.pagination` (DRF imports it while its generics are being
imported; `core.api` re-exports it). Every API list filters through `ScopedFilterBackend`: the app's
FilterSet (the same as its list page's) plus the checks below, so no app needs a special base class
and the pages keep their forgiving forms. What the checks accept is exactly what the schema states
(`parameter_schema`, used by `core.api.AutoSchema`):

- a parameter the list does not know                              -> 400
- an empty value of a typed parameter (number, id, date, choice)  -> 400 (leave it out instead)
- a boolean other than true/false                                 -> 400
- an id that is not a whole number from 1 to 2^63-1               -> 400; an id that is missing or
  out of the caller's scope gives an empty list (the same for both)
- an integer that is fractional or outside 64 bits (a year outside 1..9999) -> 400
- a number that is not finite or beyond ±10^15                    -> 400
- what the FilterSet's form refuses (an unknown choice, a bad date) -> 400
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import filters as df_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail, ValidationError

from chrysalis.core.bounds import (
    DATE_PART_BOUNDS,
    ID_BOUNDS,
    INT64_MAX,
    MONTH_BOUNDS,
    NUMBER_LIMIT,
    YEAR_BOUNDS,
    whole_number,
    whole_number_message,
)

INTEGER_MODEL_FIELDS = (models.IntegerField, models.AutoField)
TRUE_FALSE = {"true": True, "false": False}
ALWAYS_ALLOWED = {"limit", "offset", "format"}


def _model_field(model, field_name: str):
    """The model field a filter's `field_name` ends on (a relation's primary key for a relation);
    ("part", (low, high)) for a date part such as `starts_at__year`; None when unknown."""
    if model is None or not field_name:
        return None
    field = None
    for part in field_name.split("__"):
        if isinstance(field, models.DateField | models.DateTimeField) and part in DATE_PART_BOUNDS:
            return ("part", DATE_PART_BOUNDS[part])
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a method filter or a lookup names no field
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model._meta.pk
    return field


def filter_kind(model, flt) -> tuple[str, tuple | None]:
    """What a filter expects: text, bool, object, int (with bounds), number, or form (the form
    validates it: choices, dates)."""
    if isinstance(flt, df_filters.BooleanFilter):
        return "bool", None
    if isinstance(flt, df_filters.ModelChoiceFilter | df_filters.ModelMultipleChoiceFilter):
        return "object", ID_BOUNDS
    if isinstance(flt, _WholeNumberFilter):  # the pages' bounded filters state their own range
        return "int", (flt.extra.get("min_value", flt.bounds[0]), flt.extra.get("max_value", flt.bounds[1]))
    if isinstance(flt, df_filters.NumberFilter):
        field = _model_field(model, flt.field_name)
        if isinstance(field, tuple):
            return "int", field[1]
        if isinstance(field, models.AutoField | models.ForeignKey) or (
            isinstance(field, models.IntegerField) and field.primary_key
        ):
            return "int", (-INT64_MAX, INT64_MAX)
        if isinstance(field, INTEGER_MODEL_FIELDS):
            return "int", (-INT64_MAX, INT64_MAX)
        return "number", None
    if isinstance(flt, df_filters.DateFilter):
        return "date", None
    if isinstance(flt, df_filters.OrderingFilter):
        return "text", None  # an empty ordering is the default order
    if isinstance(flt, df_filters.ChoiceFilter | df_filters.MultipleChoiceFilter):
        return "choice", choice_values(flt)
    if isinstance(flt, df_filters.CharFilter):
        return "text", None
    return "form", None


def choice_values(flt) -> tuple[str, ...]:
    choices = flt.extra.get("choices") or ()
    if callable(choices):
        choices = choices()
    return tuple(str(v) for v, _label in choices if v not in ("", None))


def parameter_schema(model, flt) -> dict | None:
    """The schema of a filter's query parameter, when it is stricter than drf-spectacular's guess."""
    kind, bounds = filter_kind(model, flt)
    if kind == "bool":
        return {"type": "boolean"}
    if kind in {"object", "int"} and bounds is not None:
        return {"type": "integer", "format": "int64", "minimum": bounds[0], "maximum": bounds[1]}
    if kind == "number":
        return {
            "type": "number",
            "minimum": -float(NUMBER_LIMIT),
            "maximum": float(NUMBER_LIMIT),
            "exclusiveMinimum": True,
            "exclusiveMaximum": True,
        }
    if kind == "choice" and isinstance(flt, df_filters.ChoiceFilter) and callable(flt.extra.get("choices")):
        return {"type": "string", "enum": list(bounds or ())}  # spectacular cannot see these
    if kind == "text" and not isinstance(flt, df_filters.OrderingFilter):
        return {"type": "string", "pattern": "^[^\\x00]*$"}  # NUL is refused everywhere
    return None


def _iso_date(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _parameter_error(kind: str, bounds, value: str):
    if kind == "text":
        return _("Remove the NUL character.") if "\x00" in value else None
    if value == "":
        return _("Give a value or leave the parameter out.")
    if kind == "bool":
        return None if value in TRUE_FALSE else _("Give true or false.")
    if kind == "date":  # the schema's format: date, nothing else the form would also read
        return None if _iso_date(value) else _("Give a date as YYYY-MM-DD.")
    if kind == "choice":  # exactly one of the values (the form would strip and ignore some junk)
        return None if value in bounds else _("Choose one of the listed values.")
    if kind in {"object", "int"}:
        low, high = bounds
        return whole_number_message(low, high) if whole_number(value, low, high) is None else None
    if kind == "number":
        try:
            number = Decimal(value)
        except InvalidOperation:
            return _("Give a number.")
        if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
            return _("Give a number.")
    return None


def query_parameter_errors(filterset, params, *, known: set[str] | None = None) -> dict[str, list]:
    """What the FilterSet would ignore or misread (see the module docstring)."""
    errors: dict[str, list] = {}
    model = filterset._meta.model
    for name in params:
        if known is not None and name not in known and name not in filterset.filters:
            errors[name] = [ErrorDetail(str(_("This list has no such parameter.")), code="unknown")]
    for name, flt in filterset.filters.items():
        if name not in params:
            continue
        kind, bounds = filter_kind(model, flt)
        for value in params.getlist(name):
            message = _parameter_error(kind, bounds, value)
            if message:
                errors.setdefault(name, []).append(ErrorDetail(str(message), code="invalid"))
                break
    return errors


def _unreachable_objects(filterset) -> set[str]:
    """The id filters that name an object the caller cannot reach (missing or out of scope)."""
    names = set()
    for name, flt in filterset.filters.items():
        if name in filterset.data and isinstance(flt, df_filters.ModelChoiceFilter):
            field = filterset.form.fields[name]
            if not field.queryset.filter(pk=filterset.data[name]).exists():
                names.add(name)
    return names


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, strict: a parameter the FilterSet would ignore or misread answers 400
    (`query_parameter_errors`), and so does one the FilterSet's form refuses."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            known = ALWAYS_ALLOWED | {getattr(view, "ordering_param", "ordering")}
            unknown = [p for p in request.query_params if p not in known]
            if unknown and getattr(view, "action", "list") == "list":
                raise ValidationError(
                    {
                        p: [ErrorDetail(str(_("This list has no such parameter.")), code="unknown")]
                        for p in unknown
                    }
                )
            return queryset
        known = ALWAYS_ALLOWED if getattr(view, "action", "list") == "list" else None
        errors = query_parameter_errors(filterset, request.query_params, known=known)
        if errors:
            raise ValidationError(errors)
        unreachable = _unreachable_objects(filterset)
        if not filterset.is_valid():
            errors = {
                k: [ErrorDetail(str(m), code=e.code or "invalid") for e in v for m in e.messages]
                for k, v in filterset.errors.as_data().items()
                if k not in unreachable
            }
            if errors:
                raise ValidationError(errors)
        if unreachable:
            return queryset.none()  # a missing or out-of-scope id: the same empty list
        return filterset.qs


@extend_schema_field({"type": "integer", "format": "int64", "minimum": ID_BOUNDS[0], "maximum": ID_BOUNDS[1]})
class ObjectFilter(df_filters.ModelChoiceFilter):
    """An object given by its id, chosen among `queryset` (give a callable of the request so that it
    is `restrict(request.user, …)`: out of scope and missing are then the same)."""


def scoped_choices(model, action: str = "view", narrow=None):
    """A ModelChoiceFilter queryset callable: what the request's user may see of `model`."""

    def queryset(request):
        if request is None or not request.user.is_authenticated:
            return model._default_manager.none()
        qs = model.objects.restrict(request.user, action)
        return narrow(qs) if narrow else qs

    return queryset


__all__ = [
    "ObjectFilter",
    "OpenApiTypes",
    "ScopedFilterBackend",
    "filter_kind",
    "parameter_schema",
    "query_parameter_errors",
    "scoped_choices",
]


# ------------------------------------------------------------ bounded filters for the pages
# A hand-edited query on a page (year=-1, enterprise=10^30, 1.9) makes the filter form invalid (the
# list shows nothing and says why) instead of reaching the database with a value it cannot hold.


class _WholeNumberFilter(django_filters.NumberFilter):
    """A whole number within `bounds` (from core.bounds, which the API's checks and schema read too)."""

    field_class = forms.IntegerField
    bounds: tuple[int, int] = (0, INT64_MAX)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.bounds[0])
        kwargs.setdefault("max_value", self.bounds[1])
        super().__init__(*args, **kwargs)


class IdFilter(_WholeNumberFilter):
    """A primary key (1 … 2^63 − 1)."""

    bounds = ID_BOUNDS


class YearFilter(_WholeNumberFilter):
    bounds = YEAR_BOUNDS


class MonthFilter(_WholeNumberFilter):
    bounds = MONTH_BOUNDS
