"""Registrations: register (or walk in), the guarded moves, waitlist promotion, check-in, feedback.

Every write locks the event row first (then the registration), so seats are counted and given out
one at a time: with 50 seats and 200 firms registering at the same instant, exactly 50 are
confirmed and 150 waitlisted. Each move writes a history row and an audit record in the same
transaction; a refused move changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import NotPermitted
from chrysalis.enterprises.models import Enterprise
from chrysalis.events import workflows
from chrysalis.events.choices import (
    ACTIVE,
    SEATED,
    CheckInMethod,
    RegChannel,
    RegEvent,
    RegStatus,
    Visibility,
)
from chrysalis.events.models import Event, Invitation, Registration, RegistrationHistory, own_enterprises
from chrysalis.events.services.common import (
    actor_repr,
    capacities,
    is_door_staff,
    is_organiser,
    real_actor,
    represents,
    require_enterprise,
    require_event,
)
from chrysalis.events.services.notifications import notify_firm_users

AUDIT_FIELDS = (
    "event",
    "enterprise",
    "status",
    "channel",
    "attendees",
    "questions",
    "checkin_method",
    "rating",
    "comment",
)
MAX_ATTENDEES = 10
SELF_CHECKIN_BEFORE = dt.timedelta(hours=2)
SELF_CHECKIN_AFTER = dt.timedelta(hours=2)


def _t(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def parse_attendees(text_or_list) -> list[dict]:
    """Attendees as a list of {name, position}; from a textarea: one person a line, "name position"."""
    if isinstance(text_or_list, (list, tuple)) and all(isinstance(p, dict) for p in text_or_list):
        people = [dict(p) for p in text_or_list]
    else:
        lines = text_or_list if isinstance(text_or_list, (list, tuple)) else (text_or_list or "").splitlines()
        people = []
        for line in lines:
            parts = line.replace("，", " ").replace(",", " ").split(None, 1)
            if parts:
                people.append({"name": parts[0], "position": parts[1].strip() if len(parts) > 1 else ""})
    cleaned = []
    for p in people:
        name = str(p.get("name", "")).strip()[:40]
        if name:
            cleaned.append({"name": name, "position": str(p.get("position", "")).strip()[:60]})
    if len(cleaned) > MAX_ATTENDEES:
        raise ValidationError({"attendees": _("At most %(n)d attendees per firm.") % {"n": MAX_ATTENDEES}})
    return cleaned


COUNTED = {
    "n_registered": frozenset({*ACTIVE, RegStatus.NO_SHOW}),
    "n_waitlisted": frozenset({RegStatus.WAITLISTED}),
    "n_checked_in": frozenset({RegStatus.CHECKED_IN}),
    "n_no_show": frozenset({RegStatus.NO_SHOW}),
}


def _count(event_id: int, from_status: str, to_status: str) -> None:
    """Keep the event's running figures in step with one move (the event row is locked)."""
    deltas = {name: (to_status in states) - (from_status in states) for name, states in COUNTED.items()}
    changes = {name: F(name) + d for name, d in deltas.items() if d}
    if changes:
        Event.objects.filter(pk=event_id).update(**changes)


