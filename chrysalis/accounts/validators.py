"""Password rules with 等保-style defaults (configurable in settings)."""

from __future__ import annotations

import string
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    classes = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                ngettext(
                    "The password must mix at least %(n)d kind of character: lower-case letters, upper-case "
                    "letters, digits, symbols.",
                    "The password must mix at least %(n)d kinds of characters: lower-case letters, "
                    "upper-case letters, digits, symbols.",
                    self.min_classes,
                )
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Use at least %(n)d of: lower-case letters, upper-case letters, digits, symbols.") % {
            "n": self.min_classes
        }


class MinimumLengthValidator:
    """At least `min_length` characters (Django's own check, with the project's words and translation)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "The password is too short: use at least %(n)d character.",
                    "The password is too short: use at least %(n)d characters.",
                    self.min_length,
                )
                % {"n": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(n)d character.", "Use at least %(n)d characters.", self.min_length
        ) % {"n": self.min_length}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class UserNameValidator:
    """Refuses a password built from the user name: the name (at least 3 characters), forwards or
    backwards, anywhere in it, ignoring case and full-width forms (`Sysadmin#2026!`, `nimdasys-2026`)."""

    min_name_length = 3

    def validate(self, password: str, user=None) -> None:
        username = _fold(getattr(user, "username", "") or "") if user is not None else ""
        if len(username) < self.min_name_length:
            return
        folded = _fold(password)
        if username in folded or username[::-1] in folded:
            raise ValidationError(
                _("The password must not contain the user name, forwards or backwards."),
                code="password_contains_username",
            )

    def get_help_text(self) -> str:
        return _("Do not build the password from your user name.")
