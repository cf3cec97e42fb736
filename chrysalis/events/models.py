"""Events (活动), their co-organisers, invitations, registrations (with one state machine),
outcomes (requests raised, deals, feedback, festival figures) and coaching-day expert slots.

Scope: an event belongs to its organiser unit; the staff of that unit's subtree see and run it.
Everyone signed in sees public events; enterprise users also see the events their firm is invited
to or registered for. Child rows are scoped through their event (plus, for registrations, the
firm's own users and the staff who serve the firm).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.events.choices import (
    CheckInMethod,
    CoOrganiserKind,
    DealKind,
    DealStage,
    EventKind,
    FigureSource,
    RegChannel,
    RegEvent,
    RegStatus,
    Visibility,
)

DA, SO, GW, VO = Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER, Role.VILLAGE_OPERATOR
ORGANISERS = (DA, SO, VO)  # plan, edit, invite, record outcomes
DOOR_STAFF = (DA, SO, VO, GW)  # see the event's lists, check people in, register firms on their behalf
MONEY = {"max_digits": 14, "decimal_places": 2}


def own_enterprises(scope: Scope) -> list[int]:
    """The firms an enterprise user represents."""
    own = getattr(scope, "own_enterprises", None)
    if own is None:
        own = scope.extra.get("enterprises") or frozenset()
    return sorted(own)


def event_q(scope: Scope, action: str, prefix: str = "") -> Q | None:
    path = f"{prefix}organiser_unit__path"
    if action in {"add", "change", "delete"}:
        return scope.q_org(path, *ORGANISERS)
    if action == "manage":
        return scope.q_org(path, *DOOR_STAFF)
    if action == "export":
        return scope.q_org(path, *DOOR_STAFF)
    if action != "view":
        return None
    own = own_enterprises(scope)
    parts: list[Q | None] = [scope.q_org(path, *DOOR_STAFF), Q(**{f"{prefix}visibility": Visibility.PUBLIC})]
    if own:
        key = f"{prefix}id__in" if prefix else "pk__in"
        invited = Invitation.objects.filter(enterprise_id__in=own).values("event_id")
        registered = Registration.objects.filter(enterprise_id__in=own).values("event_id")
        parts += [Q(**{key: invited}), Q(**{key: registered})]
    return any_of(*parts)


class Event(VersionedModel):
    """One event: a briefing, training, matchmaking, coaching day, festival …"""

    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices, db_index=True)
    organiser_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    venue = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity (firms)"),
        null=True,
        blank=True,
        help_text=_("Seats counted per firm; leave empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancel_closes_at = models.DateTimeField(
        _("cancellation cut-off"),
        null=True,
        blank=True,
        help_text=_("Firms may cancel until this time; empty: until the start."),
    )
    visibility = models.CharField(
        _("audience"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    tier_target = models.CharField(_("tier it serves"), max_length=16, blank=True)
    programme = models.CharField(_("programme it serves"), max_length=100, blank=True)
    village = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="village_events",
        verbose_name=_("village"),
    )
    description = models.TextField(_("description"), blank=True)
    checkin_code = models.CharField(_("check-in code"), max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    # running figures kept by the registration services under the event's lock (the dashboard
    # reads them instead of scanning registrations); `services.registrations.recount()` rebuilds them
    n_registered = models.PositiveIntegerField(_("registrations"), default=0, editable=False)
    n_waitlisted = models.PositiveIntegerField(_("waitlisted"), default=0, editable=False)
    n_checked_in = models.PositiveIntegerField(_("checked in"), default=0, editable=False)
    n_no_show = models.PositiveIntegerField(_("no-shows"), default=0, editable=False)
    n_rated = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    rating_sum = models.PositiveIntegerField(_("sum of ratings"), default=0, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]
        indexes = [
            models.Index(fields=["organiser_unit", "starts_at"], name="events_event_unit_start"),
            models.Index(fields=["kind", "starts_at"], name="events_event_kind_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.checkin_code:
            self.checkin_code = secrets.token_urlsafe(12)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return event_q(scope, action)

    @property
    def cancel_deadline(self):
        return self.cancel_closes_at or self.starts_at


class EventChild(models.Model):
    """Rows that belong to one event: visible to whoever sees the event, written by its organisers."""

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.event_id])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action == "view":
            return event_q(scope, "manage", "event__")
        return event_q(scope, "export" if action == "export" else "change", "event__")


class CoOrganiser(EventChild):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="co_organisers", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CoOrganiserKind.choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")

    def __str__(self) -> str:
        return self.name


def firm_child_q(scope: Scope, action: str) -> Q | None:
    """Registrations and invitations: the event's staff, the staff serving the firm, the firm's own users."""
    if action not in {"view", "export", "change"}:
        return None
    if action == "export":
        return event_q(scope, "export", "event__")
    own = own_enterprises(scope)
    return any_of(
        event_q(scope, "manage", "event__"),
        scope.q_org("enterprise__org_unit__path", DA, SO, GW) if action == "view" else None,
        Q(enterprise_id__in=own) if own else None,
    )


class Invitation(models.Model):
    """A firm invited to an event (built from a registry filter or a pool selection)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("enterprise"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"))
    source = models.CharField(_("selection"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise"],
                name="events_invitation_unique",
                violation_error_message=_("This firm is already invited."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.enterprise_id}"

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.event_id])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return firm_child_q(scope, action)


class Registration(VersionedModel):
    """One firm's registration for one event, moved only by the registration state machine."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("enterprise"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegStatus.choices, default=RegStatus.REGISTERED, db_index=True
    )
    channel = models.CharField(
        _("registered through"), max_length=10, choices=RegChannel.choices, default=RegChannel.SELF
    )
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    attendees = models.JSONField(_("attendees"), default=list, blank=True)
    questions = models.TextField(_("questions and requests submitted in advance"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checkin_method = models.CharField(
        _("check-in by"), max_length=10, choices=CheckInMethod.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise"],
                condition=~Q(status="cancelled"),
                name="events_registration_one_per_firm",
                violation_error_message=_(
                    "This firm is already registered for this event; one registration per firm."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="events_registration_rating_1_5",
                violation_error_message=_("Rate the event from 1 (poor) to 5 (excellent)."),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "registered_at"], name="events_reg_event_status"),
            models.Index(fields=["enterprise", "status"], name="events_reg_firm_status"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return firm_child_q(scope, action)

    @property
    def attendee_lines(self) -> str:
        return "\n".join(f"{a.get('name', '')} {a.get('position', '')}".strip() for a in self.attendees or [])


class RegistrationHistory(models.Model):
    """History row of one registration move (append-only): actor, time, from, to, reason."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="history", verbose_name=_("registration")
    )
    event = models.CharField(_("action"), max_length=12, choices=RegEvent.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=RegStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=RegStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_repr = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("registration history")
        verbose_name_plural = _("registration history")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.event}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        q = firm_child_q(scope, "view" if action == "view" else "export")
        if q is None:
            return None
        return Q(registration__in=Registration.objects.filter(q).values("pk"))


