"""A real redis-server on a free loopback port, started and stopped by a test."""

import os
import shutil
import socket
import subprocess
import time

import pytest

START_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, directory, port: int):
        self.directory = directory
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process = None

    def start(self):
        # No persistence: each start is an empty Redis, as after a restart without a dump.
        self._process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=START_SECONDS)
            self._process = None


def redis_server_or_skip(directory) -> RedisServer:
    if shutil.which("redis-server") is None:
        if os.environ.get("DASHBOARD_TEST_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed; ./test.sh installs it (apt-get install redis-server)")
        pytest.skip("redis-server is not installed (./test.sh installs it)")
    return RedisServer(directory, free_port()).start()
