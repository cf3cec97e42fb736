"""The API's strict query parameters (REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]).

Its own module for the reason of `core.pagination` (DRF imports it while its generics are being
imported; `core.api` re-exports it). Every API list filters through `ScopedFilterBackend`: the app's
FilterSet (the same as its list page's) plus the checks below, so no app needs a special base class.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import filters as df_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail, ValidationError

from chrysalis.core.pagination import INT64_MAX

INTEGER_MODEL_FIELDS = (models.IntegerField, models.AutoField, models.ForeignKey)
TRUE_FALSE = {"true": True, "false": False}


def _model_field(filterset, flt):
    model = filterset._meta.model
    if model is None:
        return None
    parts = flt.field_name.split("__")
    field = None
    for part in parts:
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a method filter names no field
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model._meta.pk
    return field


def query_parameter_errors(filterset, params) -> dict[str, list]:
    """What the FilterSet would ignore or misread: empty typed values, junk booleans, fractional or
    64-bit-overflowing ids, numbers that are not finite."""
    errors: dict[str, list] = {}
    for name, flt in filterset.filters.items():
        if name not in params:
            continue
        values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        for value in values:
            message = _parameter_error(filterset, flt, value)
            if message:
                errors.setdefault(name, []).append(ErrorDetail(str(message), code="invalid"))
                break
    return errors


def _parameter_error(filterset, flt, value: str):
    text = isinstance(flt, df_filters.CharFilter) and not isinstance(
        flt, df_filters.ChoiceFilter | df_filters.NumberFilter | df_filters.ModelChoiceFilter
    )
    if text:
        return None
    if value == "":
        return _("Give a value or leave the parameter out.")
    if isinstance(flt, df_filters.BooleanFilter):
        return None if value in TRUE_FALSE else _("Give true or false.")
    if isinstance(flt, df_filters.ModelChoiceFilter | df_filters.ModelMultipleChoiceFilter):
        if not re.fullmatch(r"[0-9]{1,19}", value) or int(value) > INT64_MAX:
            return _("Give the object's number.")
        return None
    if isinstance(flt, df_filters.NumberFilter):
        field = _model_field(filterset, flt)
        if isinstance(field, INTEGER_MODEL_FIELDS):
            if not re.fullmatch(r"-?[0-9]{1,19}", value) or abs(int(value)) > INT64_MAX:
                return _("Give a whole number.")
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            return _("Give a number.")
        if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
            return _("Give a number.")
    return None


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, strict: a parameter the FilterSet would ignore or misread answers 400
    (`query_parameter_errors`), and so does one the FilterSet's form refuses."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = query_parameter_errors(filterset, request.query_params)
        if errors:
            raise ValidationError(errors)
        if not filterset.is_valid():
            raise ValidationError(
                {
                    k: [ErrorDetail(str(m), code=e.code or "invalid") for e in v for m in e.messages]
                    for k, v in filterset.errors.as_data().items()
                }
            )
        return filterset.qs


@extend_schema_field(OpenApiTypes.INT)
class ObjectFilter(df_filters.ModelChoiceFilter):
    """An object given by its id, chosen among `queryset` (give a callable of the request so that it
    is `restrict(request.user, …)`: out of scope and missing are then the same 400)."""


def scoped_choices(model, action: str = "view", narrow=None):
    """A ModelChoiceFilter queryset callable: what the request's user may see of `model`."""

    def queryset(request):
        if request is None or not request.user.is_authenticated:
            return model._default_manager.none()
        qs = model.objects.restrict(request.user, action)
        return narrow(qs) if narrow else qs

    return queryset
