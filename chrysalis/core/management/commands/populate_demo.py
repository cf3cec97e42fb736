"""Build the demo district (idempotent) and print the demo logins."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from chrysalis.accounts.demo import DEMO_PASSWORD, build_organisation, login_table
from chrysalis.core.actor import actor_context
from chrysalis.core.demo import DEMO_BUILDERS


def load_demo_modules() -> None:
    """Import every installed chrysalis app's `demo` module so its builders register (in app order)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        if (
            config.name.startswith("chrysalis.")
            and config.name != "chrysalis.accounts"
            and find_spec(f"{config.name}.demo")
        ):
            import_module(f"{config.name}.demo")


class Command(BaseCommand):
    help = "Builds (or completes) the demo district modelled on 余杭经开区 and prints the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the login table")

    def handle(self, *args, **options):
        load_demo_modules()
        with actor_context(source="command", label="populate_demo"):
            with transaction.atomic():
                counts = build_organisation()
            self.stdout.write("organisation: " + ", ".join(f"{k} +{v}" for k, v in counts.items()))
            for name, builder in DEMO_BUILDERS:
                with transaction.atomic():
                    result = builder(self.stdout)
                self.stdout.write(f"{name}: " + ", ".join(f"{k} +{v}" for k, v in (result or {}).items()))
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
            for username, name, note in login_table():
                self.stdout.write(f"  {username:<14} {name:<6} {note}")
