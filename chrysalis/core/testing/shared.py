"""Objects built once and shared by the tests of one module (the `setUpTestData` pattern for pytest).

A module-scoped fixture opens a transaction before the first test's own transaction, builds the
objects in it and keeps them in `SharedBuild`; every test then runs, as pytest-django makes it do, in
a savepoint inside that transaction that is rolled back at the test's end, so what a test writes
never reaches the next one. At the module's end the outer transaction is rolled back too. Each test
receives a deep copy of the built Python objects (model instances included), so a test that changes
an instance in memory (a `version`, a cached relation, a new key of `world.extra`) does not leak it
either. A test that commits for real (`django_db(transaction=True)`, `transactional_db`,
`live_server`) cannot run inside the shared transaction: the transaction is closed before such a
test and the test builds its own objects, as before.

Global state outside the database (a cache) is reset per test by the callables a build lists in
`per_test` (see `core.testing.personas.World.per_test`).

Usage (the root conftest's `world` follows it; docs/contributors/testing.md):

    @pytest.fixture(scope="module")
    def _things_shared(request, django_db_setup, django_db_blocker):
        yield from shared_build(request, django_db_blocker, build_things)

    @pytest.fixture
    def things(request, _things_shared, db):
        return _things_shared.get(request, build_things)
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction


def is_transactional(item: Any) -> bool:
    """pytest-django's own reading: does this test commit for real (TransactionTestCase)?"""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        kwargs = dict(zip(("transaction", "reset_sequences"), marker.args, strict=False))
        kwargs.update(marker.kwargs)
        if kwargs.get("transaction") or kwargs.get("reset_sequences"):
            return True
    names = getattr(item, "fixturenames", ())
    return any(n in names for n in ("transactional_db", "live_server", "django_db_reset_sequences"))


def uses_shared_only(item: Any) -> bool:
    """May this test run inside the shared transaction? Yes if it does not touch the database, or if
    it asks for one of the module's shared builds (a fixture named `_…_shared`, e.g. `world`'s
    `_world_shared`); a test that asks for the database alone expects it empty."""
    names = getattr(item, "fixturenames", ())
    if any(n.startswith("_") and n.endswith("_shared") for n in names):
        return True
    return "db" not in names and item.get_closest_marker("django_db") is None


class _Open:
    """The shared outer transaction currently open (at most one at a time)."""

    atomic: Any = None
    blocker: Any = None
    builds: list[SharedBuild] = []

    @classmethod
    def close(cls) -> None:
        if cls.atomic is None:
            return
        atomic, cls.atomic = cls.atomic, None
        for build in cls.builds:
            build.value = None
        cls.builds = []
        with cls.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def close_shared_transaction() -> None:
    """Roll back the shared transaction now (before a test that commits for real)."""
    _Open.close()


class SharedBuild:
    """The objects one module-scoped fixture built in the shared transaction."""

    def __init__(self) -> None:
        self.value: Any = None

    def get(self, request: Any, build: Callable[[], Any]) -> Any:
        """A deep copy of the shared objects for this test; a fresh build where sharing is impossible
        (a test that commits for real, or the shared transaction was closed in between)."""
        if self.value is None or is_transactional(request.node):
            value = build()
        else:
            value = copy.deepcopy(self.value)
        for reset in getattr(value, "per_test", ()):
            reset()
        return value


def shared_build(request: Any, django_db_blocker: Any, build: Callable[[], Any]) -> Iterator[SharedBuild]:
    """Body of a module-scoped fixture: build once in the shared transaction, roll back at the end.

    Nothing is built when the test that first asks for it commits for real (a module of browser
    tests): each such test builds its own objects."""
    holder = SharedBuild()
    item = getattr(request, "_pyfuncitem", None)
    if item is not None and is_transactional(item):
        yield holder
        return
    with django_db_blocker.unblock():
        if _Open.atomic is None:
            atomic = transaction.atomic()
            atomic.__enter__()
            _Open.atomic, _Open.blocker = atomic, django_db_blocker
        try:
            holder.value = build()
        except BaseException:
            _Open.close()
            raise
    _Open.builds.append(holder)
    try:
        yield holder
    finally:
        if holder in _Open.builds:
            _Open.builds.remove(holder)
            holder.value = None
            if not _Open.builds:
                _Open.close()
