import pytest


@pytest.fixture
def inv(world):
    from chrysalis.investment.tests.world import build_investment

    build_investment(world)
    return world
