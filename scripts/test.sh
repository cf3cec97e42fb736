#!/usr/bin/env bash
# One command: run the whole test suite on SQLite, then again on the local PostgreSQL
# (127.0.0.1:5432, user postgres, trust auth). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings
PG_URL=${CHRYSALIS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/chrysalis}
# pytest exits 5 when a selection holds no test (e.g. a path argument with no Spark test): not a failure.
run_pytest() { local rc=0; .venv/bin/python -m pytest "$@" || rc=$?; [ "$rc" -eq 5 ] && rc=0; return "$rc"; }
# The two database runs spread test modules over one worker per core (pytest-xdist; at most 4, so that
# PostgreSQL connections stay few); a module stays on one worker, as its shared persona world is built
# once per module. CHRYSALIS_TEST_WORKERS=0 runs everything in this process (easier to debug).
workers=${CHRYSALIS_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}
[ "$workers" -gt 4 ] && workers=4
parallel=()
[ "$workers" -gt 1 ] && parallel=(-n "$workers" --dist loadfile)
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
bash scripts/typecheck.sh
echo "==> test suite on SQLite"
DATABASE_URL=sqlite:///:memory: run_pytest -m "not spark" "${parallel[@]}" "$@"
echo "==> Spark test group (PySpark local mode, slow)"
DATABASE_URL=sqlite:///:memory: run_pytest -m spark "$@"
if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg, dj_database_url
c = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}")
    sys.exit(1)
PY
then
  echo "==> test suite on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" run_pytest -m "not browser and not spark and not fuzz" "${parallel[@]}" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI" >&2; exit 1
else
  echo "==> PostgreSQL not reachable: skipped the PostgreSQL run (CI requires it)"
fi
