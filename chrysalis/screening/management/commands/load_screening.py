"""`chrysalis load-screening DIR --year 2026 [--stage reserve] [--user USERNAME] [--closest 30] [--dry-run]`:
add the firms of a `chrysalis screen` output (eligible now, and the closest by gap per tier) to the pool."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from chrysalis.core.actor import actor_context
from chrysalis.screening.services.load import STAGE_PATH, load_screening


class Command(BaseCommand):
    help = (
        "Load the results of `chrysalis screen` (DIR/assessments.parquet or .csv) into the cultivation pool."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--year", type=int, required=True, help="application year the firms are added for"
        )
        parser.add_argument("--stage", choices=list(STAGE_PATH), default="reserve")
        parser.add_argument(
            "--user", required=True, help="the acting user: firms outside their scope are skipped"
        )
        parser.add_argument(
            "--closest",
            type=int,
            default=30,
            help="per tier, how many of the closest non-eligible firms (default 30)",
        )
        parser.add_argument("--dry-run", action="store_true", help="validate and count, change nothing")

    def handle(self, *args, **opts):
        user = get_user_model().objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"no such user: {opts['user']}")
        try:
            with actor_context(source="command", label="load_screening"):
                rep = load_screening(
                    actor=user,
                    directory=opts["directory"],
                    year=opts["year"],
                    stage=opts["stage"],
                    closest=opts["closest"],
                    dry_run=opts["dry_run"],
                )
        except ValidationError as e:
            raise CommandError("nothing loaded:\n  " + "\n  ".join(e.messages)) from None
        except PermissionDenied as e:
            raise CommandError(f"nothing loaded: {e}") from None
        tiers = ", ".join(f"{k} {v}" for k, v in sorted(rep.by_tier.items())) or "-"
        self.stdout.write(
            f"{'dry run: ' if opts['dry_run'] else ''}{rep.rows} rows, {rep.candidates} firms picked; "
            f"added {rep.added} ({tiers}), already in the pool {rep.already}, outside scope or unknown "
            f"{rep.out_of_scope}"
        )
