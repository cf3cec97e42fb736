"""Enterprise pages: list (filter, columns, export), detail with tabs, forms for every part, unmask."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.accounts.scopes import get_scope
from chrysalis.core.permissions import may
from chrysalis.core.views import ObjectDetailView, ObjectFormView, ObjectListView
from chrysalis.enterprises import filtersets, forms, selectors, tables
from chrysalis.enterprises.choices import FIGURE_FIELDS, FigureSource
from chrysalis.enterprises.listcount import KnownCountPaginator, list_count
from chrysalis.enterprises.models import Contact, Enterprise, YearFigures
from chrysalis.enterprises.panels import actions_for, panels_for
from chrysalis.enterprises.services import enterprises as ent_services
from chrysalis.enterprises.services import figures as fig_services
from chrysalis.enterprises.services import records as rec_services
from chrysalis.enterprises.services.common import can_write


def _version(form):
    return form.cleaned_data.get("version")


class EnterpriseListView(ObjectListView):
    model = Enterprise
    filterset_class = filtersets.EnterpriseFilterSet
    table_class = tables.EnterpriseTable
    title = gettext_lazy("Enterprise registry")
    add_url_name = "enterprises:enterprise_add"
    export_name = "enterprises"
    template_name = "enterprises/enterprise_list.html"
    # The table paginates (50 a page); the ListView must not paginate as well, or every page counts twice.
    paginate_by = None
    table_pagination = {"per_page": 50}

    def get(self, request, *args, **kwargs):
        # The header's search (only ?q=): one firm found opens its page directly.
        if set(request.GET) == {"q"} and request.GET["q"].strip():
            found = filtersets.EnterpriseFilterSet(
                request.GET, queryset=Enterprise.objects.restrict(request.user, "view"), request=request
            ).qs.values_list("pk", flat=True)[:2]
            if len(found) == 1:
                return redirect("enterprises:enterprise_detail", pk=found[0])
        return super().get(request, *args, **kwargs)

    def optimise(self, qs):
        return qs.select_related("org_unit").only(*tables.EnterpriseTable.loaded_fields())

    def get_table_pagination(self, table):
        # the exact total from the count summary when it can answer (listcount), else COUNT(*)
        return {
            **self.table_pagination,
            "paginator_class": KnownCountPaginator,
            "known_count": lambda: list_count(self.request.user, self.filterset),
        }

    def can_create(self):
        return ent_services.admin_grids(self.request.user).exists()


class EnterpriseDetailView(ObjectDetailView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("org_unit", "org_unit__parent")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.detail_context(self.object, self.request.user))
        ctx["figure_fields"] = FIGURE_FIELDS
        ctx["title"] = self.object.name
        ctx["tab"] = self.request.GET.get("tab", "profile")
        ctx["panels"] = panels_for(self.object, self.request.user)
        ctx["panel_actions"] = actions_for(ctx["panels"])
        ctx["staff_view"] = ent_services.is_staff_actor(self.request.user)  # internal notes are staff-only
        today = timezone.localdate()
        ctx["current_titles"] = [
            {"title": t, "review_soon": bool(t.valid_until and (t.valid_until - today).days <= 180)}
            for t in ctx.get("titles", ())
            if t.is_current
        ]
        return ctx


class EnterpriseCreateView(ObjectFormView):
    form_class = forms.EnterpriseForm
    template_name = "enterprises/record_form.html"
    title = gettext_lazy("New enterprise")
    success_message = gettext_lazy("%(object)s was created.")

    create_refusal = Http404

    def can_create(self):
        return ent_services.admin_grids(self.request.user).exists()

    def cancel_url(self):
        return reverse("enterprises:enterprise_list")

    def save(self, form, instance):
        d = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        d["industry_code"] = d.get("industry_code") or ""
        return ent_services.enterprise_create(actor=self.request.user, **d)


class EnterpriseEditView(ObjectFormView):
    form_class = forms.EnterpriseForm
    template_name = "enterprises/record_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["enterprise"] = self.instance
        return ctx

    title = gettext_lazy("Edit enterprise")
    success_message = gettext_lazy("%(object)s was saved.")

    def get_instance(self):
        return self.get_scoped_object(Enterprise, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["staff"] = ent_services.is_staff_actor(self.request.user)
        kwargs["can_move"] = (
            ent_services.admin_grids(self.request.user).filter(pk=self.instance.org_unit_id).exists()
        )
        return kwargs

    def save(self, form, instance):
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version" and k in form.fields}
        return ent_services.enterprise_update(
            actor=self.request.user, enterprise=instance, expected_version=_version(form), **changes
        )


# --- yearly figures ---------------------------------------------------------------------------


class FiguresFormView(ObjectFormView):
    form_class = forms.YearFiguresForm
    template_name = "enterprises/record_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enterprise = get_object_or_404(
            Enterprise.objects.restrict(request.user, "view"), pk=kwargs["pk"]
        )
        if not can_write(request.user, self.enterprise, "records"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_instance(self):
        if "year_pk" in self.kwargs:
            return get_object_or_404(
                YearFigures.objects.restrict(self.request.user, "change"),
                pk=self.kwargs["year_pk"],
                enterprise=self.enterprise,
            )
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["self_reported_only"] = not ent_services.is_staff_actor(self.request.user)
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        row = self.instance
        if isinstance(row, YearFigures) and not ent_services.is_staff_actor(self.request.user):
            # an authority's value is read-only to the firm (the service refuses a change anyway)
            labels = dict(FigureSource.choices)
            for f in FIGURE_FIELDS:
                source, _as_of = row.provenance(f.name)
                if (
                    f.name in form.fields
                    and source != FigureSource.SELF_REPORTED
                    and getattr(row, f.name) is not None
                ):
                    form.fields[f.name].disabled = True
                    form.fields[f.name].help_text = _("From %(source)s; read-only.") % {
                        "source": labels.get(source, source)
                    }
        return form

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Yearly figures of %(name)s") % {"name": self.enterprise.name}
        ctx["enterprise"] = self.enterprise
        ctx["cancel_url"] = (
            reverse("enterprises:enterprise_detail", args=[self.enterprise.pk]) + "?tab=figures"
        )
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        year = instance.year if instance else d["year"]
        if instance is None and YearFigures.objects.filter(enterprise=self.enterprise, year=year).exists():
            raise ValidationError(
                {"year": _("Figures for %(year)s exist already; edit them instead.") % {"year": year}}
            )
        values = {f.name: d.get(f.name) for f in FIGURE_FIELDS}
        fig_services.figures_save(
            actor=self.request.user,
            enterprise=self.enterprise,
            year=year,
            values=values,
            source=d["source"],
            as_of=d.get("as_of"),
            expected_version=_version(form),
        )
        return self.enterprise

    def get_success_url_for(self, obj):
        return reverse("enterprises:enterprise_detail", args=[obj.pk]) + "?tab=figures"


# --- records (IP, titles, awards, contests, rounds, incidents, contacts) -------------------------


class RecordFormView(FiguresFormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.model = forms.RECORD_KINDS.get(kwargs["kind"])
        if self.model is None:
            raise Http404
        self.part = "contacts" if self.model is Contact else "records"
        self.enterprise = get_object_or_404(
            Enterprise.objects.restrict(request.user, "view"), pk=kwargs["pk"]
        )
        if not can_write(request.user, self.enterprise, self.part):
            raise Http404
        self.instance = self.get_instance()
        # an enterprise user: titles and incidents, and records it did not report, are read-only
        if self.model in rec_services.RECORD_MODELS:  # 403 with the reason, nothing shown to fill in
            rec_services.require_editable(request.user, self.model, "change", self.instance)
        return super(FiguresFormView, self).dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return forms.record_form_class(self.model)

    def get_instance(self):
        if "record_pk" in self.kwargs:
            return get_object_or_404(
                self.model.objects.restrict(self.request.user, "change"),
                pk=self.kwargs["record_pk"],
                enterprise=self.enterprise,
            )
        return None

    def get_form_kwargs(self):
        return super(FiguresFormView, self).get_form_kwargs()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not ent_services.is_staff_actor(self.request.user):
            form.fields.pop("origin", None)  # always self-reported (services.records)
        return form

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.model._meta.verbose_name} · {self.enterprise.name}"
        ctx["cancel_url"] = (
            reverse("enterprises:enterprise_detail", args=[self.enterprise.pk])
            + f"?tab={self.kwargs['kind']}"
        )
        deletable = self.instance is not None and (
            self.model is Contact
            or may(
                self.request.user,
                "delete",
                self.instance,
                within=rec_services.editable_records(self.request.user, self.model, "delete"),
            )
        )
        ctx["delete_url"] = (
            reverse(
                "enterprises:record_delete", args=[self.enterprise.pk, self.kwargs["kind"], self.instance.pk]
            )
            if deletable
            else None
        )
        ctx["delete_needs_reason"] = self.model is not Contact
        return ctx

    def save(self, form, instance):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version" and k in form.fields}
        for name in (
            "number",
            "title",
            "batch",
            "certificate_no",
            "issuer",
            "name",
            "round_name",
            "investor",
            "description",
            "position",
            "email",
            "level",
            "placement",
            "severity",
            "phone",
            "id_number",
        ):
            if name in data and data[name] is None:
                data[name] = ""
        if instance is None:
            rec_services.record_create(
                actor=self.request.user, model=self.model, enterprise=self.enterprise, **data
            )
        else:
            if self.model is Contact:  # blank sensitive fields mean "keep"
                for name in ("phone", "id_number"):
                    if not data.get(name):
                        data.pop(name, None)
            rec_services.record_update(
                actor=self.request.user, instance=instance, expected_version=_version(form), **data
            )
        return self.enterprise

    def get_success_url_for(self, obj):
        return reverse("enterprises:enterprise_detail", args=[obj.pk]) + f"?tab={self.kwargs['kind']}"


class RecordDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk, kind, record_pk):
        model = forms.RECORD_KINDS.get(kind) if kind != "figures" else YearFigures
        if model is None:
            raise Http404
        instance = get_object_or_404(
            model.objects.restrict(request.user, "delete"), pk=record_pk, enterprise_id=pk
        )
        reason = request.POST.get("reason", "")
        if model in rec_services.ASSESSED_MODELS:
            # refused for an enterprise user with a 403 and the reason, nothing changes
            rec_services.require_editable(request.user, model, "delete", instance)
        try:
            if model is YearFigures:
                fig_services.figures_delete(actor=request.user, figures=instance, reason=reason)
            else:
                rec_services.record_delete(actor=request.user, instance=instance, reason=reason)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse("enterprises:enterprise_detail", args=[pk]) + f"?tab={kind}")
        messages.success(request, _("Deleted."))
        return redirect(reverse("enterprises:enterprise_detail", args=[pk]) + f"?tab={kind}")


class ContactUnmaskView(LoginRequiredMixin, View):
    """POST (htmx): reveal one contact's phone or ID number; audited. Out of clearance → 404."""

    def post(self, request, pk, field):
        if field not in {"phone", "id_number"}:
            raise Http404
        contact = get_object_or_404(Contact.objects.restrict(request.user, "unmask"), pk=pk)
        value = rec_services.contact_unmask(actor=request.user, contact=contact, field=field)
        return render(request, "enterprises/_unmasked.html", {"value": value})


def scope_of(request):
    return get_scope(request.user)
