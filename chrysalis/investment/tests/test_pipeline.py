"""The stage machine and its gates: evidence per gate, reasons for skips and moves back, amounts,
landing links or creates the enterprise exactly once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import OutOfScope
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.uscc import make_uscc
from chrysalis.investment.models import Project, ProjectMove
from chrysalis.investment.services import projects as svc

pytestmark = pytest.mark.django_db

GOOD = make_uscc("330102", "MA2K0001")


def doc():
    return SimpleUploadedFile("协议.pdf", b"%PDF-1.4 agreement")


def to_signed(world, project, on=dt.date(2026, 8, 1)):
    p = svc.project_move(actor=world["tf_a_member"], project=project, to="contact", on=dt.date(2026, 7, 5))
    p = svc.project_move(actor=world["tf_a_member"], project=p, to="negotiating", on=dt.date(2026, 7, 10))
    return svc.project_move(
        actor=world["tf_a_member"], project=p, to="signed", on=on, agreement_document=doc()
    )


def unchanged(project):
    fresh = Project.objects.get(pk=project.pk)
    return (fresh.stage, fresh.version, fresh.moves.count())


def test_advance_one_step_needs_no_reason_and_keeps_the_date(inv):
    p = svc.project_move(
        actor=inv["tf_a_member"], project=inv.extra["proj_a"], to="contact", on=dt.date(2026, 7, 4)
    )
    assert p.stage == "contact" and p.contacted_on == dt.date(2026, 7, 4) and p.version == 2
    move = p.moves.last()
    assert (move.from_stage, move.to_stage, move.forward, move.actor) == (
        "lead",
        "contact",
        True,
        inv["tf_a_member"],
    )
    assert ChangeRecord.objects.filter(action="transition", object_id=str(p.pk)).exists()


def test_skipping_a_stage_without_reason_is_refused_and_changes_nothing(inv):
    p = inv.extra["proj_a"]
    before = unchanged(p)
    with pytest.raises(ValidationError) as exc:
        svc.project_move(actor=inv["tf_a_member"], project=p, to="negotiating", on=dt.date(2026, 7, 4))
    assert "跳过" in str(exc.value) and "接洽" in str(exc.value)
    assert unchanged(p) == before
    p = svc.project_move(
        actor=inv["tf_a_member"],
        project=p,
        to="negotiating",
        on=dt.date(2026, 7, 4),
        reason="老朋友直接进入谈判",
    )
    assert p.stage == "negotiating" and p.contacted_on is None


def test_signing_needs_the_agreement_document(inv):
    p = svc.project_move(
        actor=inv["tf_a_member"], project=inv.extra["proj_a"], to="contact", on=dt.date(2026, 7, 5)
    )
    p = svc.project_move(actor=inv["tf_a_member"], project=p, to="negotiating", on=dt.date(2026, 7, 6))
    before = unchanged(p)
    with pytest.raises(ValidationError) as exc:
        svc.project_move(actor=inv["tf_a_member"], project=p, to="signed", on=dt.date(2026, 8, 1))
    assert "协议" in str(exc.value)
    assert unchanged(p) == before
    p = svc.project_move(
        actor=inv["tf_a_member"], project=p, to="signed", on=dt.date(2026, 8, 1), agreement_document=doc()
    )
    assert p.stage == "signed" and p.signed_on == dt.date(2026, 8, 1) and p.agreement_document.name


def test_landing_with_a_bad_check_digit_is_refused(inv):
    p = to_signed(inv, inv.extra["proj_a"])
    before, n_ent = unchanged(p), Enterprise.objects.count()
    bad = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        svc.project_move(
            actor=inv["tf_a_member"],
            project=p,
            to="landed",
            on=dt.date(2026, 8, 20),
            uscc=bad,
            grid=inv.grid_a1,
        )
    assert "校验" in str(exc.value.message_dict["uscc"])
    assert unchanged(p) == before and Enterprise.objects.count() == n_ent


def test_landing_creates_the_enterprise_once_and_later_landings_link_it(inv):
    p = to_signed(inv, inv.extra["proj_a"])
    p = svc.project_move(
        actor=inv["tf_a_member"],
        project=p,
        to="landed",
        on=dt.date(2026, 8, 20),
        uscc=GOOD.lower(),
        grid=inv.grid_a1,
        company_name="甲乙私募基金管理（杭州）有限公司",
    )
    ent = Enterprise.objects.get(uscc=GOOD)
    assert p.enterprise == ent and p.landed_uscc == GOOD and p.landed_on == dt.date(2026, 8, 20)
    assert ent.org_unit == inv.grid_a1 and ent.name == "甲乙私募基金管理（杭州）有限公司" and ent.key_project
    assert p.moves.last().evidence["created"] is True
    # a second project of the same investor lands under the same code: linked, not created again
    q = svc.project_create(
        actor=inv["tf_a_member"],
        team=inv.extra["tf_a"].team,
        name="二期",
        investor_name="另一家投资有限公司",
        direction="finance",
        planned_investment=Decimal("3"),
        registered_on=dt.date(2026, 7, 1),
    )
    q = to_signed(inv, q)
    q = svc.project_move(actor=inv["tf_a_member"], project=q, to="landed", on=dt.date(2026, 8, 21), uscc=GOOD)
    assert q.enterprise == ent and q.moves.last().evidence["created"] is False
    assert Enterprise.objects.filter(uscc=GOOD).count() == 1


def test_moving_back_needs_a_reason_and_clears_the_later_dates(inv):
    p = to_signed(inv, inv.extra["proj_a"])
    before = unchanged(p)
    with pytest.raises(ValidationError) as exc:
        svc.project_move(actor=inv["tf_a_member"], project=p, to="negotiating", on=dt.date(2026, 8, 2))
    assert "原因" in str(exc.value)
    assert unchanged(p) == before
    p = svc.project_move(
        actor=inv["tf_a_member"], project=p, to="negotiating", on=dt.date(2026, 8, 2), reason="协议条款重议"
    )
    assert p.stage == "negotiating" and p.signed_on is None
    assert p.moves.last().forward is False and p.moves.last().reason == "协议条款重议"


def test_shelve_and_resume(inv):
    p = svc.project_move(
        actor=inv["tf_a_member"], project=inv.extra["proj_a"], to="contact", on=dt.date(2026, 7, 5)
    )
    with pytest.raises(ValidationError):
        svc.project_move(actor=inv["tf_a_member"], project=p, to="shelved")
    p = svc.project_move(actor=inv["tf_a_member"], project=p, to="shelved", reason="投资方暂缓")
    assert p.stage == "shelved" and p.closed_reason == "投资方暂缓" and p.stage_before_pause == "contact"
    p = svc.project_move(actor=inv["tf_a_member"], project=p, to="contact")
    assert p.stage == "contact" and p.closed_reason == ""


def test_illegal_move_names_the_allowed_ones(inv):
    p = svc.project_move(
        actor=inv["tf_a_member"], project=inv.extra["proj_a"], to="lost", reason="已选择外地"
    )
    with pytest.raises(ValidationError) as exc:
        svc.project_move(actor=inv["tf_a_member"], project=p, to="landed", reason="x")
    assert "允许" in str(exc.value) and "线索" in str(exc.value)


def test_future_date_refused(inv):
    with pytest.raises(ValidationError) as exc:
        svc.project_move(
            actor=inv["tf_a_member"], project=inv.extra["proj_a"], to="contact", on=dt.date(2099, 1, 1)
        )
    assert "晚于今天" in str(exc.value)


def test_other_team_cannot_move_and_stale_version_conflicts(inv):
    from chrysalis.core.exceptions import ConflictError

    with pytest.raises(OutOfScope):  # another team's project answers like a missing one
        svc.project_move(actor=inv["tf_b_member"], project=inv.extra["proj_a"], to="contact")
    with pytest.raises(ConflictError):
        svc.project_move(
            actor=inv["tf_a_member"], project=inv.extra["proj_a"], to="contact", expected_version=9
        )
    assert ProjectMove.objects.filter(project=inv.extra["proj_a"]).count() == 1


@pytest.mark.parametrize(
    ("value", "confirm", "fragment"),
    [("-1", False, "不能为负"), ("500", False, "勾选"), ("50000", True, "不合理"), ("abc", False, "数字")],
)
def test_bad_amounts_refused(inv, value, confirm, fragment):
    n = Project.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.project_create(
            actor=inv["tf_a_member"],
            team=inv.extra["tf_a"].team,
            name="X",
            investor_name="某某新能源有限公司",
            direction="finance",
            planned_investment=value,
            confirm_amounts=confirm,
        )
    assert fragment in str(exc.value)
    assert Project.objects.count() == n


def test_large_amount_accepted_when_confirmed(inv):
    p = svc.project_create(
        actor=inv["tf_a_member"],
        team=inv.extra["tf_a"].team,
        name="X",
        investor_name="某某新能源有限公司",
        direction="finance",
        planned_investment="500",
        confirm_amounts=True,
    )
    assert p.amount == Decimal("500") and p.is_major


def test_unknown_direction_refused(inv):
    with pytest.raises(ValidationError) as exc:
        svc.project_create(
            actor=inv["tf_a_member"],
            team=inv.extra["tf_a"].team,
            name="X",
            investor_name="某某",
            direction="space",
            planned_investment="1",
        )
    assert "总部经济" in str(exc.value)


def test_fund_amount_is_the_fund_size(inv):
    assert inv.extra["proj_a"].amount == Decimal("50") and inv.extra["proj_a"].is_major
