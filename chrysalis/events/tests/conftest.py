import pytest


@pytest.fixture
def ew(world):
    """The persona world with the registry's firms and the events of tests/world.py."""
    from chrysalis.enterprises.tests.world import add_enterprises
    from chrysalis.events.tests.world import add_events

    if "ent_a1" not in world.extra:
        add_enterprises(world)
    if "ev_a" not in world.extra:
        add_events(world)
    return world
