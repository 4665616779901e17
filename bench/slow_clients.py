"""Slow clients against Gunicorn reached directly: N connections that send a request's
headers a byte every few seconds and never finish, while one ordinary client asks
GET /healthz once a second. Reports how many of its requests were answered, and how
fast, for each number of slow clients and thread count (docs/DEPLOYING.md, "Slow
clients"). Run on its own:

    python -m bench.slow_clients --store /tmp/bench-stores/bench-1M.duckdb
"""

from __future__ import annotations

import argparse
import json
import socket
import threading
import time
from pathlib import Path

from bench.server import Server
from bench.stats import summary

TRICKLE_SECONDS = 2.0
PROBE_TIMEOUT_SECONDS = 5.0


def _slow_client(port: int, stop: threading.Event):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(TRICKLE_SECONDS):
                connection.sendall(b"X")  # a header that never ends
    except OSError:
        pass  # the server closed it: that is what a server should do to a client this slow


def _probe(port: int) -> float | None:
    started = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=PROBE_TIMEOUT_SECONDS) as connection:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            if not connection.recv(12).startswith(b"HTTP/1.1 200"):
                return None
    except OSError:
        return None
    return (time.perf_counter() - started) * 1000


def run(store: Path, *, threads: int, slow: int, seconds: float) -> dict:
    with Server(store, gunicorn=True, extra_env={"DASHBOARD_THREADS": str(threads)}) as running:
        stop = threading.Event()
        clients = [threading.Thread(target=_slow_client, args=(running.port, stop), daemon=True)
                   for _ in range(slow)]
        for client in clients:
            client.start()
        time.sleep(1)
        answered = []
        asked = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            asked += 1
            answered.append(_probe(running.port))
            time.sleep(1)
        stop.set()
    times = [value for value in answered if value is not None]
    return {"threads": threads, "slow_clients": slow, "asked": asked, "answered": len(times),
            "answer_ms": summary(times)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", default="4,32")
    parser.add_argument("--slow", default="0,8,30")
    args = parser.parse_args(argv)
    for threads in (int(part) for part in args.threads.split(",")):
        for slow in (int(part) for part in args.slow.split(",")):
            print(json.dumps(run(args.store, threads=threads, slow=slow, seconds=args.seconds)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
