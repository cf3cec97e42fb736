"""Staff pages: list (filter, Excel export), paste-and-parse, detail, edit, transitions, registry
review, dashboard. Every read starts from `restrict`; another scope's notice answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from chrysalis.accounts.choices import Role
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    error_text,
)
from chrysalis.notices import filtersets, selectors, tables, workflows
from chrysalis.notices.choices import Event, Kind, SourceKind, Status
from chrysalis.notices.forms import (
    FIELD_LABELS,
    NoticeEditForm,
    NoticeForm,
    PasteForm,
    TransitionForm,
    publishing_units,
)
from chrysalis.notices.highlight import highlight
from chrysalis.notices.models import Notice, notice_q
from chrysalis.notices.parser import KIND_LABELS_ZH, parse
from chrysalis.notices.services import notices as services

# Which form fields each kind shows (the others travel hidden).
KIND_FIELDS = {
    Kind.LOST: (
        "subject_name",
        "subject_uscc",
        "item",
        "number_label",
        "document_number",
        "authority",
        "declaration",
    ),
    Kind.DEREGISTRATION: ("subject_name", "subject_uscc", "reason", "creditor_days", "phone"),
    Kind.SIMPLE_DEREGISTRATION: (
        "subject_name",
        "subject_uscc",
        "authority",
        "period_start",
        "period_end",
        "creditor_days",
    ),
    Kind.CAPITAL_REDUCTION: (
        "subject_name",
        "subject_uscc",
        "capital_before",
        "capital_after",
        "creditor_days",
        "phone",
    ),
    Kind.MERGER: ("subject_name", "parties", "survivor", "creditor_days", "phone"),
    Kind.SPLIT: ("subject_name", "subject_uscc", "parties", "creditor_days", "phone"),
    Kind.OTHER: ("subject_name",),
}
KIND_FIELDS[Kind.VOID] = KIND_FIELDS[Kind.LOST]
BUTTON_STYLE = {
    Event.REVIEW: "btn-primary",
    Event.PUBLISH: "btn-success",
    Event.RETURN: "btn-outline-danger",
    Event.WITHDRAW: "btn-outline-secondary",
    Event.EXPIRE: "btn-outline-secondary",
}
NEEDS_FORM = frozenset({Event.RETURN, Event.WITHDRAW, Event.PUBLISH})


class NoticeStaffMixin(LoginRequiredMixin):
    """Pages for staff who reach notices at all (others get 403, not an empty page)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and notice_q(get_scope(request.user), "view") is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NoticeListView(NoticeStaffMixin, ObjectListView):
    model = Notice
    filterset_class = filtersets.NoticeFilterSet
    table_class = tables.NoticeTable
    title = gettext_lazy("Public notices")
    add_url_name = "notices:notice_paste"
    export_name = "notices"
    select_related = ("enterprise", "org_unit")
    create_model = Notice


def _form_rows(form, kind: str, notes: dict[str, tuple[bool, str]]):
    shown = ("kind", *KIND_FIELDS.get(kind, KIND_FIELDS[Kind.OTHER]), "text")
    rows, hidden = [], []
    for name in form.fields:
        if name in ("include", "version"):
            continue
        bound = form[name]
        if name in shown:
            uncertain, note = notes.get(name, (False, ""))
            rows.append({"field": bound, "uncertain": uncertain, "note": note})
        else:
            hidden.append(bound.as_hidden())
    return rows, hidden


def _entries(result, forms):
    entries = []
    for i, (n, form) in enumerate(zip(result.notices, forms, strict=True)):
        notes = {}
        for name, f in n.fields.items():
            target = services.PARSER_FIELDS.get(name)
            if target and (f.uncertain or f.note):
                notes[target] = (f.uncertain, f.note)
        kind = form["kind"].value() or str(n.kind)
        rows, hidden = _form_rows(form, kind, notes)
        entries.append(
            {
                "index": i,
                "prefix": form.prefix,
                "kind_label": KIND_LABELS_ZH[n.kind],
                "line": result.source.count("\n", 0, n.start) + 1,
                "html": highlight(n.text, {k: f.as_dict() for k, f in n.fields.items()}, n.start),
                "messages": n.messages,
                "uncertain": [f for f in n.fields.values() if f.uncertain],
                "form": form,
                "rows": rows,
                "hidden": hidden,
            }
        )
    return entries


