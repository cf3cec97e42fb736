"""Task-force pages (direction, mentor, term, members, rhythm) and trips / visits."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.core.views import ObjectDetailView, ObjectFormView, ObjectListView
from chrysalis.investment import filtersets, forms, tables
from chrysalis.investment.choices import Stage
from chrysalis.investment.models import Project, TaskForce, Trip
from chrysalis.investment.names import investor_key
from chrysalis.investment.selectors import units_of, writable_teams
from chrysalis.investment.services import taskforces as services


class TaskForceListView(LoginRequiredMixin, ListView):
    template_name = "investment/taskforce_list.html"

    def get_queryset(self):
        return (
            TaskForce.objects.restrict(self.request.user, "view")
            .select_related("team", "mentor")
            .annotate(n_members=Count("team__memberships", distinct=True))
            .order_by("team__name")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = gettext_lazy("Task forces")
        ctx["can_add"] = admin_units(self.request.user).exists()
        ctx["rows"] = [{"tf": tf, "rhythm": services.rhythm(tf.team)} for tf in ctx["object_list"]]
        return ctx


class TaskForceDetailView(ObjectDetailView):
    model = TaskForce
    template_name = "investment/taskforce_detail.html"
    select_related = ("team", "mentor")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        tf = self.object
        ctx["title"] = tf.team.name
        ctx["members"] = tf.team.memberships.select_related("user").order_by("-role", "user__display_name")
        ctx["rhythm"] = services.rhythm(tf.team)
        projects = Project.objects.restrict(self.request.user, "view").filter(team=tf.team)
        ctx["can_see_projects"] = (
            projects.exists()
            or Project.objects.restrict(self.request.user, "view").filter(team=tf.team).exists()
        )
        ctx["project_counts"] = [
            {"stage": row["stage"], "label": Stage(row["stage"]).label, "n": row["n"]}
            for row in projects.values("stage").annotate(n=Count("pk")).order_by("stage")
        ]
        ctx["trips"] = Trip.objects.restrict(self.request.user, "view").filter(team=tf.team)[:10]
        ctx["can_change"] = TaskForce.objects.restrict(self.request.user, "change").filter(pk=tf.pk).exists()
        return ctx


class TripListView(ObjectListView):
    model = Trip
    filterset_class = filtersets.TripFilterSet
    table_class = tables.TripTable
    title = gettext_lazy("Trips and visits")
    add_url_name = "investment:trip_add"
    export_name = "investment-trips"

    def optimise(self, qs):
        return (
            qs.select_related("team")
            .annotate(n_cadres=Count("cadres", distinct=True), n_visits=Count("visits", distinct=True))
            .order_by(*Trip._meta.ordering)
        )

    def can_create(self):
        return writable_teams(self.request.user).exists()


class TripDetailView(ObjectDetailView):
    model = Trip
    template_name = "investment/trip_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("team").prefetch_related("cadres")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.object.team} · {self.object}"
        ctx["visits"] = self.object.visits.select_related("project")
        return ctx


class TripCreateView(ObjectFormView):
    form_class = forms.TripForm
    title = gettext_lazy("Log a trip or visiting day")
    success_message = gettext_lazy("Trip %(object)s was logged.")

    def can_create(self):
        return writable_teams(self.request.user).exists()

    def cancel_url(self):
        return reverse("investment:trip_list")

    def save(self, form, instance):
        d = form.cleaned_data
        team = d["team"]
        leads = {p.investor_key: p for p in Project.objects.filter(team=team).exclude(stage="lost")}
        visits = []
        for line in (d.get("companies") or "").splitlines():
            company = line.strip()
            if company:
                visits.append({"company": company, "project": leads.get(investor_key(company))})
        return services.trip_create(
            actor=self.request.user,
            team=team,
            date=d["date"],
            city=d["city"],
            cadres=list(d["cadres"]),
            groups=d["groups"],
            outcome=d.get("outcome", ""),
            visits=visits,
        )


def admin_units(user):
    """The units where the user is district administrator (where task forces are set up)."""
    return units_of(user, Role.DISTRICT_ADMIN).order_by("path")


class TaskForceCreateView(ObjectFormView):
    form_class = forms.TaskForceCreateForm
    title = gettext_lazy("Set up a task force")
    success_message = gettext_lazy("%(object)s was set up.")

    def can_create(self):
        return admin_units(self.request.user).exists()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = admin_units(self.request.user).filter(kind__in=[OrgUnitKind.DISTRICT])
        return kwargs

    def cancel_url(self):
        return reverse("investment:taskforce_list")

    def save(self, form, instance):
        d = dict(form.cleaned_data)
        return services.taskforce_create(
            actor=self.request.user,
            org_unit=d.pop("org_unit"),
            name=d.pop("name"),
            direction=d.pop("direction"),
            term_start=d.pop("term_start"),
            term_end=d.pop("term_end"),
            mentor=d.pop("mentor"),
            members=list(d.pop("members") or []),
            lead=d.pop("lead"),
            **d,
        )


class TaskForceEditView(ObjectFormView):
    form_class = forms.TaskForceForm
    title = gettext_lazy("Edit the task force")
    success_message = gettext_lazy("%(object)s was saved.")
    model = TaskForce

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        return services.taskforce_update(
            actor=self.request.user, taskforce=instance, expected_version=version, **d
        )


class TaskForceMemberAddView(ObjectFormView):
    form_class = forms.TaskForceMemberForm
    title = gettext_lazy("Add a member")
    success_message = gettext_lazy("%(object)s: member added.")

    def get_instance(self):
        self.taskforce = self.get_scoped_object(TaskForce, "change", pk=self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["taskforce"] = self.taskforce
        return kwargs

    def cancel_url(self):
        return self.taskforce.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.title} · {self.taskforce}"
        return ctx

    def save(self, form, instance):
        return services.taskforce_member_add(
            actor=self.request.user, taskforce=self.taskforce, **form.cleaned_data
        )


class TaskForceMemberRemoveView(TaskForceMemberAddView):
    form_class = forms.TaskForceMemberRemoveForm
    title = gettext_lazy("Remove a member")
    success_message = gettext_lazy("%(object)s: member removed.")

    def save(self, form, instance):
        return services.taskforce_member_remove(
            actor=self.request.user, taskforce=self.taskforce, **form.cleaned_data
        )
