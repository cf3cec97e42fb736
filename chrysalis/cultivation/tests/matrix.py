from chrysalis.core.testing.matrix import Entry
from chrysalis.core.testing.personas import WORLD_EXTENSIONS
from chrysalis.enterprises.tests.world import add_enterprises

if add_enterprises not in WORLD_EXTENSIONS:
    WORLD_EXTENSIONS.append(add_enterprises)

P = ("district_admin", "zone_a_officer", "grid_a1_worker", "zone_b_officer", "auditor", "enterprise_user", "anonymous")


def row(*codes):
    return dict(zip(P, codes, strict=True))


def a1(w):
    return {"pk": w.extra["ent_a1"].pk}


ENTRIES = [
    Entry("cultivation:selfcheck", row(200, 200, 200, 200, 200, 200, 200), note="public"),
    Entry("api-assessment", row(400, 400, 400, 400, 400, 400, 401), method="post", data=lambda w: {}, note="empty body: 400 with field errors"),
    Entry("cultivation:assessment", row(200, 200, 200, 404, 404, 200, "login"), kwargs=a1, query="year=2026", note="firm in grid A1"),
    Entry("cultivation:assessment", row(200, 404, 404, 200, 404, 404, "login"), kwargs=lambda w: {"pk": w.extra["ent_b1"].pk}, query="year=2026", note="firm in grid B1"),
    Entry("cultivation:judgement_add", row(302, 302, 302, 404, 404, 302, "login"), kwargs=a1, method="post",
          data=lambda w: {"year": "2026", "criterion": "nope", "outcome": "met", "reason": "x"}, note="in reach: refused with a message, no change"),
    Entry("api-enterprise-assessment", row(200, 200, 200, 404, 404, 200, 401), kwargs=a1, query="year=2026"),
]
EXEMPT: dict[str, str] = {}
