"""Duplicate leads (撞单): normalised names, USCC, fuzzy names; shown before saving; the first lead
owns the investor; the district administrator's decision is recorded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chrysalis.enterprises.uscc import make_uscc
from chrysalis.investment.models import LeadConflict, Project
from chrysalis.investment.names import investor_key, similarity
from chrysalis.investment.services import projects as svc


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("杭州某某科技有限公司", "某某科技（杭州）有限公司"),
        ("杭州某某科技有限公司", "某某科技(杭州)有限公司"),
        ("浙江省杭州市某某科技股份有限公司", "某某科技有限公司"),
        ("ACME Robotics Co., Ltd.", "acme robotics co ltd"),
        ("某某 科技 有限公司", "某某科技有限责任公司"),
    ],
)
def test_same_investor_same_key(a, b):
    assert investor_key(a) == investor_key(b)


def test_region_kept_when_nothing_else_names_the_firm():
    assert investor_key("杭州银行股份有限公司") == "杭州银行"
    assert investor_key("宁波银行股份有限公司") != investor_key("杭州银行股份有限公司")


def test_fuzzy_similarity():
    assert (
        similarity(investor_key("杭州某某智能科技有限公司"), investor_key("某某科技（杭州）有限公司")) >= 0.8
    )
    assert similarity(investor_key("甲乙丙丁新材料有限公司"), investor_key("戊己庚辛生物医药有限公司")) < 0.5


def _create(world, team_key, investor, **kw):
    return svc.project_create(
        actor=world[f"{team_key}_member"],
        team=world.extra[team_key].team,
        name=kw.pop("name", "项目"),
        investor_name=investor,
        direction=kw.pop("direction", "future"),
        planned_investment="2",
        registered_on=dt.date(2026, 7, 10),
        **kw,
    )


@pytest.mark.django_db
def test_variant_name_from_another_team_is_shown_before_saving(inv):
    _create(inv, "tf_a", "杭州某某科技有限公司")
    n = Project.objects.count()
    with pytest.raises(ValidationError) as exc:
        _create(inv, "tf_b", "某某科技（杭州）有限公司")
    message = str(exc.value.message_dict["investor_name"])
    assert "撞单" in message and "金融突击队" in message and "去除地区和组织形式后企业名称相同" in message
    assert Project.objects.count() == n


@pytest.mark.django_db
def test_same_uscc_is_a_duplicate(inv):
    code = make_uscc("330102", "MA2D0001")
    _create(inv, "tf_a", "完全不同的名字有限公司", investor_uscc=code)
    with pytest.raises(ValidationError) as exc:
        _create(inv, "tf_b", "另一个名字控股有限公司", investor_uscc=code)
    assert "统一社会信用代码相同" in str(exc.value)


@pytest.mark.django_db
def test_bad_investor_uscc_refused(inv):
    code = make_uscc("330102", "MA2D0001")
    with pytest.raises(ValidationError) as exc:
        _create(inv, "tf_a", "某公司", investor_uscc=code[:-1] + ("1" if code[-1] == "0" else "0"))
    assert "校验" in str(exc.value)


@pytest.mark.django_db
def test_confirmed_duplicate_goes_to_the_district_admin_who_decides(inv):
    first = _create(inv, "tf_a", "杭州某某科技有限公司")
    later = _create(inv, "tf_b", "某某科技（杭州）有限公司", confirm_duplicates=True)
    conflict = LeadConflict.objects.get(project=later)
    assert conflict.earlier == first and conflict.status == "open"
    # the later team sees the conflict; it is not theirs to decide
    assert LeadConflict.objects.restrict(inv["tf_b_member"], "view").filter(pk=conflict.pk).exists()
    with pytest.raises(PermissionDenied):
        svc.conflict_decide(
            actor=inv["tf_b_member"], conflict=conflict, decision="transfer", reason="我们先接触的"
        )
    with pytest.raises(ValidationError):
        svc.conflict_decide(
            actor=inv["district_admin"], conflict=conflict, decision="first_keeps", reason=" "
        )
    decided = svc.conflict_decide(
        actor=inv["district_admin"],
        conflict=conflict,
        decision="first_keeps",
        reason="金融突击队先登记且已接洽",
    )
    assert (decided.status, decided.decision, decided.decided_by) == (
        "decided",
        "first_keeps",
        inv["district_admin"],
    )
    later.refresh_from_db()
    assert later.stage == "lost" and "金融突击队先登记" in later.closed_reason
    first.refresh_from_db()
    assert first.stage == "lead"


@pytest.mark.django_db
def test_lost_leads_do_not_block(inv):
    p = _create(inv, "tf_a", "杭州某某科技有限公司")
    svc.project_move(
        actor=inv["tf_a_member"], project=p, to="lost", reason="已落户外地", on=dt.date(2026, 7, 11)
    )
    assert _create(inv, "tf_b", "某某科技（杭州）有限公司").pk
