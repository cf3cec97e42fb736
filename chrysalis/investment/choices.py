"""Choices of investment promotion (招商突击队) and cadre development."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Headquarters economy")
    FUTURE = "future", _("Future industries")
    FINANCE = "finance", _("Finance and funds")
    FASHION = "fashion", _("Fashion industry")


class Stage(models.TextChoices):
    LEAD = "lead", _("New lead")
    CONTACT = "contact", _("First contact")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    LANDED = "landed", _("Registered and landed")
    STARTED = "started", _("Construction started")
    PRODUCING = "producing", _("In production")
    SHELVED = "shelved", _("Shelved")
    LOST = "lost", _("Lost")


# The pipeline in order; SHELVED and LOST sit beside it.
PIPELINE = (
    Stage.LEAD,
    Stage.CONTACT,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.LANDED,
    Stage.STARTED,
    Stage.PRODUCING,
)
ORDER: dict[str, int] = {s: i for i, s in enumerate(PIPELINE)}
LANDED_OR_LATER = frozenset({Stage.LANDED, Stage.STARTED, Stage.PRODUCING})


class Source(models.TextChoices):
    VISIT = "visit", _("Visit or trip")
    REFERRAL = "referral", _("Referral by a firm (以商引商)")
    AGENT = "agent", _("Agent or chamber")
    FAIR = "fair", _("Promotion fair")
    INBOUND = "inbound", _("Came to us")
    OTHER = "other", _("Other")


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("Awaiting decision")
    DECIDED = "decided", _("Decided")


class ConflictDecision(models.TextChoices):
    FIRST_KEEPS = "first_keeps", _("The first lead keeps it; the later one is closed")
    TRANSFER = "transfer", _("Given to the later team")
    JOINT = "joint", _("Both teams follow it jointly")
    NOT_DUPLICATE = "not_duplicate", _("Not the same investor")


class Metric(models.TextChoices):
    LANDED = "landed", _("Projects landed")
    MAJOR_LANDED = "major_landed", _("Projects landed of 1 billion yuan or more")
    SIGNED = "signed", _("Projects signed")
    SIGNED_AMOUNT = "signed_amount", _("Amount signed (100 million yuan)")
    LANDED_AMOUNT = "landed_amount", _("Amount landed (100 million yuan)")
    NEW_LEADS = "new_leads", _("New leads")
    ADVANCES = "advances", _("Stage advances")
    VISITS = "visits", _("Companies visited")


class QuarterStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed and frozen")


class Subject(models.TextChoices):
    TEAM = "team", _("Task force")
    CADRE = "cadre", _("Cadre")


class CohortKind(models.TextChoices):
    ACADEMY = "academy", _("Young cadre academy (青尚学堂)")
    CLASS = "class", _("Training class (鲲鹏班)")
    OTHER = "other", _("Other")


class PostingKind(models.TextChoices):
    UP = "up", _("Seconded upward (上挂)")
    DOWN = "down", _("Sent down (下派)")
    ROTATION = "rotation", _("Cross rotation (交叉轮岗)")
    SHADOW = "shadow", _("Shadowing (跟岗锻炼)")
    PROJECT = "project", _("Leading a project (项目领办)")


class FrontlineKind(models.TextChoices):
    MAJOR_PROJECT = "major_project", _("Major project")
    EVENT = "event", _("Event support")
    TASK_FORCE = "task_force", _("Task force")
    OTHER = "other", _("Other front-line work")
