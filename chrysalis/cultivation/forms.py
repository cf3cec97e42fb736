"""The anonymous self-check form: a few figures a firm knows by heart, turned into a facts document."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.core.forms import StyledForm
from chrysalis.cultivation.services.assessment import TIER_CHOICES
from chrysalis.enterprises.uscc import django_validator as uscc_validator

YEAR_FIELDS = [
    ("revenue", _("Operating revenue (10k yuan)")),
    ("main_revenue", _("Main-business revenue (10k yuan)")),
    ("rd_expense", _("R&D expense (10k yuan)")),
    ("net_profit", _("Net profit (10k yuan)")),
    ("total_assets", _("Total assets (10k yuan)")),
    ("total_liabilities", _("Total liabilities (10k yuan)")),
    ("employees", _("Employees")),
    ("rd_staff", _("R&D staff")),
]
INTEGER_FIELDS = {"employees", "rd_staff"}
TITLE_CHOICES = [
    ("tech_sme", "科技型中小企业"),
    ("innovative_sme", "创新型中小企业"),
    ("zjtx_sme", "专精特新中小企业"),
    ("high_tech_enterprise", "高新技术企业"),
]


def money(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        required=False, min_value=Decimal("-1000000000"), max_digits=16, decimal_places=2, **kwargs
    )


class SelfCheckForm(StyledForm):
    tier = forms.ChoiceField(label=_("Tier"), choices=TIER_CHOICES, initial="zjtx")
    application = forms.ChoiceField(
        label=_("Application"),
        choices=[("new", _("New application")), ("review", _("Review"))],
        initial="new",
    )
    year = forms.IntegerField(label=_("Application year"), min_value=2018, max_value=2100)
    name = forms.CharField(label=_("Company name (optional)"), required=False, max_length=100)
    uscc = forms.CharField(
        label=_("Unified social credit code (optional)"),
        required=False,
        max_length=18,
        validators=[uscc_validator],
    )
    industry_code = forms.CharField(
        label=_("Industry code (GB/T 4754-2017)"),
        required=False,
        max_length=5,
        help_text=_("e.g. C3484; decides the size class"),
    )
    registered_on = forms.DateField(
        label=_("Date of registration"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    province = forms.CharField(label=_("Province"), required=False, initial="浙江省", max_length=20)
    invention_patents = forms.IntegerField(
        label=_("Valid invention patents (class I IP)"), required=False, min_value=0, max_value=100000
    )
    class2_ip = forms.IntegerField(
        label=_("Utility models, designs, software copyrights (class II IP)"),
        required=False,
        min_value=0,
        max_value=100000,
    )
    titles = forms.MultipleChoiceField(
        label=_("Titles held now"), required=False, choices=TITLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    rd_institution_level = forms.ChoiceField(
        label=_("R&D institution"),
        required=False,
        choices=[
            ("", "—"),
            ("national", "国家级"),
            ("provincial", "省级"),
            ("municipal", "市级"),
            ("below_municipal", "市级以下"),
            ("none", "无"),
        ],
    )
    quality_score = money(label=_("MIIT platform development score this year"))
    independent_legal_person = forms.BooleanField(
        label=_("The firm is an independent legal person registered in China"), required=False
    )
    clean_credit = forms.BooleanField(
        label=_("Not on the abnormal-operations or serious-dishonesty lists"), required=False
    )
    no_prohibited_product = forms.BooleanField(
        label=_("Makes no product or service the state prohibits or restricts"), required=False
    )
    no_incidents = forms.BooleanField(
        label=_("No major safety, quality, environmental, data or cyber incident in the last three years"),
        required=False,
    )
    facts_json = forms.CharField(
        label=_("Or paste a complete facts document (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].initial = year
        self.years = [year - 1, year - 2, year - 3]
        data_year = self.data.get("year") if self.is_bound else None
        if data_year and str(data_year).isdigit():
            self.years = [int(data_year) - 1, int(data_year) - 2, int(data_year) - 3]
        self.year_rows = []
        for name, label in YEAR_FIELDS:
            cells = []
            for offset, y in enumerate(self.years):
                key = f"{name}_{offset}"
                field = (
                    forms.IntegerField(required=False, min_value=0, max_value=10**7)
                    if name in INTEGER_FIELDS
                    else money()
                )
                field.label = f"{label} {y}"
                field.widget.attrs.update(
                    {"class": "form-control form-control-sm", "aria-label": f"{label} {y}"}
                )
                self.fields[key] = field
                cells.append(key)
            self.year_rows.append((label, cells))
        self.fields["titles"].widget.attrs.pop("class", None)

    def year_table(self):
        return [(label, [self[k] for k in keys]) for label, keys in self.year_rows]

    def clean_facts_json(self):
        text = self.cleaned_data.get("facts_json", "").strip()
        if not text:
            return None
        if len(text) > 200_000:
            raise forms.ValidationError(_("The document is too large."))
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(col)s).")
                % {"line": exc.lineno, "col": exc.colno}
            ) from exc
        if not isinstance(doc, dict):
            raise forms.ValidationError(_("The facts document must be a JSON object."))
        return doc

    def facts(self) -> dict:
        """The facts document built from the form (or the pasted JSON, which wins)."""
        d = self.cleaned_data
        if d.get("facts_json"):
            return d["facts_json"]
        facts: dict = {
            "uscc": (d.get("uscc") or "").upper() or None,
            "name": d.get("name") or None,
            "industry_code": d.get("industry_code") or None,
            "province": d.get("province") or None,
        }
        if d.get("registered_on"):
            facts["registered_on"] = d["registered_on"].isoformat()
        if d.get("rd_institution_level"):
            facts["rd_institution_level"] = d["rd_institution_level"]
        facts.update(self._declarations())
        facts["years"] = self._years()
        if d.get("invention_patents") is not None or d.get("class2_ip") is not None:
            facts["ip"] = self._ip()
        today = dt.date(d["year"], 6, 30)
        facts["titles"] = [
            {
                "kind": k,
                "granted_on": (today.replace(year=today.year - 1)).isoformat(),
                "valid_until": (today.replace(year=today.year + 2)).isoformat(),
            }
            for k in d.get("titles") or []
        ]
        return facts

    def _declarations(self) -> dict:
        """Ticked means "confirmed"; unticked stays unknown (never "false" by omission)."""
        d = self.cleaned_data
        facts: dict = {}
        if d.get("independent_legal_person"):
            facts["independent_legal_person"] = True
        credit = {}
        if d.get("clean_credit"):
            credit.update({"abnormal_list": False, "serious_dishonesty": False})
        if d.get("no_prohibited_product"):
            credit["prohibited_product"] = False
        if credit:
            facts["credit"] = credit
        if d.get("no_incidents"):
            facts["incidents"] = []
        return facts

    def _years(self) -> dict[str, dict]:
        d = self.cleaned_data
        years: dict[str, dict] = {}
        for name, _label in YEAR_FIELDS:
            for offset, y in enumerate(self.years):
                value = d.get(f"{name}_{offset}")
                if value is not None:
                    years.setdefault(str(y), {})[name] = str(value) if isinstance(value, Decimal) else value
        if d.get("quality_score") is not None:
            years.setdefault(str(d["year"]), {})["quality_score"] = str(d["quality_score"])
        return years

    def _ip(self) -> list[dict]:
        d = self.cleaned_data
        kinds = ["invention_patent"] * (d.get("invention_patents") or 0)
        kinds += ["utility_model"] * (d.get("class2_ip") or 0)
        return [{"kind": kind, "valid": True, "self_developed": True} for kind in kinds]