def recount(events=None) -> int:
    """Rebuild the events' running figures from their registrations (after a bulk load or to check
    them); returns how many events were rewritten."""

    qs = Event.objects.all() if events is None else events
    rows = (
        Registration.objects.filter(event__in=qs.values("pk"))
        .values("event_id")
        .annotate(
            **{name: Count("pk", filter=Q(status__in=list(states))) for name, states in COUNTED.items()},
            n_rated=Count("pk", filter=Q(rating__isnull=False)),
            rating_sum=Sum("rating", default=0),
        )
        .order_by()
    )
    figures = {r.pop("event_id"): r for r in rows}
    changed = []
    for event in qs.only("pk", *COUNTED, "n_rated", "rating_sum"):
        values = figures.get(event.pk, dict.fromkeys([*COUNTED, "n_rated", "rating_sum"], 0))
        if any(getattr(event, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(event, k, v)
            changed.append(event)
    Event.objects.bulk_update(changed, [*COUNTED, "n_rated", "rating_sum"], batch_size=1000)
    return len(changed)


def _history(reg, event, from_status, to_status, actor, now, reason="") -> None:
    _count(reg.event_id, from_status, to_status)
    RegistrationHistory.objects.create(
        registration=reg,
        event=event,
        from_status=from_status,
        to_status=to_status,
        actor=real_actor(actor),
        actor_repr=actor_repr(actor),
        at=now,
        reason=reason,
    )


def _lock_event(event: Event | int) -> Event:
    return Event.objects.select_for_update().get(pk=getattr(event, "pk", event))


def seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEATED).count()


def _move(*, actor, reg: Registration, event: str, caps, now, reason="", method="", expected_version=None):
    """One move through the registration machine (`workflows.MACHINE`: lock, version, guard, effect,
    compare-and-swap, history with the event's running figures, audit). The event row is already
    locked by the caller: events first, then registrations, everywhere."""
    loaded: dict = {}

    def prepare(step) -> None:  # keep the event and the firm loaded for the audit row's label
        loaded.update(event=step.obj.event, enterprise=step.obj.enterprise)

    def after(step) -> None:
        step.obj.event, step.obj.enterprise = loaded["event"], loaded["enterprise"]

    return workflows.MACHINE.run(
        queryset=Registration.objects.select_related("event", "enterprise"),
        pk=reg.pk,
        event=event,
        actor=actor,
        capacities=lambda _reg: frozenset(caps),
        reason=reason,
        expected_version=expected_version,
        params={"method": method},
        now=now,
        prepare=prepare,
        after=after,
        history=lambda step: _history(
            step.obj, event, step.from_state, step.move.to, actor, step.now, step.reason
        ),
        audit_fields=AUDIT_FIELDS,
    )


def promote_waitlist(*, event: Event, now: dt.datetime | None = None) -> list[Registration]:
    """Give free seats to the waitlist, first come first served. Call with the event row locked."""
    now = now or timezone.now()
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - seats_taken(event)
        if free <= 0:
            return []
    waiting = Registration.objects.filter(event=event, status=RegStatus.WAITLISTED).order_by(
        "registered_at", "pk"
    )
    if free is not None:
        waiting = waiting[:free]
    promoted = []
    for reg in list(waiting):
        promoted.append(
            _move(
                actor=None,
                reg=reg,
                event=RegEvent.PROMOTE,
                caps={"system"},
                now=now,
                reason=_("a seat became free"),
            )
        )
    if promoted:
        _notify_promoted(promoted)
    return promoted


def _notify_promoted(regs: list[Registration]) -> None:

    for reg in regs:
        notify_firm_users(
            enterprise_id=reg.enterprise_id,
            key=f"event-promoted:{reg.pk}",
            title=_("A seat is yours: “%(event)s”") % {"event": reg.event.title},
            body=_("Your firm moved from the waitlist to confirmed for %(event)s on %(time)s.")
            % {"event": reg.event.title, "time": _t(reg.event.starts_at)},
            url=reg.get_absolute_url(),
        )


def _check_window(event: Event, now: dt.datetime) -> None:
    closes = event.registration_closes_at or event.starts_at
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ValidationError(
            _("Registration for “%(event)s” has not opened yet; it opens at %(time)s.")
            % {"event": event.title, "time": _t(event.registration_opens_at)},
            code="window",
        )
    if now > closes:
        raise ValidationError(
            _("Registration for “%(event)s” closed at %(time)s.")
            % {"event": event.title, "time": _t(closes)},
            code="window",
        )


def register(
    *,
    actor,
    event: Event,
    enterprise: Enterprise,
    attendees=(),
    questions: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """Register a firm: by one of its users, or by staff on its behalf (a phone call). The firm
    gets a seat if one is free, else a place on the waitlist. First come is decided by the order in
    which registrations get the event's lock: the registration time is read once the lock is held."""
    clock = now
    now = now or timezone.now()
    require_event(actor, event, "view")
    require_enterprise(actor, enterprise)
    own = represents(actor, enterprise.pk)
    if actor is not None and not own and not is_door_staff(actor, event) and not _serves(actor, enterprise):
        raise NotPermitted(_("Only the firm's own users or the staff who serve it may register it."))
    people = parse_attendees(attendees)
    questions = (questions or "").strip()
    _check_window(event, now)
    with transaction.atomic():
        locked = _lock_event(event)
        if clock is None:
            now = timezone.now()
        if locked.visibility == Visibility.INVITATION:
            invited = Invitation.objects.filter(event=locked, enterprise=enterprise).exists()
            if not invited and not (actor is None or is_organiser(actor, locked)):
                raise NotPermitted(
                    _("“%(event)s” is by invitation only and “%(firm)s” is not invited.")
                    % {"event": locked.title, "firm": enterprise.name}
                )
            if not invited:
                Invitation.objects.create(
                    event=locked,
                    enterprise=enterprise,
                    invited_by=real_actor(actor),
                    invited_at=now,
                    source=_("registered by the organiser"),
                )
        existing = Registration.objects.filter(event=locked, enterprise=enterprise, status__in=ACTIVE).first()
        if existing is not None:
            raise ValidationError(
                _(
                    "“%(firm)s” is already registered for this event (status: %(status)s); "
                    "one registration per firm."
                )
                % {"firm": enterprise.name, "status": existing.get_status_display()},
                code="duplicate",
            )
        reg = Registration(
            event=locked,
            enterprise=enterprise,
            status=RegStatus.REGISTERED,
            channel=RegChannel.SELF if own else RegChannel.STAFF,
            registered_at=now,
            registered_by=real_actor(actor),
            attendees=people,
            questions=questions,
        )
        try:
            with transaction.atomic():
                reg.save(force_insert=True)
        except IntegrityError as exc:  # the same firm registering twice at the same instant
            raise ValidationError(
                _("“%(firm)s” is already registered for this event; one registration per firm.")
                % {"firm": enterprise.name},
                code="duplicate",
            ) from exc
        _history(reg, RegEvent.REGISTER, "", RegStatus.REGISTERED, actor, now)
        record_change(actor=actor, action=AuditAction.CREATE, obj=reg, after=snapshot(reg, AUDIT_FIELDS))
        full = locked.capacity is not None and seats_taken(locked) >= locked.capacity
        reg = _move(
            actor=None,
            reg=reg,
            event=RegEvent.WAITLIST if full else RegEvent.CONFIRM,
            caps={"system"},
            now=now,
        )
    return reg


def _serves(actor, enterprise: Enterprise) -> bool:

    scope = get_scope(actor)
    paths = scope.paths(Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER)
    return any(enterprise.org_unit.path.startswith(p) for p in paths)


def walk_in(
    *, actor, event: Event, enterprise: Enterprise, attendees=(), now: dt.datetime | None = None
) -> Registration:
    """A firm that turns up without a seat: registered and checked in on the spot by door staff
    (over capacity if need be: the people are already in the room). An existing registration is
    checked in instead."""
    now = now or timezone.now()
    require_event(actor, event, "manage")
    with transaction.atomic():
        locked = _lock_event(event)
        existing = Registration.objects.filter(event=locked, enterprise=enterprise, status__in=ACTIVE).first()
        if existing is not None:
            return _check_in_locked(actor=actor, reg=existing, method=CheckInMethod.STAFF, now=now)
        if actor is not None and not Enterprise.objects.filter(pk=enterprise.pk).exists():
            raise ValidationError(_("Unknown enterprise."))
        reg = Registration.objects.create(
            event=locked,
            enterprise=enterprise,
            status=RegStatus.REGISTERED,
            channel=RegChannel.WALK_IN,
            registered_at=now,
            registered_by=real_actor(actor),
            attendees=parse_attendees(attendees),
        )
        _history(reg, RegEvent.REGISTER, "", RegStatus.REGISTERED, actor, now)
        record_change(actor=actor, action=AuditAction.CREATE, obj=reg, after=snapshot(reg, AUDIT_FIELDS))
        return _move(
            actor=actor,
            reg=reg,
            event=RegEvent.CHECK_IN,
            caps={"staff"},
            now=now,
            method=CheckInMethod.WALK_IN,
        )


def _check_in_locked(*, actor, reg: Registration, method: str, now, reason: str = "") -> Registration:
    current = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "enterprise")
        .get(pk=reg.pk)
    )
    if current.status == RegStatus.CHECKED_IN:
        return current  # checking in twice is harmless: nothing changes, nothing is recorded
    if current.status == RegStatus.WAITLISTED:
        raise ValidationError(
            _("“%(firm)s” is still on the waitlist for this event and has no seat yet.")
            % {"firm": current.enterprise.name},
            code="waitlisted",
        )
    if current.status == RegStatus.CANCELLED:
        raise ValidationError(
            _("The registration of “%(firm)s” was cancelled; register again or add the firm as a walk-in.")
            % {"firm": current.enterprise.name},
            code="cancelled",
        )
    caps = capacities(actor, current)
    if method == CheckInMethod.QR:
        caps = caps & {"enterprise"}
    elif method == CheckInMethod.STAFF:
        caps = caps & {"staff", "system"}
        if actor is None:
            caps = frozenset({"staff"})
    return _move(
        actor=actor,
        reg=current,
        event=RegEvent.CHECK_IN,
        caps=caps,
        now=now,
        reason=reason,
        method=method,
    )


