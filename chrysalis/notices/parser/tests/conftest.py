"""The parser tests are framework-free: they run with ``-p no:django``.

The project's root conftest has an autouse fixture that asks for pytest-django's ``settings``;
this stand-in satisfies it for the tests in this folder (with or without pytest-django)."""

from __future__ import annotations

import types

import pytest


@pytest.fixture
def settings() -> types.SimpleNamespace:
    return types.SimpleNamespace()
