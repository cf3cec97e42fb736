"""Registry of demo-data builders; each module appends a callable(stdout) -> dict of counts."""

from __future__ import annotations

from collections.abc import Callable

DEMO_BUILDERS: list[tuple[str, Callable]] = []


def register(name: str):
    def decorator(func: Callable) -> Callable:
        DEMO_BUILDERS.append((name, func))
        return func

    return decorator