def check_in(
    *, actor, registration: Registration, reason: str = "", now: dt.datetime | None = None
) -> Registration:
    """Door staff check a registered firm in (one tap). Idempotent."""
    now = now or timezone.now()
    require_event(actor, registration.event_id, "manage")
    with transaction.atomic():
        _lock_event(registration.event_id)
        return _check_in_locked(
            actor=actor, reg=registration, method=CheckInMethod.STAFF, now=now, reason=reason
        )


def event_for_code(code: str) -> Event:
    event = Event.objects.filter(checkin_code=(code or "").strip()).first()
    if event is None:
        raise ValidationError(
            _(
                "Unknown check-in code: it belongs to no event. "
                "Scan the code at the door again or ask the staff."
            ),
            code="unknown_code",
        )
    return event


def check_in_by_code(*, actor, code: str, now: dt.datetime | None = None) -> list[Registration]:
    """An enterprise user scans the door code on their own phone: their firm's registration is
    checked in. Idempotent. Refused (nothing changes) for an unknown code, outside the check-in
    time, or when the firm has no seat."""
    now = now or timezone.now()
    event = event_for_code(code)
    if now < event.starts_at - SELF_CHECKIN_BEFORE or now > event.ends_at + SELF_CHECKIN_AFTER:
        raise ValidationError(
            _("Check-in for “%(event)s” is open from %(from)s to %(to)s.")
            % {
                "event": event.title,
                "from": _t(event.starts_at - SELF_CHECKIN_BEFORE),
                "to": _t(event.ends_at + SELF_CHECKIN_AFTER),
            },
            code="checkin_time",
        )

    own = own_enterprises(get_scope(actor)) if actor is not None else []
    regs = list(
        Registration.objects.filter(event=event, enterprise_id__in=own)
        .exclude(status=RegStatus.CANCELLED)
        .select_related("enterprise", "event")
    )
    if not regs:
        raise ValidationError(
            _(
                "Your firm is not registered for “%(event)s”; "
                "ask the staff at the door to add you as a walk-in."
            )
            % {"event": event.title},
            code="not_registered",
        )
    with transaction.atomic():
        _lock_event(event)
        return [_check_in_locked(actor=actor, reg=r, method=CheckInMethod.QR, now=now) for r in regs]


