"""Shared checks of the investment services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chrysalis.investment.choices import Direction
from chrysalis.investment.models import Project

# An amount above this (亿元) is probably typed in 元 or 万元: the user must confirm it.
CONFIRM_ABOVE = Decimal("200")
# Above this nothing is plausible (more than a whole province's yearly investment): refused.
ABSURD_ABOVE = Decimal("10000")


def plain_number(value: Decimal) -> str:
    """12.50 -> "12.5", 20 -> "20", 5E+6 -> "5000000" (never scientific notation in a message)."""
    text = format(value.normalize(), "f")
    return text


def clean_direction(value: str) -> str:
    if value not in Direction.values:
        raise ValidationError(
            {
                "direction": _("“%(value)s” is not a task-force direction. Choose one of: %(allowed)s.")
                % {"value": value, "allowed": "、".join(str(label) for label in Direction.labels)}
            }
        )
    return value


def clean_amounts(values: dict, *, confirmed: bool) -> dict:
    """Amounts in 亿元: not negative, not absurd; above CONFIRM_ABOVE only when confirmed."""

    errors: dict[str, str] = {}
    cleaned: dict = {}
    for name, raw in values.items():
        label = str(getattr(Project._meta.get_field(name), "verbose_name", name))
        if raw in (None, ""):
            cleaned[name] = None
            continue
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            errors[name] = _("%(field)s must be a number (100 million yuan).") % {"field": label}
            continue
        if not value.is_finite() or value < 0:
            errors[name] = _("%(field)s cannot be negative.") % {"field": label}
        elif value > ABSURD_ABOVE:
            errors[name] = _(
                "%(field)s of %(value)s (100 million yuan) is not plausible. "
                "Amounts are entered in 100 million "
                "yuan (亿元): 5000万元 is 0.5."
            ) % {"field": label, "value": plain_number(value)}
        elif value > CONFIRM_ABOVE and not confirmed:
            errors[name] = _(
                "%(field)s of %(value)s (100 million yuan) is unusually large. "
                "Check that it is in 亿元, not in "
                "元 or 万元, then tick the confirmation box."
            ) % {"field": label, "value": plain_number(value)}
        else:
            cleaned[name] = value.quantize(Decimal("0.0001"))
    if errors:
        raise ValidationError(errors, code="amount")
    return cleaned


def clean_date(value, field: str, *, not_before: dt.date | None = None, today: dt.date) -> dt.date:
    if value is None:
        raise ValidationError({field: _("Give the date.")})
    if value > today:
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not_before and value < not_before:
        raise ValidationError(
            {field: _("The date cannot be before %(date)s.") % {"date": not_before.isoformat()}}
        )
    return value
