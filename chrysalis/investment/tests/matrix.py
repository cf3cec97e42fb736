"""Permission matrix of investment promotion (see chrysalis.core.testing.matrix).

Standard columns: district_admin, zone_a_officer, grid_a1_worker, zone_b_officer, auditor,
enterprise_user, anonymous; plus tf_a_member (金融突击队), tf_b_member (未来产业突击队), tf_mentor
(mentor of 金融突击队) and org_dept (organisation department) on every row. proj_a is tf_a's,
conflict is between proj_a and tf_b's proj_dup; cadre_a is tf_a_member's record.
"""

import datetime as dt

from chrysalis.core.testing.matrix import Entry
from chrysalis.investment.models import Course
from chrysalis.investment.services.cadres import course_create

P = (
    "district_admin",
    "zone_a_officer",
    "grid_a1_worker",
    "zone_b_officer",
    "auditor",
    "enterprise_user",
    "anonymous",
)
X = ("tf_a_member", "tf_b_member", "tf_mentor", "org_dept")


def row(std, extra):
    return dict(zip(P, std, strict=True)), dict(zip(X, extra, strict=True))


def entry(url_name, codes, kwargs=None, **kw):
    expect, extra = codes
    return Entry(url_name, expect, kwargs=kwargs, extra_personas=extra, **kw)


def course_a(w):
    """A course of cohort_a (made on first use: the shared world has none)."""
    cohort = w.extra["cohort_a"]
    course = Course.objects.filter(cohort=cohort, title="矩阵测试课程").first()
    if course is None:
        course = course_create(
            actor=None,
            org_unit=cohort.org_unit,
            cohort=cohort,
            title="矩阵测试课程",
            date=dt.date(2026, 4, 1),
            hours=2,
        )
    return {"pk": course.pk}


def pk(name):
    return lambda w: {"pk": w.extra[name].pk}


ALL = row((200, 200, 200, 200, 200, 200, "login"), (200, 200, 200, 200))
WRITERS = row((200, 403, 403, 403, 403, 403, "login"), (200, 200, 403, 403))
ADMIN = row((200, 403, 403, 403, 403, 403, "login"), (403, 403, 403, 403))
PROJ_A_VIEW = row((200, 404, 404, 404, 404, 404, "login"), (200, 404, 200, 404))
PROJ_A_CHANGE = row((200, 404, 404, 404, 404, 404, "login"), (200, 404, 404, 404))
DISTRICT = row((200, 404, 404, 404, 404, 404, "login"), (200, 200, 200, 200))
CONFLICT = row((200, 404, 404, 404, 404, 404, "login"), (200, 200, 200, 404))
PERSONNEL_OWN = row((404, 404, 404, 404, 404, 404, "login"), (200, 404, 404, 200))
PERSONNEL = row((404, 404, 404, 404, 404, 404, "login"), (404, 404, 404, 200))
ADMIN_CHANGE = row((200, 404, 404, 404, 404, 404, "login"), (404, 404, 404, 404))
ORG_ONLY = row((403, 403, 403, 403, 403, 403, "login"), (403, 403, 403, 200))
API_ALL = row((200, 200, 200, 200, 200, 200, 401), (200, 200, 200, 200))
API_PROJ_A = row((200, 404, 404, 404, 404, 404, 401), (200, 404, 200, 404))
API_DISTRICT = row((200, 404, 404, 404, 404, 404, 401), (200, 200, 200, 200))

