"""`chrysalis export-snapshot DIR`: write the batch tables (facts format) from the database."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chrysalis.enterprises.models import Enterprise
from chrysalis.screening.services.runs import export_snapshot


class Command(BaseCommand):
    help = "Write the snapshot tables (enterprises, years, ip, titles, …) of the enterprise registry to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
        parser.add_argument("--user", help="export only the enterprises this user may view (default: all)")

    def handle(self, *args, **opts):
        qs = Enterprise.objects.all()
        if opts["user"]:
            try:
                user = get_user_model().objects.get(username=opts["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"no such user: {opts['user']}") from None
            qs = Enterprise.objects.restrict(user, "view")
        t0 = time.perf_counter()
        qs = qs.order_by("pk").prefetch_related(
            "incidents", "titles", "awards", "contests", "ip_rights", "equity_rounds", "years"
        )
        n = export_snapshot(qs, opts["directory"], fmt=opts["format"])
        self.stdout.write(
            f"exported {n} firms to {opts['directory']} ({opts['format']}) in "
            f"{time.perf_counter() - t0:.2f} s"
        )
