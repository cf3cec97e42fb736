"""Forms of the notice pages. Values stay text here: the services convert and check them, so every
message about a bad value comes from one place."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.forms import style_form
from chrysalis.notices.choices import Kind, SourceKind

FIELD_LABELS = {
    "kind": _("type"),
    "subject_name": _("declarant / company"),
    "subject_uscc": _("unified social credit code"),
    "item": _("item declared void"),
    "number_label": _("number label"),
    "document_number": _("document number"),
    "authority": _("issuing / registration authority"),
    "declaration": _("declaration"),
    "reason": _("reason"),
    "capital_before": _("registered capital before (10k yuan)"),
    "capital_after": _("registered capital after (10k yuan)"),
    "parties": _("parties"),
    "survivor": _("surviving / new company"),
    "phone": _("contact phone"),
    "period_start": _("announcement period from"),
    "period_end": _("announcement period to"),
    "creditor_days": _("creditors' period (days)"),
    "text": _("text"),
}
VALUE_FIELDS = tuple(f for f in FIELD_LABELS if f != "kind")


def publishing_units(user):
    """Org units the user may enter notices for (district administrators and service officers)."""
    paths = get_scope(user).paths(Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER)
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths))).filter(
        kind__in=["district", "zone", "street"]
    )


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the classified page"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200_000,
        help_text=_("Paste one notice or a whole page; headings and contact lines may stay in."),
    )
    org_unit = forms.ModelChoiceField(label=_("published by"), queryset=OrgUnit.objects.none())
    source_kind = forms.ChoiceField(label=_("publication source"), choices=SourceKind.choices)
    source_name = forms.CharField(label=_("newspaper"), max_length=80, required=False)
    published_on = forms.DateField(
        label=_("publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source_page = forms.CharField(label=_("page"), max_length=20, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = publishing_units(user)
        self.fields["org_unit"].queryset = units
        first = units.order_by("path").first()
        if first is not None:
            self.fields["org_unit"].initial = first.pk
        style_form(self)

    def clean(self):
        data = super().clean()
        if data.get("source_kind") == SourceKind.NEWSPAPER and not data.get("source_name"):
            self.add_error("source_name", _("Name the newspaper, or choose this platform as the source."))
        return data


class NoticeForm(forms.Form):
    """One notice's values, as parsed and corrected by the user."""

    include = forms.BooleanField(label=_("save this notice"), required=False, initial=True)
    kind = forms.ChoiceField(label=FIELD_LABELS["kind"], choices=Kind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in VALUE_FIELDS:
            widget = forms.Textarea(attrs={"rows": 3}) if name == "text" else forms.TextInput
            if name in ("period_start", "period_end"):
                widget = forms.DateInput(attrs={"type": "date"})
            self.fields[name] = forms.CharField(label=FIELD_LABELS[name], required=False, widget=widget)
        style_form(self)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "include"}


class NoticeEditForm(NoticeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["include"]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("include", "version")}


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    published_on = forms.DateField(
        label=_("publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, with_date=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_date:
            del self.fields["published_on"]
        style_form(self)


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("declarant or company"), max_length=60, required=False)
    number = forms.CharField(label=_("document number"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("type"), choices=[("", "—"), *Kind.choices], required=False)
    date_from = forms.DateField(
        label=_("published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("published to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
