"""Organisation management pages: units, departments, teams, people and role grants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.accounts import filtersets, forms, tables
from chrysalis.accounts.models import Department, OrgUnit, RoleAssignment, Team, TeamMembership, User
from chrysalis.accounts.scopes import get_scope
from chrysalis.accounts.services import org as org_services
from chrysalis.accounts.services import users as user_services
from chrysalis.core.permissions import may
from chrysalis.core.views import ObjectDetailView, ObjectFormView, ObjectListView, PrefillFromQueryMixin


def _version(form):
    return form.cleaned_data.get("version")


def _changes(form, exclude=("version",)):
    return {k: v for k, v in form.cleaned_data.items() if k not in exclude and k in form.fields}


# --- organisation units -------------------------------------------------------------------------


class OrgUnitListView(ObjectListView):
    model = OrgUnit
    filterset_class = filtersets.OrgUnitFilterSet
    table_class = tables.OrgUnitTable
    title = gettext_lazy("Organisation tree")
    add_url_name = "accounts:orgunit_add"
    export_name = "org-units"
    paginate_by = 200

    def optimise(self, qs):
        return qs.select_related("parent")

    def can_create(self):
        return OrgUnit.objects.restrict(self.request.user, "add").exists()


class OrgUnitDetailView(ObjectDetailView):
    model = OrgUnit
    template_name = "accounts/orgunit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        unit = self.object
        ctx["children"] = OrgUnit.objects.restrict(user, "view").filter(parent=unit)
        ctx["ancestors"] = OrgUnit.objects.restrict(user, "view").filter(pk__in=unit.ancestors())
        ctx["teams"] = Team.objects.restrict(user, "view").filter(org_unit=unit)
        ctx["people"] = (
            User.objects.restrict(user, "view").filter(home_unit=unit).prefetch_related("role_assignments")
        )
        ctx["can_change"] = OrgUnit.objects.restrict(user, "change").filter(pk=unit.pk).exists()
        return ctx


class OrgUnitCreateView(PrefillFromQueryMixin, ObjectFormView):
    prefill_fields = ("parent",)
    form_class = forms.OrgUnitForm
    title = gettext_lazy("New organisation unit")
    success_message = gettext_lazy("%(object)s was created.")

    def save(self, form, instance):
        d = form.cleaned_data
        return org_services.org_unit_create(
            actor=self.request.user, parent=d["parent"], kind=d["kind"], name=d["name"], code=d["code"]
        )


class OrgUnitEditView(ObjectFormView):
    form_class = forms.OrgUnitForm
    title = gettext_lazy("Edit organisation unit")
    success_message = gettext_lazy("%(object)s was saved.")

    def get_instance(self):
        return self.get_scoped_object(OrgUnit, pk=self.kwargs["pk"])

    def save(self, form, instance):
        return org_services.org_unit_update(
            actor=self.request.user, unit=instance, expected_version=_version(form), **_changes(form)
        )


# --- departments --------------------------------------------------------------------------------


class DepartmentListView(ObjectListView):
    model = Department
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable
    title = gettext_lazy("Departments")
    add_url_name = "accounts:department_add"
    export_name = "departments"

    def optimise(self, qs):
        return qs.select_related("district", "head")

    def can_create(self):
        return OrgUnit.objects.restrict(self.request.user, "add").filter(kind="district").exists()


class DepartmentDetailView(ObjectDetailView):
    model = Department
    template_name = "accounts/department_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["handlers"] = (
            RoleAssignment.objects.restrict(self.request.user, "view")
            .filter(department=self.object)
            .select_related("user")
        )
        ctx["can_change"] = (
            Department.objects.restrict(self.request.user, "change").filter(pk=self.object.pk).exists()
        )
        return ctx


class DepartmentCreateView(ObjectFormView):
    form_class = forms.DepartmentForm
    title = gettext_lazy("New department")
    success_message = gettext_lazy("%(object)s was created.")

    def save(self, form, instance):
        d = form.cleaned_data
        return org_services.department_create(
            actor=self.request.user,
            district=d["district"],
            kind=d["kind"],
            name=d["name"],
            code=d["code"],
            head=d.get("head"),
        )


class DepartmentEditView(ObjectFormView):
    form_class = forms.DepartmentForm
    title = gettext_lazy("Edit department")
    success_message = gettext_lazy("%(object)s was saved.")

    def get_instance(self):
        return self.get_scoped_object(Department, pk=self.kwargs["pk"])

    def save(self, form, instance):
        return org_services.department_update(
            actor=self.request.user, department=instance, expected_version=_version(form), **_changes(form)
        )


# --- teams --------------------------------------------------------------------------------------


class TeamListView(ObjectListView):
    model = Team
    filterset_class = filtersets.TeamFilterSet
    table_class = tables.TeamTable
    title = gettext_lazy("Teams")
    add_url_name = "accounts:team_add"
    export_name = "teams"

    def optimise(self, qs):
        # Meta.ordering is not applied to GROUP BY queries: order explicitly.
        return (
            qs.select_related("org_unit")
            .annotate(member_count=Count("memberships"))
            .order_by("org_unit__path", "kind", "name")
        )

    def can_create(self):
        return OrgUnit.objects.restrict(self.request.user, "add").exists()


class TeamDetailView(ObjectDetailView):
    model = Team
    template_name = "accounts/team_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.object.memberships.select_related("user")
        ctx["can_change"] = (
            Team.objects.restrict(self.request.user, "change").filter(pk=self.object.pk).exists()
        )
        ctx["member_form"] = forms.TeamMemberForm(user=self.request.user) if ctx["can_change"] else None
        return ctx


class TeamCreateView(ObjectFormView):
    form_class = forms.TeamForm
    title = gettext_lazy("New team")
    success_message = gettext_lazy("%(object)s was created.")

    def save(self, form, instance):
        d = form.cleaned_data
        return org_services.team_create(
            actor=self.request.user,
            org_unit=d["org_unit"],
            kind=d["kind"],
            name=d["name"],
            direction=d.get("direction", ""),
        )


class TeamEditView(ObjectFormView):
    form_class = forms.TeamForm
    title = gettext_lazy("Edit team")
    success_message = gettext_lazy("%(object)s was saved.")

    def get_instance(self):
        return self.get_scoped_object(Team, pk=self.kwargs["pk"])

    def save(self, form, instance):
        return org_services.team_update(
            actor=self.request.user, team=instance, expected_version=_version(form), **_changes(form)
        )


class TeamMemberAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        team = get_object_or_404(Team.objects.restrict(request.user, "change"), pk=pk)
        form = forms.TeamMemberForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                org_services.team_member_add(
                    actor=request.user,
                    team=team,
                    user=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                )
                messages.success(request, _("Member added."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(team)


class TeamMemberRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk, membership_pk):
        team = get_object_or_404(Team.objects.restrict(request.user, "change"), pk=pk)
        membership = get_object_or_404(TeamMembership, pk=membership_pk, team=team)
        org_services.team_member_remove(actor=request.user, membership=membership)
        messages.success(request, _("Member removed."))
        return redirect(team)


# --- people and roles ---------------------------------------------------------------------------


class UserListView(ObjectListView):
    model = User
    filterset_class = filtersets.UserFilterSet
    table_class = tables.UserTable
    title = gettext_lazy("People")
    add_url_name = "accounts:user_add"
    export_name = "people"

    def optimise(self, qs):
        return qs.select_related("home_unit").prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.all())
        )

    def can_create(self):
        return User.objects.restrict(self.request.user, "add").exists() or _is_system_admin(self.request.user)


def _is_system_admin(user) -> bool:

    return get_scope(user).has("system_admin")


class UserDetailView(ObjectDetailView):
    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = (
            RoleAssignment.objects.restrict(user, "view")
            .filter(user=self.object)
            .select_related("org_unit", "department", "team", "granted_by")
        )
        ctx["revocable"] = set(
            RoleAssignment.objects.restrict(user, "delete")
            .filter(user=self.object)
            .values_list("pk", flat=True)
        )
        ctx["memberships"] = (
            TeamMembership.objects.restrict(user, "view").filter(user=self.object).select_related("team")
        )
        ctx["can_change"] = User.objects.restrict(user, "change").filter(pk=self.object.pk).exists()
        ctx["can_administer"] = user_services.users_administered_by(user).filter(pk=self.object.pk).exists()
        ctx["privileged"] = user_services.is_privileged(self.object)
        ctx["can_grant"] = self.object.pk != user.pk and may(
            user, "change", self.object, within=user_services.users_secured_by(user)
        )
        ctx["grant_form"] = forms.RoleGrantForm(user=user) if ctx["can_grant"] else None
        return ctx


class UserCreateView(ObjectFormView):
    form_class = forms.UserCreateForm
    title = gettext_lazy("New person")
    success_message = gettext_lazy("%(object)s was created.")

    def save(self, form, instance):
        d = form.cleaned_data
        try:
            return user_services.user_create(
                actor=self.request.user,
                username=d["username"],
                password=d["password1"],
                display_name=d["display_name"],
                title=d["title"],
                email=d["email"],
                home_unit=d["home_unit"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise ValidationError({"password1": exc.messages}) from exc
            raise


class UserEditView(ObjectFormView):
    form_class = forms.UserEditForm
    title = gettext_lazy("Edit person")
    success_message = gettext_lazy("%(object)s was saved.")

    def get_instance(self):
        return self.get_scoped_object(User, pk=self.kwargs["pk"])

    def save(self, form, instance):
        return user_services.user_update(
            actor=self.request.user, user=instance, expected_version=_version(form), **_changes(form)
        )


class RoleGrantView(LoginRequiredMixin, View):
    def post(self, request, pk):
        person = get_object_or_404(User.objects.restrict(request.user, "view"), pk=pk)
        form = forms.RoleGrantForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect(person)
        d = form.cleaned_data
        try:
            user_services.role_grant(
                actor=request.user,
                user=person,
                role=d["role"],
                org_unit=d["org_unit"],
                department=d["department"],
                team=d["team"],
            )
            messages.success(request, _("Role granted."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect(person)


class RoleRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        assignment = get_object_or_404(RoleAssignment.objects.restrict(request.user, "delete"), pk=pk)
        form = forms.RoleRevokeForm(request.POST, user=request.user)
        person = assignment.user
        if not form.is_valid():
            messages.error(request, _("Give a reason to revoke a role."))
            return redirect(person)
        try:
            user_services.role_revoke(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Role revoked."))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect(person)
