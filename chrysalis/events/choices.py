"""Choices of the events module (活动)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    TRAINING = "training", _("Training")
    MATCHMAKING = "matchmaking", _("Matchmaking (百场千企)")
    COACHING_DAY = "coaching_day", _("One-to-one coaching day")
    PARTY_BUILDING = "party_building", _("Joint Party building")
    ARTS = "arts", _("Arts education event (美育活动)")
    FESTIVAL = "festival", _("Festival")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INVITATION = "invitation", _("Invitation only")


class CoOrganiserKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    BANK = "bank", _("Bank")
    EXPERT = "expert", _("Outside expert")
    ASSOCIATION = "association", _("Association / company")
    OTHER = "other", _("Other")


class RegStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


# States that hold a seat, and states that count as "one registration of this firm" (not cancelled).
SEATED = frozenset({RegStatus.CONFIRMED, RegStatus.CHECKED_IN})
ACTIVE = frozenset({RegStatus.REGISTERED, RegStatus.WAITLISTED, RegStatus.CONFIRMED, RegStatus.CHECKED_IN})


class RegEvent(models.TextChoices):
    REGISTER = "register", _("Register")
    CONFIRM = "confirm", _("Confirm a seat")
    WAITLIST = "waitlist", _("Put on the waitlist")
    PROMOTE = "promote", _("Promote from the waitlist")
    CHECK_IN = "check_in", _("Check in")
    NO_SHOW = "no_show", _("Mark as no-show")
    CANCEL = "cancel", _("Cancel")


class RegChannel(models.TextChoices):
    SELF = "self", _("Registered by the enterprise")
    STAFF = "staff", _("Registered by staff on the enterprise's behalf")
    WALK_IN = "walk_in", _("Walk-in")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code (own phone)")
    STAFF = "staff", _("Staff at the door")
    WALK_IN = "walk_in", _("Walk-in")


class DealKind(models.TextChoices):
    BUYER_SUPPLIER = "buyer_supplier", _("Buyer ↔ supplier")
    BANK_LOAN = "bank_loan", _("Bank ↔ firm (credit)")
    INVESTMENT = "investment", _("Investment")
    TECHNOLOGY = "technology", _("Technology cooperation")
    OTHER = "other", _("Other")


class DealStage(models.TextChoices):
    INTENT = "intent", _("Intent")
    SIGNED = "signed", _("Signed")
    LANDED = "landed", _("Landed")


DEAL_STAGE_ORDER: dict[str, int] = {DealStage.INTENT: 0, DealStage.SIGNED: 1, DealStage.LANDED: 2}


class FigureSource(models.TextChoices):
    ORGANISER = "organiser", _("Organiser's count")
    TICKETING = "ticketing", _("Ticketing platform")
    TELECOM = "telecom", _("Mobile-signal estimate")
    POLICE = "police", _("Public security estimate")
    MEDIA = "media", _("Media report")
    OTHER = "other", _("Other")
