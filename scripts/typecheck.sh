#!/usr/bin/env bash
# mypy on the framework-free criteria package, on core and on every app's services
# (pyproject's [tool.mypy]: django-stubs plugin; only the named packages are reported).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m mypy chrysalis/criteria
# shellcheck disable=SC2046
.venv/bin/python -m mypy chrysalis/core $(ls -d chrysalis/*/services chrysalis/*/services.py 2>/dev/null | grep -v '^chrysalis/core/')
