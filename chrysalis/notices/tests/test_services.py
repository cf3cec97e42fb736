"""Notice services: create from a parse, validation, the workflow, registry linking, expiry, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError, OutOfScope, TransitionError
from chrysalis.notices.choices import Event, RegistryLink, SourceKind, Status
from chrysalis.notices.models import Notice, NoticeEvent
from chrysalis.notices.parser import formats, parse
from chrysalis.notices.services import notices as svc
from chrysalis.notices.tests.world import SEED

pytestmark = pytest.mark.django_db
REDUCTION = (
    "杭州明远科技有限公司减资公告：本公司经股东会决议，注册资本由1000万元减至500万元，"
    "请债权人自本公告之日起45日内申报。特此公告。"
)


def _draft(world, actor=None, text=SEED, unit=None, **kw):
    [parsed] = parse(text).notices
    return svc.notice_create(
        actor=actor,
        org_unit=unit or world.zone_a,
        values=svc.values_from_parsed(parsed),
        published_on=dt.date.today() - dt.timedelta(days=1),
        **kw,
    )


def test_seed_saved_as_draft_with_history_and_audit(world):
    n = _draft(world, world["zone_a_officer"])
    assert (n.status, n.subject_name, n.item, n.number_label, n.document_number, n.declaration) == (
        Status.DRAFT,
        "中国共产主义青年团浙江省建设厅委员会",
        "银行开户许可证",
        "核准号",
        "Z3310000378202",
        "声明作废",
    )
    assert NoticeEvent.objects.filter(notice=n, event=Event.CREATE).count() == 1
    assert ChangeRecord.objects.filter(object_id=str(n.pk), action="create").exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"subject_name": ""}, "subject_name"),
        ({"document_number": "Z33100003782"}, "document_number"),
        ({"subject_uscc": "91330106MA2B3C4D12"}, "subject_uscc"),
        ({"phone": "0571-853"}, "phone"),
        ({"kind": "capital_reduction", "capital_before": "100", "capital_after": "200"}, "capital_after"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(world, change, field):
    [parsed] = parse(SEED).notices
    values = svc.values_from_parsed(parsed) | change
    before = Notice.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.notice_create(actor=world["zone_a_officer"], org_unit=world.zone_a, values=values)
    assert field in exc.value.message_dict
    message = " ".join(exc.value.message_dict[field])
    assert field not in message and "None" not in message
    assert Notice.objects.count() == before


def test_paste_of_several_is_all_or_nothing(world):
    good = svc.values_from_parsed(parse(SEED).notices[0])
    before = Notice.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.notices_create(
            actor=world["zone_a_officer"],
            org_unit=world.zone_a,
            items=[{"values": good}, {"values": good | {"subject_name": ""}}],
        )
    assert list(exc.value.message_dict) == ["1-subject_name"]
    assert Notice.objects.count() == before


def test_workflow_four_eyes_publish_and_creditor_period(world):
    officer, admin = world["zone_a_officer"], world["district_admin"]
    text = REDUCTION
    n = _draft(world, officer, text)
    with pytest.raises(TransitionError) as exc:
        svc.notice_transition(actor=officer, notice=n, event=Event.REVIEW)
    assert exc.value.code == "four_eyes"
    with pytest.raises(TransitionError) as exc:
        svc.notice_transition(actor=admin, notice=n, event=Event.PUBLISH)
    assert "审核" in str(exc.value.messages) or exc.value.code == "not_allowed"
    n = svc.notice_transition(actor=admin, notice=n, event=Event.REVIEW)
    n = svc.notice_transition(actor=officer, notice=n, event=Event.PUBLISH)
    assert n.status == Status.PUBLISHED
    assert n.creditor_days == 45
    assert n.creditor_period_end == n.published_on + dt.timedelta(days=45)
    assert [e.event for e in n.events.all()] == ["create", "review", "publish"]
    with pytest.raises(TransitionError) as exc:
        svc.notice_transition(actor=officer, notice=n, event=Event.WITHDRAW)
    assert "reason" in exc.value.message_dict
    n = svc.notice_transition(actor=officer, notice=n, event=Event.WITHDRAW, reason="刊登有误")
    assert n.status == Status.WITHDRAWN


def test_platform_publication_dates_today_and_future_refused(world):
    admin = world["district_admin"]
    n = _draft(world, world["zone_a_officer"], source_kind=SourceKind.PLATFORM)
    n = svc.notice_transition(actor=admin, notice=n, event=Event.REVIEW)
    with pytest.raises(TransitionError):
        svc.notice_transition(
            actor=admin, notice=n, event=Event.PUBLISH, published_on=dt.date.today() + dt.timedelta(days=2)
        )
    assert Notice.objects.get(pk=n.pk).status == Status.REVIEWED
    n = svc.notice_transition(actor=admin, notice=n, event=Event.PUBLISH)
    assert n.published_on == dt.date.today()


def test_stale_version_conflicts(world):
    n = _draft(world, world["zone_a_officer"])
    with pytest.raises(ConflictError):
        svc.notice_transition(
            actor=world["district_admin"], notice=n, event=Event.REVIEW, expected_version=n.version + 1
        )


def test_scope_other_zone_cannot_touch(world):
    n = _draft(world, world["zone_a_officer"])
    with pytest.raises(OutOfScope):  # another zone's notice looks missing
        svc.notice_transition(actor=world["zone_b_officer"], notice=n, event=Event.REVIEW)
    with pytest.raises(PermissionDenied):
        _draft(world, world["zone_b_officer"], unit=world.zone_a)
    with pytest.raises(OutOfScope):
        svc.notice_update(
            actor=world["zone_b_officer"], notice=n, values={"item": "公章"}, expected_version=n.version
        )
    with pytest.raises(TransitionError):  # the auditor sees it but may not move it
        svc.notice_transition(actor=world["auditor"], notice=n, event=Event.REVIEW)
    assert Notice.objects.get(pk=n.pk).status == Status.DRAFT


def test_registry_link_and_deregistration_review(world):
    from chrysalis.enterprises.tests.world import make_enterprise

    firm = make_enterprise("杭州明远科技有限公司", world.grid_a1, "MA2C0009")
    text = (
        f"杭州明远科技有限公司注销公告\n杭州明远科技有限公司（统一社会信用代码：{firm.uscc}）经股东会决议，"
        "决定注销本公司。请债权人自本公告之日起45日内申报债权。特此公告。"
    )
    n = _draft(world, world["zone_a_officer"], text)
    assert (n.enterprise_id, n.registry_link) == (firm.pk, RegistryLink.USCC)
    by_name = _draft(world, world["zone_a_officer"], "杭州明远科技有限公司遗失公章一枚，声明作废。")
    assert (by_name.enterprise_id, by_name.registry_link) == (firm.pk, RegistryLink.NAME)
    admin = world["district_admin"]
    n = svc.notice_transition(actor=admin, notice=n, event=Event.REVIEW)
    n = svc.notice_transition(actor=admin, notice=n, event=Event.PUBLISH)
    assert n.registry_review
    with pytest.raises(PermissionDenied):
        svc.registry_review_done(actor=world["zone_a_officer"], notice=n)
    n = svc.registry_review_done(actor=admin, notice=n)
    assert not n.registry_review


def test_edit_draft_only(world):
    officer = world["zone_a_officer"]
    n = _draft(world, officer)
    n = svc.notice_update(actor=officer, notice=n, values={"item": "开户许可证"}, expected_version=n.version)
    assert n.item == "开户许可证" and n.version == 2
    n = svc.notice_transition(actor=world["district_admin"], notice=n, event=Event.REVIEW)
    with pytest.raises(ValidationError):
        svc.notice_update(actor=officer, notice=n, values={"item": "公章"}, expected_version=n.version)


def test_expire_due(world):
    text = REDUCTION
    n = _draft(world, world["zone_a_officer"], text)
    n = svc.notice_transition(actor=None, notice=n, event=Event.REVIEW)
    n = svc.notice_transition(
        actor=None, notice=n, event=Event.PUBLISH, published_on=dt.date.today() - dt.timedelta(days=50)
    )
    with pytest.raises(TransitionError):
        svc.notice_transition(actor=world["zone_a_officer"], notice=_draft(world), event=Event.EXPIRE)
    assert svc.expire_due() >= 1
    assert Notice.objects.get(pk=n.pk).status == Status.EXPIRED


def test_parser_uscc_copy_agrees_with_registry_module():
    import random

    from chrysalis.enterprises import uscc as registry

    rng = random.Random(5)
    for _ in range(500):
        first17 = (
            "91"
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(registry.CHARSET) for _ in range(9))
        )
        assert formats.uscc_check_char(first17) == registry.check_char(first17)
        assert formats.org_check_char(first17[8:16]) == registry.org_check_char(first17[8:16])


def test_expire_command_is_idempotent(world):
    import io

    from django.core.management import call_command

    text = REDUCTION
    n = _draft(world, world["zone_a_officer"], text)
    n = svc.notice_transition(actor=None, notice=n, event=Event.REVIEW)
    svc.notice_transition(
        actor=None, notice=n, event=Event.PUBLISH, published_on=dt.date.today() - dt.timedelta(days=60)
    )
    out = io.StringIO()
    call_command("notices_expire", stdout=out)
    assert "1 expired" in out.getvalue()
    call_command("notices_expire", stdout=out)
    assert out.getvalue().endswith("0 expired\n")
    assert Notice.objects.get(pk=n.pk).status == Status.EXPIRED
