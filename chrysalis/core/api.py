"""REST API building blocks shared by every app: scoped viewsets, the one error format, the schema's
error responses, strict query parameters, pagination.

A module's API is a `ScopedViewSet` subclass per model: its queryset starts from
`Model.objects.restrict(request.user, action)` (read methods use `read_action`, writes
`write_action`), so another scope's object answers 404 like a missing one. Writes call the app's
services inside `service_errors()`, which turns the services' Django exceptions into API answers:

- `ConflictError` (stale `version`, lost race) -> 409
- `OutOfScope` (object not visible to the actor) -> 404
- `PermissionDenied` (outside the write scope)  -> 404, or 400 on `denied_field` when given
- `ValidationError` with fields                -> 400 with those fields
- any other `ValidationError`                  -> 400 with no field

Every error answer, whatever raised it (DRF's own 401/403/404/405/415/429, malformed JSON, a bad
query parameter, a service refusal), has one body, produced by `exception_handler` (settings
`REST_FRAMEWORK["EXCEPTION_HANDLER"]`):

    {"errors": [{"field": "enterprise", "code": "does_not_exist", "message": "对象不存在。"}]}

`field` is the dotted path of the offending input (`attendees.0.name`; a query parameter's name),
or null for the request as a whole. `AutoSchema` documents that body for every status an operation
can answer; `ScopedFilterBackend` refuses query parameters that the FilterSet would ignore or that
would reach the database as something else than they say (see docs/api.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import set_rollback

from chrysalis.core.bounds import INT64_MAX, whole_number
from chrysalis.core.exceptions import ConflictError, OutOfScope
from chrysalis.core.filters import ScopedFilterBackend, parameter_schema
from chrysalis.core.pagination import ScopedPagination

__all__ = [
    "AutoSchema",
    "Conflict",
    "ErrorSerializer",
    "ScopedFilterBackend",
    "ScopedPagination",
    "ScopedViewSet",
    "api_error",
    "exception_handler",
    "service_errors",
]

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

NOT_FOUND = _("The object does not exist or is outside your scope.")
MALFORMED = _("The request body is not valid JSON.")
NOT_AUTHENTICATED = _("Sign in or send a valid API token.")
CONFLICT = _(
    "This record was changed by someone else while you were editing it. Reload the page to see "
    "the current values, then apply your change again."
)


# --- the error body -------------------------------------------------------------------------------


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Dotted path of the offending input; null for the whole request."
    )
    code = serializers.CharField(help_text="Machine-readable reason, e.g. required, invalid, not_found.")
    message = serializers.CharField(help_text="The reason in Chinese, ready to show to a person.")


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API."""

    errors = ErrorItemSerializer(many=True)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = CONFLICT
    default_code = "conflict"


def _flatten(detail, path: str | None, out: list[dict]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = str(key)
            child = None if key in {"non_field_errors", "detail", "__all__"} else key
            _flatten(value, f"{path}.{child}" if path and child else (child or path), out)
    elif isinstance(detail, list | tuple):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                _flatten(value, f"{path}.{index}" if path else str(index), out)
            else:
                _flatten(value, path, out)
    else:
        code = getattr(detail, "code", None) or "invalid"
        out.append({"field": path, "code": str(code), "message": str(detail)})


def error_body(detail, field: str | None = None) -> dict:
    out: list[dict] = []
    _flatten(detail, field, out)
    return {"errors": out}


def _as_api_exception(exc):
    """Django's and the services' exceptions as the DRF exception that answers them."""
    if isinstance(exc, OutOfScope | Http404 | DjangoPermissionDenied):
        return NotFound(NOT_FOUND)
    if isinstance(exc, DjangoValidationError):
        return api_error(exc)
    if isinstance(exc, IntegrityError):  # a lost unique race: the same answer as a stale version
        return Conflict()
    return exc


_OWN_MESSAGES = {
    exceptions.NotFound: NOT_FOUND,
    exceptions.ParseError: MALFORMED,
    exceptions.NotAuthenticated: NOT_AUTHENTICATED,
}


def exception_handler(exc, context):
    """DRF's exception handler with the one error body (see the module docstring)."""
    exc = _as_api_exception(exc)
    if not isinstance(exc, APIException):
        return None  # a bug: 500, logged by Django

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    own = _OWN_MESSAGES.get(type(exc))
    if exc.status_code == status.HTTP_404_NOT_FOUND:  # one answer for out of scope and missing
        body = {"errors": [{"field": None, "code": "not_found", "message": str(NOT_FOUND)}]}
    elif isinstance(exc, ValidationError):
        body = error_body(exc.detail)
    elif own is not None:
        body = {"errors": [{"field": None, "code": exc.default_code, "message": str(own)}]}
    else:
        body = error_body(exc.detail if isinstance(exc.detail, dict | list) else {"detail": exc.detail})
        for item in body["errors"]:
            if item["code"] in {"invalid", "error"}:
                item["code"] = exc.default_code
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


def api_error(
    exc: DjangoValidationError | DjangoPermissionDenied, *, denied_field: str | None = None
) -> APIException:
    """The API answer for an exception raised by a service (see the module docstring)."""
    if isinstance(exc, ConflictError):
        return Conflict(" ".join(str(m) for m in exc.messages))
    if isinstance(exc, DjangoPermissionDenied):
        if denied_field:
            return ValidationError({denied_field: [str(exc)]}, code="not_permitted")
        return NotFound(NOT_FOUND)  # out of scope answers like a missing object
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {
                k: [serializers.ErrorDetail(str(m), code=e.code or "invalid") for e in v for m in e.messages]
                for k, v in exc.error_dict.items()
            }
        )
    return ValidationError(
        {
            "detail": [
                serializers.ErrorDetail(str(m), code=e.code or "invalid")
                for e in exc.error_list
                for m in e.messages
            ]
        }
    )


