"""Forms of investment promotion. Drop-downs are scoped; writes happen in the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.models import OrgUnit, Team, User
from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.investment.choices import (
    CohortKind,
    ConflictDecision,
    Direction,
    FrontlineKind,
    Metric,
    PostingKind,
    Stage,
    Subject,
)
from chrysalis.investment.models import Cadre, Project, TaskForce
from chrysalis.investment.selectors import writable_teams

AMOUNT_FIELDS = ("planned_investment", "registered_capital", "fund_size")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ScopedModelForm):
    confirm_duplicates = forms.BooleanField(
        label=_("I have seen the possible duplicates and still want to register this lead"), required=False
    )
    confirm_amounts = forms.BooleanField(
        label=_("The amounts are in 100 million yuan (亿元) and correct"), required=False
    )

    class Meta:
        model = Project
        fields = [
            "team",
            "name",
            "investor_name",
            "investor_uscc",
            "investor_country",
            "investor_city",
            "industry_code",
            "direction",
            "source",
            "is_headquarters",
            "is_fund",
            "is_fortune500",
            "cadres",
            "registered_on",
            "notes",
        ]
        widgets = {"registered_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        teams = writable_teams(user)
        self.fields["team"].queryset = teams
        self.fields["cadres"].queryset = (
            User.objects.filter(team_memberships__team__in=teams).distinct().order_by("display_name")
        )
        self.fields["cadres"].required = False
        self.fields["registered_on"].initial = timezone.localdate()
        if self.instance.pk:
            del self.fields["team"]
            del self.fields["registered_on"]
        elif teams.count() == 1:
            self.fields["team"].initial = teams.first().pk
        # amounts are plain text fields (not model fields of this form): whatever is typed reaches the
        # service, which says exactly what is wrong (negative, absurd, to be confirmed, not a number)
        fields = dict(self.fields)
        self.fields.clear()
        for name, field in fields.items():
            self.fields[name] = field
            if name == "direction":
                for amount in AMOUNT_FIELDS:
                    self.fields[amount] = forms.CharField(
                        label=Project._meta.get_field(amount).verbose_name,
                        required=False,
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
                        initial=getattr(self.instance, amount) if self.instance.pk else None,
                    )


class MoveForm(StyledForm):
    on = forms.DateField(label=_("effective date"), widget=DATE)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    agreement_document = forms.FileField(label=_("agreement document"), required=False)
    uscc = forms.CharField(label=_("registered unified social credit code"), max_length=30, required=False)
    company_name = forms.CharField(
        label=_("registered company name"),
        max_length=120,
        required=False,
        help_text=_("As on the business licence; used when the registry does not have the enterprise yet."),
    )
    grid = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("zone and grid"), required=False)
    service_officer = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("service officer to assign (optional)"), required=False
    )

    def __init__(self, *args, user=None, project=None, to=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        district = project.team.org_unit.path[:4]
        if to == Stage.LANDED:
            self.fields["grid"].queryset = OrgUnit.objects.filter(
                kind=OrgUnitKind.GRID, path__startswith=district, is_active=True
            ).select_related("parent")
            self.fields["grid"].label_from_instance = lambda g: f"{g.parent.name} · {g.name}"
            self.fields["service_officer"].queryset = User.objects.filter(
                role_assignments__role=Role.SERVICE_OFFICER,
                role_assignments__org_unit__path__startswith=district,
                is_active=True,
            ).distinct()
            self.fields["uscc"].required = True
            self.fields["company_name"].initial = project.investor_name
            self.fields["on"].label = _("registration date")
            del self.fields["agreement_document"]
        elif to == Stage.SIGNED:
            self.fields["on"].label = _("agreement date")
            for name in ("uscc", "company_name", "grid", "service_officer"):
                del self.fields[name]
            self.fields["agreement_document"].required = not project.agreement_document
        else:
            for name in ("agreement_document", "uscc", "company_name", "grid", "service_officer"):
                del self.fields[name]
            if to == Stage.STARTED:
                self.fields["on"].label = _("construction start date")
            elif to == Stage.PRODUCING:
                self.fields["on"].label = _("production start date")


class ConflictDecideForm(StyledForm):
    decision = forms.ChoiceField(label=_("decision"), choices=ConflictDecision.choices)
    reason = forms.CharField(label=_("reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))


class TripForm(StyledForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("task force"))
    date = forms.DateField(label=_("date"), widget=DATE)
    city = forms.CharField(label=_("city"), max_length=40, initial="杭州")
    cadres = forms.ModelMultipleChoiceField(queryset=User.objects.none(), label=_("who went"))
    groups = forms.IntegerField(label=_("groups"), min_value=1, max_value=10, initial=2)
    companies = forms.CharField(
        label=_("companies visited"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One company per line; a company matching one of the team's leads is linked to it."),
    )
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        teams = writable_teams(user)
        self.fields["team"].queryset = teams
        self.fields["cadres"].queryset = (
            User.objects.filter(team_memberships__team__in=teams).distinct().order_by("display_name")
        )
        self.fields["date"].initial = timezone.localdate()
        if teams.count() == 1:
            self.fields["team"].initial = teams.first().pk


class QuarterForm(StyledForm):
    year = forms.IntegerField(label=_("year"), min_value=2020, max_value=2100)
    number = forms.TypedChoiceField(
        label=_("quarter"), choices=[(i, str(i)) for i in range(1, 5)], coerce=int
    )


class IndicatorForm(StyledForm):
    subject = forms.ChoiceField(label=_("evaluated"), choices=Subject.choices)
    metric = forms.ChoiceField(label=_("indicator"), choices=Metric.choices)
    weight = forms.CharField(label=_("points per unit"))
    cap = forms.CharField(label=_("highest points"))


class LeaderScoreForm(StyledForm):
    target = forms.ChoiceField(label=_("task force or cadre"))
    score = forms.CharField(label=_("score"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, choices=(), **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["target"].choices = choices


class ExportReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("reason for exporting personnel records"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=True,
    )


class PostingForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=())
    unit = forms.CharField(label=_("unit"), max_length=80)
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("until"), widget=DATE, required=False)
    cohort = forms.ModelChoiceField(queryset=None, label=_("cohort"), required=False)

    def __init__(self, *args, user=None, cadre=None, **kwargs):

        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].choices = PostingKind.choices
        self.fields["cohort"].queryset = cadre.cohorts.all()


class FrontlineForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=())
    title = forms.CharField(label=_("assignment"), max_length=120)
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("until"), widget=DATE, required=False)
    cohort = forms.ModelChoiceField(queryset=None, label=_("cohort"), required=False)

    def __init__(self, *args, user=None, cadre=None, **kwargs):

        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].choices = FrontlineKind.choices
        self.fields["cohort"].queryset = cadre.cohorts.all()


class PromotionForm(StyledForm):
    date = forms.DateField(label=_("date"), widget=DATE)
    new_post = forms.CharField(label=_("new post"), max_length=80)
    note = forms.CharField(label=_("proven on"), max_length=200, required=False)
    cohort = forms.ModelChoiceField(queryset=None, label=_("cohort"), required=False)

    def __init__(self, *args, user=None, cadre=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cohort"].queryset = cadre.cohorts.all()


# --- setting up task forces and personnel records ------------------------------------------------


def district_users(units):
    """Active accounts working inside `units` (org units): the people a form may name."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(home_unit__path__startswith=unit.path)
    return User.objects.filter(q, is_active=True).order_by("display_name", "username")


