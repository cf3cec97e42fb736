"""Who sees what: teams see their projects and the league table; personnel records are for the
organisation department and the cadre themselves."""

import pytest
from django.core.exceptions import PermissionDenied

from chrysalis.investment.models import (
    Cadre,
    EvaluationRow,
    Posting,
    Project,
    Quarter,
    TaskForce,
    Trip,
)
from chrysalis.investment.services import cadres as cadre_svc

pytestmark = pytest.mark.django_db


def ids(model, user, action="view"):
    return set(model.objects.restrict(user, action).values_list("pk", flat=True))


def test_projects_by_team(inv):
    a, b, dup = inv.extra["proj_a"].pk, inv.extra["proj_b"].pk, inv.extra["proj_dup"].pk
    assert ids(Project, inv["tf_a_member"]) == {a}
    assert ids(Project, inv["tf_b_member"]) == {b, dup}
    assert ids(Project, inv["tf_mentor"]) == {a}  # the mentoring leader reads the team's projects
    assert ids(Project, inv["tf_mentor"], "change") == set()
    assert ids(Project, inv["district_admin"]) == {a, b, dup}
    for persona in ("zone_a_officer", "grid_a1_worker", "auditor", "enterprise_user", "org_dept"):
        assert ids(Project, inv[persona]) == set(), persona
    assert ids(Trip, inv["tf_b_member"]) == set()


def test_league_table_is_shared_inside_the_district(inv):
    everyone = {inv.extra["tf_a"].pk, inv.extra["tf_b"].pk}
    for persona in ("tf_a_member", "tf_b_member", "tf_mentor", "district_admin", "org_dept"):
        assert ids(TaskForce, inv[persona]) == everyone, persona
        assert ids(Quarter, inv[persona]) == {inv.extra["quarter_q3"].pk}, persona
    assert ids(TaskForce, inv["zone_a_officer"]) == set()


def test_personnel_records(inv):
    ca, cb = inv.extra["cadre_a"], inv.extra["cadre_b"]
    assert ids(Cadre, inv["org_dept"]) == {ca.pk, cb.pk}
    assert ids(Cadre, inv["tf_a_member"]) == {ca.pk}  # own record only
    assert ids(Cadre, inv["tf_b_member"]) == {cb.pk}
    for persona in ("district_admin", "tf_mentor", "tf_a_member2", "auditor"):
        assert ids(Cadre, inv[persona]) == set(), persona
    posting = Posting.objects.get(cadre=ca)
    assert ids(Posting, inv["tf_a_member"]) == {posting.pk}
    assert ids(Posting, inv["tf_b_member"]) == set()
    assert ids(Posting, inv["tf_a_member"], "change") == set()
    with pytest.raises(PermissionDenied):
        cadre_svc.promotion_add(
            actor=inv["tf_a_member"], cadre=ca, date=ca.created_at.date(), new_post="副科长"
        )
    with pytest.raises(PermissionDenied):
        cadre_svc.posting_add(
            actor=inv["district_admin"], cadre=ca, kind="up", unit="区发改局", start=ca.created_at.date()
        )


def test_per_cadre_evaluation_rows_are_personnel(inv):
    import datetime as dt

    from django.utils import timezone

    from chrysalis.investment.services import evaluation as eval_svc

    q = inv.extra["quarter_q3"]
    if q.end >= timezone.localdate():  # pragma: no cover - the world's quarter is in the past
        pytest.skip("quarter not over")
    q = eval_svc.quarter_close(actor=inv["district_admin"], quarter=q)
    mine = EvaluationRow.objects.restrict(inv["tf_a_member"]).filter(subject="cadre")
    assert set(mine.values_list("cadre_id", flat=True)) == {inv["tf_a_member"].pk}
    assert EvaluationRow.objects.restrict(inv["tf_a_member"]).filter(subject="team").count() == 2
    assert EvaluationRow.objects.restrict(inv["district_admin"]).filter(subject="cadre").count() == 0
    assert EvaluationRow.objects.restrict(inv["org_dept"]).filter(subject="cadre").count() == 3
    assert dt.date(2026, 9, 30) == q.end


def test_promotion_updates_the_post_and_cohort_figures_are_computed(inv):
    import datetime as dt

    from chrysalis.investment.selectors import cohort_figures

    ca, cohort = inv.extra["cadre_a"], inv.extra["cohort_a"]
    cadre_svc.frontline_add(
        actor=inv["org_dept"],
        cadre=ca,
        kind="major_project",
        title="50亿元基金攻坚",
        start=dt.date(2026, 4, 1),
        cohort=cohort,
    )
    cadre_svc.posting_add(
        actor=inv["org_dept"],
        cadre=ca,
        kind="rotation",
        unit="某社区",
        start=dt.date(2026, 5, 1),
        cohort=cohort,
    )
    cadre_svc.promotion_add(
        actor=inv["org_dept"], cadre=ca, date=dt.date(2026, 6, 1), new_post="副科长", cohort=cohort
    )
    ca.refresh_from_db()
    assert ca.post == "副科长" and ca.promotions.get().previous_post == "科员"
    [fig] = cohort_figures([cohort])
    assert (fig["members"], fig["frontline"], fig["rotations"], fig["promoted"]) == (1, 2, 1, 1)


def test_personnel_export_needs_a_reason(inv):
    from django.core.exceptions import ValidationError

    from chrysalis.audit.models import ChangeRecord

    with pytest.raises(ValidationError):
        cadre_svc.personnel_export_audit(actor=inv["org_dept"], what="干部档案", count=2, reason="  ")
    cadre_svc.personnel_export_audit(actor=inv["org_dept"], what="干部档案", count=2, reason="年度考核")
    assert ChangeRecord.objects.filter(action="export", reason="年度考核").exists()
