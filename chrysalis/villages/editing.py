"""Create and edit pages of the villages module: every save calls a service, which checks the scope
again (`core.permissions`) and audits; the view's check only decides whether the page opens.

An object outside the user's reach answers 404 (`get_scoped_object`); a create page the user may not
use at all answers 403 (`can_create`), or 404 when it hangs under an object out of reach.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.core.views import ObjectFormView
from chrysalis.villages import forms
from chrysalis.villages.models import Honour, Operator, Plan, Project, Village, VillagePhoto
from chrysalis.villages.services import plans as plan_services
from chrysalis.villages.services import projects as project_services
from chrysalis.villages.services import villages as village_services
from chrysalis.villages.views import VillageStaffMixin, may_enter_for_villages


class VillageFormBase(VillageStaffMixin, ObjectFormView):
    list_url_name = ""

    def cancel_url(self):
        return reverse(self.list_url_name) if self.list_url_name else "/"


def _version(form):
    return form.cleaned_data.get("version")


# --- village profiles ----------------------------------------------------------------------------


class VillageCreateView(VillageFormBase):
    form_class = forms.VillageCreateForm
    title = gettext_lazy("Add a village profile")
    success_message = gettext_lazy("The profile of %(object)s was created.")
    list_url_name = "villages:village_list"

    def can_create(self):
        return forms.units_without_profile(self.request.user).exists()

    def save(self, form, instance):
        return village_services.village_create(actor=self.request.user, **form.cleaned_data)


class VillageEditView(VillageFormBase):
    form_class = forms.VillageForm
    title = gettext_lazy("Edit the village profile")
    success_message = gettext_lazy("The profile of %(object)s was saved.")
    model = Village

    def save(self, form, instance):
        d = form.cleaned_data
        return village_services.village_update(
            actor=self.request.user,
            village=instance,
            expected_version=_version(form),
            **{k: d[k] for k in ("population", "households", "area_km2", "description")},
        )


class VillageChildView(VillageFormBase):
    """A form that adds a row to one village (income, resource, photo): 404 outside the user's reach."""

    def get_instance(self):
        self.village = self.get_scoped_object(Village, "change", pk=self.kwargs["pk"])
        return None

    def can_create(self):
        return True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def cancel_url(self):
        return self.village.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.title} · {self.village}"
        return ctx


class IncomeSetView(VillageChildView):
    form_class = forms.IncomeForm
    title = gettext_lazy("Collective income of a year")

    def save(self, form, instance):
        village_services.income_set(actor=self.request.user, village=self.village, **form.cleaned_data)
        return self.village


class ResourceCreateView(VillageChildView):
    form_class = forms.ResourceForm
    title = gettext_lazy("Add a resource")

    def save(self, form, instance):
        village_services.resource_create(actor=self.request.user, village=self.village, **form.cleaned_data)
        return self.village


class PhotoCreateView(VillageChildView):
    form_class = forms.PhotoForm
    title = gettext_lazy("Add a photo")
    template_name = "villages/upload_form.html"

    def save(self, form, instance):
        village_services.photo_add(actor=self.request.user, village=self.village, **form.cleaned_data)
        return self.village


class PhotoView(VillageStaffMixin, LoginRequiredMixin, View):
    """Serves a photo to those who may see its village (404 otherwise)."""

    def get(self, request, pk):
        photo = get_object_or_404(VillagePhoto.objects.restrict(request.user, "view"), pk=pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle)


# --- operators and pairings ----------------------------------------------------------------------


class OperatorCreateView(VillageFormBase):
    form_class = forms.OperatorCreateForm
    title = gettext_lazy("Add an operator")
    success_message = gettext_lazy("%(object)s was added.")
    list_url_name = "villages:operator_list"

    def can_create(self):
        return forms.streets_for(self.request.user).exists()

    def save(self, form, instance):
        return village_services.operator_create(actor=self.request.user, **form.cleaned_data)


class OperatorEditView(VillageFormBase):
    form_class = forms.OperatorForm
    title = gettext_lazy("Edit the operator")
    success_message = gettext_lazy("%(object)s was saved.")
    model = Operator

    def save(self, form, instance):
        d = form.cleaned_data
        return village_services.operator_update(
            actor=self.request.user,
            operator=instance,
            expected_version=_version(form),
            **{k: d[k] for k in ("name", "kind", "speciality")},
        )


