"""Cadre records (personnel): the organisation department reads and writes them, a cadre reads
their own; personnel exports ask for a reason and are audited with it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from chrysalis.accounts.choices import Role
from chrysalis.core.exports import attachment, rows_to_xlsx
from chrysalis.core.views import ObjectFormView, ObjectListView
from chrysalis.investment import filtersets, forms, tables
from chrysalis.investment.models import (
    Cadre,
    Cohort,
    Course,
    EvaluationRow,
    FrontlineAssignment,
    Posting,
    Promotion,
)
from chrysalis.investment.selectors import cohort_figures, units_of
from chrysalis.investment.services import cadres as services


class CadreListView(ObjectListView):
    model = Cadre
    filterset_class = filtersets.CadreFilterSet
    table_class = tables.CadreTable
    title = gettext_lazy("Cadres")
    template_name = "investment/cadre_list.html"

    def optimise(self, qs):
        return qs.select_related("user", "org_unit").order_by(*Cadre._meta.ordering)

    def export(self, fmt: str = "xlsx"):
        # personnel data: exported by POST with a reason (see CadreExportView), never by a plain link
        raise Http404

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_export"] = False
        ctx["can_add_cadre"] = org_units(self.request.user).exists()
        ctx["can_export_personnel"] = Cadre.objects.restrict(self.request.user, "export").exists()
        ctx["export_form"] = forms.ExportReasonForm(user=self.request.user)
        return ctx


class CadreExportView(LoginRequiredMixin, View):
    def post(self, request):
        qs = Cadre.objects.restrict(request.user, "export").select_related("user", "org_unit")
        if not qs.exists():
            raise PermissionDenied
        filterset = filtersets.CadreFilterSet(request.GET, queryset=qs, request=request)
        rows = list(filterset.qs.prefetch_related("postings", "promotions", "frontline", "cohorts"))
        try:
            services.personnel_export_audit(
                actor=request.user,
                what=str(_("cadre records")),
                count=len(rows),
                reason=request.POST.get("reason", ""),
                query=request.GET.urlencode(),
            )
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return redirect("investment:cadre_list")
        header = [
            _("cadre"),
            _("current post"),
            _("employing body"),
            _("cohorts"),
            _("postings"),
            _("front-line assignments"),
            _("promotions"),
        ]
        body = [
            [
                str(c.user),
                c.post,
                c.employer,
                "、".join(x.name for x in c.cohorts.all()),
                len(c.postings.all()),
                len(c.frontline.all()),
                "、".join(f"{p.date:%Y-%m-%d} {p.new_post}" for p in c.promotions.all()),
            ]
            for c in rows
        ]
        response = attachment(
            rows_to_xlsx(str(_("cadre records")), [str(h) for h in header], body),
            fmt="xlsx",
            filename="cadre-records",
        )
        return response


class CadreDetailView(LoginRequiredMixin, DetailView):
    template_name = "investment/cadre_detail.html"

    def get_queryset(self):
        return Cadre.objects.restrict(self.request.user, "view").select_related("user", "org_unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        user = self.request.user
        ctx["title"] = str(c)
        ctx["can_change"] = Cadre.objects.restrict(user, "change").filter(pk=c.pk).exists()
        ctx["memberships"] = c.cohort_memberships.select_related("cohort")
        ctx["courses"] = c.courses.select_related("course").order_by("-course__date")
        ctx["postings"] = c.postings.select_related("cohort")
        ctx["frontline"] = c.frontline.select_related("cohort", "project")
        ctx["promotions"] = c.promotions.all()
        ctx["scores"] = (
            EvaluationRow.objects.restrict(user, "view")
            .filter(subject="cadre", cadre_id=c.user_id)
            .select_related("quarter")
            .order_by("-quarter__year", "-quarter__number")
        )
        ctx["hours"] = sum(a.course.hours for a in ctx["courses"])
        return ctx


RECORD_FORMS = {
    "posting": (forms.PostingForm, services.posting_add, gettext_lazy("Add a posting")),
    "frontline": (forms.FrontlineForm, services.frontline_add, gettext_lazy("Add a front-line assignment")),
    "promotion": (forms.PromotionForm, services.promotion_add, gettext_lazy("Record a promotion")),
}


class CadreRecordAddView(ObjectFormView):
    success_message = gettext_lazy("The record of %(object)s was saved.")

    def get_instance(self):
        if self.kwargs["kind"] not in RECORD_FORMS:
            raise Http404
        return self.get_scoped_object(Cadre, "change", pk=self.kwargs["pk"])

    def get_form_class(self):
        return RECORD_FORMS[self.kwargs["kind"]][0]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["cadre"] = self.instance
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{RECORD_FORMS[self.kwargs['kind']][2]} · {self.instance}"
        return ctx

    def save(self, form, instance):
        service = RECORD_FORMS[self.kwargs["kind"]][1]
        service(actor=self.request.user, cadre=instance, **form.cleaned_data)
        return instance


# kind -> (model, form, service, keyword of the record in the service, title)
RECORD_EDITS = {
    "posting": (
        Posting,
        forms.PostingForm,
        services.posting_update,
        "posting",
        gettext_lazy("Correct a posting"),
    ),
    "frontline": (
        FrontlineAssignment,
        forms.FrontlineForm,
        services.frontline_update,
        "frontline",
        gettext_lazy("Correct a front-line assignment"),
    ),
    "promotion": (
        Promotion,
        forms.PromotionForm,
        services.promotion_update,
        "promotion",
        gettext_lazy("Correct a promotion"),
    ),
}


class CadreRecordEditView(ObjectFormView):
    """Correct one row of a cadre's record: the organisation department of the cadre; 404 otherwise."""

    success_message = gettext_lazy("The record of %(object)s was corrected.")

    def get_instance(self):
        if self.kwargs["kind"] not in RECORD_EDITS:
            raise Http404
        model = RECORD_EDITS[self.kwargs["kind"]][0]
        return self.get_scoped_object(model, "change", pk=self.kwargs["record"], cadre_id=self.kwargs["pk"])

    def get_form_class(self):
        return RECORD_EDITS[self.kwargs["kind"]][1]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        record = kwargs.pop("instance")
        kwargs["cadre"] = record.cadre
        if self.request.method != "POST":
            fields = self.get_form_class().base_fields
            kwargs["initial"] = {name: getattr(record, name) for name in fields}
        return kwargs

    def cancel_url(self):
        return reverse("investment:cadre_detail", args=[self.kwargs["pk"]])

    def get_success_url_for(self, obj):
        return self.cancel_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{RECORD_EDITS[self.kwargs['kind']][4]} · {self.instance.cadre}"
        return ctx

    def save(self, form, instance):
        _model, _form, service, keyword, _title = RECORD_EDITS[self.kwargs["kind"]]
        service(actor=self.request.user, **{keyword: instance}, **form.cleaned_data)
        return instance.cadre


