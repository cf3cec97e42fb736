from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.villages.choices import (
    REVIEW_ROLES,
    CapacityUnit,
    Element,
    HonourLevel,
    OperatorKind,
    PeriodKind,
    ProjectKind,
    Source,
    Unit,
)
from chrysalis.villages.models import Honour, Metric, Operator, Plan, Project, Village


class FigureForm(StyledForm):
    village = forms.ModelChoiceField(queryset=Village.objects.none(), label=_("village"))
    metric = forms.ModelChoiceField(queryset=Metric.objects.all(), label=_("metric"))
    period_kind = forms.ChoiceField(
        choices=PeriodKind.choices, initial=PeriodKind.MONTH, label=_("period kind")
    )
    period = forms.DateField(
        label=_("period"),
        help_text=_("The first day of the month or quarter."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    value = forms.DecimalField(max_digits=16, decimal_places=2, label=_("value"))
    unit = forms.ChoiceField(choices=Unit.choices, label=_("unit"))
    source = forms.ChoiceField(
        choices=[c for c in Source.choices if c[0] != Source.EVENTS], label=_("source")
    )
    method = forms.CharField(label=_("method note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_reason = forms.CharField(
        label=_("reason for an unusual value"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when the value is far from the village's own history."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["village"].queryset = Village.objects.restrict(user, "change").select_related("unit")


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- create / edit forms (writes go through the services, which check scope again) -------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def streets_for(user):
    """The streets where the user is street staff or district administrator (operators, routes)."""
    paths = get_scope(user).paths(*REVIEW_ROLES)
    if not paths:
        return OrgUnit.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return OrgUnit.objects.restrict(user, "view").filter(q, kind=OrgUnitKind.STREET).order_by("path")


def units_without_profile(user):
    """Village / community units inside the user's street or district that have no profile yet."""
    paths = get_scope(user).paths(*REVIEW_ROLES)
    if not paths:
        return OrgUnit.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return (
        OrgUnit.objects.restrict(user, "view")
        .filter(q, kind=OrgUnitKind.COMMUNITY, village__isnull=True)
        .order_by("path")
    )


class VillageCreateForm(StyledForm):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("village or community"))
    population = forms.IntegerField(label=_("population"), min_value=0, initial=0)
    households = forms.IntegerField(label=_("households"), min_value=0, initial=0)
    area_km2 = forms.DecimalField(
        label=_("area (km²)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units_without_profile(user)


class VillageForm(ScopedModelForm):
    class Meta:
        model = Village
        fields = ["population", "households", "area_km2", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IncomeForm(StyledForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("amount (10,000 yuan)"), max_digits=12, decimal_places=2)


class ResourceForm(StyledForm):
    element = forms.ChoiceField(label=_("element"), choices=Element.choices)
    name = forms.CharField(label=_("name"), max_length=120)
    capacity = forms.IntegerField(label=_("capacity"), min_value=0, initial=0)
    capacity_unit = forms.ChoiceField(label=_("capacity unit"), choices=CapacityUnit.choices)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class PhotoForm(StyledForm):
    image = forms.FileField(label=_("photo"), help_text=_("JPEG, PNG or WebP, at most 5 MB."))
    caption = forms.CharField(label=_("caption"), max_length=120, required=False)


class OperatorCreateForm(StyledForm):
    street = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("street"))
    name = forms.CharField(label=_("name"), max_length=80)
    kind = forms.ChoiceField(label=_("kind"), choices=OperatorKind.choices)
    speciality = forms.CharField(label=_("speciality"), max_length=120, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["street"].queryset = streets_for(user)


class OperatorForm(ScopedModelForm):
    class Meta:
        model = Operator
        fields = ["name", "kind", "speciality"]


class PairingForm(StyledForm):
    village = forms.ModelChoiceField(queryset=Village.objects.none(), label=_("village"))
    starts = forms.DateField(label=_("term starts"), widget=DATE)
    ends = forms.DateField(label=_("term ends"), widget=DATE)
    agreement = forms.CharField(label=_("agreement"), max_length=200, required=False)

    def __init__(self, *args, user=None, operator=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        villages = Village.objects.restrict(user, "assess").select_related("unit")
        if operator is not None:
            villages = villages.filter(unit__path__startswith=operator.street.path)
        self.fields["village"].queryset = villages


class PlanCreateForm(StyledForm):
    village = forms.ModelChoiceField(queryset=Village.objects.none(), label=_("village"))
    operator = forms.ModelChoiceField(queryset=Operator.objects.none(), label=_("operator"))
    title = forms.CharField(label=_("title"), max_length=120)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    objectives = forms.CharField(
        label=_("objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.DecimalField(label=_("budget (10,000 yuan)"), max_digits=12, decimal_places=2, initial=0)
    funding_sources = forms.CharField(label=_("funding sources"), max_length=200, required=False)
    reward_base = forms.DecimalField(
        label=_("base reward (10,000 yuan)"), max_digits=10, decimal_places=2, initial=0
    )
    reward_bonus = forms.DecimalField(
        label=_("bonus pool (10,000 yuan)"), max_digits=10, decimal_places=2, initial=0
    )
    reward_threshold = forms.DecimalField(
        label=_("achievement threshold"), max_digits=4, decimal_places=2, initial=Decimal("0.6")
    )
    reward_cap = forms.DecimalField(
        label=_("achievement cap"), max_digits=4, decimal_places=2, initial=Decimal("1.2")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["village"].queryset = Village.objects.restrict(user, "change").select_related("unit")
        self.fields["operator"].queryset = Operator.objects.restrict(user, "view")


class PlanForm(ScopedModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "objectives",
            "budget",
            "funding_sources",
            "reward_base",
            "reward_bonus",
            "reward_threshold",
            "reward_cap",
        ]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 3})}


class TargetForm(StyledForm):
    metric = forms.ModelChoiceField(queryset=Metric.objects.all(), label=_("metric"))
    target = forms.DecimalField(label=_("target"), max_digits=16, decimal_places=2)
    weight = forms.DecimalField(label=_("weight"), max_digits=4, decimal_places=2)


class ProjectCreateForm(StyledForm):
    village = forms.ModelChoiceField(queryset=Village.objects.none(), label=_("village"))
    name = forms.CharField(label=_("name"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=ProjectKind.choices)
    public_investment = forms.DecimalField(
        label=_("public investment (10,000 yuan)"), max_digits=12, decimal_places=2, initial=0
    )
    private_investment = forms.DecimalField(
        label=_("private investment (10,000 yuan)"), max_digits=12, decimal_places=2, initial=0
    )
    jobs = forms.IntegerField(label=_("jobs created"), min_value=0, initial=0)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["village"].queryset = Village.objects.restrict(user, "change").select_related("unit")


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = ["name", "kind", "public_investment", "private_investment", "jobs", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class HonourCreateForm(StyledForm):
    village = forms.ModelChoiceField(queryset=Village.objects.none(), label=_("village"))
    title = forms.CharField(label=_("title"), max_length=160)
    level = forms.ChoiceField(label=_("level"), choices=HonourLevel.choices)
    awarded_on = forms.DateField(label=_("awarded on"), widget=DATE)
    awarding_body = forms.CharField(label=_("awarding body"), max_length=120)
    evidence = forms.CharField(
        label=_("evidence"), max_length=200, required=False, help_text=_("Document number or link.")
    )
    is_public = forms.BooleanField(label=_("shown on the public page"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["village"].queryset = Village.objects.restrict(user, "change").select_related("unit")


class HonourForm(ScopedModelForm):
    class Meta:
        model = Honour
        fields = ["title", "level", "awarded_on", "awarding_body", "evidence", "is_public"]
        widgets = {"awarded_on": DATE}


ROUTE_STOPS = 8


class RouteForm(StyledForm):
    """A route and up to eight stops; a stop row is used when its title is filled."""

    street = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("street"))
    name = forms.CharField(label=_("name"), max_length=120)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_public = forms.BooleanField(label=_("published"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["street"].queryset = streets_for(user)
        villages = Village.objects.restrict(user, "view").select_related("unit")
        projects = Project.objects.restrict(user, "view").select_related("village__unit")
        for i in range(1, ROUTE_STOPS + 1):
            self.fields[f"stop{i}_title"] = forms.CharField(
                label=_("stop %(n)s") % {"n": i}, max_length=120, required=False
            )
            self.fields[f"stop{i}_village"] = forms.ModelChoiceField(
                queryset=villages, label=_("village"), required=False
            )
            self.fields[f"stop{i}_project"] = forms.ModelChoiceField(
                queryset=projects, label=_("project"), required=False
            )
            self.fields[f"stop{i}_minutes"] = forms.IntegerField(
                label=_("minutes"), initial=30, required=False
            )
            self.fields[f"stop{i}_text"] = forms.CharField(label=_("text"), max_length=200, required=False)
        self._style()

    def stop_rows(self):
        """The stop fields grouped per row (for the template)."""
        return [
            [self[f"stop{i}_{name}"] for name in ("title", "village", "project", "minutes", "text")]
            for i in range(1, ROUTE_STOPS + 1)
        ]

    def main_fields(self):
        return [self[name] for name in ("street", "name", "summary", "is_public")]

    def clean(self):
        data = super().clean()
        stops = []
        for i in range(1, ROUTE_STOPS + 1):
            title = (data.get(f"stop{i}_title") or "").strip()
            if not title:
                continue
            village = data.get(f"stop{i}_village")
            if village is None:
                self.add_error(f"stop{i}_village", _("Stop %(n)s needs its village.") % {"n": i})
                continue
            minutes = data.get(f"stop{i}_minutes")
            stops.append(
                {
                    "title": title,
                    "village": village,
                    "project": data.get(f"stop{i}_project"),
                    "minutes": 30 if minutes is None else minutes,
                    "text": data.get(f"stop{i}_text") or "",
                }
            )
        data["stops"] = stops
        return data
