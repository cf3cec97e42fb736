"""Permission matrix of the enterprise registry (see chrysalis.core.testing.matrix)."""

from chrysalis.core.testing.matrix import Entry
from chrysalis.core.testing.personas import WORLD_EXTENSIONS
from chrysalis.enterprises.tests.world import add_enterprises

if add_enterprises not in WORLD_EXTENSIONS:
    WORLD_EXTENSIONS.append(add_enterprises)

P = ("district_admin", "zone_a_officer", "grid_a1_worker", "zone_b_officer", "auditor", "enterprise_user", "anonymous")


def row(*codes):
    return dict(zip(P, codes, strict=True))


ENTRIES: list[Entry] = []
EXEMPT: dict[str, str] = {}
