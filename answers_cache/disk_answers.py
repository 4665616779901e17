"""Answers in a directory on this machine (diskcache: SQLite and files), shared by the
server's worker processes, including workers forked after it was opened."""

from __future__ import annotations

import logging
import pickle
import sqlite3
import time
from pathlib import Path
from typing import Any

import diskcache

from answers_cache.backend import MISSING, UnreadableAnswer
from security.private_files import make_private, private_directory

log = logging.getLogger(__name__)
DATABASE = "cache.db"
MEGABYTE = 1024 * 1024
# A damaged value file raises whatever unpickling its bytes raises.
DAMAGED_VALUE_ERRORS = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
                        IndexError, KeyError)


class DiskAnswers:
    def __init__(self, directory: Path, size_mb: int, lock_seconds: float):
        self.description = f"the directory {directory}"
        self._lock_seconds = lock_seconds
        private_directory(directory)
        try:
            self._cache = self._open(directory, size_mb)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError):
                raise  # locked, unreadable or full: the operator's to fix, and retried
            set_aside = _set_aside(directory)
            log.warning("The answers cache %s could not be read (%s); it was set aside as %s and a new one "
                        "started.", directory / DATABASE, error, set_aside.name)
            self._cache = self._open(directory, size_mb)
        for name in (DATABASE, DATABASE + "-wal", DATABASE + "-shm"):
            make_private(directory / name)

    @staticmethod
    def _open(directory: Path, size_mb: int) -> diskcache.Cache:
        cache = diskcache.Cache(
            str(directory), size_limit=size_mb * MEGABYTE,
            # Oldest stored answers go first when the bound is reached. Not least recently
            # used: that policy writes on every read, so a full disk would fail reads too.
            eviction_policy="least-recently-stored")
        cache.get("", default=None)  # reads the database now, so damage shows at opening
        return cache

    def get(self, digest: str) -> Any:
        try:
            return self._cache.get(digest, default=MISSING, retry=True)
        except DAMAGED_VALUE_ERRORS as error:
            self._cache.delete(digest, retry=True)
            raise UnreadableAnswer(str(error)) from error

    def set(self, digest: str, answer: Any) -> None:
        self._cache.set(digest, answer, retry=True)

    def acquire(self, digest: str) -> Any:
        lock = diskcache.Lock(self._cache, "computing:" + digest, expire=self._lock_seconds)
        lock.acquire()  # a holder that died leaves a lock that expires
        return lock

    def release(self, lock: Any) -> None:
        lock.release()

    def close(self) -> None:
        self._cache.close()

    def volume(self) -> int:
        return self._cache.volume()

    def __len__(self) -> int:
        return len(self._cache)


def _set_aside(directory: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = directory / f"{DATABASE}.damaged-{stamp}"
    for suffix in ("", "-wal", "-shm"):
        source = directory / (DATABASE + suffix)
        if source.exists():
            source.replace(target.with_name(target.name + suffix))
    return target
