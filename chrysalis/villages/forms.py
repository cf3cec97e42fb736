from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chrysalis.core.forms import StyledForm
from chrysalis.villages.choices import PeriodKind, Source, Unit
from chrysalis.villages.models import Metric, Village


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