class NoticePasteView(NoticeStaffMixin, View):
    """Paste → parse (fields highlighted, doubtful ones flagged) → correct → save as drafts."""

    template_name = "notices/notice_paste.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not publishing_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, paste, result=None, forms=None):
        ctx = {
            "title": _("Paste and parse notices"),
            "paste": paste,
            "result": result,
            "entries": _entries(result, forms) if result is not None else [],
            "page_messages": result.messages if result is not None else [],
            "phones": result.phones if result is not None else [],
            "count": len(forms or []),
        }
        return render(self.request, self.template_name, ctx)

    def get(self, request):
        return self.render_page(PasteForm(user=request.user, initial={"source_kind": SourceKind.NEWSPAPER}))

    def post(self, request):
        paste = PasteForm(request.POST, user=request.user)
        if not paste.is_valid():
            return self.render_page(paste)
        result = parse(paste.cleaned_data["text"])
        if request.POST.get("action") != "save" or str(len(result.notices)) != request.POST.get("count"):
            forms = [
                NoticeForm(prefix=f"n{i}", initial={"include": True, **services.values_from_parsed(n)})
                for i, n in enumerate(result.notices)
            ]
            return self.render_page(paste, result, forms)
        forms = [NoticeForm(request.POST, prefix=f"n{i}") for i in range(len(result.notices))]
        if not all(f.is_valid() for f in forms):
            return self.render_page(paste, result, forms)
        chosen = [(i, f) for i, f in enumerate(forms) if f.cleaned_data.get("include")]
        if not chosen:
            messages.error(request, _("Tick at least one notice to save."))
            return self.render_page(paste, result, forms)
        d = paste.cleaned_data
        try:
            saved = services.notices_create(
                actor=request.user,
                org_unit=d["org_unit"],
                items=[{"values": f.values(), "parsed": result.notices[i].as_dict()} for i, f in chosen],
                source_kind=d["source_kind"],
                source_name=d.get("source_name", ""),
                source_page=d.get("source_page", ""),
                published_on=d.get("published_on"),
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                index, _sep, field = key.partition("-")
                form = chosen[int(index)][1] if index.isdigit() and int(index) < len(chosen) else None
                if form is not None:
                    form.add_error(field if field in form.fields else None, errors)
                else:
                    paste.add_error(None, errors)
            messages.error(request, _("Nothing was saved: correct the values marked below."))
            return self.render_page(paste, result, forms)
        except PermissionDenied as exc:
            paste.add_error("org_unit", str(exc))
            return self.render_page(paste, result, forms)
        messages.success(
            request,
            _("%(n)d notices were saved as drafts; they are published after review.") % {"n": len(saved)},
        )
        return redirect(reverse("notices:notice_list") + "?status=draft")


class NoticeDetailView(NoticeStaffMixin, ObjectDetailView):
    model = Notice
    template_name = "notices/notice_detail.html"
    select_related = ("org_unit", "enterprise", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        n = self.object
        caps = services.capacities(self.request.user, n)
        events = workflows.allowed_events(n.status, caps - {"system"})
        if Event.REVIEW in events and "author" in caps:
            events.remove(Event.REVIEW)
        today = workflows.local_today()
        if Event.EXPIRE in events and not (n.creditor_period_end and n.creditor_period_end < today):
            events.remove(
                Event.EXPIRE
            )  # a declaration never expires; a creditors' notice once its period ends
        ctx["title"] = str(n)
        ctx["actions"] = [
            {
                "event": e,
                "label": Event(e).label,
                "one_click": e not in NEEDS_FORM,
                "style": BUTTON_STYLE.get(e, ""),
            }
            for e in events
        ]
        ctx["can_edit"] = n.status == Status.DRAFT and workflows.STAFF in caps
        parsed = n.parsed or {}
        if parsed.get("text") == n.text and parsed.get("fields"):
            ctx["html"] = highlight(n.text, parsed["fields"], parsed.get("start", 0))
            ctx["uncertain"] = [f for f in parsed["fields"].values() if f.get("uncertain")]
        ctx["values"] = [
            (FIELD_LABELS[name], getattr(n, name))
            for name in KIND_FIELDS.get(n.kind, ())
            if getattr(n, name) not in (None, "")
        ]
        ctx["history"] = n.events.select_related("actor")
        ctx["can_close_review"] = n.registry_review and any(
            n.org_unit.path.startswith(p) for p in get_scope(self.request.user).paths(Role.DISTRICT_ADMIN)
        )
        return ctx


class NoticeEditView(ObjectFormView):
    form_class = NoticeEditForm
    template_name = "notices/notice_form.html"
    title = gettext_lazy("Correct a draft notice")
    success_message = gettext_lazy("Notice %(object)s was saved.")
    model = Notice

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs.pop("user", None)
        n = self.instance
        kwargs["initial"] = {name: getattr(n, name) for name in ("kind", *services.EDITABLE)} | {
            "version": n.version
        }
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        ctx["rows"], ctx["hidden"] = _form_rows(form, form["kind"].value() or self.instance.kind, {})
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        return services.notice_update(
            actor=self.request.user, notice=instance, values=form.values(), expected_version=d.get("version")
        )


class NoticeTransitionView(ObjectFormView):
    form_class = TransitionForm
    template_name = "notices/notice_transition.html"

    def get_instance(self):
        notice = get_object_or_404(Notice.objects.restrict(self.request.user, "view"), pk=self.kwargs["pk"])
        if self.kwargs["event"] not in Event.values or self.kwargs["event"] == Event.CREATE:
            raise Http404
        return notice

    @property
    def title(self):
        return f"{Event(self.kwargs['event']).label} · {self.instance}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs.pop("user", None)
        publish = self.kwargs["event"] == Event.PUBLISH
        kwargs["with_date"] = publish
        kwargs["initial"] = {"version": self.instance.version, "published_on": self.instance.published_on}
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["notice"] = self.instance
        ctx["event_label"] = Event(self.kwargs["event"]).label
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        return services.notice_transition(
            actor=self.request.user,
            notice=instance,
            event=self.kwargs["event"],
            reason=d.get("reason", ""),
            expected_version=d.get("version"),
            published_on=d.get("published_on"),
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(
                self.request, _("%(event)s: done.") % {"event": Event(self.kwargs["event"]).label}
            )
        return response


class RegistryReviewDoneView(ObjectActionView):
    model = Notice
    errors = (PermissionDenied, ValidationError)

    def perform(self, notice):
        services.registry_review_done(actor=self.request.user, notice=notice)

    def get_success_message(self, notice, result):
        return _("The registry review of %(firm)s is closed.") % {"firm": notice.subject_name}

    def error_text(self, exc):
        return error_text(exc) or _("This is outside your scope.")

    def get_success_url_for(self, notice):
        nxt = self.request.POST.get("next", "")
        return nxt if nxt.startswith("/") and not nxt.startswith("//") else notice.get_absolute_url()


class NoticeDashboardView(NoticeStaffMixin, TemplateView):
    template_name = "notices/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.dashboard(self.request.user, workflows.local_today()))
        ctx["title"] = _("Notices: month by month")
        return ctx
