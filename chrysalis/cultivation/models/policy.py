"""A district's setting per rule set: single-source or unresolved conditions decide as hard rules
or go to review (issue 12). Read when a firm is assessed (cultivation) and copied into each
screening run (screening)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope
from chrysalis.criteria import UnknownRuleSetError, get_rule_set


class UncertainMode(models.TextChoices):
    """How a condition resting on a single source or an unresolved reading decides (A2)."""

    HARD = "hard", _("Decide by the data, as a hard rule")
    REVIEW = "review", _("Send to review, with the computed result as evidence")


class RuleSetPolicy(VersionedModel):
    """A district's choice for one rule set: do its single-source and unresolved conditions
    decide as hard rules (the default) or go to a reviewer with the computed result as evidence?
    Applies to the firms of the district and every unit below it (the nearest policy wins)."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    rule_set = models.CharField(_("rule set"), max_length=60)
    uncertain = models.CharField(
        _("uncertain conditions"), max_length=10, choices=UncertainMode.choices, default=UncertainMode.HARD
    )

    class Meta:
        ordering = ["org_unit__path", "rule_set"]
        verbose_name = _("rule set setting")
        verbose_name_plural = _("rule set settings")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "rule_set"], name="cultivation_rulesetpolicy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_set}: {self.uncertain}"

    def clean(self) -> None:
        try:
            get_rule_set(self.rule_set)
        except UnknownRuleSetError:
            raise ValidationError({"rule_set": _("Unknown rule set.")}) from None

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return scope.q_org("org_unit__path", Role.DISTRICT_ADMIN)
