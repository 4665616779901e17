"""The machine a run happened on: CPU, memory, Python and the packages that matter."""

import datetime as dt
import os
import platform
import subprocess
import sys
from importlib import metadata

PACKAGES = ["dash", "plotly", "dash-bootstrap-components", "duckdb", "pandas", "numpy", "pyarrow",
            "flask", "werkzeug", "playwright"]
CHROMIUM = "/usr/bin/chromium"
APP_PATHS = ["app.py", "callbacks", "components", "figures", "pages", "queries", "geodata", "assets"]
CODE_VERSION_VARIABLE = "BENCH_CODE_VERSION"  # set when measuring a copy of the code outside git


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _chromium_version() -> str | None:
    if not os.path.exists(CHROMIUM):
        return None
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def code_version() -> str:
    """The commit measured, and whether the app's files differed from it."""
    if os.environ.get(CODE_VERSION_VARIABLE):
        return os.environ[CODE_VERSION_VARIABLE]
    from bench.server import REPO_ROOT

    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")  # read only: no index refresh
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=20).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *APP_PATHS], cwd=REPO_ROOT, env=env,
                               capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if not head:
        return "unknown (not a git checkout)"
    return f"commit {head}" + (", with uncommitted changes to the app's files" if dirty else "")


def describe_machine() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu_model": _cpu_model(),
        "nproc": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "packages": versions,
        "chromium": _chromium_version(),
        "code": code_version(),
        "load_average_at_start": list(os.getloadavg()),
    }
