"""At most EXPORTS_AT_ONCE heavy exports (briefing packs, chart images) at once on this
machine, whichever worker process they reach.

A pack takes 7-30 s of CPU, a headless Chromium and a few hundred MB; ten at once held
every Gunicorn thread and left a small request waiting 10-20 s. An export that finds
every slot taken waits a moment, then is told to come back (503 with Retry-After, or a
sentence under the button): a waiting export would hold a thread the room's clicks need.

A slot is an exclusive flock on one of N empty files in a private directory, so the
bound is per machine across processes, and the kernel releases a slot whose holder died.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import flask

from security.private_files import PRIVATE_FILE, private_directory

log = logging.getLogger(__name__)
EXPORTS_AT_ONCE = 2
SLOTS_EXTENSION = "export_slots"  # where the app factory keeps this machine's ExportSlots
# A slot freed within this long is taken; beyond it the export is asked to come back.
WAIT_SECONDS = 3.0
# A chart image takes about a second: one waits longer for its turn, so six buttons
# clicked together all deliver (each holds a thread only briefly).
IMAGE_WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05
RETRY_AFTER_SECONDS = 15  # about one pack's time


class ExportsBusy(Exception):
    """Every export slot is taken: the sentence says when to try again."""

    def __init__(self, retry_after: int = RETRY_AFTER_SECONDS):
        self.retry_after = retry_after
        super().__init__(f"The server is making {EXPORTS_AT_ONCE} other exports just now (it makes "
                         f"{EXPORTS_AT_ONCE} at a time, so everyone's pages stay quick). Try again in about "
                         f"{retry_after} seconds.")


class ExportSlots:
    def __init__(self, directory: Path, count: int = EXPORTS_AT_ONCE, wait_seconds: float = WAIT_SECONDS):
        self.directory = directory
        self.count = count
        self.wait_seconds = wait_seconds
        # When the directory cannot be used, this process's own bound stands in.
        self._in_process = threading.BoundedSemaphore(count)
        self._warned = False
        self._directory_ready = False

    def _try_files(self) -> int | None:
        """A descriptor holding a free slot's lock, or None when all are taken."""
        if not self._directory_ready:  # once, not on every poll of a waiting export
            private_directory(self.directory)
            self._directory_ready = True
        for number in range(self.count):
            descriptor = os.open(self.directory / f"slot-{number}", os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return descriptor
            except BlockingIOError:
                os.close(descriptor)
        return None

    @contextmanager
    def slot(self, wait_seconds: float | None = None):
        """Hold one slot for the block, or raise ExportsBusy after waiting up to
        `wait_seconds` (default: the slots' own)."""
        deadline = time.monotonic() + (self.wait_seconds if wait_seconds is None else wait_seconds)
        descriptor = None
        while descriptor is None:
            try:
                descriptor = self._try_files()
            except OSError as error:
                self._directory_ready = False  # made again next time, if it went away
                self._warn(error)
                break
            if descriptor is None:
                if time.monotonic() >= deadline:
                    raise ExportsBusy()
                time.sleep(POLL_SECONDS)
        if descriptor is None:
            with self._in_process_slot(deadline):
                yield
            return
        try:
            yield
        finally:
            os.close(descriptor)  # closing releases the flock

    def _warn(self, error: OSError) -> None:
        if not self._warned:
            self._warned = True
            log.warning("Export slots in %s cannot be used (%s); each worker process limits its own exports "
                        "to %d instead.", self.directory, error, self.count)

    @contextmanager
    def _in_process_slot(self, deadline: float):
        if not self._in_process.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise ExportsBusy()
        try:
            yield
        finally:
            self._in_process.release()



def export_slots() -> ExportSlots:
    """This app's slots (app.create_app makes them, before the workers fork)."""
    return flask.current_app.extensions[SLOTS_EXTENSION]


# Exports run below the room's clicks: on a small machine two packs otherwise take the
# cores that everyone's pages need. Niceness is per thread on Linux and inherited by the
# threads and processes a thread starts (Kaleido's render thread, its Chromium).
EXPORT_NICENESS = 10


def at_low_priority(compute):
    """`compute()` in a thread of its own at lower CPU priority, for the current request
    (its Flask context goes with it); returns its answer or raises its error."""
    outcome = {}

    def run():
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), EXPORT_NICENESS)
        except OSError:
            pass  # a platform without per-thread priorities: the export runs as it is
        try:
            outcome["answer"] = compute()
        except BaseException as error:  # noqa: BLE001 (handed back to the request's thread)
            outcome["error"] = error

    worker = threading.Thread(target=flask.copy_current_request_context(run) if flask.has_request_context()
                              else run, name="export", daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answer"]
