"""What came out of an event: requests raised (as service requests, channel "event"), matchmaking
deals followed from intent to landing, festival figures, coaching-day slots and the expert's notes
(which land in the firm's coaching plan)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError, NotPermitted
from chrysalis.core.services import create_object, update_object
from chrysalis.cultivation.models import CoachingPlan, CoachingSession
from chrysalis.cultivation.services.coaching import coaching_session_add
from chrysalis.enterprises.models import Enterprise
from chrysalis.events.choices import ACTIVE, DEAL_STAGE_ORDER, DealStage, EventKind, RegStatus
from chrysalis.events.models import CoachingSlot, Deal, Event, EventFigures, EventRequest, Registration
from chrysalis.events.services.common import represents, require_enterprise, require_event
from chrysalis.support.choices import Channel
from chrysalis.support.services.requests import request_create

DEAL_FIELDS = (
    "event",
    "enterprise",
    "counterparty",
    "kind",
    "amount",
    "stage",
    "signed_on",
    "landed_on",
    "follow_up",
)
FIGURE_FIELDS = ("event", "participants", "attendance", "visitors", "box_office", "source", "source_note")
SLOT_FIELDS = ("event", "expert", "starts_at", "ends_at", "registration", "notes", "session")


def request_raise(
    *,
    actor,
    event: Event,
    enterprise: Enterprise,
    category: str,
    title: str,
    description: str,
    urgency: str = "normal",
    now=None,
):
    """A request raised at the event becomes a service request (channel "event") linked to it."""

    now = now or timezone.now()
    require_event(actor, event, "view")
    staff = actor is None or Event.objects.restrict(actor, "manage").filter(pk=event.pk).exists()
    if not staff and not represents(actor, enterprise.pk):
        raise NotPermitted(_("Only the event's staff or the firm's own users may raise its requests here."))
    require_enterprise(actor, enterprise)
    if (
        not Registration.objects.filter(event=event, enterprise=enterprise)
        .exclude(status=RegStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            {"enterprise": _("“%(firm)s” is not registered for this event.") % {"firm": enterprise.name}}
        )
    with transaction.atomic():
        req = request_create(
            actor=actor,
            enterprise=enterprise,
            category=category,
            title=title,
            description=description,
            channel=Channel.EVENT,
            urgency=urgency,
            tags=event.get_kind_display(),
            now=now,
        )
        link = EventRequest.objects.create(event=event, request=req)
        record_change(
            actor=actor, action=AuditAction.CREATE, obj=link, after={"event": event.pk, "request": req.pk}
        )
    return req


def _check_firm_at_event(event: Event, enterprise: Enterprise) -> None:
    if not Registration.objects.filter(event=event, enterprise=enterprise, status__in=ACTIVE).exists():
        raise ValidationError(
            {"enterprise": _("“%(firm)s” is not registered for this event.") % {"firm": enterprise.name}}
        )


def deal_create(
    *,
    actor,
    event: Event,
    enterprise: Enterprise,
    counterparty: str,
    kind: str,
    amount=None,
    stage=DealStage.INTENT,
    follow_up: str = "",
) -> Deal:
    require_event(actor, event, "change")
    _check_firm_at_event(event, enterprise)
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    deal = Deal(
        event=event,
        enterprise=enterprise,
        counterparty=(counterparty or "").strip(),
        kind=kind,
        amount=amount,
        stage=stage,
        follow_up=follow_up,
    )
    today = timezone.localdate()
    if stage in (DealStage.SIGNED, DealStage.LANDED):
        deal.signed_on = today
    if stage == DealStage.LANDED:
        deal.landed_on = today
    return cast(Deal, create_object(actor=actor, instance=deal, audit_fields=DEAL_FIELDS))


def deal_update(*, actor, deal: Deal, expected_version=None, on: dt.date | None = None, **changes) -> Deal:
    """Follow a deal up. The stage only moves forward: 意向 → 签约 → 落地."""
    require_event(actor, deal.event, "change")
    on = on or timezone.localdate()
    stage = changes.get("stage", deal.stage)
    if DEAL_STAGE_ORDER[stage] < DEAL_STAGE_ORDER[deal.stage]:
        raise ValidationError(
            {
                "stage": _("A deal moves forward only (intent → signed → landed); it is already “%(stage)s”.")
                % {"stage": deal.get_stage_display()}
            }
        )
    if changes.get("amount") is not None and changes["amount"] < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    if stage != deal.stage:
        if DEAL_STAGE_ORDER[stage] >= 1 and deal.signed_on is None:
            changes["signed_on"] = on
        if stage == DealStage.LANDED:
            changes["landed_on"] = on
    return cast(
        Deal,
        update_object(
            actor=actor,
            instance=deal,
            changes=changes,
            expected_version=expected_version,
            audit_fields=DEAL_FIELDS,
        ),
    )


def figures_save(*, actor, event: Event, expected_version=None, **values) -> EventFigures:
    """Festival figures with their source (one set per event; saved again to correct it)."""
    require_event(actor, event, "change")
    if not values.get("source"):
        raise ValidationError({"source": _("Say where the figures come from.")})
    for name in ("box_office",):
        if values.get(name) is not None and values[name] < 0:
            raise ValidationError({name: _("The amount cannot be negative.")})
    current = EventFigures.objects.filter(event=event).first()
    if current is None:
        saved = create_object(
            actor=actor, instance=EventFigures(event=event, **values), audit_fields=FIGURE_FIELDS
        )
    else:
        saved = update_object(
            actor=actor,
            instance=current,
            changes=values,
            expected_version=expected_version,
            audit_fields=FIGURE_FIELDS,
        )
    return cast(EventFigures, saved)


def slots_create(
    *, actor, event: Event, expert: str, first_start: dt.datetime, minutes: int, count: int
) -> list[CoachingSlot]:
    """An expert's consecutive slots on a coaching day."""
    require_event(actor, event, "change")
    if event.kind != EventKind.COACHING_DAY:
        raise ValidationError(_("Expert slots belong to one-to-one coaching days."))
    if not (expert or "").strip():
        raise ValidationError({"expert": _("Name the expert.")})
    if not 10 <= minutes <= 240 or not 1 <= count <= 20:
        raise ValidationError({"minutes": _("Slots last 10 to 240 minutes; at most 20 slots per expert.")})
    last_end = first_start + dt.timedelta(minutes=minutes * count)
    if first_start < event.starts_at or last_end > event.ends_at:
        raise ValidationError({"first_start": _("The slots must lie within the event's start and end.")})
    slots: list[CoachingSlot] = []
    with transaction.atomic():
        for i in range(count):
            start = first_start + dt.timedelta(minutes=minutes * i)
            if CoachingSlot.objects.filter(event=event, expert=expert.strip(), starts_at=start).exists():
                raise ValidationError(
                    {
                        "first_start": _("%(expert)s already has a slot at %(time)s.")
                        % {"expert": expert, "time": timezone.localtime(start).strftime("%H:%M")}
                    }
                )
            slots.append(
                cast(
                    CoachingSlot,
                    create_object(
                        actor=actor,
                        instance=CoachingSlot(
                            event=event,
                            expert=expert.strip(),
                            starts_at=start,
                            ends_at=start + dt.timedelta(minutes=minutes),
                        ),
                        audit_fields=SLOT_FIELDS,
                    ),
                )
            )
    return slots


