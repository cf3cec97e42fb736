"""The dependency direction of docs/contributors/architecture.md, enforced on the source (AST).

Layers, bottom to top; an app may import its own modules, the framework-free criteria package and
apps of LOWER layers only. Apps in one layer are independent of each other. Test code (tests/,
core/testing/, conftest) sits above everything and is not checked. Function-level imports count
like module-level ones: a deferred import is still a dependency.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]  # .../chrysalis

LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("audit", "jobs"),
    ("accounts",),
    ("enterprises",),
    # Domain apps built on the registry, independent of one another.
    ("cultivation", "support", "notices", "villages", "cadres"),
    # Domain apps that also use those: screening fills the cultivation pool; events draw on the pool
    # and on service requests; investment projects on service requests.
    ("screening", "events", "investment"),
    ("programmes",),  # reads the domain apps below
    ("dashboards",),
]
LAYER = {app: i for i, apps_ in enumerate(LAYERS) for app in apps_}
# Known violations still to remove, each with its decision record. The test also fails when one of
# them is gone, so the list only shrinks.
ALLOWED: dict[tuple[str, str], str] = {
    ("chrysalis.core.services", "chrysalis.audit.services"): "docs/decisions/0002-core-writes-audit.md",
    ("chrysalis.core.views", "chrysalis.audit.services"): "docs/decisions/0002-core-writes-audit.md",
    ("chrysalis.core.workflow", "chrysalis.audit.services"): "docs/decisions/0002-core-writes-audit.md",
    ("chrysalis.core.workflow", "chrysalis.audit.choices"): "docs/decisions/0002-core-writes-audit.md",
}
# Relations (foreign keys, one-to-one, many-to-many) that point up the layers.
ALLOWED_RELATIONS: dict[str, str] = {
    "accounts.RoleAssignment.enterprise": "docs/decisions/0003-role-assignment-enterprise.md",
}
# Function-level imports are kept only for heavy optional engines (and the module that wraps Spark).
LAZY_ENGINES = ("duckdb", "pyspark", "sqlglot", "chrysalis.criteria.sql.spark")


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        parts = rel.parts
        if len(parts) < 2 or "migrations" in parts or "tests" in parts:
            continue
        if parts[:2] == ("core", "testing") or path.name == "conftest.py":
            continue
        yield path, parts[0], "chrysalis." + ".".join(rel.with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path, module: str):
    """(imported module, line, inside a function) for every import in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                    target = f"{base}.{child.module}" if child.module else base
                else:
                    target = child.module or ""
                found.append((target, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _violations():
    out = []
    for path, app, module in _source_files():
        for target, line, _ in _imports(path, module):
            if app == "criteria":
                if target.split(".")[0] == "django" or (
                    target.startswith("chrysalis.") and not target.startswith("chrysalis.criteria")
                ):
                    out.append((module, target, line, "criteria imports nothing of the project or Django"))
                continue
            if not target.startswith("chrysalis.") or target.count(".") < 1:
                continue
            other = target.split(".")[1]
            if other in (app, "criteria") or other not in LAYER and other not in {app}:
                if other not in LAYER and other not in (app, "criteria"):
                    out.append((module, target, line, f"app {other!r} has no layer"))
                continue
            if app not in LAYER:
                out.append((module, target, line, f"app {app!r} has no layer"))
            elif LAYER[other] >= LAYER[app]:
                kind = "same layer" if LAYER[other] == LAYER[app] else "a higher layer"
                out.append((module, target, line, f"{other!r} is in {kind} than {app!r}"))
    return out


def _allowed(module, target):
    return any(module == m and (target == t or target.startswith(t + ".")) for m, t in ALLOWED)


def test_imports_follow_the_layers():
    bad = [v for v in _violations() if not _allowed(v[0], v[1])]
    assert not bad, "imports against the dependency direction:\n" + "\n".join(
        f"  {m}:{line} imports {t}: {why}" for m, t, line, why in bad
    )


def test_allowed_exceptions_still_exist():
    seen = {(m, t) for m, t, _, _ in _violations()}
    stale = [pair for pair in ALLOWED if not any(m == pair[0] and t.startswith(pair[1]) for m, t in seen)]
    assert not stale, f"remove these from ALLOWED (and close their decision records): {stale}"


def test_every_chrysalis_app_has_a_layer():
    installed = {c.name.split(".")[1] for c in apps.get_app_configs() if c.name.startswith("chrysalis.")}
    assert installed - {"criteria"} <= set(LAYER), sorted(installed - set(LAYER))


def test_relations_follow_the_layers():
    bad = []
    for model in apps.get_models():
        app = model._meta.app_config.name
        if not app.startswith("chrysalis."):
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or not field.concrete and not field.many_to_many:
                continue
            if field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_config.name
            if not target.startswith("chrysalis.") or target == app:
                continue
            if getattr(field, "swappable_setting", None) == "AUTH_USER_MODEL":
                continue  # the user model through settings.AUTH_USER_MODEL (Django's indirection)
            name = f"{model._meta.label}.{field.name}"
            if LAYER[target.split(".")[1]] >= LAYER[app.split(".")[1]] and name not in ALLOWED_RELATIONS:
                bad.append(f"{name} -> {field.related_model._meta.label}")
    assert not bad, "relations against the dependency direction:\n  " + "\n  ".join(bad)


def _function_level_imports():
    counts: Counter[str] = Counter()
    for path, _app, module in _source_files():
        if path.name == "apps.py":
            continue  # AppConfig.ready() is where Django wants deferred imports
        for target, _line, in_function in _imports(path, module):
            lazy_engine = any(target == e or target.startswith(e + ".") for e in LAZY_ENGINES)
            if in_function and not lazy_engine:
                counts[str(path.relative_to(ROOT.parent))] += 1
    return counts


# Function-level imports that are not heavy engines, per file: a ratchet (the counts may only go
# down; lower them here when you remove some). Why they remain: docs/decisions/0004-deferred-imports.md.
DEFERRED_IMPORTS_BASELINE: dict[str, int] = {
    "chrysalis/criteria/condition.py": 1,
    "chrysalis/criteria/facts.py": 1,
    "chrysalis/criteria/features.py": 2,
    "chrysalis/criteria/result.py": 1,
    "chrysalis/enterprises/imports/bulk.py": 1,
    "chrysalis/enterprises/imports/engine.py": 1,
    "chrysalis/enterprises/imports/mapping.py": 1,
    "chrysalis/enterprises/imports/reader.py": 1,
    "chrysalis/enterprises/services/imports.py": 1,
    "chrysalis/screening/services/runs.py": 2,
    "chrysalis/screening/tasks.py": 2,
    "chrysalis/support/models/requests.py": 1,
    "chrysalis/support/services/common.py": 1,
}


@pytest.mark.parametrize("check", ["no-new", "baseline-current"])
def test_function_level_imports_only_shrink(check):
    counts = _function_level_imports()
    if check == "no-new":
        grown = {
            f: (n, DEFERRED_IMPORTS_BASELINE.get(f, 0))
            for f, n in counts.items()
            if n > DEFERRED_IMPORTS_BASELINE.get(f, 0)
        }
        assert not grown, (
            "new function-level imports (import at module level; only DuckDB/PySpark/sqlglot may be "
            f"deferred): {grown}"
        )
    else:
        shrunk = {f: n for f, n in DEFERRED_IMPORTS_BASELINE.items() if counts.get(f, 0) < n}
        assert not shrunk, f"lower DEFERRED_IMPORTS_BASELINE to the current counts: {shrunk}"
