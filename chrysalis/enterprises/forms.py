"""Forms of the registry. They only validate input and shape it for the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.enterprises import industry
from chrysalis.enterprises.choices import FIGURE_NAMES, FigureSource
from chrysalis.enterprises.models import (
    Award,
    Contact,
    Contest,
    Enterprise,
    EquityRound,
    Incident,
    IPRight,
    Title,
    YearFigures,
)
from chrysalis.enterprises.services.enterprises import (
    PLACEABLE,
    PROFILE_FIELDS,
    STAFF_ONLY_FIELDS,
    clean_uscc,
)
from chrysalis.enterprises.services.records import RECORD_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _dates(form):
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class EnterpriseForm(ScopedModelForm):
    scoped_fields = {"org_unit": "add"}
    industry_code = forms.ChoiceField(label=_("industry (GB/T 4754-2017)"), required=False)

    class Meta:
        model = Enterprise
        fields = ["uscc", *PROFILE_FIELDS]

    def __init__(self, *args, staff: bool = True, can_move: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry_code"].choices = [("", "—")] + industry.class_choices()
        self.fields["industry_code"].widget.attrs["class"] = "form-select"
        self.fields["org_unit"].queryset = self.fields["org_unit"].queryset.filter(kind__in=PLACEABLE)
        self.fields["org_unit"].required = True
        self.fields["uscc"].help_text = _("18 characters; the check digits are verified (GB 32100-2015).")
        if self.instance.pk:
            del self.fields["uscc"]
            if not can_move:
                del self.fields["org_unit"]
        if not staff:
            for name in STAFF_ONLY_FIELDS:
                self.fields.pop(name, None)
        _dates(self)

    def clean_uscc(self):

        try:
            return clean_uscc(self.cleaned_data["uscc"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["uscc"]) from exc

    def _post_clean(self):
        # Model validation (uniqueness …) runs in the service; the form only shapes input.
        pass


class YearFiguresForm(ScopedModelForm):
    class Meta:
        model = YearFigures
        fields = ["year", *FIGURE_NAMES, "source", "as_of"]

    def __init__(self, *args, self_reported_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
        if self_reported_only:
            self.fields["source"].choices = [(FigureSource.SELF_REPORTED, FigureSource.SELF_REPORTED.label)]
            self.fields["source"].initial = FigureSource.SELF_REPORTED
        for name in ("niche_share", "niche_share_international"):
            self.fields[name].help_text = _("A fraction: 12% is 0.12.")
        _dates(self)

    def _post_clean(self):
        pass


def record_form_class(model):
    """A ModelForm for one record model with the fields its service accepts."""
    fields = list(RECORD_FIELDS[model])

    meta = type("Meta", (), {"model": model, "fields": fields})

    class RecordForm(ScopedModelForm):
        Meta = meta

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _dates(self)
            if model is Contact:
                self.fields["phone"].widget = forms.TextInput(
                    attrs={"class": "form-control", "autocomplete": "off"}
                )
                self.fields["id_number"].widget = forms.TextInput(
                    attrs={"class": "form-control", "autocomplete": "off"}
                )
                if self.instance.pk:  # never put the clear value into the page: blank means "unchanged"
                    self.initial["phone"] = ""
                    self.initial["id_number"] = ""
                    self.fields["phone"].help_text = _("Currently %(masked)s. Leave empty to keep it.") % {
                        "masked": self.instance.phone_masked or "—"
                    }
                    self.fields["id_number"].help_text = _(
                        "Currently %(masked)s. Leave empty to keep it."
                    ) % {"masked": self.instance.id_number_masked or "—"}

        def _post_clean(self):
            pass

    RecordForm.__name__ = f"{model.__name__}Form"
    return RecordForm


RECORD_KINDS = {
    "ip": IPRight,
    "title": Title,
    "award": Award,
    "contest": Contest,
    "round": EquityRound,
    "incident": Incident,
    "contact": Contact,
}


class ImportUploadForm(StyledForm):
    file = forms.FileField(label=_("spreadsheet (.xlsx or .csv)"))
    default_source = forms.ChoiceField(
        label=_("source of the figures"), choices=FigureSource.choices, initial=FigureSource.STATISTICS
    )
    as_of = forms.DateField(
        label=_("figures as of"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
