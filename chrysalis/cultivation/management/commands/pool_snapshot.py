"""`chrysalis pool-snapshot [--date YYYY-MM-DD] [--user USERNAME]`: record every pool entry's stage
on a day (run it once a year, e.g. on 1 January from cron). Idempotent; audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chrysalis.core.actor import actor_context
from chrysalis.cultivation.services.pool import pool_snapshot


class Command(BaseCommand):
    help = "Record each pool entry's stage on a day (the snapshot the pool page compares with a year later)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day recorded (default: today); not in the future")
        parser.add_argument(
            "--user", help="record only the entries this user may change (default: all, as the system)"
        )

    def handle(self, *args, **opts):
        try:
            day = dt.date.fromisoformat(opts["date"]) if opts["date"] else None
        except ValueError:
            raise CommandError(f"not a date (YYYY-MM-DD): {opts['date']}") from None
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"no such user: {opts['user']}")
        try:
            with actor_context(source="command", label="pool_snapshot"):
                recorded, existing = pool_snapshot(actor=user, on=day)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        self.stdout.write(
            f"pool snapshot {(day or timezone.localdate()).isoformat()}: {recorded} entries recorded, "
            f"{existing} already there"
        )