class EventRequest(EventChild):
    """A service request (诉求) raised at an event; the request itself lives in enterprise service."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="raised_requests", verbose_name=_("event")
    )
    request = models.OneToOneField(
        "support.ServiceRequest",
        on_delete=models.CASCADE,
        related_name="event_link",
        verbose_name=_("request"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("request raised at the event")
        verbose_name_plural = _("requests raised at the event")

    def __str__(self) -> str:
        return str(self.request)


class Deal(EventChild, VersionedModel):
    """A matchmaking result (百场千企): buyer ↔ supplier or bank ↔ firm, followed from intent to landing."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deals", verbose_name=_("event"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="event_deals",
        verbose_name=_("enterprise"),
    )
    counterparty = models.CharField(_("counterparty"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=DealKind.choices)
    amount = models.DecimalField(_("amount (10k yuan)"), null=True, blank=True, **MONEY)
    stage = models.CharField(
        _("stage"), max_length=8, choices=DealStage.choices, default=DealStage.INTENT, db_index=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    landed_on = models.DateField(_("landed on"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="events_deal_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ↔ {self.counterparty}"


class EventFigures(EventChild, VersionedModel):
    """Figures of a public festival: attendance, visitors, box office, with their source."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="figures", verbose_name=_("event")
    )
    participants = models.PositiveIntegerField(_("participants (teams / performers)"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    box_office = models.DecimalField(
        _("ticket / box-office revenue (10k yuan)"), null=True, blank=True, **MONEY
    )
    source = models.CharField(_("source"), max_length=12, choices=FigureSource.choices)
    source_note = models.CharField(_("source detail"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("festival figures")
        verbose_name_plural = _("festival figures")

    def __str__(self) -> str:
        return str(self.event)


class CoachingSlot(EventChild, VersionedModel):
    """An expert's time slot on a coaching day; a firm books it; the notes land in its coaching plan."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("event"))
    expert = models.CharField(_("expert"), max_length=80)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slot",
        verbose_name=_("booked by"),
    )
    notes = models.TextField(_("expert's notes"), blank=True)
    session = models.ForeignKey(
        "cultivation.CoachingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coaching session"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "expert", "pk"]
        verbose_name = _("coaching slot")
        verbose_name_plural = _("coaching slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_slot_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.UniqueConstraint(
                fields=["event", "expert", "starts_at"],
                name="events_slot_unique",
                violation_error_message=_("This expert already has a slot at this time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.starts_at:%H:%M}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action == "view":
            # firms see the slots of the coaching days they may see, to book one
            return event_q(scope, "view", "event__")
        return super().scope_q(scope, action)
