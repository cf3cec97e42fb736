import pytest

from chrysalis.core.testing.personas import WORLD_EXTENSIONS
from chrysalis.villages.tests.world import add_villages


@pytest.fixture
def vworld(world):
    if add_villages not in WORLD_EXTENSIONS or "village_a" not in world.extra:
        add_villages(world)
    return world
