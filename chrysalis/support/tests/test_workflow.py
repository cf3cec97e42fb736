"""The request state machine: every allowed and forbidden move, who may make it, reasons, races."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError, TransitionError
from chrysalis.support.choices import Event, Status
from chrysalis.support.models import RequestDispatch, RequestEvent, ServiceRequest
from chrysalis.support.services.requests import request_create, request_transition
from chrysalis.support.workflows import TRANSITIONS

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(s, e) for s in Status.values for e in Event.values if e != Event.CREATE]


def _put(req, status, world):
    ServiceRequest.objects.filter(pk=req.pk).update(
        status=status, department=world.finance, paused_at=timezone.now() if status == Status.PAUSED else None
    )
    req.refresh_from_db()
    return req


def _kwargs(event, world):
    kw = {"reason": "理由"}
    if event in (Event.DISPATCH, Event.REDISPATCH):
        kw["department"] = world.extra["environment"]
    if event in (Event.REQUEST_EXTENSION, Event.APPROVE_EXTENSION):
        kw["days"] = 3
    if event == Event.CONFIRM:
        kw["satisfaction"] = 5
    return kw


@pytest.mark.parametrize(("status", "event"), ALL_PAIRS, ids=[f"{s}-{e}" for s, e in ALL_PAIRS])
def test_every_move_from_every_state(world, status, event):
    req = _put(world.extra["req_a1"], status, world)
    before_events = RequestEvent.objects.filter(request=req).count()
    move = TRANSITIONS[status].get(event)
    if move is None:
        with pytest.raises(TransitionError) as exc:
            request_transition(actor=None, request=req, event=event, **_kwargs(event, world))
        assert exc.value.code == "not_allowed"
        req.refresh_from_db()
        assert req.status == status
        assert RequestEvent.objects.filter(request=req).count() == before_events
    else:
        done = request_transition(actor=None, request=req, event=event, **_kwargs(event, world))
        assert done.status == move.to
        last = RequestEvent.objects.filter(request=req).order_by("-pk").first()
        assert (last.event, last.from_status, last.to_status, last.reason) == (event, status, move.to, "理由")
        assert ChangeRecord.objects.filter(action="transition", object_id=str(req.pk)).exists()


def test_allowed_moves_are_named_in_the_refusal(world):
    req = world.extra["req_a1"]
    with pytest.raises(TransitionError) as exc:
        request_transition(
            actor=world.users["finance_handler"], request=req, event=Event.ANSWER, reason="答复"
        )
    message = str(exc.value.messages[0])
    assert "Sign for" in message or "签收" in message


def test_who_may_move(world):
    req = world.extra["req_a1"]  # dispatched to finance
    for persona in ("env_handler", "enterprise_user", "zone_b_officer", "grid_a1_worker", "district_admin"):
        with pytest.raises(TransitionError) as exc:
            request_transition(actor=world.users[persona], request=req, event=Event.SIGN)
        assert exc.value.code == "not_permitted", persona
    req = request_transition(actor=world.users["finance_handler"], request=req, event=Event.SIGN)
    assert req.status == Status.IN_PROGRESS
    with pytest.raises(TransitionError):
        request_transition(actor=world.users["enterprise_user"], request=req, event=Event.ANSWER, reason="x")
    req = request_transition(
        actor=world.users["finance_handler"], request=req, event=Event.ANSWER, reason="已对接银行"
    )
    # a service officer confirming on the enterprise's behalf must say so; the enterprise need not
    with pytest.raises(ValidationError):
        request_transition(
            actor=world.users["zone_a_officer"], request=req, event=Event.CONFIRM, satisfaction=4
        )
    req = request_transition(
        actor=world.users["enterprise_user"], request=req, event=Event.CONFIRM, satisfaction=5
    )
    assert (req.status, req.satisfaction) == (Status.CLOSED, 5)
    req = request_transition(
        actor=world.users["enterprise_user"], request=req, event=Event.REOPEN, reason="问题没有解决"
    )
    assert (req.status, req.reopen_count, req.satisfaction) == (Status.IN_PROGRESS, 1, None)


def test_return_without_reason_is_refused_and_changes_nothing(world):
    req = world.extra["req_a1"]
    version = req.version
    with pytest.raises(TransitionError) as exc:
        request_transition(actor=world.users["finance_handler"], request=req, event=Event.RETURN, reason="  ")
    assert "reason" in exc.value.message_dict
    req.refresh_from_db()
    assert (req.status, req.version, req.return_count, req.department_id) == (
        Status.DISPATCHED,
        version,
        0,
        world.finance.pk,
    )
    req = request_transition(
        actor=world.users["finance_handler"],
        request=req,
        event=Event.RETURN,
        reason="不属于本部门职责，应由生态环境部门办理",
    )
    assert (req.status, req.return_count, req.department_id) == (Status.SUBMITTED, 1, None)
    dispatch = RequestDispatch.objects.get(request=req, department=world.finance)
    assert dispatch.outcome == "returned" and "生态环境" in dispatch.reason
    # the finance handler still sees the request they returned (previously dispatched to them)
    assert ServiceRequest.objects.restrict(world.users["finance_handler"]).filter(pk=req.pk).exists()


def test_clock_starts_at_dispatch_and_survives_return_and_redispatch(world, ents):
    officer = world.users["zone_a_officer"]
    t0 = timezone.make_aware(dt.datetime(2025, 9, 26, 10))
    req = request_create(
        actor=officer,
        enterprise=ents["ent_a1"],
        category="finance",
        title="贷款",
        description="d",
        channel="phone",
        now=t0,
    )
    assert req.first_dispatched_at == t0 and req.status == Status.DISPATCHED
    # normal urgency: 13 working days from 9/26 over National Day: 9/28 9/29 9/30 10/9 10/10 10/11 10/13-17
    # 10/20 10/21
    assert timezone.localtime(req.due_at).date() == dt.date(2025, 10, 21)
    req = request_transition(
        actor=world.users["finance_handler"],
        request=req,
        event=Event.RETURN,
        reason="非本部门",
        now=t0 + dt.timedelta(days=5),
    )
    req = request_transition(
        actor=officer,
        request=req,
        event=Event.DISPATCH,
        department=world.extra["environment"],
        now=t0 + dt.timedelta(days=6),
    )
    assert req.first_dispatched_at == t0 and req.redispatch_count == 1
    assert timezone.localtime(req.due_at).date() == dt.date(2025, 10, 21)


def test_pause_extends_the_deadline_by_the_working_days_paused(world):
    handler = world.users["finance_handler"]
    req = world.extra["req_a1"]
    due = req.due_at
    req = request_transition(actor=handler, request=req, event=Event.SIGN)
    start = timezone.now()
    req = request_transition(
        actor=handler, request=req, event=Event.PAUSE, reason="等待企业补充材料", now=start
    )
    req = request_transition(
        actor=world.users["enterprise_user"],
        request=req,
        event=Event.RESUME,
        now=start + dt.timedelta(days=14),
    )
    assert req.paused_days >= 8
    assert req.due_at > due


def test_extension_needs_approval(world):
    handler, admin = world.users["finance_handler"], world.users["district_admin"]
    req = request_transition(actor=handler, request=world.extra["req_a1"], event=Event.SIGN)
    due = req.due_at
    req = request_transition(
        actor=handler, request=req, event=Event.REQUEST_EXTENSION, reason="需要银行审批", days=5
    )
    with pytest.raises(TransitionError):
        request_transition(actor=handler, request=req, event=Event.APPROVE_EXTENSION)
    req = request_transition(actor=admin, request=req, event=Event.APPROVE_EXTENSION)
    assert (req.status, req.extension_days) == (Status.IN_PROGRESS, 5) and req.due_at > due


def test_unknown_category_is_refused(world, ents):
    with pytest.raises(ValidationError) as exc:
        request_create(
            actor=world.users["zone_a_officer"],
            enterprise=ents["ent_a1"],
            category="astrology",
            title="t",
            description="d",
            channel="phone",
        )
    assert "category" in exc.value.message_dict
    assert not ServiceRequest.objects.filter(title="t").exists()


def test_dispatch_outside_reach_is_refused(world, ents):
    from chrysalis.accounts.models import OrgUnit
    from chrysalis.accounts.services import org as org_services

    other = org_services.org_unit_create(actor=None, parent=None, kind="district", name="E区", code="T-E")
    foreign = org_services.department_create(
        actor=None, district=other, kind="finance", name="E金融办", code="T-EFIN"
    )
    req = world.extra["req_a1"]
    req = request_transition(
        actor=world.users["finance_handler"], request=req, event=Event.RETURN, reason="非本部门"
    )
    version = req.version
    with pytest.raises(PermissionDenied):
        request_transition(
            actor=world.users["zone_a_officer"], request=req, event=Event.DISPATCH, department=foreign
        )
    req.refresh_from_db()
    assert (req.status, req.version) == (Status.SUBMITTED, version)
    assert OrgUnit.objects.filter(code="T-E").exists()


def test_out_of_scope_enterprise_is_refused(world, ents):
    with pytest.raises(PermissionDenied):
        request_create(
            actor=world.users["zone_b_officer"],
            enterprise=ents["ent_a1"],
            category="finance",
            title="x",
            description="d",
            channel="phone",
        )


def test_stale_version_is_a_conflict(world):
    req = world.extra["req_a1"]
    with pytest.raises(ConflictError):
        request_transition(
            actor=world.users["finance_handler"],
            request=req,
            event=Event.SIGN,
            expected_version=req.version - 1 if req.version > 1 else 99,
        )
    req.refresh_from_db()
    assert req.status == Status.DISPATCHED


def test_second_sign_for_is_refused(world):
    req = world.extra["req_a1"]
    request_transition(actor=world.users["finance_handler"], request=req, event=Event.SIGN)
    with pytest.raises(TransitionError):
        request_transition(actor=world.users["finance_handler2"], request=req, event=Event.SIGN)
    assert RequestEvent.objects.filter(request=req, event=Event.SIGN).count() == 1


def test_deadline_is_recomputed_by_every_event_that_changes_it(world, ents):
    """Invariant after every move: due_at = first dispatch + resolve days + extensions + paused
    working days (the deadline rule, previously one `a and b or c` condition in the driver, now
    `_recompute_due` called by the dispatch, approve-extension and resume effects)."""
    from chrysalis.support.calendar import WorkingCalendar
    from chrysalis.support.workflows import _due

    cal = WorkingCalendar()
    officer, handler, admin = (
        world.users[p] for p in ("zone_a_officer", "finance_handler", "district_admin")
    )
    t0 = timezone.make_aware(dt.datetime(2025, 9, 26, 10))
    req = request_create(
        actor=officer,
        enterprise=ents["ent_a1"],
        category="finance",
        title="贷款",
        description="d",
        channel="phone",
        now=t0,
    )
    steps = [
        (handler, Event.SIGN, {}),
        (handler, Event.REQUEST_EXTENSION, {"reason": "需要银行审批", "days": 4}),
        (admin, Event.APPROVE_EXTENSION, {}),
        (handler, Event.PAUSE, {"reason": "等待企业补充材料"}),
        (world.users["enterprise_user"], Event.RESUME, {}),
        (handler, Event.RETURN, {"reason": "非本部门"}),
        (officer, Event.DISPATCH, {"department": world.finance}),
    ]
    dues = [req.due_at]
    for day, (actor, event, kw) in enumerate(steps, start=1):
        req = request_transition(
            actor=actor, request=req, event=event, now=t0 + dt.timedelta(days=3 * day), **kw
        )
        assert req.due_at == _due(cal, req), event
        dues.append(req.due_at)
    assert req.extension_days == 4 and req.paused_days > 0 and req.first_dispatched_at == t0
    assert dues[3] > dues[2] and dues[5] > dues[4]  # the approval and the resume moved it
    assert dues[1] == dues[0] and dues[-1] == dues[-2]  # signing and re-dispatching did not
