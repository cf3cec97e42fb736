import pytest
from django.db.backends.signals import connection_created


def _allow_audit_truncate(sender, connection, **kwargs):
    """Django's test flush (transactional tests) empties every table with TRUNCATE, which the audit
    tables refuse on PostgreSQL unless the session allows it and the role owns them
    (audit migration 0004). Only the test suite's connections say so; see docs/operators/security.md."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET chrysalis.audit_truncate = 'allow'")


connection_created.connect(_allow_audit_truncate, dispatch_uid="chrysalis-test-audit-truncate")


@pytest.fixture(scope="module")
def _world_shared(request, django_db_setup, django_db_blocker):
    """The persona world, built once per test module in a transaction rolled back at the module's end
    (chrysalis.core.testing.shared; docs/contributors/testing.md)."""
    from chrysalis.core.testing.personas import build_world
    from chrysalis.core.testing.shared import shared_build

    yield from shared_build(request, django_db_blocker, build_world)


@pytest.fixture
def world(request, _world_shared, db):
    """The persona world for this test: a copy of the module's shared world (the test's writes are
    rolled back at its end), or a world of its own for a test that commits for real."""
    from chrysalis.core.testing.personas import build_world

    return _world_shared.get(request, build_world)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test that commits for real (live server, concurrency) must not run inside the shared
    transaction of a module's shared objects, and a test that uses the database without asking for
    them must not see them (it expects the empty database it always had): the shared transaction is
    rolled back before such a test's fixtures (later tests of the module build their own objects)."""
    from chrysalis.core.testing.shared import close_shared_transaction, is_transactional, uses_shared_only

    if is_transactional(item) or not uses_shared_only(item):
        close_shared_transaction()


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords(request):
    """Cheap password hashing in tests (only when the Django plugin is active). For the whole session,
    so that the users of a module's shared world (built before any test's own fixtures) have it too."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's Chromium, pointed at the live server. Skips without Chromium."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page.base_url = live_server.url
        yield page
        browser.close()


@pytest.fixture
def artifact_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
