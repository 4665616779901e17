"""Gunicorn settings for the dashboard (`./run.sh` uses them).

Every value can be overridden with an environment variable, listed in the README; the
rest are here with their reasons. Nothing is written outside the project: no control
socket, no pid file; logs go to stdout and stderr for systemd or the terminal.
"""

import os

# The same variables as `python app.py`, so one configuration serves both.
bind = f"{os.environ.get('DASHBOARD_HOST', '127.0.0.1')}:{os.environ.get('DASHBOARD_PORT', '8050')}"

# Answering a click is CPU work in Python (building figures, encoding JSON), so one
# process per core uses the machine without processes fighting over it; threads let a
# worker overlap the waits (DuckDB, sockets, a slow client) of a few requests.
workers = int(os.environ.get("DASHBOARD_WORKERS") or os.cpu_count() or 1)
worker_class = "gthread"
threads = int(os.environ.get("DASHBOARD_THREADS") or 4)

# Workers are started after the app is imported once: they share its memory pages and a
# restarted worker is serving within a second. The store is opened lazily in each
# worker, never before the fork.
preload_app = True

# A worker is replaced after this many requests (with jitter, so they do not all
# restart together): the development server grew from 366 MB to 773 MB over 12,000
# requests, and a fresh worker returns whatever a long-lived one has accumulated.
max_requests = 2000
max_requests_jitter = 200

# A briefing pack (PDF of every chart, drawn by Kaleido) is the slowest answer, a few
# seconds on a busy machine; a worker silent for longer than this is stuck and replaced.
timeout = 120
graceful_timeout = 30  # a stop or restart lets requests in flight finish
keepalive = 5  # the browser reuses its connection for a page's burst of callback requests

# The heartbeat file lives in memory, not on a disk that may stall (Gunicorn's advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

control_socket_disable = True  # Gunicorn 25+ would otherwise write one under $HOME or $XDG_RUNTIME_DIR
pidfile = None

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DASHBOARD_LOG_LEVEL", "info")