def slot_book(*, actor, slot: CoachingSlot, registration: Registration) -> CoachingSlot:
    """A registered firm (its user, or door staff on its behalf) books a free slot; one slot per firm."""
    event = slot.event
    if registration.event_id != event.pk:
        raise ValidationError(_("This registration is for another event."))
    if registration.status not in (RegStatus.CONFIRMED, RegStatus.CHECKED_IN):
        raise ValidationError(_("Only a firm with a confirmed seat can book a slot."))
    staff = actor is None or Event.objects.restrict(actor, "manage").filter(pk=event.pk).exists()
    if not staff and not represents(actor, registration.enterprise_id):
        raise NotPermitted(_("Only the firm's own users or the event's staff may book its slot."))
    with transaction.atomic():
        current = CoachingSlot.objects.select_for_update().get(pk=slot.pk)
        if current.registration_id is not None:
            raise ValidationError(_("This slot is already booked; choose another one."))
        if CoachingSlot.objects.filter(registration=registration).exists():
            raise ValidationError(_("This firm already has a slot on this coaching day."))
        before = snapshot(current, SLOT_FIELDS)
        current.registration = registration
        current.version += 1
        current.save(update_fields=["registration", "version", "updated_at"])
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=snapshot(current, SLOT_FIELDS),
        )
    return current


def slot_notes(*, actor, slot: CoachingSlot, notes: str, expected_version=None) -> CoachingSlot:
    """The expert's notes of a one-to-one session; they land in the firm's coaching plan as a
    coaching session when the firm has one (the pool's coaching sessions)."""

    require_event(actor, slot.event, "change")
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Write what the expert advised.")})
    with transaction.atomic():
        current = (
            CoachingSlot.objects.select_for_update(of=("self",))
            .select_related("registration", "event")
            .get(pk=slot.pk)
        )
        if expected_version is not None and current.version != expected_version:
            raise ConflictError()
        if current.registration_id is None:
            raise ValidationError(_("Nobody booked this slot; notes are kept for booked sessions only."))
        before = snapshot(current, SLOT_FIELDS)
        plan = (
            CoachingPlan.objects.filter(entry__enterprise_id=current.registration.enterprise_id)
            .order_by("-year", "-pk")
            .first()
        )
        text = f"{current.event.title} · {current.expert}\n{notes}"
        if current.session_id:
            CoachingSession.objects.filter(pk=current.session_id).update(notes=text)
        elif plan is not None and actor is not None:
            current.session = coaching_session_add(
                actor=actor, plan=plan, held_on=timezone.localtime(current.starts_at).date(), notes=text
            )
        current.notes = notes
        current.version += 1
        current.save(update_fields=["notes", "session", "version", "updated_at"])
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=snapshot(current, SLOT_FIELDS),
        )
    return current
