"""Exception types of the criteria engine.

Every error the engine raises on bad input derives from :class:`CriteriaError`, so callers
(the web app, the API, the CLI) can catch one type and show the message.
"""

from __future__ import annotations

from dataclasses import dataclass


class CriteriaError(Exception):
    """Base class of all criteria-engine errors."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a facts document: where (a dotted/indexed path) and what."""

    path: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message_zh} ({self.message_en})"


class FactsError(CriteriaError, ValueError):
    """The facts document is invalid. ``problems`` lists every problem found (all of them,
    not just the first); nothing has been evaluated."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"企业数据有 {len(self.problems)} 处错误 / invalid facts:\n{lines}")

    def as_list(self) -> list[dict[str, str]]:
        return [
            {"path": p.path, "message_zh": p.message_zh, "message_en": p.message_en} for p in self.problems
        ]


class UnknownRuleSetError(CriteriaError, LookupError):
    """No rule set with that id, or none applies to the (tier, application, date) asked for."""


class CatalogueError(CriteriaError):
    """A catalogue entry (rule set or overlay) is malformed. Raised at import/registration time."""


class ConditionError(CriteriaError, ValueError):
    """A condition-language expression is invalid (syntax, unknown feature, wrong type).

    ``position`` is the 0-based character offset of the problem, when known."""

    def __init__(self, message: str, position: int | None = None, text: str | None = None) -> None:
        self.message = message
        self.position = position
        self.text = text
        where = ""
        if position is not None and text is not None:
            where = f"\n  {text}\n  {' ' * _display_width(text[:position])}^"
        elif position is not None:
            where = f" (位置 {position})"
        super().__init__(f"{message}{where}")


def _display_width(s: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