@contextmanager
def service_errors(*, denied_field: str | None = None) -> Iterator[None]:
    """Run a service call, re-raising its Django errors as the matching API errors."""
    try:
        yield
    except OutOfScope as exc:
        raise NotFound(NOT_FOUND) from exc
    except (DjangoValidationError, DjangoPermissionDenied) as exc:
        raise api_error(exc, denied_field=denied_field) from exc


# --- related fields ---------------------------------------------------------------------------------


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related id chosen among what the caller may reference: `Model.objects.restrict(user, action)`
    (optionally narrowed by `narrow(queryset)`). An object out of scope gets exactly the answer of a
    missing one ("对象不存在"), so the field is no existence oracle."""

    default_error_messages = {
        "does_not_exist": _("The object does not exist or is outside your scope."),
        "incorrect_type": _("Give the object's number."),
    }

    def __init__(self, model=None, *, action: str = "view", narrow=None, **kwargs):
        self.scoped_model, self.scope_action, self.narrow = model, action, narrow
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.scoped_model._default_manager.none()
        qs = self.scoped_model.objects.restrict(user, self.scope_action)
        return self.narrow(qs) if self.narrow else qs

    def to_internal_value(self, data):
        number = None if isinstance(data, bool) else whole_number(str(data), 0, INT64_MAX, signed=False)
        if number is None:
            self.fail("does_not_exist" if isinstance(data, int | str) else "incorrect_type", pk_value=data)
        return super().to_internal_value(number)


# --- the schema -------------------------------------------------------------------------------------


ERROR_DESCRIPTIONS = {
    "400": "Invalid input (body or query parameter); every problem is listed with its field.",
    "401": "No valid credentials (session or API token).",
    "403": "Signed in but not allowed to do this (or a read-only token used to write).",
    "404": "The object does not exist or is outside the caller's scope (one answer for both).",
    "409": "Conflict: the record changed since it was read (stale version) or a unique value is taken.",
    "415": "The request body is not JSON (or form data).",
    "429": "Too many requests; Retry-After says when to try again.",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema: every operation also documents its error answers with the one
    error body, and decimals are patterns that do not admit an empty string."""

    def _error_codes(self) -> list[str]:
        codes = ["400", "429"]
        public = AllowAny in getattr(self.view, "permission_classes", ())
        if not public:
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            if not public:
                codes.append("409")
            codes.append("415")
        return sorted(codes)

    def _get_filter_parameters(self):
        params = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return params
        for param in params:
            flt = filterset_class.base_filters.get(param.get("name"))
            strict = parameter_schema(filterset_class._meta.model, flt) if flt is not None else None
            if strict and param.get("schema", {}).get("type") != "array":
                param["schema"] = {
                    **strict,
                    **({"enum": param["schema"]["enum"]} if "enum" in param["schema"] else {}),
                }
        return params

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and "pattern" in schema:
            sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
            whole = field.max_whole_digits
            schema["pattern"] = rf"^{sign}[0-9]{{1,{whole}}}(?:\.[0-9]{{1,{field.decimal_places}}})?$"
        return schema


class ScopedViewSet(viewsets.GenericViewSet):
    """Base viewset: the queryset is `model.objects.restrict(user, action)` for the request's method."""

    model = None
    read_action = "view"
    write_action = "change"
    pagination_class = ScopedPagination

    def get_queryset(self):
        action = self.read_action if self.request.method in READ_METHODS else self.write_action
        return self.model.objects.restrict(self.request.user, action)


@csrf_exempt
def api_not_found(request, path=""):
    """/api/… that names no operation (e.g. /api/events/0.5/): the API's 404 body, not the HTML page."""
    return JsonResponse(
        {"errors": [{"field": None, "code": "not_found", "message": str(NOT_FOUND)}]}, status=404
    )


def postprocess_schema(result, generator, request, public):
    """Schema-wide facts: integer parameters are 64-bit (ids and numeric filters are refused beyond)."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for param in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = param.get("schema", {})
                if schema.get("type") == "integer":
                    schema.setdefault("format", "int64")
                    schema.setdefault("minimum", -INT64_MAX)
                    schema.setdefault("maximum", INT64_MAX)
    return result
