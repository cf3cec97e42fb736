"""Generic, scoped object views (NetBox-style) reused by every domain app.

Every queryset comes from `Model.objects.restrict(request.user, action)`; an object outside scope
is missing from it, so it answers 404. Writes go through service callables given by the view.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from chrysalis.audit.services import record_change
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.exports import FORMATS, export_response, table_rows
from chrysalis.core.forms import style_form
from chrysalis.core.permissions import may_create
from chrysalis.core.tables import BaseTable

#: The largest page a list shows (a hand-edited ?per_page= beyond it falls back to the default).
MAX_PER_PAGE = 500


def error_text(exc) -> str:
    """What a refused write says (a ValidationError's messages, else the exception's text), for
    `messages.error()` on a page that redirects."""
    return " ".join(str(m) for m in (getattr(exc, "messages", None) or [str(exc)]))


def safe_next(request, default: str) -> str:
    """The request's `next` (POST, then GET) when it stays on this site, else `default`."""
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return default


class ScopedQuerysetMixin(LoginRequiredMixin):
    model: Any = None  # a model with a RestrictedManager, set by each view
    action = "view"
    #: Relations every row of the page shows (`select_related`), instead of overriding the queryset.
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.model.objects.restrict(self.request.user, self.action)
        return qs.select_related(*self.select_related) if self.select_related else qs


class CreateRuleMixin:
    """`can_create()`: whether the user may create at all, asked alike by a list page (add button)
    and its create page. With `create_model` set it is `may_create(user, create_model)`; a page with
    another rule overrides `can_create()` (and its list page asks the same predicate)."""

    create_model: Any = None
    request: Any

    def can_create(self) -> bool:
        if self.create_model is None:
            return True
        return may_create(self.request.user, self.create_model)


