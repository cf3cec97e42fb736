import pytest


@pytest.fixture
def vworld(world):
    """The persona world; its villages part comes from settings.CHRYSALIS_TEST_WORLD_EXTENSIONS
    (chrysalis.villages.tests.world.add_villages)."""
    assert "village_a" in world.extra
    return world
