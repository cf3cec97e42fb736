"""Permission matrix of the villages module.

Columns: district_admin, zone_a_officer, grid_a1_worker, zone_b_officer, auditor, enterprise_user,
anonymous; plus street_a (street staff of A街道, whose village is A村) and operator_a (the village
operator paired with A村) on every row. The villages hang under streets A街道/B街道, so the zone
officers work in the module but reach no village (lists empty, objects 404). Enterprise users,
auditors and grid workers get 403 (public pages only).
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


def row(*codes, st, op):
    return dict(zip(P, codes, strict=True)), {"street_a": st, "operator_a": op}


def entry(url_name, codes, kwargs=None, **kw):
    expect, extra = codes
    return Entry(url_name, expect, kwargs=kwargs, extra_personas=extra, **kw)


def pk(name, **more):
    return lambda w: {"pk": w.extra[name].pk, **more}


STAFF = row(200, 200, 403, 200, 403, 403, "login", st=200, op=200)
IN_A = row(200, 404, 403, 404, 403, 403, "login", st=200, op=200)
API_ALL = row(200, 200, 200, 200, 200, 200, 401, st=200, op=200)
API_A = row(200, 404, 404, 404, 404, 404, 401, st=200, op=200)
API_B = row(200, 404, 404, 404, 404, 404, 401, st=404, op=404)
PUBLIC = row(200, 200, 200, 200, 200, 200, 200, st=200, op=200)
IN_B = row(200, 404, 403, 404, 403, 403, "login", st=404, op=404)

ENTRIES: list[Entry] = [
    entry("villages:village_list", STAFF),
    entry("villages:village_list", STAFF, query="export=xlsx", note="export"),
    entry("villages:village_detail", IN_A, pk("village_a")),
    entry("villages:village_detail", IN_B, pk("village_b"), note="zone B"),
    entry("villages:figure_list", STAFF),
    entry("villages:figure_list", STAFF, query="export=xlsx", note="export"),
    entry("villages:figure_add", row(200, 403, 403, 403, 403, 403, "login", st=200, op=200)),
    entry("villages:figure_detail", IN_A, pk("figure_a")),
    entry("villages:figure_detail", IN_B, pk("figure_b"), note="zone B"),
    entry(
        "villages:figure_transition",
        row(302, 404, 403, 404, 403, 403, "login", st=302, op=302),
        pk("figure_a", event="review"),
        method="post",
        note="the operator's attempt is refused with a message (redirect)",
    ),
    entry(
        "villages:figure_review_all",
        row(302, 302, 403, 302, 403, 403, "login", st=302, op=302),
        method="post",
    ),
    entry("villages:dashboard", STAFF),
    entry("villages:dashboard", STAFF, query="export=xlsx", note="export"),
    entry("villages:operator_list", STAFF),
    entry("villages:operator_detail", IN_A, pk("operator_a")),
    entry("villages:operator_detail", IN_B, pk("operator_b"), note="zone B"),
    entry("villages:plan_list", STAFF),
    entry("villages:plan_detail", IN_A, pk("plan_a")),
    entry("villages:plan_detail", IN_B, pk("plan_b"), note="zone B"),
    entry(
        "villages:plan_transition",
        row(302, 404, 403, 404, 403, 403, "login", st=302, op=302),
        pk("plan_a", event="submit"),
        method="post",
    ),
    entry("villages:project_list", STAFF),
    entry("villages:project_list", STAFF, query="export=xlsx", note="export"),
    entry("villages:project_detail", IN_A, pk("project_a")),
    entry("villages:project_detail", IN_B, pk("project_b"), note="zone B"),
    entry(
        "villages:project_advance",
        row(302, 404, 403, 404, 403, 403, "login", st=302, op=302),
        pk("project_a"),
        method="post",
    ),
    entry("villages:honour_list", STAFF),
    entry("villages:honour_list", STAFF, query="export=xlsx", note="export"),
    entry("villages:route_list", STAFF),
    entry("villages:route_detail", IN_A, pk("route_a")),
    entry("villages:route_detail", IN_B, pk("route_b"), note="zone B"),
    entry("villages:route_card", IN_A, pk("route_a")),
    entry("villages:public_routes", PUBLIC),
    entry("villages:public_route", PUBLIC, pk("route_a")),
    entry(
        "villages:public_route",
        row(404, 404, 404, 404, 404, 404, 404, st=404, op=404),
        pk("route_b"),
        note="not published",
    ),
    entry("villages:public_honours", PUBLIC),
    entry("api-villages:village-list", API_ALL),
    entry("api-villages:village-detail", API_A, pk("village_a")),
    entry("api-villages:figure-list", API_ALL),
    entry("api-villages:figure-detail", API_A, pk("figure_a")),
    entry("api-villages:figure-detail", API_B, pk("figure_b"), note="zone B"),
    entry(
        "api-villages:figure-review",
        row(200, 404, 404, 404, 404, 404, 401, st=400, op=400),
        pk("figure_a"),
        method="post",
        note="the district confirms first; the others are then told it is no longer allowed (400)",
    ),
    entry("api-villages:plan-list", API_ALL),
    entry("api-villages:plan-detail", API_A, pk("plan_a")),
]
