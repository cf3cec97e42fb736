"""Periodic job of public notices: published business notices whose creditors' period has ended expire."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chrysalis.core.actor import actor_context
from chrysalis.notices.services.notices import expire_due


class Command(BaseCommand):
    help = (
        "Expires published notices whose creditors' period has ended (declarations never expire). Idempotent."
    )

    def handle(self, *args, **options):
        with actor_context(source="command", label="notices_expire"):
            count = expire_due()
        self.stdout.write(f"notices_expire: {count} expired")