class CohortListView(LoginRequiredMixin, ListView):
    template_name = "investment/cohort_list.html"

    def get_queryset(self):
        return Cohort.objects.restrict(self.request.user, "view").select_related("org_unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = gettext_lazy("Cohorts")
        # figures are computed from personnel records: the organisation department's view
        full = Cohort.objects.restrict(self.request.user, "export")
        ctx["figures"] = cohort_figures(list(full))
        ctx["own"] = [c for c in ctx["object_list"] if c not in full]
        ctx["can_add"] = org_units(self.request.user).exists()
        return ctx


class CohortDetailView(LoginRequiredMixin, DetailView):
    template_name = "investment/cohort_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Cohort.objects.restrict(self.request.user, "export"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        ctx["title"] = c.name
        [ctx["fig"]] = cohort_figures([c])
        ctx["members"] = c.memberships.select_related("cadre__user").order_by("cadre__user__display_name")
        ctx["courses"] = c.courses.all()
        ctx["can_change"] = Cohort.objects.restrict(self.request.user, "change").filter(pk=c.pk).exists()
        return ctx


def org_units(user):
    """Units where the user keeps personnel records (organisation department)."""
    return units_of(user, Role.ORG_DEPARTMENT)


class CadreCreateView(ObjectFormView):
    form_class = forms.CadreCreateForm
    title = gettext_lazy("Open a cadre record")
    success_message = gettext_lazy("The record of %(object)s was opened.")

    def can_create(self):
        return org_units(self.request.user).exists()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = org_units(self.request.user)
        return kwargs

    def cancel_url(self):
        return reverse("investment:cadre_list")

    def save(self, form, instance):
        return services.cadre_create(actor=self.request.user, **form.cleaned_data)


class CohortCreateView(ObjectFormView):
    form_class = forms.CohortCreateForm
    title = gettext_lazy("Open a cohort")
    success_message = gettext_lazy("%(object)s was opened.")

    def can_create(self):
        return org_units(self.request.user).exists()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = org_units(self.request.user)
        return kwargs

    def cancel_url(self):
        return reverse("investment:cohort_list")

    def get_success_url_for(self, obj):
        return reverse("investment:cohort_detail", args=[obj.pk])

    def save(self, form, instance):
        return services.cohort_create(actor=self.request.user, **form.cleaned_data)


class CohortChildView(ObjectFormView):
    """Adds to one cohort (a member, a course): the organisation department of its unit; 404 otherwise."""

    def get_instance(self):
        self.cohort = get_object_or_404(
            Cohort.objects.restrict(self.request.user, "change"), pk=self.kwargs["pk"]
        )
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cohort"] = self.cohort
        return kwargs

    def cancel_url(self):
        return reverse("investment:cohort_detail", args=[self.cohort.pk])

    def get_success_url_for(self, obj):
        return self.cancel_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.title} · {self.cohort.name}"
        return ctx


