#!/usr/bin/env bash
# Set everything up and start the dashboard on the embedded demo store:
#     ./run.sh
# Idempotent: a second run reuses the virtual environment and the store.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup_python.sh
ensure_venv requirements.txt
"$VENV/bin/python" -m loaders build-demo --if-missing
exec "$VENV/bin/python" app.py
