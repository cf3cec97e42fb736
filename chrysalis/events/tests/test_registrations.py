"""Registration services: capacity, waitlist, promotion, one per firm, windows, check-in, feedback."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chrysalis.audit.models import ChangeRecord
from chrysalis.events.choices import RegEvent, RegStatus
from chrysalis.events.models import Registration, RegistrationHistory
from chrysalis.events.services import registrations as svc
from chrysalis.events.services.events import event_update
from chrysalis.events.tests.world import make_event

pytestmark = pytest.mark.django_db


def _ent(world, name, grid, body):
    from chrysalis.enterprises.tests.world import make_enterprise

    return make_enterprise(name, grid, body)


def test_capacity_waitlist_and_promotion_first_come(ew):
    officer = ew.users["zone_a_officer"]
    ev = ew.extra["ev_a"]  # capacity 2, ent_a1 confirmed
    a2 = svc.register(actor=officer, event=ev, enterprise=ew.extra["ent_a2"], attendees="李四 财务总监")
    assert a2.status == RegStatus.CONFIRMED and a2.channel == "staff"
    extra1 = svc.register(
        actor=officer, event=ev, enterprise=_ent(ew, "杭州甲三有限公司", ew.grid_a1, "MA2A0003")
    )
    extra2 = svc.register(
        actor=officer, event=ev, enterprise=_ent(ew, "杭州甲四有限公司", ew.grid_a2, "MA2A0004")
    )
    assert extra1.status == extra2.status == RegStatus.WAITLISTED
    history = list(RegistrationHistory.objects.filter(registration=extra1).values_list("event", "to_status"))
    assert history == [(RegEvent.REGISTER, RegStatus.REGISTERED), (RegEvent.WAITLIST, RegStatus.WAITLISTED)]
    # the enterprise user cancels: the first on the waitlist gets the seat
    svc.registration_transition(
        actor=ew.users["enterprise_user"], registration=ew.extra["reg_a1"], event=RegEvent.CANCEL
    )
    extra1.refresh_from_db()
    extra2.refresh_from_db()
    assert extra1.status == RegStatus.CONFIRMED and extra2.status == RegStatus.WAITLISTED
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Registration)
    assert (
        ChangeRecord.objects.filter(content_type=kind, object_id=str(extra1.pk), action="transition").count()
        == 2
    )
    # raising the capacity promotes the next one
    event_update(actor=officer, event=ev, changes={"capacity": 3})
    extra2.refresh_from_db()
    assert extra2.status == RegStatus.CONFIRMED


def test_capacity_below_confirmations_refused(ew):
    ev = ew.extra["ev_a"]
    svc.register(actor=ew.users["zone_a_officer"], event=ev, enterprise=ew.extra["ent_a2"])
    with pytest.raises(ValidationError) as exc:
        event_update(actor=ew.users["zone_a_officer"], event=ev, changes={"capacity": 1})
    assert "2" in str(exc.value)
    ev.refresh_from_db()
    assert ev.capacity == 2


def test_end_before_start_refused(ew):
    ev = ew.extra["ev_a"]
    with pytest.raises(ValidationError) as exc:
        event_update(
            actor=ew.users["zone_a_officer"],
            event=ev,
            changes={"ends_at": ev.starts_at - dt.timedelta(hours=1)},
        )
    assert "ends_at" in exc.value.error_dict
    ev.refresh_from_db()
    assert ev.ends_at > ev.starts_at


def test_twice_refused_and_nothing_changes(ew):
    before = Registration.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.register(actor=ew.users["enterprise_user"], event=ew.extra["ev_a"], enterprise=ew.extra["ent_a1"])
    assert exc.value.code == "duplicate"
    assert Registration.objects.count() == before


def test_after_the_window_refused(ew):
    ev = ew.extra["ev_a"]
    later = ev.registration_closes_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError) as exc:
        svc.register(actor=ew.users["zone_a_officer"], event=ev, enterprise=ew.extra["ent_a2"], now=later)
    assert exc.value.code == "window"
    assert not Registration.objects.filter(enterprise=ew.extra["ent_a2"]).exists()


def test_firm_out_of_scope_refused(ew):
    ev = ew.extra["ev_a"]  # public: zone B's officer sees it, but ent_a2 is not theirs
    with pytest.raises(PermissionDenied):
        svc.register(actor=ew.users["zone_b_officer"], event=ev, enterprise=ew.extra["ent_a2"])
    with pytest.raises(PermissionDenied):
        svc.register(actor=ew.users["enterprise_user"], event=ev, enterprise=ew.extra["ent_a2"])
    assert not Registration.objects.filter(enterprise=ew.extra["ent_a2"]).exists()


def test_invitation_only_needs_an_invitation(ew):
    from django.core.exceptions import PermissionDenied

    ev_b = ew.extra["ev_b"]
    with pytest.raises(PermissionDenied):  # the enterprise user cannot even see it
        svc.register(actor=ew.users["enterprise_user"], event=ev_b, enterprise=ew.extra["ent_a1"])
    reg = svc.register(actor=ew.users["zone_b_officer"], event=ev_b, enterprise=ew.extra["ent_b1"])
    assert reg.status == RegStatus.CONFIRMED


def test_cancel_after_cutoff_refused_for_the_firm(ew):
    reg = ew.extra["reg_a1"]
    late = reg.event.starts_at + dt.timedelta(minutes=5)
    with pytest.raises(ValidationError) as exc:
        svc.registration_transition(
            actor=ew.users["enterprise_user"], registration=reg, event=RegEvent.CANCEL, now=late
        )
    assert exc.value.code == "cutoff"
    reg.refresh_from_db()
    assert reg.status == RegStatus.CONFIRMED


def test_check_in_by_code_idempotent_and_unknown_code(ew):
    reg = ew.extra["reg_a1"]
    user = ew.users["enterprise_user"]
    at = reg.event.starts_at
    with pytest.raises(ValidationError) as exc:
        svc.check_in_by_code(actor=user, code="nope", now=at)
    assert exc.value.code == "unknown_code"
    [done] = svc.check_in_by_code(actor=user, code=reg.event.checkin_code, now=at)
    assert done.status == RegStatus.CHECKED_IN and done.checkin_method == "qr"
    n = ChangeRecord.objects.count()
    [again] = svc.check_in_by_code(actor=user, code=reg.event.checkin_code, now=at + dt.timedelta(minutes=3))
    assert again.status == RegStatus.CHECKED_IN and again.checked_in_at == done.checked_in_at
    assert ChangeRecord.objects.count() == n
    # staff tapping the same firm is harmless too
    svc.check_in(actor=ew.users["zone_a_officer"], registration=reg, now=at)
    assert RegistrationHistory.objects.filter(registration=reg, event=RegEvent.CHECK_IN).count() == 1


def test_self_check_in_outside_time_refused(ew):
    reg = ew.extra["reg_a1"]
    with pytest.raises(ValidationError) as exc:
        svc.check_in_by_code(
            actor=ew.users["enterprise_user"],
            code=reg.event.checkin_code,
            now=reg.event.starts_at - dt.timedelta(days=1),
        )
    assert exc.value.code == "checkin_time"


def test_walk_in_and_no_show_and_feedback(ew):
    officer = ew.users["zone_a_officer"]
    ev = ew.extra["ev_a"]
    walk = svc.walk_in(actor=officer, event=ev, enterprise=ew.extra["ent_a2"], attendees="王五 厂长")
    assert walk.status == RegStatus.CHECKED_IN and walk.channel == "walk_in"
    with pytest.raises(ValidationError):
        svc.feedback_give(actor=ew.users["enterprise_user"], registration=ew.extra["reg_a1"], rating=5)
    assert svc.mark_no_shows(actor=officer, event=ev, now=ev.ends_at + dt.timedelta(minutes=1)) == 1
    reg = Registration.objects.get(pk=ew.extra["reg_a1"].pk)
    assert reg.status == RegStatus.NO_SHOW
    svc.check_in(actor=officer, registration=reg, reason="迟到，现场补签", now=ev.ends_at)
    reg = svc.feedback_give(actor=ew.users["enterprise_user"], registration=reg, rating=4, comment="很有帮助")
    assert (reg.rating, reg.comment) == (4, "很有帮助")
    with pytest.raises(ValidationError):
        svc.feedback_give(actor=ew.users["enterprise_user"], registration=reg, rating=9)


def test_waitlisted_cannot_check_in(ew):
    ev = make_event(ew.zone_a, capacity=0, start_in=dt.timedelta(minutes=30))
    reg = svc.register(actor=ew.users["enterprise_user"], event=ev, enterprise=ew.extra["ent_a1"])
    assert reg.status == RegStatus.WAITLISTED
    with pytest.raises(ValidationError) as exc:
        svc.check_in_by_code(actor=ew.users["enterprise_user"], code=ev.checkin_code, now=timezone.now())
    assert exc.value.code == "waitlisted"


def test_running_figures_match_a_recount(ew):
    officer = ew.users["zone_a_officer"]
    ev = ew.extra["ev_a"]
    svc.register(actor=officer, event=ev, enterprise=ew.extra["ent_a2"])
    late = svc.register(
        actor=officer, event=ev, enterprise=_ent(ew, "杭州甲五有限公司", ew.grid_a1, "MA2A0005")
    )
    svc.check_in(actor=officer, registration=ew.extra["reg_a1"], now=ev.starts_at)
    svc.feedback_give(actor=ew.users["enterprise_user"], registration=ew.extra["reg_a1"], rating=4)
    svc.feedback_give(actor=ew.users["enterprise_user"], registration=ew.extra["reg_a1"], rating=5)
    svc.registration_transition(actor=officer, registration=late, event=RegEvent.CANCEL)
    svc.mark_no_shows(actor=officer, event=ev, now=ev.ends_at)
    svc.walk_in(actor=officer, event=ev, enterprise=_ent(ew, "杭州甲六有限公司", ew.grid_a2, "MA2A0006"))
    from chrysalis.events.models import Event

    kept = Event.objects.values(
        "n_registered", "n_waitlisted", "n_checked_in", "n_no_show", "n_rated", "rating_sum"
    ).get(pk=ev.pk)
    assert kept == {
        "n_registered": 3,
        "n_waitlisted": 0,
        "n_checked_in": 2,
        "n_no_show": 1,
        "n_rated": 1,
        "rating_sum": 5,
    }
    assert svc.recount() == 0  # nothing to correct
