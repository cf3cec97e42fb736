"""Forms of the screening app: the zone's local screening rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chrysalis.core.forms import ScopedModelForm
from chrysalis.screening.models import LocalRule
from chrysalis.screening.services.rules import admin_units


class LocalRuleForm(ScopedModelForm):
    class Meta:
        model = LocalRule
        fields = ["org_unit", "name", "condition", "active"]
        widgets = {"condition": forms.Textarea(attrs={"rows": 3, "class": "form-control font-monospace"})}
        help_texts = {
            "condition": _(
                "Condition language, e.g. 研发占比 ≥ 3% 且 营业收入 ≥ 2000 且 税收增速 ≥ 10% "
                "(money in 10k yuan). Checked when you save."
            )
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        units = admin_units(user)
        self.fields["org_unit"].queryset = units
        self.fields["org_unit"].empty_label = None
        if self.instance.pk:
            del self.fields["org_unit"]  # a rule stays in its zone

    def _post_clean(
        self,
    ):  # the service validates (with the condition language's message); skip model validation here
        pass
