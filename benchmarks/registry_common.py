"""Shared set-up of the registry benchmarks: Django against the database of DATABASE_URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def setup(migrate: bool = True):
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from chrysalis.accounts.demo import build_organisation
        from chrysalis.core.actor import actor_context

        with actor_context(source="command", label="benchmark"):
            build_organisation()


def peak_rss_mb() -> float:
    """Peak resident memory of this process. Linux: VmHWM (reset by exec, unlike ru_maxrss, which a child
    started with subprocess inherits from its parent at fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
