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
        "load_average_at_start": list(os.getloadavg()),
    }
