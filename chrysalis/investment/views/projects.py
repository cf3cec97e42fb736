"""Project pages: list (filter + export), lead registration with duplicates shown before saving,
detail with the stage history, edit, stage moves with their gate evidence, duplicate leads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from chrysalis.core.views import ObjectDetailView, ObjectFormView, ObjectListView
from chrysalis.investment import filtersets, forms, tables, workflows
from chrysalis.investment.choices import Stage
from chrysalis.investment.models import LeadConflict, Project, ProjectMove
from chrysalis.investment.selectors import writable_teams
from chrysalis.investment.services import projects as services


class ProjectListView(ObjectListView):
    model = Project
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable
    title = gettext_lazy("Project pipeline")
    add_url_name = "investment:project_add"
    export_name = "investment-projects"

    def optimise(self, qs):
        return qs.select_related("team", "enterprise").order_by(*Project._meta.ordering)

    def can_create(self):
        return writable_teams(self.request.user).exists()


class ProjectDetailView(ObjectDetailView):
    model = Project
    template_name = "investment/project_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("team__task_force__mentor", "enterprise__org_unit", "created_by")
            .prefetch_related("cadres", Prefetch("moves", ProjectMove.objects.select_related("actor")))
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        ctx["title"] = p.name
        can_change = Project.objects.restrict(self.request.user, "change").filter(pk=p.pk).exists()
        ctx["can_change"] = can_change
        ctx["moves_allowed"] = (
            [
                {"stage": s, "label": Stage(s).label, "kind": workflows.TRANSITIONS[p.stage][s].kind}
                for s in workflows.allowed(p.stage)
            ]
            if can_change
            else []
        )
        ctx["conflicts"] = (
            LeadConflict.objects.restrict(self.request.user, "view")
            .filter(Q(project=p) | Q(earlier=p))
            .select_related("project__team", "earlier__team")
        )
        ctx["visits"] = p.visits.select_related("trip").order_by("-trip__date")[:20]
        return ctx


class ProjectCreateView(ObjectFormView):
    form_class = forms.ProjectForm
    title = gettext_lazy("Register a lead")
    success_message = gettext_lazy("Lead %(object)s was registered.")

    def can_create(self):
        return writable_teams(self.request.user).exists()

    def cancel_url(self):
        return reverse("investment:project_list")

    def save(self, form, instance):
        d = dict(form.cleaned_data)
        return services.project_create(
            actor=self.request.user,
            team=d.pop("team"),
            name=d.pop("name"),
            investor_name=d.pop("investor_name"),
            direction=d.pop("direction"),
            registered_on=d.pop("registered_on"),
            cadres=list(d.pop("cadres")),
            confirm_duplicates=d.pop("confirm_duplicates"),
            confirm_amounts=d.pop("confirm_amounts"),
            **d,
        )


class ProjectEditView(ObjectFormView):
    form_class = forms.ProjectForm
    title = gettext_lazy("Edit project")
    success_message = gettext_lazy("Project %(object)s was saved.")
    model = Project

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        return services.project_update(
            actor=self.request.user,
            project=instance,
            expected_version=version,
            cadres=list(d.pop("cadres")),
            confirm_duplicates=d.pop("confirm_duplicates"),
            confirm_amounts=d.pop("confirm_amounts"),
            **d,
        )


class ProjectMoveView(ObjectFormView):
    form_class = forms.MoveForm
    template_name = "investment/project_move.html"
    success_message = gettext_lazy("Project %(object)s was moved.")

    def get_instance(self):
        project = self.get_scoped_object(Project, "change", pk=self.kwargs["pk"])
        if self.kwargs["stage"] not in Stage.values:
            raise Http404
        return project

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs.update(project=self.instance, to=self.kwargs["stage"])
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        to = self.kwargs["stage"]
        ctx["title"] = Stage(to).label
        ctx["project"] = self.instance
        move = workflows.TRANSITIONS.get(self.instance.stage, {}).get(to)
        ctx["move_kind"] = move.kind if move else ""
        ctx["needs_reason"] = bool(move and move.reason)
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        return services.project_move(
            actor=self.request.user,
            project=instance,
            to=self.kwargs["stage"],
            on=d.get("on"),
            reason=d.get("reason", ""),
            agreement_document=d.get("agreement_document"),
            uscc=d.get("uscc", ""),
            grid=d.get("grid"),
            company_name=d.get("company_name", ""),
            service_officer=d.get("service_officer"),
        )


class ConflictListView(ObjectListView):
    model = LeadConflict
    filterset_class = filtersets.ConflictFilterSet
    table_class = tables.ConflictTable
    title = gettext_lazy("Duplicate leads")
    export_name = "duplicate-leads"

    def optimise(self, qs):
        return qs.select_related("project__team", "earlier__team", "decided_by").order_by(
            *LeadConflict._meta.ordering
        )


class ConflictDetailView(ObjectFormView):
    """The conflict and, for the district administrator while it is open, the decision form."""

    form_class = forms.ConflictDecideForm
    template_name = "investment/conflict_detail.html"
    success_message = gettext_lazy("The decision was recorded.")
    model = LeadConflict
    instance_action = "view"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def can_decide(self):
        return (
            self.instance.status == "open"
            and LeadConflict.objects.restrict(self.request.user, "manage")
            .filter(pk=self.instance.pk)
            .exists()
        )

    def post(self, request, *args, **kwargs):
        if not self.can_decide():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = gettext_lazy("Duplicate lead")
        ctx["conflict"] = self.instance
        ctx["can_decide"] = self.can_decide()
        visible = set(
            Project.objects.restrict(self.request.user, "view")
            .filter(pk__in=[self.instance.project_id, self.instance.earlier_id])
            .values_list("pk", flat=True)
        )
        ctx["visible"] = visible
        return ctx

    def save(self, form, instance):
        return services.conflict_decide(
            actor=self.request.user,
            conflict=instance,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