class PairingCreateView(VillageFormBase):
    form_class = forms.PairingForm
    title = gettext_lazy("Pair with a village")
    success_message = gettext_lazy("%(object)s: pairing recorded.")

    def get_instance(self):
        self.operator = self.get_scoped_object(Operator, "change", pk=self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["operator"] = self.operator
        return kwargs

    def cancel_url(self):
        return self.operator.get_absolute_url()

    def save(self, form, instance):
        village_services.pairing_create(actor=self.request.user, operator=self.operator, **form.cleaned_data)
        return self.operator


# --- plans and targets ---------------------------------------------------------------------------


class PlanCreateView(VillageFormBase):
    form_class = forms.PlanCreateForm
    title = gettext_lazy("Write an operation plan")
    success_message = gettext_lazy("%(object)s was created as a draft.")
    list_url_name = "villages:plan_list"

    def can_create(self):
        return may_enter_for_villages(self.request.user)

    def save(self, form, instance):
        return plan_services.plan_create(actor=self.request.user, **form.cleaned_data)


class PlanEditView(VillageFormBase):
    form_class = forms.PlanForm
    title = gettext_lazy("Edit the draft plan")
    success_message = gettext_lazy("%(object)s was saved.")
    model = Plan

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        return plan_services.plan_update(
            actor=self.request.user, plan=instance, expected_version=version, **d
        )


class TargetCreateView(VillageFormBase):
    form_class = forms.TargetForm
    title = gettext_lazy("Add a target")
    success_message = gettext_lazy("%(object)s: target added.")

    def get_instance(self):
        self.plan = self.get_scoped_object(Plan, "change", pk=self.kwargs["pk"])
        return None

    def cancel_url(self):
        return self.plan.get_absolute_url()

    def save(self, form, instance):
        plan_services.target_add(actor=self.request.user, plan=self.plan, **form.cleaned_data)
        return self.plan


# --- projects, honours, routes -------------------------------------------------------------------


class ProjectCreateView(VillageFormBase):
    form_class = forms.ProjectCreateForm
    title = gettext_lazy("Add a village project")
    success_message = gettext_lazy("%(object)s was added.")
    list_url_name = "villages:project_list"

    def can_create(self):
        return may_enter_for_villages(self.request.user)

    def save(self, form, instance):
        return project_services.project_create(actor=self.request.user, **form.cleaned_data)


class ProjectEditView(VillageFormBase):
    form_class = forms.ProjectForm
    title = gettext_lazy("Edit the village project")
    success_message = gettext_lazy("%(object)s was saved.")
    model = Project

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        return project_services.project_update(
            actor=self.request.user, project=instance, expected_version=version, **d
        )


class HonourCreateView(VillageFormBase):
    form_class = forms.HonourCreateForm
    title = gettext_lazy("Record an honour")
    success_message = gettext_lazy("%(object)s was recorded.")
    list_url_name = "villages:honour_list"

    def can_create(self):
        return may_enter_for_villages(self.request.user)

    def get_success_url_for(self, obj):
        return reverse("villages:honour_list")

    def save(self, form, instance):
        return project_services.honour_create(actor=self.request.user, **form.cleaned_data)


class HonourEditView(VillageFormBase):
    form_class = forms.HonourForm
    title = gettext_lazy("Edit the honour")
    success_message = gettext_lazy("%(object)s was saved.")
    model = Honour

    def get_success_url_for(self, obj):
        return reverse("villages:honour_list")

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        return project_services.honour_update(
            actor=self.request.user, honour=instance, expected_version=version, **d
        )


class RouteCreateView(VillageFormBase):
    form_class = forms.RouteForm
    title = gettext_lazy("Draw a visitor route")
    success_message = gettext_lazy("%(object)s was created.")
    list_url_name = "villages:route_list"
    template_name = "villages/route_form.html"

    def can_create(self):
        return forms.streets_for(self.request.user).exists()

    def save(self, form, instance):
        d = form.cleaned_data
        return project_services.route_create(
            actor=self.request.user,
            street=d["street"],
            name=d["name"],
            summary=d.get("summary", ""),
            is_public=d.get("is_public", False),
            stops=d["stops"],
        )
