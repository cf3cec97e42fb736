"""Forms of the events pages. Drop-downs are scoped; the services do the validation."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.forms import ScopedModelForm, StyledForm
from chrysalis.cultivation.models.pool import TierTarget
from chrysalis.enterprises.models import Enterprise
from chrysalis.events.choices import CoOrganiserKind, DealKind, DealStage, FigureSource
from chrysalis.events.models import ORGANISERS, Deal, Event, EventFigures
from chrysalis.events.services.events import validate_times
from chrysalis.support.choices import Category

DT = {"type": "datetime-local"}


def dt_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class EventForm(ScopedModelForm):
    starts_at = dt_field(_("starts at"))
    ends_at = dt_field(_("ends at"))
    registration_opens_at = dt_field(_("registration opens"), required=False)
    registration_closes_at = dt_field(_("registration closes"), required=False)
    cancel_closes_at = dt_field(_("cancellation cut-off"), required=False)
    tier_target = forms.ChoiceField(
        label=_("tier it serves"), required=False, choices=[("", "—"), *TierTarget.choices]
    )
    co_organisers = forms.CharField(
        label=_("co-organisers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: kind and name, e.g. “bank 杭州银行”; "
            "kinds: department, bank, expert, association, other."
        ),
    )

    class Meta:
        model = Event
        fields = (
            "title",
            "kind",
            "organiser_unit",
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "cancel_closes_at",
            "visibility",
            "tier_target",
            "programme",
            "village",
            "description",
        )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)

        paths = get_scope(user).paths(*ORGANISERS) if user is not None else ()

        reach = reduce(or_, (Q(path__startswith=p) for p in paths), Q(pk__in=[]))
        units = OrgUnit.objects.restrict(user, "view").filter(reach, is_active=True)
        self.fields["organiser_unit"].queryset = units.exclude(kind="grid")
        self.fields["village"].queryset = OrgUnit.objects.restrict(user, "view").filter(kind="community")
        self.fields["description"].widget.attrs["rows"] = 3
        if self.instance.pk:
            self.fields["co_organisers"].initial = "\n".join(
                f"{c.get_kind_display()} {c.name}" for c in self.instance.co_organisers.all()
            )

    def clean(self):

        data = super().clean()
        try:
            validate_times(data)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field, errors)
        return data

    def clean_co_organisers(self):
        """One a line, "kind name" (the kind in Chinese or English, or left out: other)."""
        names = {str(c.label): c.value for c in CoOrganiserKind} | {c.value: c.value for c in CoOrganiserKind}
        rows = []
        for line in self.cleaned_data["co_organisers"].splitlines():
            line = line.strip()
            if not line:
                continue
            for label in sorted(names, key=len, reverse=True):
                rest = line[len(label) :]
                if line.startswith(label) and rest[:1] in (" ", "\u3000", ":", "：") and rest[1:].strip():
                    rows.append((names[label], rest[1:].strip()))
                    break
            else:
                rows.append((CoOrganiserKind.OTHER, line))
        return rows


class RegisterForm(StyledForm):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("enterprise"))
    attendees = forms.CharField(
        label=_("attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person a line: name and position."),
    )
    questions = forms.CharField(
        label=_("questions or requests for the event (诉求预征集)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user=None, enterprises=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["enterprise"].queryset = (
            enterprises if enterprises is not None else Enterprise.objects.none()
        )


class WalkInForm(StyledForm):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("enterprise"))
    attendees = forms.CharField(
        label=_("attendees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").only("pk", "name")


class InviteForm(StyledForm):
    source = forms.ChoiceField(
        label=_("invite from"),
        choices=[("registry", _("the enterprise registry")), ("pool", _("the cultivation pool"))],
    )
    query = forms.CharField(
        label=_("selection"),
        required=False,
        help_text=_("The filter of the registry or pool list (copy it from the list's address after “?”)."),
    )
    no_visit_since = forms.DateField(
        label=_("only firms not visited since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TransitionForm(StyledForm):
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FeedbackForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("rating"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RequestRaiseForm(StyledForm):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("enterprise"))
    category = forms.ChoiceField(label=_("category"))
    title = forms.CharField(label=_("subject"), max_length=120)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, enterprises=None, **kwargs):

        super().__init__(*args, user=user, **kwargs)
        self.fields["enterprise"].queryset = (
            enterprises if enterprises is not None else Enterprise.objects.none()
        )
        self.fields["category"].choices = Category.choices


class DealForm(ScopedModelForm):
    class Meta:
        model = Deal
        fields = ("enterprise", "counterparty", "kind", "amount", "stage", "follow_up")

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"].queryset = enterprises
        if self.instance.pk:
            self.fields["enterprise"].disabled = True
        self.fields["kind"].choices = DealKind.choices
        self.fields["stage"].choices = DealStage.choices
        self.fields["follow_up"].widget.attrs["rows"] = 2


class FiguresForm(ScopedModelForm):
    class Meta:
        model = EventFigures
        fields = ("participants", "attendance", "visitors", "box_office", "source", "source_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = FigureSource.choices


class SlotsForm(StyledForm):
    expert = forms.CharField(label=_("expert"), max_length=80)
    first_start = dt_field(_("first slot starts at"))
    minutes = forms.IntegerField(label=_("minutes per slot"), initial=30, min_value=10, max_value=240)
    count = forms.IntegerField(label=_("number of slots"), initial=6, min_value=1, max_value=20)


class NotesForm(StyledForm):
    notes = forms.CharField(label=_("expert's notes"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
