"""Explicit, ordered extension points (settings.CHRYSALIS_*): dotted paths resolved once.

Core and accounts sit below the domain apps and must not import them; where they call what a domain
app provides (scope extensions, home cards, demo builders, test world objects), the list of callables
is written in settings in the order it runs. Nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

SCOPE_BUILDER = "CHRYSALIS_SCOPE_BUILDER"
SCOPE_EXTENSIONS = "CHRYSALIS_SCOPE_EXTENSIONS"
HOME_CARD_PROVIDERS = "CHRYSALIS_HOME_CARD_PROVIDERS"
DEMO_BUILDERS = "CHRYSALIS_DEMO_BUILDERS"
TEST_WORLD_EXTENSIONS = "CHRYSALIS_TEST_WORLD_EXTENSIONS"


@cache
def callables(setting: str) -> tuple[Callable, ...]:
    """The callables named by a list-of-dotted-paths setting, in order."""
    return tuple(import_string(path) for path in getattr(settings, setting, ()))


@cache
def named_callables(setting: str) -> tuple[tuple[str, Callable], ...]:
    """The (name, callable) pairs of a list-of-(name, dotted path) setting, in order."""
    return tuple((name, import_string(path)) for name, path in getattr(settings, setting, ()))


@cache
def _scope_builder() -> Callable:
    return import_string(getattr(settings, SCOPE_BUILDER))


def scope_for(user):
    """The user's Scope, built by settings.CHRYSALIS_SCOPE_BUILDER (accounts, from role assignments).

    Core defines Scope and restrict() but sits below accounts, which owns the role assignments."""
    return _scope_builder()(user)