ENTRIES: list[Entry] = [
    entry("investment:dashboard", ALL),
    entry("investment:dashboard_export", ALL),
    entry("investment:project_list", ALL),
    entry("investment:project_list", ALL, query="export=xlsx", note="export"),
    entry("investment:project_add", WRITERS),
    entry("investment:project_detail", PROJ_A_VIEW, pk("proj_a")),
    entry("investment:project_edit", PROJ_A_CHANGE, pk("proj_a")),
    entry(
        "investment:project_move", PROJ_A_CHANGE, lambda w: {"pk": w.extra["proj_a"].pk, "stage": "contact"}
    ),
    entry(
        "investment:project_move",
        # the administrator moves first; the member's same move is then refused on the form (200)
        row((302, 404, 404, 404, 404, 404, "login"), (200, 404, 404, 404)),
        lambda w: {"pk": w.extra["proj_a"].pk, "stage": "contact"},
        method="post",
        data=lambda w: {"on": dt.date(2026, 7, 6).isoformat()},
        note="post",
    ),
    entry("investment:conflict_list", ALL),
    entry("investment:conflict_detail", CONFLICT, pk("conflict")),
    entry(
        "investment:conflict_detail",
        row((302, 404, 404, 404, 404, 404, "login"), (403, 403, 403, 404)),
        pk("conflict"),
        method="post",
        data=lambda w: {"decision": "joint", "reason": "两队联合跟进"},
        note="decide",
    ),
    entry("investment:taskforce_list", ALL),
    entry("investment:taskforce_detail", DISTRICT, pk("tf_a")),
    entry("investment:taskforce_add", ADMIN),
    entry("investment:taskforce_edit", ADMIN_CHANGE, pk("tf_a")),
    entry("investment:taskforce_member_add", ADMIN_CHANGE, pk("tf_a")),
    entry("investment:taskforce_member_remove", ADMIN_CHANGE, pk("tf_a")),
    entry("investment:trip_list", ALL),
    entry("investment:trip_add", WRITERS),
    entry("investment:trip_detail", PROJ_A_VIEW, pk("trip_a")),
    entry("investment:quarter_list", ALL),
    entry("investment:quarter_add", ADMIN),
    entry("investment:quarter_detail", DISTRICT, pk("quarter_q3")),
    entry("investment:quarter_export", DISTRICT, pk("quarter_q3")),
    entry(
        "investment:quarter_action",
        row((302, 404, 404, 404, 404, 404, "login"), (302, 302, 302, 302)),
        lambda w: {"pk": w.extra["quarter_q3"].pk, "action": "close"},
        method="post",
        note="close (refused with a message unless district admin)",
    ),
    entry("investment:cadre_list", ALL),
    entry(
        "investment:cadre_export",
        row((403, 403, 403, 403, 403, 403, "login"), (403, 403, 403, 200)),
        method="post",
        data=lambda w: {"reason": "年度考核"},
    ),
    entry("investment:cadre_detail", PERSONNEL_OWN, pk("cadre_a")),
    entry("investment:cadre_add", ORG_ONLY),
    entry("investment:cohort_add", ORG_ONLY),
    entry("investment:cohort_member_add", PERSONNEL, pk("cohort_a")),
    entry("investment:course_add", PERSONNEL, pk("cohort_a")),
    entry(
        "investment:cadre_record_add",
        PERSONNEL,
        lambda w: {"pk": w.extra["cadre_a"].pk, "kind": "posting"},
    ),
    entry(
        "investment:cadre_record_edit",
        PERSONNEL,
        lambda w: {
            "pk": w.extra["cadre_a"].pk,
            "kind": "posting",
            "record": w.extra["cadre_a"].postings.order_by("pk").first().pk,
        },
    ),
    entry("investment:course_edit", PERSONNEL, course_a),
    entry("investment:cohort_list", ALL),
    entry("investment:cohort_detail", PERSONNEL, pk("cohort_a")),
    entry("api-investment:project-list", API_ALL),
    entry("api-investment:project-detail", API_PROJ_A, pk("proj_a")),
    entry(
        "api-investment:project-move",
        # as above: after the administrator's move the member's repeat is refused (400)
        row((200, 404, 404, 404, 404, 404, 401), (400, 404, 404, 404)),
        pk("proj_a"),
        method="post",
        data=lambda w: {"to": "contact", "on": "2026-07-06"},
    ),
    entry("api-investment:quarter-list", API_ALL),
    entry("api-investment:quarter-detail", API_DISTRICT, pk("quarter_q3")),
    entry("api-investment:quarter-results", API_DISTRICT, pk("quarter_q3")),
]

EXEMPT: dict[str, str] = {}
