import pytest


@pytest.fixture
def inv(world):
    from chrysalis.investment.tests.world import add_investment

    add_investment(world, force=True)
    return world
