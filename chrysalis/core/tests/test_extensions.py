"""Extension points are the settings' ordered lists, nothing else (chrysalis.core.extensions)."""

import pytest
from django.conf import settings

from chrysalis.core import extensions


def test_callables_follow_the_settings_order():
    names = [f"{f.__module__}.{f.__name__}" for f in extensions.callables(extensions.HOME_CARD_PROVIDERS)]
    assert names == settings.CHRYSALIS_HOME_CARD_PROVIDERS


def test_demo_builders_run_in_the_settings_order_registry_first():
    assert [name for name, _ in extensions.named_callables(extensions.DEMO_BUILDERS)] == [
        "enterprises",
        "cultivation",
        "support",
        "investment",
        "notices",
        "events",
        "villages",
        "village_activities",
        "programmes",
    ]


def test_every_listed_path_resolves():
    for setting in (
        extensions.SCOPE_EXTENSIONS,
        extensions.HOME_CARD_PROVIDERS,
        extensions.TEST_WORLD_EXTENSIONS,
    ):
        assert all(callable(f) for f in extensions.callables(setting))
    assert callable(extensions._scope_builder())


def test_a_wrong_path_fails_loudly(settings):
    settings.CHRYSALIS_TEST_ONLY_POINT = ["chrysalis.core.no_such_module.nothing"]
    with pytest.raises(ImportError):
        extensions.callables("CHRYSALIS_TEST_ONLY_POINT")
