"""Periodic job of enterprise service: due states, reminders, escalations, digests, grid fallback."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chrysalis.core.actor import actor_context
from chrysalis.support.jobs import tick


class Command(BaseCommand):
    help = (
        "Computes due states, raises reminders (催办) and escalations (督办) once, builds the daily "
        "digests, applies the grid fallback. Idempotent."
    )

    def handle(self, *args, **options):
        with actor_context(source="command", label="support_tick"):
            counts = tick()
        self.stdout.write("support_tick: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
