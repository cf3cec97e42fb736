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
# create pages: the street (or district) that reaches a village / a street; others 403
NEW_IN_VILLAGE = row(200, 403, 403, 403, 403, 403, "login", st=200, op=200)
NEW_IN_STREET = row(200, 403, 403, 403, 403, 403, "login", st=200, op=403)
# objects only the street edits (operators, pairings): the paired operator gets 404
STREET_A = row(200, 404, 403, 404, 403, 403, "login", st=200, op=404)

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
    entry(
        "villages:figure_import",
        row(302, 403, 403, 403, 403, 403, "login", st=302, op=302),
        method="post",
        note="festival figures from the events module",
    ),
    entry("villages:dashboard", STAFF),
    entry("villages:plans_dashboard", STAFF),
    entry("villages:plans_dashboard", STAFF, query="export=plans", note="export plans"),
    entry("villages:plans_dashboard", STAFF, query="export=honours", note="export honours"),
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
    # create / edit pages (villages.editing)
    entry("villages:village_add", NEW_IN_STREET),
    entry("villages:village_edit", IN_A, pk("village_a")),
    entry("villages:village_edit", IN_B, pk("village_b"), note="zone B"),
    entry(
        "villages:village_edit",
        row(302, 404, 403, 404, 403, 403, "login", st=302, op=302),
        pk("village_a"),
        method="post",
        data=lambda w: {"population": 1200, "households": 310, "area_km2": "3.50", "description": "x"},
        note="post",
    ),
    entry("villages:income_set", IN_A, pk("village_a")),
    entry("villages:income_set", IN_B, pk("village_b"), note="zone B"),
    entry("villages:resource_add", IN_A, pk("village_a")),
    entry("villages:photo_add", IN_A, pk("village_a")),
    entry("villages:photo_add", IN_B, pk("village_b"), note="zone B"),
    entry("villages:photo", IN_A, pk("photo_a")),
    entry("villages:photo", IN_B, pk("photo_b"), note="zone B"),
    entry("villages:operator_add", NEW_IN_STREET),
    entry("villages:operator_edit", STREET_A, pk("operator_a")),
    entry("villages:operator_edit", IN_B, pk("operator_b"), note="zone B"),
    entry("villages:pairing_add", STREET_A, pk("operator_a")),
    entry("villages:plan_add", NEW_IN_VILLAGE),
    entry("villages:plan_edit", IN_A, pk("plan_a")),
    entry("villages:plan_edit", IN_B, pk("plan_b"), note="zone B"),
    entry("villages:target_add", IN_A, pk("plan_a")),
    entry("villages:project_add", NEW_IN_VILLAGE),
    entry("villages:project_edit", IN_A, pk("project_a")),
    entry("villages:project_edit", IN_B, pk("project_b"), note="zone B"),
    entry("villages:honour_add", NEW_IN_VILLAGE),
    entry("villages:honour_edit", IN_A, pk("honour_a")),
    entry("villages:honour_edit", IN_B, pk("honour_b"), note="zone B"),
    entry("villages:route_add", NEW_IN_STREET),
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
