"""Start and stop dashboard servers as subprocesses, and read their memory.

Ports are 8071-8079 only (8050 is the app's default, which people use by hand).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_PORTS = range(8071, 8080)
READY_TIMEOUT_SECONDS = 60


def free_port() -> int:
    for port in BENCH_PORTS:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("Ports 8071-8079 are all in use; stop a server on one of them and run again.")


def read_proc_status(pid: int) -> dict:
    """VmHWM (peak resident memory) and VmRSS of a live process, in MB."""
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return values


def get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def process_tree_memory(pid: int) -> dict:
    """VmRSS of a process and all its descendants (Gunicorn's master and workers), in MB."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="utf-8") as f:
                queue.extend(int(child) for child in f.read().split())
        except OSError:
            pass
    per_process = {p: read_proc_status(p).get("VmRSS", 0.0) for p in pids}
    return {"VmRSS_total": sum(per_process.values()), "processes": len(pids)}


class Server:
    """A dashboard process: `python app.py`, the bench's timed launcher, or Gunicorn as
    ./run.sh starts it (`gunicorn=True`).

    Use as a context manager; the process is stopped by its own pid on exit.
    """

    def __init__(self, store: Path | str, *, timed: bool = True, port: int | None = None,
                 gunicorn: bool = False, extra_env: dict | None = None):
        self.store = Path(store)
        self.timed = timed
        self.gunicorn = gunicorn
        self.extra_env = extra_env or {}
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.started_at: float | None = None
        self.log_path = Path(f"/tmp/bench-server-{self.port}.log")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def command(self) -> list[str]:
        if self.gunicorn:
            return [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py", "wsgi:server"]
        entry = ["-m", "bench.timed_server"] if self.timed else ["app.py"]
        return [sys.executable, *entry]

    def start(self) -> "Server":
        env = dict(os.environ, HATE_CRIME_STORE=str(self.store), DASHBOARD_PORT=str(self.port),
                   DASHBOARD_HOST="127.0.0.1", PYTHONUNBUFFERED="1", **self.extra_env)
        self._log = open(self.log_path, "wb")
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(self.command, cwd=REPO_ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        return self

    def wait_until_serving(self, path: str = "/", poll_seconds: float = 0.01) -> float:
        """Seconds from process start until `path` answers 200."""
        deadline = time.perf_counter() + READY_TIMEOUT_SECONDS
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _ = get(self.base_url + path, timeout=2)
                if status == 200:
                    return time.perf_counter() - self.started_at
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(poll_seconds)
        raise RuntimeError(f"The server did not answer within {READY_TIMEOUT_SECONDS} s; see {self.log_path}")

    def memory(self) -> dict:
        if not self.process:
            return {}
        return process_tree_memory(self.process.pid) if self.gunicorn else read_proc_status(self.process.pid)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self):
        self.start()
        self.wait_until_serving()
        return self

    def __exit__(self, *exc):
        self.stop()
