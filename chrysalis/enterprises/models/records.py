"""Records kept per enterprise: IP, titles, awards, contests, financing rounds, incidents, contacts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import SoftDeleteModel, VersionedModel
from chrysalis.enterprises.choices import (
    AwardKind,
    AwardLevel,
    ContestKind,
    IncidentKind,
    IPKind,
    Placement,
    RecordOrigin,
    Severity,
    TitleKind,
)
from chrysalis.enterprises.crypto import EncryptedTextField, mask_id_number, mask_phone
from chrysalis.enterprises.models.enterprise import MONEY, EnterpriseChild

ENT = {"on_delete": models.CASCADE, "verbose_name": _("enterprise")}


class AssessedRecord(SoftDeleteModel):
    """A record that feeds the assessment: it has an origin and is only ever soft-deleted."""

    origin = models.CharField(
        _("origin"), max_length=20, choices=RecordOrigin.choices, default=RecordOrigin.STAFF
    )

    class Meta:
        abstract = True

    @property
    def self_reported(self) -> bool:
        return self.origin == RecordOrigin.SELF_REPORTED


class IPRight(EnterpriseChild, AssessedRecord, VersionedModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="ip_rights", **ENT)
    kind = models.CharField(_("kind"), max_length=30, choices=IPKind.choices)
    number = models.CharField(_("registration number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    self_developed = models.BooleanField(_("self-developed"), null=True, blank=True)
    high_value = models.BooleanField(_("high-value patent"), null=True, blank=True)
    related_to_leading_product = models.BooleanField(
        _("related to the leading product"), null=True, blank=True
    )
    applied_with_benefit = models.BooleanField(_("applied with economic benefit"), null=True, blank=True)
    transferred_in_on = models.DateField(_("transferred in on"), null=True, blank=True)
    holder_rank = models.PositiveSmallIntegerField(_("holder rank"), null=True, blank=True)
    valid = models.BooleanField(_("valid"), null=True, blank=True, default=True)

    class Meta:
        ordering = ["enterprise", "-granted_on", "pk"]
        verbose_name = _("IP right")
        verbose_name_plural = _("IP rights")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.title}"


class Title(EnterpriseChild, AssessedRecord, VersionedModel):
    """An official title or certificate (称号/资质) with its validity."""

    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="titles", **ENT)
    kind = models.CharField(_("kind"), max_length=30, choices=TitleKind.choices)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    batch = models.CharField(_("batch"), max_length=20, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=80, blank=True)

    class Meta:
        ordering = ["enterprise", "-granted_on", "pk"]
        verbose_name = _("title")
        verbose_name_plural = _("titles and certificates")
        indexes = [
            # the list's "holds a valid title" filter: the holders of a kind read from the index alone
            models.Index(
                fields=["kind", "valid_until", "enterprise"],
                name="ent_title_holders",
                condition=Q(deleted_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def is_valid_on(self, day) -> bool:
        return (self.granted_on is None or self.granted_on <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


class Award(EnterpriseChild, AssessedRecord, VersionedModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="awards", **ENT)
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank (class)"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    name = models.CharField(_("award name"), max_length=120, blank=True)

    class Meta:
        ordering = ["enterprise", "-year", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())


class Contest(EnterpriseChild, AssessedRecord, VersionedModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="contests", **ENT)
    kind = models.CharField(_("kind"), max_length=20, choices=ContestKind.choices)
    placement = models.CharField(_("placement"), max_length=10, choices=Placement.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    name = models.CharField(_("contest name"), max_length=120, blank=True)

    class Meta:
        ordering = ["enterprise", "-year", "pk"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())


class EquityRound(EnterpriseChild, AssessedRecord, VersionedModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="equity_rounds", **ENT)
    date = models.DateField(_("date"), null=True, blank=True)
    round_name = models.CharField(_("round"), max_length=40, blank=True)
    investor = models.CharField(_("investor"), max_length=120, blank=True)
    paid_in = models.DecimalField(_("paid in (10k yuan)"), null=True, blank=True, **MONEY)
    qualified_investor = models.BooleanField(_("qualified investor"), null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "-date", "pk"]
        verbose_name = _("equity financing round")
        verbose_name_plural = _("equity financing rounds")

    def __str__(self) -> str:
        return f"{self.round_name or _('round')} {self.date or ''}"


class Incident(EnterpriseChild, AssessedRecord, VersionedModel):
    """A compliance incident (安全、质量、环境… 事故或违法)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="incidents", **ENT)
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["enterprise", "-date", "pk"]
        verbose_name = _("compliance incident")
        verbose_name_plural = _("compliance incidents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date or ''}"


class Contact(EnterpriseChild, VersionedModel):
    """A contact person. Phone and ID numbers are encrypted at rest and masked on display."""

    scope_part = "contacts"

    enterprise = models.ForeignKey("enterprises.Enterprise", related_name="contacts", **ENT)
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position"), max_length=60, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        ordering = ["enterprise", "-is_primary", "name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)