class ObjectListView(CreateRuleMixin, ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """List page: filterset + table (column choice for a BaseTable) + Excel/CSV export of exactly the
    filtered rows, built from the same table arguments."""

    template_name = "generic/object_list.html"
    paginate_by = 50
    title = ""
    add_url_name = ""
    export_name = "export"

    def get_queryset(self):
        return self.optimise(self.model.objects.restrict(self.request.user, self.action))

    def optimise(self, qs):
        """The page's and the export's queryset, made cheap to show (`select_related` by default)."""
        return qs.select_related(*self.select_related) if self.select_related else qs

    def get_paginate_by(self, queryset):
        # The table paginates; paginating the ListView as well would count every page twice.
        return None

    def get_table_pagination(self, table):
        if self.table_pagination is not None:
            return self.table_pagination
        return {"per_page": self.paginate_by or 50}

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        style_form(filterset.form, filters=True)
        return filterset

    def get(self, request, *args, **kwargs):
        request.GET = sane_paging(request.GET)
        if request.GET.get("export") in FORMATS:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_table_kwargs(self):
        table_class = self.get_table_class()
        if issubclass(table_class, BaseTable):
            return table_class.table_kwargs(self.request)
        return {}

    def export(self, fmt: str = "xlsx"):
        """The page's table (same class, same table arguments, same FilterSet, every row) over
        `restrict(user, "export")` (rows outside it are absent); audited."""
        export_qs = self.model.objects.restrict(self.request.user, "export")
        filterset = self.get_filterset_class()(
            self.request.GET, queryset=self.optimise(export_qs), request=self.request
        )
        if not filterset.is_valid():
            raise Http404
        table = self.get_table_class()(filterset.qs, **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        header, rows = table_rows(table)
        response = export_response(
            fmt=fmt, title=str(self.title), header=header, rows=rows, filename=self.export_name
        )
        record_change(
            actor=self.request.user,
            action="export",
            obj=None,
            object_repr=f"{self.model._meta.verbose_name_plural}: {filterset.qs.count()}",
            after={"query": self.request.GET.urlencode()},
        )
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title or self.model._meta.verbose_name_plural
        table = ctx["table"]
        paginator = getattr(table, "paginator", None)
        ctx["record_count"] = paginator.count if paginator is not None else len(table.rows)
        form = ctx["filter"].form
        ctx["more_filters_used"] = any(self.request.GET.get(f.html_name) for f in form.visible_fields()[4:])
        ctx["can_add"] = bool(self.add_url_name) and self.can_create()
        ctx["add_url_name"] = self.add_url_name
        ctx["can_export"] = self.model.objects.restrict(self.request.user, "export").exists()
        table_class = self.get_table_class()
        if issubclass(table_class, BaseTable):
            ctx["column_choices"] = table_class.column_choices(self.request)
            ctx["filter_params"] = [
                (k, v)
                for k, values in self.request.GET.lists()
                if k not in {"cols", "page", "export"}
                for v in values
            ]
        return ctx


def sane_paging(query):
    """The query with a page number or page size that is not a small positive whole number
    replaced by the default (first page, the table's own size), so that a hand-edited link shows
    a page instead of an error. Sizes are capped at MAX_PER_PAGE."""
    bad = {}
    for name, limit in (("page", 10**6), ("per_page", MAX_PER_PAGE + 1)):
        value = query.get(name)
        if value is not None and value != "last" and not (value.isdigit() and 0 < int(value) < limit):
            bad[name] = value
    if not bad:
        return query
    query = query.copy()
    for name in bad:
        if name == "page":
            query["page"] = "1"
        else:
            del query[name]
    return query


class PrefillFromQueryMixin:
    """Pre-select form fields from the query string (`?enterprise=12` from an enterprise's page).

    Only the fields named in `prefill_fields` and only whole numbers (primary keys) are taken; the
    form's own scoped drop-down still decides whether the value is allowed, so an out-of-scope id
    simply shows nothing selected.
    """

    prefill_fields: tuple[str, ...] = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.prefill_fields:
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = value
        return initial


class ObjectDetailView(ScopedQuerysetMixin, DetailView):
    template_name = "generic/object_detail.html"


class ObjectFormView(CreateRuleMixin, LoginRequiredMixin, FormView):
    """Create or edit through a service callable; service errors land on the form, nothing saved.

    The object to edit: with `model` set, the URL's `pk` names it among
    `model.objects.restrict(user, instance_action)` (404 outside scope, like a missing row) and a URL
    without `pk` creates; otherwise override `get_instance()` (None for create; use
    `get_scoped_object`). `can_create()` (see `CreateRuleMixin`: `create_model`, or an override)
    decides whether the create page opens at all: False answers `create_refusal`, 403 by default,
    404 for a page that hangs under a parent object the actor may not write. `save(form, instance)`
    calls the service and returns the saved object; `success_message` (with `%(object)s`) is shown
    and the user goes to `next` or the object. The service checks again: the view's check only
    decides what to show.
    """

    template_name = "generic/object_form.html"
    title = ""
    success_message = ""
    create_refusal: type[Exception] = PermissionDenied
    model: Any = None
    instance_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.instance = self.get_instance()
        if self.instance is None and not self.can_create():
            raise self.create_refusal
        return super().dispatch(request, *args, **kwargs)

    def get_instance(self):
        if self.model is not None and "pk" in self.kwargs:
            return self.get_scoped_object(self.model, self.instance_action, pk=self.kwargs["pk"])
        return None

    def get_scoped_object(self, model, action: str = "change", **lookup):
        return get_object_or_404(model.objects.restrict(self.request.user, action), **lookup)

    @staticmethod
    def data_and_version(form) -> tuple[dict[str, Any], int | None]:
        """The form's cleaned values without the hidden `version`, and that version (what an update
        service takes as `**changes, expected_version=`)."""
        data = dict(form.cleaned_data)
        return data, data.pop("version", None)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.instance is not None:
            kwargs["instance"] = self.instance
        return kwargs

    def form_valid(self, form):
        try:
            obj = self.save(form, self.instance)
        except ConflictError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("This is outside your scope."))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": obj})
        return redirect(self.get_success_url_for(obj))

    def cancel_url(self) -> str:
        return "/"

    def get_success_url_for(self, obj):
        return safe_next(self.request, obj.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["instance"] = self.instance
        ctx["non_field_key"] = NON_FIELD_ERRORS
        ctx["cancel_url"] = (
            self.instance.get_absolute_url() if self.instance is not None else self.cancel_url()
        )
        return ctx


class ObjectActionView(LoginRequiredMixin, View):
    """A button on an object's page (a workflow move, "advance", "issue"): POST only.

    The object is the URL's `pk` among `model.objects.restrict(user, action)` (`get_queryset()`;
    404 outside scope, like a missing row). `perform(obj)` calls the service; the errors named in
    `errors` become an error message (`error_text`), anything else propagates (a `PermissionDenied`
    not listed answers 403). On success `get_success_message(obj, result)` (`success_message` by
    default, with `%(object)s`) is shown. Either way the user goes back to `get_success_url_for(obj)`
    (the object's page by default). The service checks the permission again.
    """

    model: Any = None
    action = "view"
    success_message: Any = ""
    errors: tuple[type[Exception], ...] = (ValidationError,)

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)

    def post(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        try:
            result = self.perform(obj)
        except self.errors as exc:
            messages.error(request, self.error_text(exc))
        else:
            message = self.get_success_message(obj, result)
            if message:
                messages.success(request, message)
        return redirect(self.get_success_url_for(obj))

    def perform(self, obj):
        raise NotImplementedError

    def get_success_message(self, obj, result) -> str:
        return str(self.success_message) % {"object": obj} if self.success_message else ""

    def error_text(self, exc) -> str:
        return error_text(exc)

    def get_success_url_for(self, obj) -> str:
        return obj.get_absolute_url()

    def version(self) -> int | None:
        """The optimistic version the page was shown at (the form's hidden `version`), or None."""
        value = self.request.POST.get("version") or ""
        return int(value) if value.isdigit() else None
