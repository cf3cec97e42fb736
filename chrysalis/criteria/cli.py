"""Command line: ``chrysalis assess`` (also ``python -m chrysalis.criteria assess``).

    assess --rule-set ID|auto [--tier T --application new|review] --year 2026 --input firm.json
           [--format json|text] [--as-of 2026-06-30] [--province 浙江省] [--what-if PATH=VALUE ...]
    rule-sets                 list the catalogue
    condition "EXPR"          validate a screening condition (exit 2 with the error if invalid)

Exit codes: 0 = an assessment was produced (whatever the verdict); 2 = invalid input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, TextIO

from .catalogue import rule_sets
from .catalogue.schema import TIERS
from .condition import compile_condition, to_text
from .errors import CriteriaError, FactsError
from .evaluator import assess
from .result import Assessment
from .whatif import apply_what_if


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


class _Usage(Exception):
    pass


def _build() -> argparse.ArgumentParser:
    p = _Parser(prog="chrysalis", description="破茧 Chrysalis — 梯度培育评价 / tier criteria engine")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assess", help="评价一家企业 / assess one enterprise")
    a.add_argument("--rule-set", default="auto", help="规则集 id（如 zjtx-2026）或 auto")
    a.add_argument("--tier", choices=TIERS, help="auto 时必填：层级")
    a.add_argument("--application", choices=("new", "review"), default="new")
    a.add_argument("--year", type=int, required=True, help="申报年度（上年度 = year − 1）")
    a.add_argument("--input", required=True, help="企业数据 JSON 文件，- 表示标准输入")
    a.add_argument("--format", choices=("json", "text"), default="text")
    a.add_argument("--as-of", help="评价基准日 YYYY-MM-DD（默认申报年 6 月 30 日）")
    a.add_argument("--province", help="省份（默认取企业数据中的 province）")
    a.add_argument(
        "--what-if",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="假设修改，如 years.2025.rd_expense=+50（可重复）",
    )
    a.add_argument("--no-gaps", action="store_true", help="不做差距分析")
    a.add_argument(
        "--uncertain",
        choices=("hard", "review"),
        default="hard",
        help="单一来源或尚未确认的条款：hard 按数据直接判定（默认），review 交人工认定",
    )
    sub.add_parser("rule-sets", help="列出规则集 / list rule sets")
    c = sub.add_parser("condition", help="校验筛选条件 / validate a screening condition")
    c.add_argument("expression")
    return p


def _value(text: str) -> Any:
    if text[:1] in "+-" and len(text) > 1:
        return text  # delta
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _read(path: str, stdin: TextIO) -> Any:
    if path == "-":
        return json.load(stdin)
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _list_rule_sets(out: TextIO) -> int:
    for rs in rule_sets():
        windows = "; ".join(f"{'/'.join(w.applications)} {w.start}–{w.end or ''}" for w in rs.applies)
        print(f"{rs.id:22} {rs.version:8} {rs.tier:15} {rs.name_zh}  [{windows}]", file=out)
    return 0


def _show_condition(expression: str, out: TextIO, err: TextIO) -> int:
    try:
        cond = compile_condition(expression)
    except CriteriaError as e:
        print(f"错误 / error: {e}", file=err)
        return 2
    print(to_text(cond.ast), file=out)
    return 0


def _what_if(doc: Any, items: list[str]) -> Any:
    changes = {}
    for item in items:
        if "=" not in item:
            raise FactsError([])  # reported by the caller with a clear message
        k, v = item.split("=", 1)
        changes[k.strip()] = _value(v.strip())
    return apply_what_if(doc, changes) if isinstance(doc, dict) else doc


def _assess(args: argparse.Namespace, doc: Any, as_of: dt.date | None, err: TextIO) -> Assessment | None:
    try:
        if args.what_if:
            doc = _what_if(doc, args.what_if)
        return assess(
            doc,
            None if args.rule_set == "auto" else args.rule_set,
            args.year,
            application=args.application,
            tier=args.tier,
            as_of=as_of,
            province=args.province,
            gaps=not args.no_gaps,
            uncertain=args.uncertain,
        )
    except FactsError as e:
        print(
            f"错误 / error: {e}" if e.problems else "错误：--what-if 应写作 PATH=VALUE / use PATH=VALUE",
            file=err,
        )
    except CriteriaError as e:
        print(f"错误 / error: {e}", file=err)
    return None


def _run_assess(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    try:
        doc = _read(args.input, stdin)
    except OSError as e:
        print(f"错误：无法读取输入 / cannot read input: {e}", file=err)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        print(f"错误：输入不是有效的 JSON / invalid JSON: {e}", file=err)
        return 2
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"错误：--as-of 日期无效 / invalid date {args.as_of!r}", file=err)
        return 2
    result = _assess(args, doc, as_of, err)
    if result is None:
        return 2
    if args.format == "json":
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(result.to_text(), file=out)
    return 0


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _build().parse_args(sys.argv[1:] if argv is None else argv)
    except _Usage as e:
        print(f"错误 / error: {e}", file=err)
        return 2
    except SystemExit as e:  # --help
        return int(e.code or 0)
    if args.command == "rule-sets":
        return _list_rule_sets(out)
    if args.command == "condition":
        return _show_condition(args.expression, out, err)
    return _run_assess(args, stdin or sys.stdin, out, err)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
