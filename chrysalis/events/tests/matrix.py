"""Permission matrix of the events module (see chrysalis.core.testing.matrix).

ev_a: public, zone A; ev_b: invitation only, zone B (ent_b1 invited); ev_c: zone A coaching day
with slot_c; reg_a1: ent_a1 (the enterprise user's firm) confirmed at ev_a; deal_a1 at ev_a.
Zone A's staff run zone A's events; an object outside one's scope answers 404 like a missing one.
"""

from chrysalis.core.testing.matrix import Entry
from chrysalis.enterprises.tests import matrix as _registry  # noqa: F401  (the registry's firms in the world)
from chrysalis.events.tests.world import add_events

# The events' objects are added to a world only when an entry asks for one of them (not through
# WORLD_EXTENSIONS): every other test that builds the persona world does not pay for them.


def _ensure(world):
    if "ev_a" not in world.extra:
        add_events(world)
    return world


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
    return lambda w: {"pk": _ensure(w).extra[name].pk}


ALL = row(200, 200, 200, 200, 200, 200, "login")
PUBLIC = row(200, 200, 200, 200, 200, 200, 200)
ZONE_A_ORGANISERS = row(200, 200, 404, 404, 404, 404, "login")
ZONE_A_POST = row(302, 302, 404, 404, 404, 404, "login")
EV_B = row(200, 404, 404, 200, 404, 404, "login")
REG_A1 = row(200, 200, 200, 404, 404, 200, "login")
REG_A1_POST = row(302, 302, 302, 404, 404, 302, "login")
PLANNERS = row(200, 200, 403, 200, 403, 403, "login")
STAFF = row(200, 200, 200, 200, 403, 403, "login")

ENTRIES: list[Entry] = [
    Entry("events:event_list", ALL),
    Entry("events:event_list", ALL, query="export=xlsx", note="export"),
    Entry("events:event_calendar", ALL),
    Entry("events:event_add", PLANNERS),
    Entry("events:dashboard", STAFF),
    Entry("events:public_list", PUBLIC),
    Entry("events:public_ics", PUBLIC),
    Entry("events:checkin", ALL, lambda w: {"code": _ensure(w).extra["ev_a"].checkin_code}),
    Entry(
        "events:checkin",
        row(404, 404, 404, 404, 404, 404, "login"),
        lambda w: {"code": "nope"},
        note="unknown",
    ),
    Entry(
        "events:checkin",
        ALL,
        lambda w: {"code": _ensure(w).extra["ev_a"].checkin_code},
        method="post",
        note="only the firm is checked in; others are told why not",
    ),
    Entry("events:event_detail", ALL, pk("ev_a")),
    Entry("events:event_detail", EV_B, pk("ev_b"), note="invitation only, zone B"),
    Entry("events:event_edit", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry("events:event_invite", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry("events:event_register", ALL, pk("ev_a")),
    Entry("events:event_register", EV_B, pk("ev_b"), note="invitation only, zone B"),
    Entry("events:event_door", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry("events:event_qr", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry(
        "events:event_walk_in",
        ZONE_A_POST,
        pk("ev_a"),
        method="post",
        data=lambda w: {"enterprise": w.extra["ent_a2"].pk},
    ),
    Entry("events:event_no_shows", ZONE_A_POST, pk("ev_a"), method="post"),
    Entry("events:event_request_add", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry("events:deal_add", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry("events:deal_edit", ZONE_A_ORGANISERS, lambda w: {"deal": _ensure(w).extra["deal_a1"].pk}),
    Entry("events:deal_list", ALL),
    Entry("events:event_figures", ZONE_A_ORGANISERS, pk("ev_a")),
    Entry("events:slot_add", ZONE_A_ORGANISERS, pk("ev_c")),
    Entry("events:slot_book", row(302, 302, 302, 302, 302, 302, "login"), pk("slot_c"), method="post"),
    Entry("events:slot_notes", ZONE_A_ORGANISERS, pk("slot_c")),
    Entry("events:firm_events", REG_A1, pk("ent_a1"), note="the firm's events on the enterprise page"),
    Entry("events:firm_events", row(200, 404, 404, 200, 404, 404, "login"), pk("ent_b1"), note="zone B firm"),
    Entry("events:registration_list", ALL),
    Entry("events:registration_detail", REG_A1, pk("reg_a1")),
    Entry(
        "events:registration_feedback", REG_A1_POST, pk("reg_a1"), method="post", data=lambda w: {"rating": 5}
    ),
    Entry(
        "events:registration_transition",
        REG_A1_POST,
        lambda w: {"pk": _ensure(w).extra["reg_a1"].pk, "event": "promote"},
        method="post",
        note="refused politely for everyone (not waitlisted)",
    ),
    Entry(
        "events:registration_transition",
        row(404, 404, 404, 404, 404, 404, "login"),
        lambda w: {"pk": _ensure(w).extra["reg_a1"].pk, "event": "fly"},
        method="post",
        note="unknown action",
    ),
]
API = row(200, 200, 200, 200, 200, 200, 401)
ENTRIES += [
    Entry("api-events:event-list", API),
    Entry("api-events:event-detail", row(200, 404, 404, 200, 404, 404, 401), pk("ev_b"), note="zone B"),
    Entry("api-events:registration-list", API),
    Entry("api-events:registration-detail", row(200, 200, 200, 404, 404, 200, 401), pk("reg_a1")),
    Entry(
        "api-events:registration-transition",
        row(400, 400, 400, 404, 404, 400, 401),
        pk("reg_a1"),
        method="post",
        data=lambda w: {"event": "promote"},
        note="not waitlisted: refused with the allowed moves",
    ),
    Entry("api-events:deal-list", API),
    Entry("api-events:deal-detail", row(200, 200, 404, 404, 404, 404, 401), pk("deal_a1")),
]
EXEMPT: dict[str, str] = {}
