"""Permission matrix of public notices (see chrysalis.core.testing.matrix).

Columns: district_admin, zone_a_officer, grid_a1_worker, zone_b_officer, auditor, enterprise_user,
anonymous. notice_a: zone A, published (the seed's declaration); notice_a_draft: zone A, draft;
notice_b: zone B, a published deregistration of ent_b1 (registry review pending).
Staff pages need a notice role (district administrator, service officer, auditor): others get 403.
The public pages, feed and API answer everyone.
"""

from chrysalis.core.testing.matrix import Entry

P = (
    "district_admin",
    "zone_a_officer",
    "grid_a1_worker",
    "zone_b_officer",
    "auditor",
    "enterprise_user",
    "anonymous",
)


def row(*codes):
    return dict(zip(P, codes, strict=True))


def pk(name):
    return lambda w: {"pk": w.extra[name].pk}


STAFF = row(200, 200, 403, 200, 200, 403, "login")
PUBLIC = row(200, 200, 200, 200, 200, 200, 200)

ENTRIES: list[Entry] = [
    Entry("notices:notice_list", STAFF),
    Entry("notices:notice_list", STAFF, query="export=xlsx", note="export"),
    Entry("notices:notice_list", STAFF, query="kind=lost&number=z3310000378202", note="filtered"),
    Entry("notices:notice_paste", row(200, 200, 403, 200, 403, 403, "login")),
    Entry(
        "notices:notice_paste",
        row(200, 200, 403, 200, 403, 403, "login"),
        method="post",
        data=lambda w: {
            "action": "parse",
            "text": "某某有限公司遗失公章一枚，声明作废。",
            "org_unit": w.zone_a.pk,
            "source_kind": "platform",
        },
        note="parse; zone B's officer is told the unit is not theirs (200, form error)",
    ),
    Entry("notices:notice_dashboard", STAFF),
    Entry("notices:notice_detail", row(200, 200, 403, 404, 200, 403, "login"), pk("notice_a")),
    Entry("notices:notice_detail", row(200, 404, 403, 200, 200, 403, "login"), pk("notice_b"), note="zone B"),
    Entry("notices:notice_edit", row(200, 200, 404, 404, 404, 404, "login"), pk("notice_a_draft")),
    Entry(
        "notices:notice_transition",
        row(200, 200, 404, 404, 200, 404, "login"),
        lambda w: {"pk": w.extra["notice_a_draft"].pk, "event": "review"},
    ),
    Entry(
        "notices:notice_transition",
        row(302, 200, 404, 404, 200, 404, "login"),
        lambda w: {"pk": w.extra["notice_a_draft"].pk, "event": "review"},
        method="post",
        data=lambda w: {"version": w.extra["notice_a_draft"].version},
        note="review; the administrator succeeds first, then it is no longer allowed (form error)",
    ),
    Entry(
        "notices:notice_transition",
        row(404, 404, 404, 404, 404, 404, "login"),
        lambda w: {"pk": w.extra["notice_a_draft"].pk, "event": "fly"},
        note="unknown event",
    ),
    Entry(
        "notices:registry_review_done",
        row(302, 404, 404, 302, 302, 404, "login"),
        pk("notice_b"),
        method="post",
        note="only the district administrator's closes it; others are told so",
    ),
    Entry("notices:public_search", PUBLIC),
    Entry("notices:public_search", PUBLIC, query="q=共青团&number=Z3310000378202&kind=lost", note="search"),
    Entry("notices:public_verify", PUBLIC, query="number=Z3310000378202"),
    Entry("notices:public_feed", PUBLIC),
    Entry("notices:public_detail", PUBLIC, pk("notice_a")),
    Entry(
        "notices:public_detail", row(404, 404, 404, 404, 404, 404, 404), pk("notice_a_draft"), note="draft"
    ),
    Entry("notices_api:public_notice_list", PUBLIC),
    Entry("notices_api:public_verify", PUBLIC, query="number=Z3310000378202"),
    Entry("notices_api:notice-list", row(200, 200, 200, 200, 200, 200, 401), note="scoped (empty for some)"),
    Entry("notices_api:notice-detail", row(200, 200, 404, 404, 200, 404, 401), kwargs=pk("notice_a")),
    Entry(
        "notices_api:notice-transition",
        row(200, 400, 404, 404, 400, 404, 401),
        kwargs=pk("notice_a_draft"),
        method="post",
        data=lambda w: {"event": "review"},
        note="review; the administrator first, then it is no longer allowed (400)",
    ),
]
EXEMPT: dict[str, str] = {}
