"""`manage.py purge_deleted`: remove for good the soft-deleted records whose retention period
(`CHRYSALIS_SOFT_DELETE_RETENTION_DAYS`) has ended — the only hard delete of such records; each one
is audited first. Run it daily from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chrysalis.core.actor import actor_context
from chrysalis.core.services import purge_expired, retention_days


class Command(BaseCommand):
    help = "Remove soft-deleted records older than the retention period (audited)."

    def handle(self, *args, **opts):
        with actor_context(source="command", label="purge_deleted"):
            counts = purge_expired()
        total = sum(counts.values())
        detail = ", ".join(f"{label}: {n}" for label, n in sorted(counts.items()))
        self.stdout.write(
            f"{total} record(s) older than {retention_days()} days removed"
            + (f" ({detail})" if detail else "")
        )
