"""What-if (A6): change inputs and re-run without saving.

``apply_what_if(facts, {"years.2025.rd_expense": "+50", "own_brand": True})`` returns a new
facts document (the input is not modified). Keys are dotted paths, list items by index
(``ip[0].valid``). A string value starting with ``+`` or ``-`` is a delta added to the current
number (exact Decimal arithmetic; the current value must be known); any other value replaces
the field (``None`` makes it unknown). Then call :func:`~chrysalis.criteria.assess` again.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import FactsError, Problem

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> list[str | int]:
    out: list[str | int] = []
    pos = 0
    for m in _PART.finditer(path):
        if m.start() != pos and path[pos : m.start()] != ".":
            raise FactsError([Problem(path, "路径格式无效", "malformed path")])
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if not out or pos != len(path):
        raise FactsError([Problem(path, "路径格式无效", "malformed path")])
    return out


def apply_what_if(facts: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = copy.deepcopy(dict(facts))
    problems: list[Problem] = []
    for path, value in changes.items():
        parts = _parts(path)
        node: Any = doc
        for i, key in enumerate(parts[:-1]):
            nxt = parts[i + 1]
            if isinstance(key, int):
                if not isinstance(node, list) or key >= len(node):
                    problems.append(Problem(path, f"列表下标 {key} 不存在", f"no list item {key}"))
                    break
                node = node[key]
            else:
                if not isinstance(node, dict):
                    problems.append(Problem(path, "路径不是对象", "path does not lead to an object"))
                    break
                if node.get(key) is None:
                    node[key] = [] if isinstance(nxt, int) else {}
                node = node[key]
        else:
            last = parts[-1]
            container_ok = isinstance(node, list) if isinstance(last, int) else isinstance(node, dict)
            if not container_ok or (isinstance(last, int) and last >= len(node)):
                problems.append(Problem(path, "路径不存在", "path does not exist"))
                continue
            if isinstance(value, str) and value[:1] in "+-" and len(value) > 1:
                current = node[last] if isinstance(last, int) else node.get(last)
                try:
                    base = Decimal(str(current))
                    delta = Decimal(value)
                except (InvalidOperation, ValueError):
                    problems.append(
                        Problem(
                            path,
                            f"当前值 {current!r} 未知或不是数字，不能按增量 {value} 修改",
                            f"cannot apply delta {value} to {current!r}",
                        )
                    )
                    continue
                if current is None or isinstance(current, bool):
                    problems.append(
                        Problem(
                            path, "当前值未知，不能按增量修改", "current value unknown; cannot apply a delta"
                        )
                    )
                    continue
                value = str(base + delta)
            node[last] = value
    if problems:
        raise FactsError(problems)
    return doc
