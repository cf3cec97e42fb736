"""Forms of investment promotion. Drop-downs are scoped; writes happen in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.models import OrgUnit, Team, User
from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.investment.choices import ConflictDecision, FrontlineKind, Metric, PostingKind, Stage, Subject
from chrysalis.investment.models import Project
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
