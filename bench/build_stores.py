"""Build one synthetic store per size, timed, with the real loader command.

A size is a target number of incident rows ("100k", "1M", "10M"). The generator's
`scale` multiplies the volume of its scale-1 output, so the scale for a size is the
target divided by the rows scale 1 makes for the same months; the report gives the
rows actually made, which differ from the target by the generator's Poisson noise.
"""

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench.server import REPO_ROOT

SIZE_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")
SIZE_MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_size(text: str) -> int:
    """'100k' -> 100000, '1M' -> 1000000, '2500' -> 2500."""
    match = SIZE_PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a size like 100k, 1M or 10M")
    return int(float(match.group(1)) * SIZE_MULTIPLIERS[match.group(2).lower()])


def size_label(rows: int) -> str:
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows >= 1_000 and rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def rows_at_scale_1(end_month: dt.date, seed: int) -> int:
    """How many rows the generator makes at scale 1 for these months (about 0.5 s)."""
    from loaders.synthetic import generate_incidents
    from queries.schema import BOROUGHS_CSV
    import pandas as pd

    boroughs = pd.read_csv(BOROUGHS_CSV)
    boroughs = boroughs[boroughs.policed_by_met.astype(str).str.lower() == "true"]
    return len(generate_incidents(boroughs[["gss_code", "london_group", "population_mid2021"]],
                                  end_month=end_month, seed=seed, scale=1.0))


def store_rows(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "incidents": con.execute("SELECT count(*) FROM incidents").fetchone()[0],
            "monthly_counts": con.execute("SELECT count(*) FROM monthly_counts").fetchone()[0],
            "daily_counts": con.execute("SELECT count(*) FROM daily_counts").fetchone()[0],
        }
    finally:
        con.close()


def build_store(path: Path, *, target_rows: int, per_scale_1: int, end_month: dt.date, seed: int,
                reuse: bool = False, log=print) -> dict:
    """Build the store at `path` with `python -m loaders build-demo` in a subprocess, so
    its time and peak memory are the loader's own."""
    scale = target_rows / per_scale_1
    result = {"label": size_label(target_rows), "target_rows": target_rows, "scale": scale, "path": str(path)}
    if reuse and path.exists():
        log(f"  reusing {path}")
        result.update(build_seconds=None, build_peak_rss_mb=None, reused=True)
    else:
        for stale in (path, path.with_name(path.name + ".wal")):
            if stale.exists():
                stale.unlink()
        command = [sys.executable, "-m", "loaders", "--store", str(path), "build-demo",
                   "--end-month", f"{end_month:%Y-%m}", "--seed", str(seed), "--scale", repr(scale)]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        output = process.stdout.read().decode(errors="replace")
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"Building {path} failed:\n{output}")
        result.update(build_seconds=seconds, build_peak_rss_mb=usage.ru_maxrss / 1024, reused=False,
                      command=" ".join(command[1:]))
    result["file_bytes"] = path.stat().st_size
    result["rows"] = store_rows(path)
    return result
