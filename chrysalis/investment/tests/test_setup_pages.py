"""Setting up task forces and personnel records through the pages: the services write (audited),
bad input is refused with a precise message and nothing changes, another scope's object is 404."""

import datetime as dt

import pytest
from django.urls import reverse

from chrysalis.accounts.models import RoleAssignment, TeamMembership
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.testing.personas import make_user
from chrysalis.investment.models import Cohort, Course, Project, TaskForce
from chrysalis.investment.services import cadres as cadre_services

pytestmark = pytest.mark.django_db


def post(client, world, persona, name, data, **kwargs):
    client.force_login(world[persona])
    return client.post(reverse(name, kwargs=kwargs or None), data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_district_admin_sets_up_a_task_force_and_adds_a_member(client, inv):
    d = inv.district
    new = make_user("p_new_cadre", d)
    data = {
        "org_unit": d.pk,
        "name": "时尚产业突击队",
        "direction": "fashion",
        "term_start": "2026-01-01",
        "term_end": "2025-12-31",
        "groups": 2,
        "visits_per_day": 4,
        "quarter_target": 4,
        "members": [new.pk],
        "lead": new.pk,
    }
    n, audit = TaskForce.objects.count(), ChangeRecord.objects.count()
    r = post(client, inv, "district_admin", "investment:taskforce_add", data)
    assert r.status_code == 200 and "任期" in r.content.decode()
    assert (TaskForce.objects.count(), ChangeRecord.objects.count()) == (n, audit)
    data["term_end"] = "2027-12-31"
    r = post(client, inv, "district_admin", "investment:taskforce_add", data)
    assert r.status_code == 302
    tf = TaskForce.objects.get(team__name="时尚产业突击队")
    assert TeamMembership.objects.filter(team=tf.team, user=new, role="lead").exists()
    # a member is added; a second time is refused on the form
    other = make_user("p_other_cadre", d)
    r = post(client, inv, "district_admin", "investment:taskforce_member_add", {"user": other.pk}, pk=tf.pk)
    assert r.status_code == 302
    assert tf.team.memberships.filter(user=other).exists()
    r = post(client, inv, "district_admin", "investment:taskforce_member_add", {"user": other.pk}, pk=tf.pk)
    assert r.status_code == 200
    # a member of the team may not edit it (404: not in their "change" scope)
    r = post(
        client,
        inv,
        "tf_a_member",
        "investment:taskforce_edit",
        {"direction": "future"},
        pk=inv.extra["tf_a"].pk,
    )
    assert r.status_code == 404
    r = post(
        client,
        inv,
        "district_admin",
        "investment:taskforce_edit",
        {
            "direction": "finance",
            "term_start": "2026-01-01",
            "term_end": "2027-12-31",
            "groups": 3,
            "visits_per_day": 5,
            "quarter_target": 6,
            "version": inv.extra["tf_a"].version,
        },
        pk=inv.extra["tf_a"].pk,
    )
    assert r.status_code == 302
    assert TaskForce.objects.get(pk=inv.extra["tf_a"].pk).quarter_target == 6


def test_org_department_opens_a_cohort_adds_members_and_courses(client, inv):
    d = inv.district
    r = post(
        client,
        inv,
        "org_dept",
        "investment:cohort_add",
        {
            "org_unit": d.pk,
            "name": "鲲鹏班第四期",
            "kind": "class",
            "start": "2026-03-01",
            "end": "2028-02-28",
        },
    )
    assert r.status_code == 302
    cohort = Cohort.objects.get(name="鲲鹏班第四期")
    cadre_b = inv.extra["cadre_b"]
    r = post(client, inv, "org_dept", "investment:cohort_member_add", {"cadre": cadre_b.pk}, pk=cohort.pk)
    assert r.status_code == 302 and cohort.members.filter(pk=cadre_b.pk).exists()
    n = Course.objects.count()
    course = {"title": "产业基金实务", "date": "2026-04-10", "hours": "500", "attendees": [cadre_b.pk]}
    r = post(client, inv, "org_dept", "investment:course_add", course, pk=cohort.pk)
    assert r.status_code == 200 and "200" in r.content.decode() and Course.objects.count() == n
    course["hours"] = "3.5"
    r = post(client, inv, "org_dept", "investment:course_add", course, pk=cohort.pk)
    assert r.status_code == 302
    assert Course.objects.get(title="产业基金实务").attendances.filter(cadre=cadre_b).exists()
    # the district administrator does not keep personnel records: 404 on the cohort
    r = post(client, inv, "district_admin", "investment:course_add", course, pk=cohort.pk)
    assert r.status_code == 404


def test_org_department_opens_a_cadre_record(client, inv):
    person = make_user("p_cadre_new", inv.district)
    r = post(
        client,
        inv,
        "org_dept",
        "investment:cadre_add",
        {"org_unit": inv.district.pk, "user": person.pk, "post": "科员", "employer": "区投促局"},
    )
    assert r.status_code == 302
    assert person.cadre.post == "科员"
    assert client.get(person.cadre.get_absolute_url()).status_code == 200


def test_home_cards(client, inv):
    from chrysalis.investment.selectors import home_cards

    member = {c["label"]: c["value"] for c in home_cards(inv["tf_a_member"])}
    assert list(member.values())[0] >= 1  # projects under way of the team
    assert len(member) == 2  # no cadre records for a member
    assert [c["value"] for c in home_cards(inv["org_dept"])] == [2]  # the two cadre records
    assert home_cards(inv["enterprise_user"]) == []
    client.force_login(inv["tf_a_member"])
    assert client.get("/").status_code == 200


def test_dashboard_filters_by_team_and_links_keep_the_filter(client, inv):
    client.force_login(inv["district_admin"])
    team = inv.extra["tf_a"].team
    r = client.get(reverse("investment:dashboard") + f"?team={team.pk}")
    figures = r.context["figures"]
    assert figures["kpi"]["projects"] == 1  # tf_a's one lead
    assert f"team={team.pk}" in figures["stages"][0]["url"]
    other = client.get(reverse("investment:dashboard") + "?team=999999").context["figures"]
    assert other["kpi"]["projects"] == 3  # an unknown team is ignored, not an empty page


def test_district_admin_removes_a_member_with_a_reason(client, inv):
    tf, lead, member = inv.extra["tf_a"], inv["tf_a_member"], inv["tf_a_member2"]
    name = "investment:taskforce_member_remove"
    assert Project.objects.restrict(member, "view").filter(pk=inv.extra["proj_a"].pk).exists()
    audit = ChangeRecord.objects.count()
    # no reason; still responsible for an open project: refused, nothing changes
    r = post(client, inv, "district_admin", name, {"user": member.pk, "reason": ""}, pk=tf.pk)
    assert r.status_code == 200 and ChangeRecord.objects.count() == audit
    r = post(client, inv, "district_admin", name, {"user": lead.pk, "reason": "调岗"}, pk=tf.pk)
    assert r.status_code == 200 and inv.extra["proj_a"].name in r.content.decode()
    assert tf.team.memberships.filter(user=lead).exists() and ChangeRecord.objects.count() == audit
    # a task-force member may not remove colleagues (not in their change scope: 404)
    r = post(client, inv, "tf_a_member", name, {"user": member.pk, "reason": "调岗"}, pk=tf.pk)
    assert r.status_code == 404
    r = post(client, inv, "district_admin", name, {"user": member.pk, "reason": "调任街道工作"}, pk=tf.pk)
    assert r.status_code == 302
    assert not tf.team.memberships.filter(user=member).exists()
    assert not RoleAssignment.objects.filter(user=member, team=tf.team).exists()
    assert ChangeRecord.objects.filter(reason="调任街道工作", after__member_removed=str(member)).count() == 1
    fresh = type(member).objects.get(pk=member.pk)  # the scope is cached per user object
    assert not Project.objects.restrict(fresh, "view").filter(pk=inv.extra["proj_a"].pk).exists()


def test_org_department_corrects_a_posting_and_a_promotion(client, inv):
    cadre = inv.extra["cadre_a"]
    posting = cadre.postings.order_by("pk").first()
    promo = cadre_services.promotion_add(actor=None, cadre=cadre, date=dt.date(2026, 6, 1), new_post="副科长")
    name = "investment:cadre_record_edit"
    url = {"pk": cadre.pk, "kind": "posting", "record": posting.pk}
    client.force_login(inv["org_dept"])
    page = client.get(reverse(name, kwargs=url), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "某街道" in page  # the form shows the record as it is
    audit = ChangeRecord.objects.count()
    data = {"kind": "down", "unit": "某街道", "start": "2026-03-01", "end": "2026-02-01"}
    r = post(client, inv, "org_dept", name, data, **url)
    assert r.status_code == 200 and ChangeRecord.objects.count() == audit  # ends before it starts
    data["end"] = "2026-09-30"
    # the cadre sees their own record but may not correct it; others do not see it: 404
    for persona in ("tf_a_member", "district_admin"):
        assert post(client, inv, persona, name, data, **url).status_code == 404
    assert post(client, inv, "org_dept", name, data, **url).status_code == 302
    posting.refresh_from_db()
    assert posting.end == dt.date(2026, 9, 30) and ChangeRecord.objects.count() == audit + 1
    # a record of another cadre under this cadre's address: 404
    other = {"pk": inv.extra["cadre_b"].pk, "kind": "posting", "record": posting.pk}
    assert post(client, inv, "org_dept", name, data, **other).status_code == 404
    # correcting the latest promotion's post moves the cadre's current post with it
    url = {"pk": cadre.pk, "kind": "promotion", "record": promo.pk}
    r = post(client, inv, "org_dept", name, {"date": "2026-06-01", "new_post": "副主任科员"}, **url)
    assert r.status_code == 302
    cadre.refresh_from_db()
    assert cadre.post == "副主任科员"


def test_org_department_corrects_a_course(client, inv):
    cohort, cadre = inv.extra["cohort_a"], inv.extra["cadre_a"]
    course = cadre_services.course_create(
        actor=None,
        org_unit=cohort.org_unit,
        cohort=cohort,
        title="基金实务",
        date=dt.date(2026, 4, 1),
        hours=2,
    )
    data = {"title": "产业基金实务", "date": "2026-04-02", "hours": "0", "attendees": [cadre.pk]}
    audit = ChangeRecord.objects.count()
    r = post(client, inv, "org_dept", "investment:course_edit", data, pk=course.pk)
    assert r.status_code == 200 and "200" in r.content.decode() and ChangeRecord.objects.count() == audit
    data["hours"] = "3.5"
    for persona in ("tf_a_member", "district_admin"):
        assert post(client, inv, persona, "investment:course_edit", data, pk=course.pk).status_code == 404
    assert post(client, inv, "org_dept", "investment:course_edit", data, pk=course.pk).status_code == 302
    course.refresh_from_db()
    assert (course.title, course.hours, course.date) == ("产业基金实务", 3.5, dt.date(2026, 4, 2))
    assert list(course.attendances.values_list("cadre_id", flat=True)) == [cadre.pk]
    assert ChangeRecord.objects.count() == audit + 2  # the fields, then who attended
