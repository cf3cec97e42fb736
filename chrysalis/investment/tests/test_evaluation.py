"""Quarterly evaluation: a plain recomputation of the pipeline data; closing freezes it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chrysalis.enterprises.uscc import make_uscc
from chrysalis.investment import evaluation
from chrysalis.investment.models import LateChange, Project, ProjectMove, TripVisit
from chrysalis.investment.services import evaluation as eval_svc
from chrysalis.investment.services import projects as svc

pytestmark = pytest.mark.django_db


def land(world, project, member, day, body):
    p = svc.project_move(actor=member, project=project, to="contact", on=dt.date(2026, 7, day))
    p = svc.project_move(actor=member, project=p, to="negotiating", on=dt.date(2026, 7, day + 1))
    p = svc.project_move(
        actor=member,
        project=p,
        to="signed",
        on=dt.date(2026, 8, day),
        agreement_document=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
    )
    return svc.project_move(
        actor=member,
        project=p,
        to="landed",
        on=dt.date(2026, 9, day),
        uscc=make_uscc("330102", body),
        grid=world.grid_a1,
    )


@pytest.fixture
def season(inv):
    land(inv, inv.extra["proj_a"], inv["tf_a_member"], 5, "MA2E0001")
    land(inv, inv.extra["proj_b"], inv["tf_b_member"], 6, "MA2E0002")
    small = svc.project_create(
        actor=inv["tf_a_member"],
        team=inv.extra["tf_a"].team,
        name="小项目",
        investor_name="小微科技有限公司",
        direction="finance",
        planned_investment="0.8",
        registered_on=dt.date(2026, 7, 1),
        cadres=[inv["tf_a_member2"]],
    )
    land(inv, small, inv["tf_a_member"], 10, "MA2E0003")
    return inv


def plain(quarter, subject):
    """The evaluation recomputed the plain way: loop over every row in Python."""
    s, e = quarter.start, quarter.end
    inside = lambda d: d is not None and s <= d <= e  # noqa: E731
    lines = [(i.metric, i.weight, i.cap) for i in quarter.indicators.filter(subject=subject)]
    projects = list(Project.objects.prefetch_related("cadres"))
    moves = list(ProjectMove.objects.filter(forward=True).select_related("project"))
    visits = list(TripVisit.objects.select_related("trip").prefetch_related("trip__cadres"))
    out = {}
    if subject == "team":
        subjects = {tf.team_id: (lambda p, tid=tf.team_id: p.team_id == tid) for tf in quarter_tfs()}
        vis = lambda v, k: v.trip.team_id == k  # noqa: E731
    else:
        from chrysalis.accounts.models import TeamMembership

        ids = set(TeamMembership.objects.values_list("user_id", flat=True))
        subjects = {u: (lambda p, uid=u: uid in {c.pk for c in p.cadres.all()}) for u in ids}
        vis = lambda v, k: k in {c.pk for c in v.trip.cadres.all()}  # noqa: E731
    for key, mine in subjects.items():
        f = {
            "landed": sum(1 for p in projects if mine(p) and inside(p.landed_on)),
            "major_landed": sum(1 for p in projects if mine(p) and inside(p.landed_on) and p.amount >= 10),
            "signed": sum(1 for p in projects if mine(p) and inside(p.signed_on)),
            "signed_amount": sum((p.amount for p in projects if mine(p) and inside(p.signed_on)), Decimal(0)),
            "landed_amount": sum((p.amount for p in projects if mine(p) and inside(p.landed_on)), Decimal(0)),
            "new_leads": sum(1 for p in projects if mine(p) and inside(p.registered_on)),
            "advances": sum(1 for m in moves if mine(m.project) and inside(m.on)),
            "visits": sum(1 for v in visits if vis(v, key) and inside(v.trip.date)),
        }
        score = quarter.leader_scores.filter(
            subject=subject, **{"team_id" if subject == "team" else "cadre_id": key}
        )
        q = score.first().score if score else Decimal(0)
        total = sum((min(Decimal(f[m]) * w, c) for m, w, c in lines), Decimal(0)) + q
        out[key] = (f, total.quantize(Decimal("0.01")))
    return out


def quarter_tfs():
    from chrysalis.investment.models import TaskForce

    return TaskForce.objects.all()


def test_evaluation_is_a_plain_recomputation(season):
    q = season.extra["quarter_q3"]
    eval_svc.leader_score_set(
        actor=season["tf_mentor"],
        quarter=q,
        subject="team",
        target=season.extra["tf_a"].team,
        score="15",
        reason="攻坚50亿元基金",
    )
    results = evaluation.compute(q)
    for subject in ("team", "cadre"):
        expected = plain(q, subject)
        got = {r.key: (r.figures, r.total) for r in results[subject]}
        assert set(got) == set(expected)
        for key, (figs, total) in expected.items():
            assert {k: Decimal(v) for k, v in figs.items()} == got[key][0], (subject, key)
            assert total == got[key][1], (subject, key)
    teams = {r.name: r for r in results["team"]}
    fin = teams["金融突击队"]
    assert (
        fin.figures["landed"] == 2
        and fin.figures["major_landed"] == 1
        and fin.figures["landed_amount"] == Decimal("50.8")
    )
    assert fin.qualitative == Decimal("15") and fin.rank == 1


def test_caps_and_competition_ranking():
    rows = [
        evaluation.Result("team", i, n, total=Decimal(t))
        for i, (n, t) in enumerate([("甲", 10), ("乙", 20), ("丙", 20)])
    ]
    evaluation.rank(rows)
    assert [(r.name, r.rank) for r in rows] == [("丙", 1), ("乙", 1), ("甲", 3)]


def test_closing_freezes_figures_and_inputs(season):
    q = season.extra["quarter_q3"]
    before = {r.key: r.total for r in evaluation.compute(q)["team"]}
    q = eval_svc.quarter_close(actor=season["district_admin"], quarter=q)
    assert q.is_closed and q.rows.count() == 2 + 3
    frozen = {r.key: r.total for r in evaluation.results_for(q)["team"]}
    assert frozen == before
    # later edits: a project moved back out of the closed quarter, an amount changed — logged, not applied
    p = Project.objects.get(pk=season.extra["proj_a"].pk)
    svc.project_move(
        actor=season["tf_a_member"], project=p, to="signed", reason="工商登记被撤回", on=dt.date(2026, 10, 2)
    )
    assert LateChange.objects.filter(quarter=q, project=p).exists()
    assert {r.key: r.total for r in evaluation.results_for(q)["team"]} == before
    assert (
        evaluation.compute(q)["team"] != evaluation.results_for(q)["team"]
    )  # live data moved on, the frozen rows did not


def test_editing_a_closed_quarter_is_refused(season):
    q = eval_svc.quarter_close(actor=season["district_admin"], quarter=season.extra["quarter_q3"])
    for call in (
        lambda: eval_svc.indicator_set(
            actor=season["district_admin"], quarter=q, subject="team", metric="landed", weight="9", cap="90"
        ),
        lambda: eval_svc.leader_score_set(
            actor=season["tf_mentor"],
            quarter=q,
            subject="team",
            target=season.extra["tf_a"].team,
            score="1",
            reason="x",
        ),
        lambda: eval_svc.quarter_close(actor=season["district_admin"], quarter=q),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "已关闭" in str(exc.value)
    assert q.indicators.get(subject="team", metric="landed").weight == Decimal("5")


def test_leader_score_rules(season):
    q = season.extra["quarter_q3"]
    team = season.extra["tf_a"].team
    with pytest.raises(PermissionDenied):
        eval_svc.leader_score_set(
            actor=season["tf_a_member"], quarter=q, subject="team", target=team, score="5", reason="x"
        )
    with pytest.raises(ValidationError) as exc:
        eval_svc.leader_score_set(
            actor=season["tf_mentor"], quarter=q, subject="team", target=team, score="25", reason="x"
        )
    assert "最高为 20" in str(exc.value)
    with pytest.raises(ValidationError):
        eval_svc.leader_score_set(
            actor=season["tf_mentor"], quarter=q, subject="team", target=team, score="5", reason=""
        )


def test_a_quarter_not_yet_over_cannot_close(inv):
    q = eval_svc.quarter_open(actor=inv["district_admin"], district=inv.district, year=2026, number=4)
    with pytest.raises(ValidationError) as exc:
        eval_svc.quarter_close(actor=inv["district_admin"], quarter=q)
    assert "次日起" in str(exc.value)
    with pytest.raises(PermissionDenied):
        eval_svc.quarter_close(actor=inv["tf_a_member"], quarter=inv.extra["quarter_q3"])
