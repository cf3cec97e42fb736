"""The vocabularies of an assessment: four-valued criterion outcomes (A2) and three-valued
verdicts. ``StrEnum`` members equal their string values, so JSON, the database columns of the
screening app and comparisons with plain strings see exactly the strings of facts-format.md."""

from __future__ import annotations

from enum import StrEnum

from .exact import Truth


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NEEDS_REVIEW = "needs_review"

    @property
    def truth(self) -> Truth:
        """As a three-valued truth (needs_review and unknown are both undecided)."""
        return True if self is Outcome.MET else False if self is Outcome.NOT_MET else None

    @classmethod
    def of(cls, t: Truth) -> Outcome:
        return cls.MET if t is True else cls.NOT_MET if t is False else cls.UNKNOWN


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"

    @classmethod
    def of(cls, t: Truth) -> Verdict:
        return cls.ELIGIBLE if t is True else cls.NOT_ELIGIBLE if t is False else cls.UNDETERMINED
