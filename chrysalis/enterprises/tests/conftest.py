import pytest

from chrysalis.enterprises.tests import matrix  # noqa: F401  (registers the world extension)


@pytest.fixture
def ents(world):
    return {k: world.extra[k] for k in ("ent_a1", "ent_a2", "ent_b1")}
