"""Seal rows still waiting for their place, then check the audit hash chains; report the first
broken link and exit non-zero when one is found.

manage.py audit_verify                      # both chains, against the database's own head
manage.py audit_verify --head head.json     # also against a head kept off-site (audit_chain_head)
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chrysalis.audit import chain
from chrysalis.audit.models import ChangeRecord, DomainEvent

MODELS = [ChangeRecord, DomainEvent]


class Command(BaseCommand):
    help = "Verify the audit hash chains; the first broken link is reported and the exit code is 1."

    def add_arguments(self, parser):
        parser.add_argument("--head", help="a JSON file written by audit_chain_head (kept off-site)")

    def handle(self, *args, head=None, **options):
        expected: dict[str, tuple[int, str]] = {}
        if head:
            try:
                data = json.loads(Path(head).read_text(encoding="utf-8"))
                expected = {h["chain"]: (int(h["seq"]), str(h["hash"])) for h in data["heads"]}
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"cannot read the kept chain head {head}: {exc}") from exc
        broken = []
        for model in MODELS:
            name = chain.chain_name(model)
            chain.seal_pending(model)  # rows committed but not yet chained (e.g. after a crash)
            count, brk = chain.verify(model, expected.get(name))
            if brk is None:
                self.stdout.write(f"{name}: {count} rows, chain intact")
            else:
                broken.append(brk)
                self.stdout.write(f"{name}: BROKEN after {count} good rows: {brk}")
        if broken:
            raise CommandError(f"audit chain broken: {broken[0]}", returncode=1)
