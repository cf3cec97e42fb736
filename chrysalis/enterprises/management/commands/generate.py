"""`chrysalis generate --enterprises N`: write N synthetic enterprises (same distributions as the demo)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.actor import actor_context
from chrysalis.enterprises import synthetic
from chrysalis.enterprises.models import Enterprise


class Command(BaseCommand):
    help = (
        "Writes N synthetic enterprises with three years of figures, IP, titles and contacts "
        "(for benchmarks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, required=True, help="how many enterprises to write")
        parser.add_argument("--seed", type=int, default=7, help="random seed (deterministic output)")
        parser.add_argument("--chunk", type=int, default=5000, help="enterprises per transaction")

    def handle(self, *args, **options):
        n = options["enterprises"]
        if n <= 0:
            raise CommandError("--enterprises must be positive")
        grids = list(OrgUnit.objects.filter(kind="grid").order_by("path"))
        if not grids:
            raise CommandError("no grids: run populate_demo first")
        start = Enterprise.objects.filter(uscc__contains="MA3").count()
        began = time.perf_counter()
        with actor_context(source="command", label="generate"):
            created = synthetic.populate(
                n,
                grids,
                seed=options["seed"],
                prefix="MA3",
                start=start,
                chunk=options["chunk"],
                progress=lambda c: self.stdout.write(f"  {c} enterprises…"),
            )
        seconds = time.perf_counter() - began
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} enterprises written in {seconds:.1f} s ({created / max(seconds, 1e-9):.0f}/s)"
            )
        )
