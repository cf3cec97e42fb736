"""Print (or write) the head of each audit hash chain, for off-site keeping.

Run daily (docs/operators/deployment.md gives the timer) and keep the output where the database's
administrators cannot change it; `audit_verify --head FILE` later proves that nothing before that
head was changed or removed.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from chrysalis.audit import chain
from chrysalis.audit.models import ChangeRecord, DomainEvent


class Command(BaseCommand):
    help = "Print the audit chain heads as JSON (position and hash of the last row of each chain)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write the JSON to this file instead of standard output")

    def handle(self, *args, output=None, **options):
        for model in (ChangeRecord, DomainEvent):
            chain.seal_pending(model)
        doc = {
            "taken_at": timezone.now().isoformat(timespec="seconds"),
            "chain_version": chain.CHAIN_VERSION,
            "heads": chain.heads([ChangeRecord, DomainEvent]),
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"chain heads written to {output}")
        else:
            self.stdout.write(text)
