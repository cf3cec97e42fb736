"""Form base classes: Tabler-styled widgets, scoped drop-downs and the optimistic version field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chrysalis.core.bounds import ID_BOUNDS, YEAR_BOUNDS, whole_number
from chrysalis.core.widgets import CheckboxDropdown


def style_form(form, *, filters: bool = False) -> None:
    """Give every widget its Tabler/Bootstrap class (in filter forms, "unknown" reads as "any")."""
    for field in form.fields.values():
        widget = field.widget
        if filters and isinstance(widget, forms.NullBooleanSelect):
            # In a filter, "unknown" means "any": say so instead of 未知.
            widget.choices = (("unknown", "—"), ("true", _("Yes")), ("false", _("No")))
        if filters:
            widget = field.widget = _filter_widget(field)
        if isinstance(widget, (forms.CheckboxInput, CheckboxDropdown)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _filter_widget(field):
    """In a filter, an empty choice reads 全部 (not "---------") and a multiple choice is a drop-down
    of check boxes."""
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        if field.empty_label is not None:
            field.empty_label = _("All")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if any(value == "" and label == "---------" for value, label in choices):
            field.choices = [("", _("All")) if value == "" else (value, label) for value, label in choices]
    if isinstance(field.widget, forms.SelectMultiple) and not isinstance(field.widget, CheckboxDropdown):
        field.widget = CheckboxDropdown(attrs=field.widget.attrs, choices=field.widget.choices)
    return field.widget


class StyledFormMixin:
    def _style(self) -> None:
        style_form(self)


class ScopedModelForm(StyledFormMixin, forms.ModelForm):
    """A model form whose foreign-key drop-downs only offer objects inside the user's scope.

    `scoped_fields` maps field name -> action; the field's queryset is restricted with it.
    A hidden `version` field carries the version the user started from (optimistic locking).
    """

    scoped_fields: dict[str, str] = {}
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, action in self.scoped_fields.items():
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.model.objects.restrict(user, action)
        if self.instance and self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self._style()


class StyledForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._style()


REASON_FIELD = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), required=True)


YEAR_MIN, YEAR_MAX = YEAR_BOUNDS
ID_MAX = ID_BOUNDS[1]


def query_int(value, *, lo: int, hi: int, default: int | None = None) -> int | None:
    """A whole number from a query string within [lo, hi], or `default` for anything else
    (signs, decimals, other scripts' digits, 10^30…): hand-edited links never reach the database
    with a value it cannot hold."""
    text = (value or "").strip() if isinstance(value, str) else ""
    number = whole_number(text, lo, hi, signed=False, digits=18)
    return default if number is None else number


def query_year(value, default: int | None = None) -> int | None:
    return query_int(value, lo=YEAR_MIN, hi=YEAR_MAX, default=default)


def query_id(value) -> int | None:
    """A primary key from a query string, or None."""
    return query_int(value, lo=1, hi=ID_MAX)
