#!/usr/bin/env bash
# Set everything up and serve the dashboard on the embedded demo store:
#     ./run.sh
# Idempotent: a second run reuses the virtual environment and the store.
# Serves with Gunicorn (settings in gunicorn.conf.py); `python app.py` is the
# development server.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup_python.sh
ensure_venv requirements.txt
ensure_pdf_libraries
"$VENV/bin/python" -m loaders build-demo --if-missing
echo "Dashboard on http://${DASHBOARD_HOST:-127.0.0.1}:${DASHBOARD_PORT:-8050}  (store: ${HATE_CRIME_STORE:-data/hate_crime.duckdb})"
exec "$VENV/bin/gunicorn" --config gunicorn.conf.py wsgi:server
