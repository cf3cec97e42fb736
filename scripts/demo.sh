#!/usr/bin/env bash
# One command: install, migrate the SQLite database, load the demo district, then run everything the
# product needs — the web server and the background task worker (imports, screening runs) — until
# Ctrl-C, which stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings
PORT=${PORT:-8000}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py populate_demo

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "  stopping the web server and the task worker…"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/python manage.py run_worker --interval 1 &
pids+=($!)
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)

echo
echo "  Chrysalis 破茧 is running at  http://127.0.0.1:${PORT}/"
echo "  Log in with any demo account listed above (password shown above)."
echo "  Web server and background task worker are running; Ctrl-C stops both."
echo
# Whichever process ends first (a crash, or Ctrl-C) ends the demo and stops the other.
wait -n "${pids[@]}" || true
