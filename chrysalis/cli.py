"""The `chrysalis` command line.

`chrysalis assess …` runs the framework-free criteria engine (no database needed); every other
sub-command is a Django management command (`chrysalis generate`, `chrysalis screen`,
`chrysalis populate_demo`, …) run with the project's settings.
"""

from __future__ import annotations

import os
import sys

FRAMEWORK_FREE = {
    "assess": "chrysalis.criteria.cli",
    "rule-sets": "chrysalis.criteria.cli",
    "condition": "chrysalis.criteria.cli",
    "notices": "chrysalis.notices.parser.cli",
}
ALIASES = {
    "export-snapshot": "export_snapshot",
    "populate-demo": "populate_demo",
    "load-screening": "load_screening",
    "pool-snapshot": "pool_snapshot",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(
            "usage: chrysalis <command> [options]\n\n"
            "  assess           assess one facts document against a tier rule set (no database)\n"
            "  rule-sets        list the rule sets of the criteria catalogue\n"
            "  condition        check a local screening rule written in the condition language\n"
            "  notices parse F  parse pasted newspaper notices from file F (no database)\n"
            "  <django command> any management command, e.g. populate_demo, generate, screen, export-snapshot"
        )
        return 0
    command = args[0]
    if command in FRAMEWORK_FREE:
        from importlib import import_module

        return int(import_module(FRAMEWORK_FREE[command]).main(args) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chrysalis", ALIASES.get(command, command), *args[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
