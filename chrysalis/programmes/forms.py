"""Forms of the programmes pages. Validation that matters lives in the services; the forms parse."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.enterprises.models import Enterprise
from chrysalis.programmes import metrics
from chrysalis.programmes.choices import ListingStage, ReportKind
from chrysalis.programmes.models import Measure, Programme, Target
from chrysalis.programmes.services.programmes import listing_firms, writable_units
from chrysalis.programmes.services.reports import SECTIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_params(text: str) -> dict:
    """`kind=zjtx_sme; year=2025` (or one per line) -> {"kind": "zjtx_sme", "year": "2025"}."""
    params = {}
    for part in text.replace("\n", ";").replace("；", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                _("Write each parameter as name=value, separated by semicolons; “%(part)s” is not.")
                % {"part": part}
            )
        params[name.strip()] = value.strip()
    return params


def format_params(params: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in (params or {}).items() if v not in (None, ""))


class ProgrammeForm(ScopedModelForm):
    scoped_fields = {"unit": "change"}

    class Meta:
        model = Programme
        fields = ["unit", "name", "starts_on", "ends_on", "description", "position"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class MeasureForm(ScopedModelForm):
    class Meta:
        model = Measure
        fields = ["title", "lead_unit", "co_units", "deadline", "status", "note"]
        widgets = {"deadline": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class TargetForm(ScopedModelForm):
    metric = forms.ChoiceField(label=gettext_lazy("metric"), required=False)
    parameters = forms.CharField(
        label=gettext_lazy("metric parameters"),
        required=False,
        help_text=gettext_lazy(
            "name=value, separated by semicolons; see the metric catalogue for each metric's."
        ),
    )

    class Meta:
        model = Target
        fields = [
            "name",
            "measure",
            "metric",
            "unit_label",
            "baseline",
            "target_value",
            "starts_on",
            "deadline",
            "owner",
            "position",
        ]
        widgets = {"starts_on": DATE, "deadline": DATE}

    def __init__(self, *args, user=None, programme=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["metric"].choices = [
            ("", _("— manual target (entered with evidence) —"))
        ] + metrics.choices()
        programme = programme or (self.instance.programme if self.instance.pk else None)
        self.fields["measure"].queryset = (
            Measure.objects.filter(programme=programme) if programme else Measure.objects.none()
        )
        if self.instance.pk:
            self.fields["parameters"].initial = format_params(self.instance.params)

    def clean_parameters(self):
        return parse_params(self.cleaned_data.get("parameters") or "")


class ManualValueForm(StyledForm):
    value = forms.DecimalField(label=gettext_lazy("value"), max_digits=18, decimal_places=4)
    as_of = forms.DateField(label=gettext_lazy("as of"), widget=DATE)
    evidence = forms.CharField(
        label=gettext_lazy("evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("The document, the source and who confirmed the figure."),
    )


class ReportCreateForm(StyledForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("unit"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=ReportKind.choices)
    period_start = forms.DateField(label=gettext_lazy("period starts"), widget=DATE)
    period_end = forms.DateField(label=gettext_lazy("period ends"), widget=DATE)
    title = forms.CharField(label=gettext_lazy("title"), required=False, max_length=150)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class ReportSectionsForm(StyledForm):
    title = forms.CharField(label=gettext_lazy("title"), max_length=150)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        self._style()


class ListingForm(StyledForm):
    enterprise = forms.ModelChoiceField(label=gettext_lazy("enterprise"), queryset=Enterprise.objects.none())
    stage = forms.ChoiceField(label=gettext_lazy("stage"), choices=ListingStage.choices)
    since = forms.DateField(label=gettext_lazy("on the track since"), widget=DATE)
    exchange = forms.CharField(label=gettext_lazy("target exchange / board"), required=False, max_length=40)
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["enterprise"].queryset = listing_firms(user).order_by("name")
