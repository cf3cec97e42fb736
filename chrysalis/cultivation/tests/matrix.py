from chrysalis.core.testing.matrix import Entry

P = ("district_admin", "zone_a_officer", "grid_a1_worker", "zone_b_officer", "auditor", "enterprise_user", "anonymous")


def row(*codes):
    return dict(zip(P, codes, strict=True))


ENTRIES = [
    Entry("cultivation:selfcheck", row(200, 200, 200, 200, 200, 200, 200), note="public"),
    Entry("api-assessment", row(400, 400, 400, 400, 400, 400, 401), method="post", data=lambda w: {}, note="empty body: 400 with field errors"),
]
EXEMPT: dict[str, str] = {}
