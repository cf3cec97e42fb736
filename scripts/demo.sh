#!/usr/bin/env bash
# One command: install, migrate the SQLite database, load the demo district, serve on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings
PORT=${PORT:-8000}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py populate_demo
echo
echo "  Chrysalis 破茧 is starting at  http://127.0.0.1:${PORT}/"
echo "  Log in with any demo account above (password shown above). Ctrl-C stops the server."
echo
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