class CohortMemberAddView(CohortChildView):
    form_class = forms.CohortMemberForm
    title = gettext_lazy("Add a cohort member")
    success_message = gettext_lazy("%(object)s joined the cohort.")

    def save(self, form, instance):
        d = form.cleaned_data
        services.cohort_member_add(
            actor=self.request.user, cohort=self.cohort, cadre=d["cadre"], joined_on=d.get("joined_on")
        )
        return d["cadre"]


class CourseCreateView(CohortChildView):
    form_class = forms.CourseForm
    title = gettext_lazy("Record a course")
    success_message = gettext_lazy("Course %(object)s was recorded.")

    def save(self, form, instance):
        d = form.cleaned_data
        return services.course_create(
            actor=self.request.user,
            org_unit=self.cohort.org_unit,
            cohort=self.cohort,
            title=d["title"],
            date=d["date"],
            hours=d["hours"],
            lecturer=d.get("lecturer", ""),
            attendees=list(d.get("attendees") or []),
        )


class CourseEditView(ObjectFormView):
    """Correct a course: the organisation department of its unit; 404 otherwise."""

    form_class = forms.CourseForm
    title = gettext_lazy("Correct a course")
    success_message = gettext_lazy("Course %(object)s was corrected.")
    model = Course

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        course = kwargs.pop("instance")
        kwargs["cohort"] = course.cohort
        if self.request.method != "POST":
            kwargs["initial"] = {
                "title": course.title,
                "date": course.date,
                "hours": course.hours,
                "lecturer": course.lecturer,
                "attendees": list(course.attendances.values_list("cadre_id", flat=True)),
            }
        return kwargs

    def cancel_url(self):
        return self.instance.get_absolute_url()

    def get_success_url_for(self, obj):
        return self.cancel_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.title} · {self.instance}"
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        return services.course_update(
            actor=self.request.user,
            course=instance,
            title=d["title"],
            date=d["date"],
            hours=d["hours"],
            lecturer=d.get("lecturer", ""),
            attendees=list(d.get("attendees") or []) if instance.cohort_id else None,
        )