class TaskForceCreateForm(StyledForm):
    org_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("district"))
    name = forms.CharField(label=_("name"), max_length=60)
    direction = forms.ChoiceField(label=_("direction"), choices=Direction.choices)
    mentor = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("mentoring district leader"), required=False
    )
    term_start = forms.DateField(label=_("term starts"), widget=DATE)
    term_end = forms.DateField(label=_("term ends"), widget=DATE)
    groups = forms.IntegerField(label=_("groups"), min_value=1, max_value=10, initial=2)
    visits_per_day = forms.IntegerField(
        label=_("companies visited a day"), min_value=1, max_value=20, initial=4
    )
    quarter_target = forms.IntegerField(label=_("projects to land per quarter"), min_value=0, initial=4)
    members = forms.ModelMultipleChoiceField(queryset=User.objects.none(), label=_("members"), required=False)
    lead = forms.ModelChoiceField(queryset=User.objects.none(), label=_("team leader"), required=False)

    def __init__(self, *args, user=None, units=(), **kwargs):
        super().__init__(*args, user=user, **kwargs)
        units = list(units)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["org_unit"].initial = units[0].pk
        people = district_users(units)
        for name in ("mentor", "members", "lead"):
            self.fields[name].queryset = people

    def clean(self):
        data = super().clean()
        lead = data.get("lead")
        if lead is not None and lead not in list(data.get("members") or []):
            self.add_error("lead", _("The team leader must be one of the members."))
        return data


class TaskForceForm(ScopedModelForm):
    class Meta:
        model = TaskForce
        fields = [
            "direction",
            "mentor",
            "term_start",
            "term_end",
            "groups",
            "visits_per_day",
            "quarter_target",
        ]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["mentor"].queryset = district_users([self.instance.team.org_unit])


class TaskForceMemberForm(StyledForm):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("cadre"))
    lead = forms.BooleanField(label=_("team leader"), required=False)

    def __init__(self, *args, user=None, taskforce=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["user"].queryset = district_users([taskforce.team.org_unit]).exclude(
            team_memberships__team=taskforce.team
        )


class TaskForceMemberRemoveForm(StyledForm):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("member"))
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, taskforce=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["user"].queryset = User.objects.filter(team_memberships__team=taskforce.team).order_by(
            "display_name"
        )


class CadreCreateForm(StyledForm):
    org_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("employing unit"))
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("account"))
    post = forms.CharField(label=_("current post"), max_length=80)
    employer = forms.CharField(label=_("employing body"), max_length=80, required=False)

    def __init__(self, *args, user=None, units=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["org_unit"].queryset = units.order_by("path")
        self.fields["user"].queryset = district_users(units).filter(cadre__isnull=True)


class CohortCreateForm(StyledForm):
    org_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("organising unit"))
    name = forms.CharField(label=_("name"), max_length=80)
    kind = forms.ChoiceField(label=_("kind"), choices=CohortKind.choices)
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("until"), widget=DATE)

    def __init__(self, *args, user=None, units=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["org_unit"].queryset = units.order_by("path")


class CohortMemberForm(StyledForm):
    cadre = forms.ModelChoiceField(queryset=Cadre.objects.none(), label=_("cadre"))
    joined_on = forms.DateField(label=_("joined on"), widget=DATE, required=False)

    def __init__(self, *args, user=None, cohort=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cadre"].queryset = (
            Cadre.objects.restrict(user, "change").exclude(cohorts=cohort).select_related("user")
        )


class CourseForm(StyledForm):
    title = forms.CharField(label=_("course"), max_length=120)
    date = forms.DateField(label=_("date"), widget=DATE)
    hours = forms.CharField(label=_("hours"))
    lecturer = forms.CharField(label=_("lecturer"), max_length=60, required=False)
    attendees = forms.ModelMultipleChoiceField(
        queryset=Cadre.objects.none(), label=_("attended"), required=False
    )

    def __init__(self, *args, user=None, cohort=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["attendees"].queryset = (
            cohort.members.select_related("user") if cohort else Cadre.objects.none()
        )
