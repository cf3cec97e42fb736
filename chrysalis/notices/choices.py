from django.db import models
from django.utils.translation import gettext_lazy as _

from chrysalis.notices.parser import Kind as ParserKind


class Kind(models.TextChoices):
    LOST = ParserKind.LOST.value, _("Lost-document declaration")
    VOID = ParserKind.VOID.value, _("Void declaration")
    DEREGISTRATION = ParserKind.DEREGISTRATION.value, _("Deregistration notice")
    SIMPLE_DEREGISTRATION = ParserKind.SIMPLE_DEREGISTRATION.value, _("Simplified deregistration notice")
    CAPITAL_REDUCTION = ParserKind.CAPITAL_REDUCTION.value, _("Capital reduction notice")
    MERGER = ParserKind.MERGER.value, _("Merger notice")
    SPLIT = ParserKind.SPLIT.value, _("Split notice")
    OTHER = ParserKind.OTHER.value, _("Other notice")


# Kinds that void a document (verify-by-number answers for them) and kinds with a creditors' period.
DECLARATION_KINDS = frozenset({Kind.LOST, Kind.VOID})
CREDITOR_KINDS = frozenset(
    {Kind.DEREGISTRATION, Kind.SIMPLE_DEREGISTRATION, Kind.CAPITAL_REDUCTION, Kind.MERGER, Kind.SPLIT}
)
DEREGISTRATION_KINDS = frozenset({Kind.DEREGISTRATION, Kind.SIMPLE_DEREGISTRATION})


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.EXPIRED})


class Event(models.TextChoices):
    CREATE = "create", _("Create")
    REVIEW = "review", _("Mark reviewed")
    RETURN = "return", _("Return to draft")
    PUBLISH = "publish", _("Publish")
    EXPIRE = "expire", _("Expire")
    WITHDRAW = "withdraw", _("Withdraw")


class SourceKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    PLATFORM = "platform", _("This platform")


class RegistryLink(models.TextChoices):
    NONE = "", _("Not linked")
    USCC = "uscc", _("By unified social credit code")
    NAME = "name", _("By exact name")
    MANUAL = "manual", _("Chosen by staff")
