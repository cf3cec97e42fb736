import pytest

from chrysalis.support.tests import matrix  # noqa: F401  (registers the world extensions, registry first)


@pytest.fixture
def ents(world):
    return world.extra
