from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import Department, OrgUnit, RoleAssignment, Team, TeamMembership, User
from chrysalis.accounts.services.users import is_privileged
from chrysalis.core.forms import ScopedModelForm, StyledForm, StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        # Generic on purpose: does not say whether the user name exists.
        "invalid_login": _(
            "The user name or password is incorrect. Repeated failures lock the account for a while."
        ),
        "inactive": _(
            "The user name or password is incorrect. Repeated failures lock the account for a while."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class OrgUnitForm(ScopedModelForm):
    scoped_fields = {"parent": "add"}

    class Meta:
        model = OrgUnit
        fields = ["parent", "kind", "name", "code", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The tree's shape is fixed once created: moving a unit would move its people's scope.
            del self.fields["parent"]
            del self.fields["kind"]
        else:
            del self.fields["is_active"]
            self.fields["parent"].required = True
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(kind="grid")


class DepartmentForm(ScopedModelForm):
    scoped_fields = {"district": "add", "head": "view"}

    class Meta:
        model = Department
        fields = ["district", "kind", "name", "code", "head", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = self.fields["district"].queryset.filter(kind="district")
        if self.instance.pk:
            del self.fields["district"]
        else:
            del self.fields["is_active"]


class TeamForm(ScopedModelForm):
    scoped_fields = {"org_unit": "add"}

    class Meta:
        model = Team
        fields = ["org_unit", "kind", "name", "direction", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["org_unit"]
        else:
            del self.fields["is_active"]


class TeamMemberForm(ScopedModelForm):
    scoped_fields = {"user": "view"}

    class Meta:
        model = TeamMembership
        fields = ["user", "role"]


class UserCreateForm(ScopedModelForm):
    scoped_fields = {"home_unit": "view"}
    password1 = forms.CharField(label=_("initial password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("repeat password"), widget=forms.PasswordInput, strip=False)

    class Meta:
        model = User
        fields = ["username", "display_name", "title", "email", "home_unit"]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class UserEditForm(ScopedModelForm):
    scoped_fields = {"home_unit": "view"}

    class Meta:
        model = User
        fields = ["display_name", "title", "email", "home_unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and is_privileged(self.instance):
            # 三权分立: only the security administrator moves or deactivates a privileged account.
            for name in ("home_unit", "is_active"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Changed by the security administrator only.")


class RoleGrantForm(StyledForm):
    role = forms.ChoiceField(
        label=_("role"), choices=[(r.value, r.label) for r in Role if r != Role.ENTERPRISE_USER]
    )
    org_unit = forms.ModelChoiceField(
        label=_("organisation unit"), queryset=OrgUnit.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.restrict(user, "view")
        self.fields["org_unit"].empty_label = _("— organisation unit —")
        self.fields["department"].empty_label = _("— or department —")
        self.fields["team"].empty_label = _("— or team —")
        self.fields["department"].queryset = Department.objects.restrict(user, "view")
        self.fields["team"].queryset = Team.objects.restrict(user, "view")


class RoleRevokeForm(StyledForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


RoleAssignmentModel = RoleAssignment


class OwnPasswordForm(StyledFormMixin, PasswordChangeForm):
    """Old password + new twice; the new one is checked by the service (validators, not reused)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PasswordResetByAdminForm(StyledForm):
    new_password1 = forms.CharField(label=_("temporary password"), widget=forms.PasswordInput, strip=False)
    new_password2 = forms.CharField(label=_("repeat password"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data