def registration_transition(
    *, actor, registration: Registration, event: str, reason: str = "", expected_version=None, now=None
) -> Registration:
    """Cancel, promote or mark a no-show. Cancelling a seat promotes the first on the waitlist."""
    now = now or timezone.now()
    require_event(actor, registration.event_id, "view")
    if event == RegEvent.CHECK_IN:
        return check_in(actor=actor, registration=registration, reason=reason, now=now)
    with transaction.atomic():
        locked = _lock_event(registration.event_id)
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "enterprise")
            .get(pk=registration.pk)
        )
        caps = capacities(actor, current)
        if event == RegEvent.CANCEL and "staff" not in caps and now > locked.cancel_deadline:
            raise ValidationError(
                _("Cancellation closed at %(time)s; call the organiser.")
                % {"time": _t(locked.cancel_deadline)},
                code="cutoff",
            )
        if (
            event == RegEvent.PROMOTE
            and locked.capacity is not None
            and seats_taken(locked) >= locked.capacity
        ):
            raise ValidationError(
                _("The event is full (%(n)d seats); raise the capacity first.") % {"n": locked.capacity},
                code="full",
            )
        if event == RegEvent.NO_SHOW and now < locked.starts_at:
            raise ValidationError(
                _("A no-show can only be marked once the event has started."), code="too_early"
            )
        reg = _move(
            actor=actor,
            reg=current,
            event=event,
            caps=caps,
            now=now,
            reason=reason,
            expected_version=expected_version,
        )
        if event == RegEvent.CANCEL:
            promote_waitlist(event=locked, now=now)
    return reg


