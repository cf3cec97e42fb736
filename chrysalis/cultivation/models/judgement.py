"""Reviewer judgements on needs-review criteria (A2 of the tier criteria)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope
from chrysalis.enterprises.models.enterprise import enterprise_q


class JudgementOutcome(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")


class ReviewJudgement(VersionedModel):
    """A person's ruling that a qualitative criterion is met or not, for one firm and one year.

    It counts in that firm's assessments for that application year (it is fed into the facts
    document's `judgements`), and the assessment shows it came from a person.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="judgements",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("application year"))
    criterion = models.CharField(_("criterion"), max_length=32)
    outcome = models.CharField(_("judgement"), max_length=10, choices=JudgementOutcome.choices)
    reason = models.TextField(_("why"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Documents seen, expert panel, site visit …")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_on = models.DateField(_("decided on"))

    class Meta:
        ordering = ["-year", "criterion"]
        verbose_name = _("reviewer judgement")
        verbose_name_plural = _("reviewer judgements")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "criterion"], name="cultivation_judgement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.criterion}: {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:

        return reverse("cultivation:assessment", args=[self.enterprise_id]) + f"?year={self.year}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return enterprise_q(scope, "view", "enterprise__")
        if action in {"add", "change", "delete"}:
            return judges_q(scope, "enterprise__")
        return None


def judges_q(scope: Scope, prefix: str = "") -> Q | None:
    """Enterprises (or, with a prefix, their rows) on which the user may record judgements.
    Staff reviewers only — district admins and service officers in their reach; a firm never
    judges itself."""
    return scope.q_org(f"{prefix}org_unit__path", Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER)
