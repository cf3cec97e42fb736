"""One set of value rules for the registry, used by the forms, the API (through the services) and the
import, so a value accepted in one place is accepted in all of them.

Each ``*_problem`` function returns a message (Chinese through the catalogue) or None; ``clean_profile``
applies them to a dict of profile changes and raises a ValidationError keyed by field.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MONEY_LIMIT = Decimal("1e13")  # 万元; the columns hold 14 integer digits
MONEY_DECIMALS = 4
# bidirectional controls (embeddings, overrides, isolates, marks) reorder what a reader sees
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TEXT_FIELDS = ("name", "address", "legal_representative", "leading_product_name", "notes")


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def registered_capital_problem(value: Decimal | None) -> str | None:
    if value is None:
        return None
    if not value.is_finite():
        return _("the registered capital must be a number")
    if value < 0:
        return _("the registered capital cannot be negative")
    if value >= MONEY_LIMIT:
        return _("the amount is out of range")
    if decimals_of(value) > MONEY_DECIMALS:
        return _("the registered capital has more than 4 decimal places (it is stored in 10k yuan)")
    return None


def registered_on_problem(value: dt.date | None, today: dt.date | None = None) -> str | None:
    """`today` (the local date) may be passed by a caller checking many dates at once."""
    if value is None:
        return None
    if value > (today or timezone.localdate()):
        return _("the registration date cannot be in the future")
    if value.year < 1900:
        return _("the registration date is before 1900")
    return None


def text_problem(value: str | None) -> str | None:
    if value and BIDI.search(value):
        return _("the text contains invisible direction-control characters; type it again")
    return None


def clean_profile(changes: dict) -> None:
    """Raise ValidationError({field: message}) for the profile values that break a rule."""
    errors: dict[str, str] = {}
    if "registered_capital" in changes:
        value = changes["registered_capital"]
        if value is not None and not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except ArithmeticError:
                value = Decimal("NaN")
        problem = registered_capital_problem(value)
        if problem:
            errors["registered_capital"] = problem
    if "registered_on" in changes and isinstance(changes["registered_on"], dt.date):
        problem = registered_on_problem(changes["registered_on"])
        if problem:
            errors["registered_on"] = problem
    for name in TEXT_FIELDS:
        if isinstance(changes.get(name), str):
            problem = text_problem(changes[name])
            if problem:
                errors[name] = problem
    if errors:
        raise ValidationError(errors)
