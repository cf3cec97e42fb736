"""Runs every app's permission matrix and checks that no URL is missing from it."""

import pytest

from chrysalis.core.testing.matrix import all_url_names, check, collect_entries, collect_exempt

ENTRIES = collect_entries()


def test_every_url_pattern_is_in_a_matrix():
    covered = {e.url_name for e in ENTRIES} | set(collect_exempt())
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URL patterns without a permission-matrix entry: {missing}"


@pytest.mark.parametrize(
    "entry",
    ENTRIES,
    ids=[f"{e.url_name}{'[' + e.note + ']' if e.note else ''}#{i}" for i, e in enumerate(ENTRIES)],
)
def test_matrix(client, world, entry):
    failures = []
    personas = {**entry.expect, **entry.extra_personas}
    # reading the URL's objects and every persona first builds any deferred world extension they
    # belong to (core.testing.personas.World.defer) before the first request is made
    entry.url(world)
    for persona in personas:
        world[persona]
    for persona in personas:
        expected, actual = check(client, world, entry, persona)
        if expected != actual:
            failures.append(f"{persona}: expected {expected}, got {actual}")
    assert not failures, f"{entry.method.upper()} {entry.url(world)}\n" + "\n".join(failures)
