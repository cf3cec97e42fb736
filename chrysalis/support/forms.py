"""Forms of enterprise service. Drop-downs are scoped; writes happen in the services."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import Department, Team, User
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.enterprises.models import Enterprise
from chrysalis.support.choices import AssignmentRole, Category, Urgency
from chrysalis.support.models import Assignment, HolidayOverride, ServiceRequest, TimeLimit, Visit


def firm_picker(field, user) -> None:
    """Make the enterprise drop-down searchable on a phone: each option reads "name · USCC · grid"
    (duplicate names become distinguishable), the user's own firms (named officer or helper) come
    first, and static/js/chrysalis.js adds a search box that filters by name or USCC."""
    mine = Assignment.objects.filter(enterprise=OuterRef("pk"), officer=user, ended_at__isnull=True)
    field.queryset = (
        field.queryset.select_related("org_unit").annotate(mine=Exists(mine)).order_by("-mine", "name", "pk")
    )
    field.label_from_instance = lambda e: f"{e.name} · {e.uscc} · {e.org_unit.name}"
    field.widget.attrs["class"] = "form-select js-firm-picker"
    field.widget.attrs["data-placeholder"] = _("Type a name or USCC to find the firm")


class RequestForm(ScopedModelForm):
    scoped_fields = {"enterprise": "view", "department": "view"}
    attachment = forms.FileField(label=_("attachment (optional)"), required=False)

    class Meta:
        model = ServiceRequest
        fields = [
            "enterprise",
            "category",
            "tags",
            "title",
            "description",
            "urgency",
            "channel",
            "department",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["department"].required = False
        self.fields["department"].queryset = self.fields["department"].queryset.filter(is_active=True)
        self.fields["department"].help_text = _("Leave empty to dispatch by the category rule.")
        firm_picker(self.fields["enterprise"], user)
        scope = get_scope(user)
        self.enterprise_only = not scope.has(Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER)
        if self.enterprise_only:
            # the enterprise portal: own firm, channel "portal", dispatch by rule
            del self.fields["department"]
            del self.fields["channel"]
            own = self.fields["enterprise"].queryset
            if own.count() == 1:
                self.fields["enterprise"].initial = own.first().pk
                self.fields["enterprise"].widget = forms.HiddenInput()


class TransitionForm(StyledForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=_("department"), required=False
    )
    days = forms.IntegerField(label=_("working days"), min_value=1, max_value=30, required=False)
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—")] + [(i, "★" * i) for i in range(5, 0, -1)],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, fields=(), reason_label=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("department", "days", "satisfaction"):
            if name not in fields:
                del self.fields[name]
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.restrict(user, "view").filter(
                is_active=True
            )
            self.fields["department"].required = True
        if reason_label:
            self.fields["reason"].label = reason_label


class VisitForm(ScopedModelForm):
    """The one-minute visit log; an optional request raised on the spot."""

    scoped_fields = {"enterprise": "view"}
    request_category = forms.ChoiceField(
        label=_("request raised on the spot: category"),
        required=False,
        choices=[("", "—")] + list(Category.choices),
    )
    request_title = forms.CharField(label=_("request subject"), required=False, max_length=120)
    request_description = forms.CharField(
        label=_("request description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    request_urgency = forms.ChoiceField(
        label=_("urgency"), required=False, choices=Urgency.choices, initial=Urgency.NORMAL
    )

    class Meta:
        model = Visit
        fields = ["enterprise", "date", "people_met", "topics", "location", "photo"]
        widgets = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "topics": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if "enterprise" in self.fields:
            firm_picker(self.fields["enterprise"], user)

    def clean(self):
        data = super().clean()
        if data.get("request_category") and not data.get("request_title"):
            self.add_error(
                "request_title", _("Give the subject of the request, or leave its category empty.")
            )
        return data

    def requests(self) -> list[dict]:
        d = self.cleaned_data
        if not d.get("request_category"):
            return []
        return [
            {
                "category": d["request_category"],
                "title": d["request_title"],
                # On a phone the subject often says it all: it stands for the description when none is given.
                "description": d["request_description"] or d["request_title"],
                "urgency": d.get("request_urgency") or Urgency.NORMAL,
            }
        ]


class AssignmentForm(StyledForm):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("enterprise"))
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label=_("officer"))
    role = forms.ChoiceField(choices=AssignmentRole.choices, label=_("role"))
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("team"), required=False)
    reason = forms.CharField(label=_("reason"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        scope = get_scope(user)
        q = scope.q_org("org_unit__path", Role.DISTRICT_ADMIN)
        self.fields["enterprise"].queryset = (
            Enterprise.objects.filter(q) if q is not None else Enterprise.objects.none()
        )
        officer_q = scope.q_org("role_assignments__org_unit__path", Role.DISTRICT_ADMIN)
        officers = User.objects.filter(is_active=True, role_assignments__role=Role.SERVICE_OFFICER)
        self.fields["officer"].queryset = (
            officers.filter(officer_q).distinct() if officer_q is not None else User.objects.none()
        )
        self.fields["team"].queryset = Team.objects.restrict(user, "view").filter(kind="service_team")


class EndAssignmentForm(StyledForm):
    reason = forms.CharField(label=_("reason"), max_length=200)


class HolidayForm(ScopedModelForm):
    class Meta:
        model = HolidayOverride
        fields = ["date", "is_working", "name"]
        widgets = {"date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}

    def validate_unique(self):  # the service updates an existing override of the same date
        pass


class TimeLimitForm(ScopedModelForm):
    class Meta:
        model = TimeLimit
        fields = ["category", "urgency", "sign_days", "resolve_days"]

    def validate_unique(self):
        pass
