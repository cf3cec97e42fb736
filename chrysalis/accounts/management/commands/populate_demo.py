"""Build the demo district (idempotent) and print the demo logins.

The organisation first, then each domain app's builder in the order of
settings.CHRYSALIS_DEMO_BUILDERS. The command lives in accounts, not core: core sits below the
apps whose data it would build."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from chrysalis.accounts.demo import DEMO_PASSWORD, build_organisation, login_table
from chrysalis.core.actor import actor_context
from chrysalis.core.extensions import DEMO_BUILDERS, named_callables


class Command(BaseCommand):
    help = "Builds (or completes) the demo district modelled on 余杭经开区 and prints the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the login table")

    def handle(self, *args, **options):
        with actor_context(source="command", label="populate_demo"):
            with transaction.atomic():
                counts = build_organisation()
            self.stdout.write("organisation: " + ", ".join(f"{k} +{v}" for k, v in counts.items()))
            for name, builder in named_callables(DEMO_BUILDERS):
                with transaction.atomic():
                    result = builder(self.stdout)
                self.stdout.write(f"{name}: " + ", ".join(f"{k} +{v}" for k, v in (result or {}).items()))
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
            for username, name, note in login_table():
                self.stdout.write(f"  {username:<14} {name:<6} {note}")
