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


def a1(w):
    return {"pk": w.extra["ent_a1"].pk}


ENTRIES = [
    Entry("cultivation:selfcheck", row(200, 200, 200, 200, 200, 200, 200), note="public"),
    Entry(
        "api-assessment",
        row(400, 400, 400, 400, 400, 400, 401),
        method="post",
        data=lambda w: {},
        note="empty body: 400 with field errors",
    ),
    Entry(
        "cultivation:assessment",
        row(200, 200, 200, 404, 404, 200, "login"),
        kwargs=a1,
        query="year=2026",
        note="firm in grid A1",
    ),
    Entry(
        "cultivation:assessment",
        row(200, 404, 404, 200, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["ent_b1"].pk},
        query="year=2026",
        note="firm in grid B1",
    ),
    Entry(
        "cultivation:judgement_add",
        row(302, 302, 302, 404, 404, 302, "login"),
        kwargs=a1,
        method="post",
        data=lambda w: {"year": "2026", "criterion": "nope", "outcome": "met", "reason": "x"},
        note="in reach: refused with a message, no change",
    ),
    Entry("api-enterprise-assessment", row(200, 200, 200, 404, 404, 200, 401), kwargs=a1, query="year=2026"),
]
EXEMPT: dict[str, str] = {}


# ---- pool, coaching, recognitions, screening (issue #5) ----


def _pool(key):
    return lambda w: {"pk": w.extra[f"pool_{key}"].pk}


ENTRIES += [
    Entry(
        "cultivation:pool", row(200, 200, 200, 200, 403, 403, "login"), note="staff only, filtered by scope"
    ),
    Entry("cultivation:pool", row(200, 200, 200, 200, 403, 403, "login"), query="export=xlsx", note="export"),
    Entry(
        "cultivation:pool_detail",
        row(200, 200, 200, 404, 404, 404, "login"),
        kwargs=_pool("ent_a1"),
        note="the pool and its internal notes are staff-only, also for the firm itself",
    ),
    Entry("cultivation:pool_detail", row(200, 404, 404, 200, 404, 404, "login"), kwargs=_pool("ent_b1")),
    Entry(
        "cultivation:pool_move",
        row(302, 302, 404, 404, 404, 404, "login"),
        kwargs=_pool("ent_a1"),
        method="post",
        data=lambda w: {"to_stage": "applying", "reason": "x"},
        note="not an allowed move: refused with a message; viewers without write reach: 404",
    ),
    Entry(
        "cultivation:coaching_add",
        row(302, 302, 404, 404, 404, 404, "login"),
        kwargs=_pool("ent_a1"),
        method="post",
        data=lambda w: {},
        note="no coach: refused with a message",
    ),
    Entry(
        "cultivation:coaching_session_add",
        row(302, 302, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["plan_a1"].pk},
        method="post",
        data=lambda w: {"notes": ""},
        note="empty notes: refused with a message",
    ),
    Entry("cultivation:recognition_list", row(200, 200, 200, 200, 200, 200, "login")),
    Entry("screening:run_list", row(200, 404, 404, 404, 404, 404, "login"), note="district admins only"),
    Entry(
        "screening:run_detail",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["run"].pk},
    ),
    Entry(
        "screening:run_start",
        row(302, 404, 404, 404, 404, 404, "login"),
        method="post",
        data=lambda w: {"year": "2026"},
    ),
    Entry(
        "screening:run_pool_add",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["run"].pk},
        method="post",
        data=lambda w: {"rule_set": "nope"},
        note="unknown rule set: 404",
    ),
]


# ---- issue #5 follow-up: manual pool add, coaching plan page, ticks, recognitions, local rules ----
def _plan(w):
    return {"pk": w.extra["plan_a1"].pk}


ENTRIES += [
    Entry(
        "cultivation:pool_add",
        row(200, 200, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"enterprise_pk": w.extra["ent_a2"].pk},
        note="firm of zone A not yet in the pool: pool writers in reach only",
    ),
    Entry(
        "cultivation:pool_add",
        row(302, 302, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"enterprise_pk": w.extra["ent_a1"].pk},
        note="already in the pool: redirected to its entry",
    ),
    Entry("cultivation:coaching_detail", row(200, 200, 200, 404, 404, 200, "login"), kwargs=_plan),
    Entry("cultivation:coaching_edit", row(200, 200, 404, 404, 404, 404, "login"), kwargs=_plan),
    Entry(
        "cultivation:coaching_edit",
        row(200, 200, 404, 404, 404, 404, "login"),
        kwargs=_plan,
        method="post",
        data=lambda w: {"outside_expert": "", "version": "1"},
        note="no coach: the form shows the error, nothing saved",
    ),
    Entry(
        "cultivation:checklist_tick",
        row(302, 302, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["item_a1"].pk},
        method="post",
        data=lambda w: {"done": "0"},
        note="already open: no change",
    ),
    Entry(
        "cultivation:recognition_add",
        row(200, 200, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"enterprise_pk": w.extra["ent_a1"].pk},
    ),
    Entry(
        "cultivation:recognition_add",
        row(200, 200, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"enterprise_pk": w.extra["ent_a1"].pk},
        method="post",
        data=lambda w: {"tier": "zjtx", "granted_on": "2026-01-01", "valid_until": "2025-01-01"},
        note="end before grant: form error, nothing saved",
    ),
    Entry("screening:rule_list", row(200, 404, 404, 404, 404, 404, "login"), note="district admins only"),
    Entry("screening:rule_add", row(200, 404, 404, 404, 404, 404, "login")),
    Entry(
        "screening:rule_add",
        row(200, 404, 404, 404, 404, 404, "login"),
        method="post",
        data=lambda w: {
            "org_unit": str(w.extra["ent_a1"].org_unit_id),
            "name": "坏规则",
            "condition": "研发占比 >= 且",
        },
        note="bad condition: form error with the position, nothing saved",
    ),
    Entry(
        "screening:rule_edit",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["rule"].pk},
    ),
    Entry(
        "screening:rule_toggle",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["rule"].pk},
        method="post",
        data=lambda w: {"active": "1"},
        note="already active: no change",
    ),
    Entry("screening:policy_list", row(200, 404, 404, 404, 404, 404, "login"), note="district admins only"),
    Entry(
        "screening:policy_list",
        row(302, 404, 404, 404, 404, 404, "login"),
        method="post",
        data=lambda w: {"org_unit": str(w.district.pk), "rule_set": "zjtx-2026", "uncertain": "maybe"},
        note="bad mode: message, nothing saved",
    ),
]
