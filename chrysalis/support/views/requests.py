"""Request pages: list (filter, export), record, detail with history, transitions, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.accounts.choices import Role
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.permissions import may
from chrysalis.core.views import ObjectDetailView, ObjectFormView, ObjectListView, PrefillFromQueryMixin
from chrysalis.enterprises import industry
from chrysalis.enterprises.models import Contact
from chrysalis.support import filtersets, forms, tables, workflows
from chrysalis.support.choices import Channel, Event
from chrysalis.support.models import RequestAttachment, ServiceRequest
from chrysalis.support.services import requests as services
from chrysalis.support.services.common import capacities
from chrysalis.support.services.requests import may_record_request

# Events done with one click (no reason or extra input).
ONE_CLICK = frozenset({Event.SIGN, Event.RESUME, Event.APPROVE_EXTENSION})
BUTTON_STYLE = {
    Event.SIGN: "btn-primary",
    Event.ANSWER: "btn-success",
    Event.CONFIRM: "btn-success",
    Event.RETURN: "btn-outline-danger",
    Event.REOPEN: "btn-outline-danger",
    Event.WITHDRAW: "btn-outline-secondary",
    Event.REJECT_EXTENSION: "btn-outline-danger",
}


class RequestListView(ObjectListView):
    model = ServiceRequest
    filterset_class = filtersets.RequestFilterSet
    table_class = tables.RequestTable
    title = gettext_lazy("Requests")
    add_url_name = "support:request_add"
    export_name = "requests"

    def optimise(self, qs):
        return qs.select_related("enterprise", "department")

    def can_create(self):
        return may_record_request(self.request.user)


class RequestDetailView(ObjectDetailView):
    model = ServiceRequest
    template_name = "support/request_detail.html"

    def get_queryset(self):
        return (
            super().get_queryset().select_related("enterprise__org_unit", "department", "raised_by", "visit")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        req = self.object
        caps = capacities(self.request.user, req)
        events = workflows.allowed_events(req.status, caps - {"system"})
        ctx["title"] = f"{req.number} {req.title}"
        ctx["actions"] = [
            {
                "event": e,
                "label": Event(e).label,
                "one_click": e in ONE_CLICK,
                "style": BUTTON_STYLE.get(e, "btn-outline-primary"),
            }
            for e in events
        ]
        ctx["history"] = req.events.select_related("actor")
        ctx["dispatches"] = req.dispatches.select_related("department", "dispatched_by", "signed_by")
        ctx["attachments"] = req.attachments.all()
        ctx["can_attach"] = bool(caps) and req.is_open
        return ctx


class RequestCreateView(PrefillFromQueryMixin, ObjectFormView):
    prefill_fields = ("enterprise",)
    form_class = forms.RequestForm
    template_name = "support/request_form.html"
    title = gettext_lazy("Record a request")
    success_message = gettext_lazy("Request %(object)s was recorded.")

    def can_create(self):
        return may_record_request(self.request.user)

    def cancel_url(self):
        return reverse("support:request_list")

    def save(self, form, instance):
        d = form.cleaned_data
        staff = get_scope(self.request.user).has(Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER)
        files = [d["attachment"]] if d.get("attachment") else []
        return services.request_create(
            actor=self.request.user,
            enterprise=d["enterprise"],
            category=d["category"],
            tags=d.get("tags", ""),
            title=d["title"],
            description=d["description"],
            urgency=d["urgency"],
            channel=d.get("channel") if staff else Channel.PORTAL,
            department=d.get("department") if staff else None,
            attachments=files,
        )


class RequestTransitionView(ObjectFormView):
    """GET: the form of one event (reason, department, days, rating as needed). POST: apply it."""

    form_class = forms.TransitionForm
    template_name = "support/request_transition.html"

    def get_instance(self):
        req = get_object_or_404(
            ServiceRequest.objects.restrict(self.request.user, "view").select_related("enterprise__org_unit"),
            pk=self.kwargs["pk"],
        )
        if self.kwargs["event"] not in Event.values or self.kwargs["event"] == Event.CREATE:
            raise Http404
        return req

    @property
    def title(self):
        return f"{Event(self.kwargs['event']).label} · {self.instance.number}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        event = self.kwargs["event"]
        fields = []
        if event in workflows.NEEDS_DEPARTMENT:
            fields.append("department")
        if event in workflows.NEEDS_DAYS:
            fields.append("days")
        if event in workflows.NEEDS_RATING:
            fields.append("satisfaction")
        kwargs["fields"] = fields
        if event == Event.ANSWER:
            kwargs["reason_label"] = _("answer to the enterprise")
        elif event == Event.CONFIRM:
            kwargs["reason_label"] = _(
                "feedback (required when confirming on the enterprise's behalf after a call-back)"
            )
        kwargs["initial"] = {"version": self.instance.version}
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["request_obj"] = self.instance
        ctx["event_label"] = Event(self.kwargs["event"]).label
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        return services.request_transition(
            actor=self.request.user,
            request=instance,
            event=self.kwargs["event"],
            reason=d.get("reason", ""),
            expected_version=d.get("version"),
            department=d.get("department"),
            days=d.get("days"),
            satisfaction=d.get("satisfaction"),
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(
                self.request, _("%(event)s: done.") % {"event": Event(self.kwargs["event"]).label}
            )
        return response


class AttachmentAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        req = get_object_or_404(ServiceRequest.objects.restrict(request.user, "view"), pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
            return redirect(req)
        try:
            services.attachment_add(actor=request.user, request=req, upload=upload)
        except (ValidationError, PermissionDenied, ConflictError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(req)


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        att = get_object_or_404(RequestAttachment.objects.restrict(request.user, "view"), pk=pk)
        record_change(actor=request.user, action="export", obj=att, object_repr=f"attachment {att.name}")
        try:
            return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
        except FileNotFoundError as exc:
            raise Http404 from exc


class RequestFirmView(ObjectDetailView):
    """The requesting firm as seen through one request (read-only): its profile and contact persons.

    A department handler holds requests but not the registry; this page shows the firm behind a
    request they can see (404 otherwise, like a missing request) and nothing else of the registry.
    Contact numbers stay masked (revealing them is the registry's district-admin action).
    """

    model = ServiceRequest
    template_name = "support/request_firm.html"

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise__org_unit__parent")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        firm = self.object.enterprise
        ctx["firm"] = firm
        ctx["title"] = firm.name
        ctx["contacts"] = list(Contact.objects.filter(enterprise=firm).order_by("-is_primary", "name", "pk"))
        ctx["industry_label"] = industry.label(firm.industry_code)
        visible = may(self.request.user, "view", firm)
        ctx["registry_url"] = reverse("enterprises:enterprise_detail", args=[firm.pk]) if visible else ""
        return ctx
