"""Snapshot every target for a month (default: the running month). Idempotent: run it daily or
monthly from cron; each (target, month) keeps one row, recomputed on each run."""

from django.core.management.base import BaseCommand, CommandError

from chrysalis.core.actor import actor_context
from chrysalis.programmes.services.evaluation import parse_month, snapshot_month


class Command(BaseCommand):
    help = "Snapshot every programme target for a month (YYYY-MM; default the running month)."

    def add_arguments(self, parser):
        parser.add_argument("--month", default="", help="YYYY-MM")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        with actor_context(source="command", label="programmes_snapshot"):
            counts = snapshot_month(month)
        self.stdout.write(f"{month:%Y-%m}: {counts['created']} created, {counts['updated']} recomputed")