def mark_no_shows(*, actor, event: Event, now: dt.datetime | None = None) -> int:
    """After the event: every confirmed firm that did not check in becomes a no-show."""
    now = now or timezone.now()
    require_event(actor, event, "manage")
    if now < event.ends_at:
        raise ValidationError(_("No-shows are marked after the event has ended."), code="too_early")
    with transaction.atomic():
        _lock_event(event)
        regs = list(Registration.objects.filter(event=event, status=RegStatus.CONFIRMED))
        for reg in regs:
            _move(
                actor=actor,
                reg=reg,
                event=RegEvent.NO_SHOW,
                caps={"staff"} if actor is not None else {"system"},
                now=now,
            )
    return len(regs)


def feedback_give(*, actor, registration: Registration, rating, comment: str = "", now=None) -> Registration:
    """Attendee feedback (1–5 and a comment), by the firm's users, once the firm has checked in."""
    now = now or timezone.now()
    if actor is not None and not represents(actor, registration.enterprise_id):
        raise NotPermitted(_("Only the firm's own users give its feedback."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate the event from 1 (poor) to 5 (excellent).")})
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)  # the event first, as everywhere
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "enterprise")
            .get(pk=registration.pk)
        )
        if current.status != RegStatus.CHECKED_IN:
            raise ValidationError(
                _("Feedback is given after attending: this firm has not checked in."), code="not_attended"
            )
        before = snapshot(current, AUDIT_FIELDS)
        Event.objects.filter(pk=current.event_id).update(
            n_rated=F("n_rated") + (0 if current.rating else 1),
            rating_sum=F("rating_sum") + rating - (current.rating or 0),
        )
        Registration.objects.filter(pk=current.pk).update(
            rating=rating,
            comment=(comment or "").strip(),
            feedback_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
        current.rating, current.comment, current.feedback_at = rating, (comment or "").strip(), now
        current.version += 1
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=snapshot(current, AUDIT_FIELDS),
        )
    return current
