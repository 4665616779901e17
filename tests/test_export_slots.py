"""Packs and chart images are made at most EXPORTS_AT_ONCE at a time per machine, across
worker processes: the others are told to come back (503 with Retry-After), so ten packs
at once never hold the threads everyone else's clicks need."""

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from exports.export_slots import EXPORT_NICENESS, SLOTS_EXTENSION, ExportsBusy, ExportSlots, at_low_priority

PROJECT = Path(__file__).resolve().parents[1]
QUERY = "dataset=1&from=2025-01&to=2025-12&strand=all&area=camden"
# Another worker process holds one slot until it is killed.
HOLD_A_SLOT = """
import sys, time
from pathlib import Path
from exports.export_slots import ExportSlots
slots = ExportSlots(Path(sys.argv[1]), 2, wait_seconds=0)
with slots.slot():
    print("HOLDING", flush=True)
    time.sleep(600)
"""


def _worker_holding_a_slot(directory):
    child = subprocess.Popen([sys.executable, "-c", HOLD_A_SLOT, str(directory)], cwd=PROJECT,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert child.stdout.readline().strip() == "HOLDING"
    return child


def _stop(child):
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()


def test_two_exports_in_other_processes_fill_the_machine_and_a_third_is_told_to_come_back(tmp_path):
    workers = [_worker_holding_a_slot(tmp_path), _worker_holding_a_slot(tmp_path)]
    slots = ExportSlots(tmp_path, 2, wait_seconds=0.2)
    try:
        with pytest.raises(ExportsBusy, match="Try again in about 15 seconds"):
            with slots.slot():
                pass
    finally:
        _stop(workers.pop())
    # The kernel freed the killed worker's slot: no stale lock to clear.
    with slots.slot():
        pass
    _stop(workers.pop())


def test_a_slot_freed_while_waiting_is_taken(tmp_path):
    slots = ExportSlots(tmp_path, 1, wait_seconds=5)
    worker = _worker_holding_a_slot(tmp_path)
    started = time.monotonic()
    killer = subprocess.Popen(["sh", "-c", f"sleep 0.3; kill -9 {worker.pid}"])
    with slots.slot():
        waited = time.monotonic() - started
    killer.wait()
    worker.wait(timeout=30)
    worker.stdout.close()
    assert waited < 5


def test_the_slots_directory_is_private(tmp_path):
    directory = tmp_path / "slots"
    with ExportSlots(directory, 2).slot():
        pass
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in directory.iterdir())


def test_an_unusable_slots_directory_still_bounds_each_process(tmp_path):
    (tmp_path / "slots").write_text("a file where the directory should be")
    slots = ExportSlots(tmp_path / "slots", 1, wait_seconds=0.1)
    with slots.slot():
        with pytest.raises(ExportsBusy):
            with slots.slot():
                pass


def test_a_pack_asked_while_every_slot_is_taken_gets_503_with_retry_after(app, client, monkeypatch, tmp_path):
    slots = ExportSlots(tmp_path, 1, wait_seconds=0.1)
    monkeypatch.setitem(app.server.extensions, SLOTS_EXTENSION, slots)
    with slots.slot():
        response = client.get(f"/export/briefing-pack.pdf?{QUERY}")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "15"
    assert "other exports just now" in response.get_data(as_text=True)


def test_an_export_runs_below_the_rooms_clicks_and_hands_back_its_answer_and_errors():
    def niceness():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    mine = niceness()
    assert at_low_priority(niceness) == mine + EXPORT_NICENESS
    assert niceness() == mine  # the request's own thread is untouched
    with pytest.raises(ValueError, match="no such chart"):
        at_low_priority(lambda: (_ for _ in ()).throw(ValueError("no such chart")))
