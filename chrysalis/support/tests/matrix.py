"""Permission matrix of enterprise service (see chrysalis.core.testing.matrix)."""

from chrysalis.core.testing.matrix import Entry
from chrysalis.core.testing.personas import WORLD_EXTENSIONS
from chrysalis.enterprises.tests import matrix as _registry  # noqa: F401  (registry world extension first)
from chrysalis.support.tests.world import add_support

if add_support not in WORLD_EXTENSIONS:
    WORLD_EXTENSIONS.append(add_support)

ENTRIES: list[Entry] = []
EXEMPT: dict[str, str] = {}
