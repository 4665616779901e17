"""Send N crafted callback requests to a served dashboard and report the statuses and
whether its log holds a traceback (the issue's 10,000-request check):

    python -m tests.soak_crafted_requests --base-url http://127.0.0.1:8050 --requests 10000 \\
        --server-log /tmp/dashboard.log

Payloads come from tests/crafted_payloads.py (seeded: --seed replays a run). Traffic
goes only to --base-url, which must be on this machine (loopback).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from tests.crafted_payloads import crafted_body

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
REQUEST_TIMEOUT_SECONDS = 60
LOG_ALARMS = ("Traceback", "Unhandled error")


def post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8050")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-log", type=Path, help="the server's log, checked for tracebacks after the run")
    args = parser.parse_args(argv)
    if urlsplit(args.base_url).hostname not in LOOPBACK_HOSTS:
        parser.error("--base-url must be on this machine (127.0.0.1 or localhost)")
    with urllib.request.urlopen(f"{args.base_url}/_dash-dependencies", timeout=REQUEST_TIMEOUT_SECONDS) as response:
        dependencies = json.load(response)
    log_start = args.server_log.stat().st_size if args.server_log else 0
    rng = random.Random(args.seed)
    statuses = collections.Counter()
    started = time.monotonic()
    for index in range(args.requests):
        statuses[post(f"{args.base_url}/_dash-update-component", crafted_body(rng, dependencies))] += 1
        if (index + 1) % 1000 == 0:
            print(f"{index + 1:,} requests, {time.monotonic() - started:.0f} s: {dict(sorted(statuses.items()))}",
                  file=sys.stderr, flush=True)
    alarms = []
    if args.server_log:
        with args.server_log.open(errors="replace") as log:
            log.seek(log_start)
            alarms = [line.rstrip() for line in log if any(alarm in line for alarm in LOG_ALARMS)]
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    print(f"{args.requests:,} crafted requests in {time.monotonic() - started:.0f} s; statuses "
          f"{dict(sorted(statuses.items()))}; 5xx: {server_errors}; tracebacks in the log: {len(alarms)}")
    for line in alarms[:5]:
        print(f"  {line}")
    return 0 if server_errors == 0 and not alarms else 1


if __name__ == "__main__":
    sys.exit(main())
