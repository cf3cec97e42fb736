"""The batch engine of the criteria package (framework-free; DuckDB and PySpark are imported
lazily by the engines that need them).

Public API::

    compile_plan(rule_sets, local_rules, year=…, application="new", as_of=None) -> Plan
    applicable_rule_sets(year, application="new", province=None) -> [RuleSet]
    screen_snapshot(engine, input_dir, output_dir, year=…, rule_sets=None, local_rules=None, …) -> Summary
    DuckDBEngine(), SparkEngine(master="local[2]")   # engines
    facts_to_tables(docs), tables_to_facts(tables), write_tables(tables, dir, fmt)
    SnapshotError (problems: table, row, column, zh, en)
"""

from __future__ import annotations

from .compiler import Plan, compile_plan
from .duck import DuckDBEngine
from .loader import SnapshotError, SnapshotProblem
from .runner import Summary, applicable_rule_sets, screen_snapshot
from .snapshot import facts_to_tables, tables_to_facts, write_tables

__all__ = [
    "DuckDBEngine",
    "Plan",
    "SnapshotError",
    "SnapshotProblem",
    "Summary",
    "applicable_rule_sets",
    "compile_plan",
    "facts_to_tables",
    "screen_snapshot",
    "tables_to_facts",
    "write_tables",
]
