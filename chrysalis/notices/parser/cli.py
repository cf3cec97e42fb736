"""Command line: ``chrysalis notices parse FILE`` (also ``python -m chrysalis.notices.parser``).

    notices parse FILE|- [--format text|json]

Prints each notice with its fields (uncertain ones marked "?") and every message with its line and
column. Exit codes: 0 = notices found and no error; 1 = something could not be read (see the
messages); 2 = usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from . import FIELD_LABELS_ZH, KIND_LABELS_ZH, parse


def _build() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="chrysalis notices", description="公告解析 / parse newspaper notices")
    sub = p.add_subparsers(dest="action", required=True)
    a = sub.add_parser("parse", help="解析一段粘贴的公告文字 / parse pasted text")
    a.add_argument("file", help="UTF-8 文本文件，- 表示标准输入")
    a.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _text(result, out: TextIO) -> None:
    for i, n in enumerate(result.notices, 1):
        print(
            f"[{i}] {KIND_LABELS_ZH[n.kind]}（第 {result.source.count(chr(10), 0, n.start) + 1} 行起）",
            file=out,
        )
        for f in n.fields.values():
            mark = "?" if f.uncertain else " "
            note = f"  — {f.note}" if f.note else ""
            print(f"   {mark} {FIELD_LABELS_ZH.get(f.name, f.name)}：{f.value}{note}", file=out)
    for p in result.phones:
        print(f"联系电话：{p.value}", file=out)
    for m in result.all_messages:
        level = "错误" if m.level == "error" else "提示"
        print(f"{level} 第 {m.line} 行第 {m.column} 列：{m.text}", file=out)
    print(f"共 {len(result.notices)} 条公告。", file=out)


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["notices"]:
        args_in = args_in[1:]
    try:
        args = _build().parse_args(args_in)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取文件 {args.file}：{exc}", file=sys.stderr)
        return 2
    result = parse(text)
    if args.format == "json":
        json.dump(result.as_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _text(result, out)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
