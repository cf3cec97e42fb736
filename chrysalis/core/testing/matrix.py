"""Permission matrices: for each URL, the status every persona gets.

Each app keeps `tests/matrix.py` with `ENTRIES: list[Entry]`. The core test collects them all and
fails if any named URL pattern of the project has no entry (or is not explicitly exempted), so a
new page cannot ship without its permission row.

Expected values: an HTTP status (200, 302, 404, 403, 405) or "login" (a redirect to the login page).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import chrysalis


@dataclass
class Entry:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable | None = None  # world -> dict of URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    query: str = ""
    note: str = ""
    extra_personas: dict[str, int | str] = field(default_factory=dict)

    def url(self, world) -> str:
        return reverse(self.url_name, kwargs=self.kwargs(world) if self.kwargs else None) + (
            f"?{self.query}" if self.query else ""
        )


def collect_entries() -> list[Entry]:
    entries: list[Entry] = []
    for module in pkgutil.iter_modules(chrysalis.__path__):
        try:
            matrix = importlib.import_module(f"chrysalis.{module.name}.tests.matrix")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"chrysalis.{module.name}.tests"):
                continue
            raise
        entries.extend(matrix.ENTRIES)
    return entries


def collect_exempt() -> dict[str, str]:
    exempt: dict[str, str] = {}
    for module in pkgutil.iter_modules(chrysalis.__path__):
        try:
            matrix = importlib.import_module(f"chrysalis.{module.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        exempt.update(getattr(matrix, "EXEMPT", {}))
    return exempt


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def check(client, world, entry: Entry, persona: str) -> tuple[int | str, int | str]:
    """Return (expected, actual) for one persona on one entry."""
    expected = {**entry.expect, **entry.extra_personas}[persona]
    client.logout()
    user = world[persona]
    if user is not None:
        client.force_login(user)
    url = entry.url(world)
    data = entry.data(world) if entry.data else {}
    response = client.post(url, data) if entry.method == "post" else client.get(url)
    actual: int | str = response.status_code
    if response.status_code == 302 and "/login/" in response.get("Location", ""):
        actual = "login"
    return expected, actual
