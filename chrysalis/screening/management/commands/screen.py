"""`chrysalis screen --engine duckdb|spark --input DIR --output DIR [--year 2026] [--rules FILE]
[--criteria all|unknown|none]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chrysalis.criteria import ConditionError, UnknownRuleSetError, compile_condition, get_rule_set
from chrysalis.criteria.sql import SnapshotError, screen_snapshot
from chrysalis.screening.services.runs import default_year, make_engine


def read_rules(path: str) -> dict[str, str]:
    """Local rules: a JSON object {name: condition}, or text lines `name: condition` (# comments)."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        rules = json.loads(text)
    else:
        rules = {}
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, cond = line.partition(":")
            if not sep:
                name, sep, cond = line.partition("：")
            if not sep:
                raise CommandError(f"{path}:{n}: expected 'name: condition'")
            rules[name.strip()] = cond.strip()
    for name, cond in rules.items():
        try:
            compile_condition(cond)
        except ConditionError as e:
            raise CommandError(f"rule {name!r}: {e}") from None
    return rules


class Command(BaseCommand):
    help = "Screen every firm of a snapshot folder against all rule sets of a year (plus local rules)."

    def add_arguments(self, parser):
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument("--input", required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--rules", help="local rules file (JSON object or 'name: condition' lines)")
        parser.add_argument(
            "--rule-set",
            action="append",
            dest="rule_sets",
            help="rule set id (repeatable; default: all in force)",
        )
        parser.add_argument("--application", choices=["new", "review"], default="new")
        parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
        parser.add_argument("--master", help="Spark master URL (default local[2])")
        parser.add_argument(
            "--criteria",
            choices=["all", "unknown", "none"],
            default="all",
            help="criteria output: every criterion of every firm (default), only the unknown ones "
            "(the facts to collect), or none",
        )

    def handle(self, *args, **opts):
        year = opts["year"] or default_year()
        rules = read_rules(opts["rules"]) if opts["rules"] else {}
        try:
            rsets = [get_rule_set(r) for r in opts["rule_sets"]] if opts["rule_sets"] else None
        except UnknownRuleSetError as e:
            raise CommandError(str(e)) from None
        tty = sys.stdout.isatty()

        def progress(done: int, total: int, msg: str) -> None:
            if tty:
                bar = "#" * int(30 * done / total)
                self.stdout.write(f"\r[{bar:<30}] {done}/{total} {msg:<28}", ending="")
                self.stdout.flush()

        engine = make_engine(opts["engine"], opts["master"])
        try:
            summary = screen_snapshot(
                engine,
                opts["input"],
                opts["output"],
                year=year,
                rule_sets=rsets,
                local_rules=rules,
                application=opts["application"],
                fmt=opts["format"],
                progress=progress,
                criteria=opts["criteria"],
            )
        except SnapshotError as e:
            raise CommandError(str(e)) from None
        finally:
            engine.close()
        if tty:
            self.stdout.write("")
        for rid, counts in summary.verdicts.items():
            self.stdout.write(f"  {rid}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        self.stdout.write(summary.line(opts["engine"]))
