"""Coverage pages: coverage by zone and grid with grid fallback, re-assignment list, workload,
assignments and the hand-over log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.forms import query_id
from chrysalis.core.permissions import may_create
from chrysalis.core.views import ObjectFormView, ObjectListView, PrefillFromQueryMixin
from chrysalis.support import filtersets, forms, selectors, tables
from chrysalis.support.models import Assignment, HandOver
from chrysalis.support.services import coverage as services

STAFF = (Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER)


def can_see_coverage(user) -> bool:
    return get_scope(user).has(*STAFF)


class CoverageView(PageRuleMixin, LoginRequiredMixin, View):
    page_rule = staticmethod(can_see_coverage)

    def get(self, request):
        scope = get_scope(request.user)
        grid_rows = selectors.coverage_by_grid(request.user)
        area = None
        area_id = query_id(request.GET.get("area"))
        if area_id is not None:  # the dashboard's drill-down to one zone or grid
            area = OrgUnit.objects.restrict(request.user, "view").filter(pk=area_id).first()
            if area is None:
                raise PermissionDenied
            grid_rows = [g for g in grid_rows if g["grid"].path.startswith(area.path)]
        zones = selectors.coverage_by_zone(grid_rows)
        required = sum(z["required"] for z in zones)
        covered = sum(z["covered"] for z in zones)
        is_admin = scope.has(Role.DISTRICT_ADMIN)
        context = {
            "title": _("Coverage"),
            "zones": zones,
            "required": required,
            "covered": covered,
            "rate": round(100 * covered / required, 1) if required else 100.0,
            "policy": selectors.policy_labels(),
            "uncovered": selectors.reassignment_list(request.user, area=area),
            "area": area,
            "workload": selectors.officer_workload(request.user),
            "is_admin": is_admin,
        }
        return render(request, "support/coverage.html", context)


class AssignmentListView(ObjectListView):
    model = Assignment
    filterset_class = filtersets.AssignmentFilterSet
    table_class = tables.AssignmentTable
    title = gettext_lazy("Service assignments")
    add_url_name = "support:assignment_add"
    export_name = "assignments"

    def optimise(self, qs):
        return qs.select_related("enterprise", "officer", "team")

    def can_create(self):
        return may_create(self.request.user, Assignment)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage_ids"] = set(
            Assignment.objects.restrict(self.request.user, "manage")
            .filter(ended_at__isnull=True)
            .values_list("pk", flat=True)[:1000]
        )
        return ctx


class AssignmentCreateView(PrefillFromQueryMixin, ObjectFormView):
    prefill_fields = ("enterprise",)
    form_class = forms.AssignmentForm
    title = gettext_lazy("Assign a service officer")
    success_message = gettext_lazy("%(object)s was assigned.")

    def can_create(self):
        return may_create(self.request.user, Assignment)

    def cancel_url(self):
        return reverse("support:coverage")

    def get_success_url_for(self, obj):
        return reverse("support:coverage")

    def save(self, form, instance):
        d = form.cleaned_data
        return services.assignment_create(
            actor=self.request.user,
            enterprise=d["enterprise"],
            officer=d["officer"],
            role=d["role"],
            team=d.get("team"),
            reason=d.get("reason", ""),
        )


class AssignmentEndView(LoginRequiredMixin, View):
    def post(self, request, pk):
        assignment = get_object_or_404(
            Assignment.objects.restrict(request.user, "manage").select_related("enterprise", "officer"),
            pk=pk,
            ended_at__isnull=True,
        )
        form = forms.EndAssignmentForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Say why the assignment ends; it is kept in the hand-over log."))
        else:
            try:
                services.assignment_end(
                    actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("The assignment ended; the firm is covered by its grid until someone is named."),
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(reverse("support:assignment_list") + f"?enterprise={assignment.enterprise_id}")


class HandOverListView(ObjectListView):
    model = HandOver
    filterset_class = filtersets.HandOverFilterSet
    table_class = tables.HandOverTable
    title = gettext_lazy("Hand-over log")
    export_name = "hand-overs"

    def optimise(self, qs):
        return qs.select_related("enterprise", "from_officer", "to_officer", "actor")
