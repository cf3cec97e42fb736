import pytest

from chrysalis.enterprises.tests import matrix  # noqa: F401  (registers the world extension)


@pytest.fixture
def ents(world):
    return world.extra
