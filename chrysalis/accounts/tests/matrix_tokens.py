"""Permission matrix of the personal API token pages (added to accounts' matrix)."""

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


def _zone_a_token(world):
    from chrysalis.accounts.tokens import ApiToken, token_create

    owner = world.users["zone_a_officer"]
    token = ApiToken.objects.filter(user=owner, name="matrix").first()
    if token is None:
        token, _raw = token_create(actor=owner, name="matrix", days=7)
    return token.pk


ENTRIES = [
    Entry("api_tokens", row(200, 200, 200, 200, 200, 200, "login"), note="the auditor sees why not"),
    Entry(
        "api_tokens",
        row(200, 200, 200, 200, 200, 200, "login"),
        method="post",
        data=lambda w: {"name": "matrix-made", "days": "7"},
        note="made for oneself (the auditor is refused on the page)",
    ),
    Entry(
        "api_token_revoke",
        row(404, 302, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": _zone_a_token(w)},
        method="post",
        note="only the owner",
    ),
    Entry(
        "api_token_permits",
        row(404, 404, 404, 404, 404, 404, "login"),
        extra_personas={"security_admin": 200},
    ),
]
