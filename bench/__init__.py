"""The dashboard's performance benchmark: `python -m bench --help`.

Each module measures one thing and returns plain dicts; `report.py` turns them into
BENCHMARKS.md. Stores are built under /tmp (never in the repository), and servers are
started as subprocesses on ports 8071-8079, so the app is measured the way it runs.
"""
