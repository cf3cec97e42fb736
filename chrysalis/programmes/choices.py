"""Closed vocabularies of the programmes module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")
    DELAYED = "delayed", _("Delayed")


class TargetStatus(models.TextChoices):
    """Decided by `chrysalis.programmes.progress.assess` (the rule is shown beside every status)."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind schedule")
    NOT_STARTED = "not_started", _("Not started")
    NO_DATA = "no_data", _("No data")


# Colours of the leader's page (Tabler palette), one per status.
STATUS_COLOURS = {
    TargetStatus.ACHIEVED: "#2fb344",
    TargetStatus.ON_TRACK: "#206bc4",
    TargetStatus.AT_RISK: "#f59f00",
    TargetStatus.BEHIND: "#d63939",
    TargetStatus.NOT_STARTED: "#9aa0ac",
    TargetStatus.NO_DATA: "#cfd4db",
}


class ListingStage(models.TextChoices):
    """上市培育: the firm's place on the listing track (ordered)."""

    CULTIVATING = "cultivating", _("Cultivating (listing reserve)")
    SHAREHOLDING = "shareholding", _("Joint-stock reform done")
    TUTORING = "tutoring", _("Tutoring filed with the regulator")
    FILED = "filed", _("Application accepted")
    LISTED = "listed", _("Listed")


LISTING_RANK = {s: i for i, s in enumerate(ListingStage.values)}


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
