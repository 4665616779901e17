"""Answers computed once and shared by every worker process: the meeting case.

When twenty people open the same link, each chart's answer is computed by the first
request and read from disk by the other nineteen, whichever Gunicorn worker they reach.
An answer is keyed by the store's version (queries/store.py: `store.version`, which
changes when a load swaps a new file in), the chart or callback's name and its
validated inputs, and by the version of the code (answers_cache/code_version.py), so an
answer from an older store or an older release of the dashboard is never served: after
a load or an upgrade its keys are simply never asked for again, and the size bound
evicts them.

    answers = AnswersCache.from_environment()
    figure = answers.cached(store.version, "overview map", {"dataset_id": 3, ...},
                            lambda: build_the_map(...))

The cache is diskcache (SQLite in a directory) by default, or Redis when several app
servers answer one address (ANSWERS_CACHE_REDIS_URL). Either is an optimisation, never
a dependency: an error reading or writing it is logged once and the answer computed;
it is tried again every RETRY_SECONDS, so it recovers by itself once usable.
"""

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from answers_cache.backend import MISSING, AnswerBackend, UnreadableAnswer
from answers_cache.code_version import code_version

log = logging.getLogger(__name__)
ANSWERS_EXTENSION = "answers_cache"  # where the app factory keeps its AnswersCache
DIRECTORY_VARIABLE = "ANSWERS_CACHE_DIR"
SIZE_VARIABLE = "ANSWERS_CACHE_SIZE_MB"
REDIS_VARIABLE = "ANSWERS_CACHE_REDIS_URL"
SECRET_VARIABLE = "DASHBOARD_SECRET_KEY"
DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "answers-cache"
# A chart's answer is 5-60 kB of JSON (a map with boundaries is the largest), so this
# holds thousands of views: a month of meetings, and small enough for any server's disk.
DEFAULT_SIZE_MB = 256
# One request computes an answer while the others asking the same question wait for it.
# A computation that has not finished by then is presumed dead (its worker was killed),
# and the next request computes it again.
COMPUTE_LOCK_SECONDS = 30
# Long enough that a broken cache costs one failed attempt per worker now and then,
# short enough that a repaired one is back within a meeting's minute.
RETRY_SECONDS = 15.0
WRITES = ("take a lock", "store an answer", "release a lock")


@dataclass(frozen=True)
class CacheSettings:
    directory: Path
    size_mb: int
    redis_url: str = ""
    secret_key: str = ""
    retry_seconds: float = RETRY_SECONDS

    @classmethod
    def from_environment(cls, environ=os.environ) -> "CacheSettings":
        size = environ.get(SIZE_VARIABLE) or str(DEFAULT_SIZE_MB)
        try:
            size_mb = int(size)
        except ValueError:
            raise ValueError(f"{SIZE_VARIABLE} must be a whole number of megabytes (0 turns the cache off), "
                             f"not '{size}'.") from None
        redis_url = (environ.get(REDIS_VARIABLE) or "").strip()
        secret_key = (environ.get(SECRET_VARIABLE) or "").strip()
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"{REDIS_VARIABLE} must be a redis://, rediss:// or unix:// address.")
        if redis_url and not secret_key:
            raise ValueError(f"{REDIS_VARIABLE} needs {SECRET_VARIABLE}, the same on every server: answers "
                             "in Redis are signed with it, so nothing else written there is ever read as one.")
        return cls(directory=Path(environ.get(DIRECTORY_VARIABLE) or DEFAULT_DIRECTORY), size_mb=size_mb,
                   redis_url=redis_url, secret_key=secret_key)


def answer_key(store_version: str, name: str, key: dict) -> str:
    """One string per (store version, chart, inputs); the same inputs in any order match."""
    text = json.dumps([store_version, name, key], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def open_backend(settings: CacheSettings) -> AnswerBackend:
    # Imported here: a server on disk never loads the Redis client, and the reverse.
    if settings.redis_url:
        from answers_cache.redis_answers import RedisAnswers
        return RedisAnswers(settings.redis_url, settings.secret_key, COMPUTE_LOCK_SECONDS)
    from answers_cache.disk_answers import DiskAnswers
    return DiskAnswers(settings.directory, settings.size_mb, COMPUTE_LOCK_SECONDS)


class AnswersCache:
    """A size-bounded answer cache shared by the server's processes (and its hosts)."""

    def __init__(self, settings: CacheSettings, opener: Callable[[CacheSettings], AnswerBackend] = open_backend):
        self.settings = settings
        # Worked out once, when the app is made (before Gunicorn forks its workers), not
        # on a request.
        self.code_version = code_version()
        self._opener = opener
        self._guard = threading.Lock()
        self._backend: AnswerBackend | None = None
        self._next_attempt = 0.0
        self._broken = False
        self._writes_paused = False
        self._writes_again_at = 0.0
        if self.enabled:
            self._available()

    @classmethod
    def from_environment(cls, environ=os.environ) -> "AnswersCache":
        return cls(CacheSettings.from_environment(environ))

    @property
    def enabled(self) -> bool:
        return self.settings.size_mb > 0

    @property
    def state(self) -> str:
        """For /healthz: whether answers are shared now (never why not: that is logged)."""
        if not self.enabled:
            return "off"
        if self._backend is None:
            return "failing: answers are computed without it"
        return "not storing new answers" if self._writes_paused else "ok"

    def _available(self) -> AnswerBackend | None:
        """The backend when it is usable now; opened again after a failure, at most
        every retry_seconds."""
        backend = self._backend
        if backend is not None or time.monotonic() < self._next_attempt:
            return backend
        with self._guard:
            if self._backend is None and time.monotonic() >= self._next_attempt:
                try:
                    self._backend = self._opener(self.settings)
                except Exception as error:  # noqa: BLE001 (whatever it is, answers are computed)
                    self._failed_now("open", error)
                else:
                    if self._broken:
                        log.warning("The answers cache (%s) is usable again.", self._backend.description)
                    self._broken = False
            return self._backend

    def _failed(self, backend: AnswerBackend, action: str, error: Exception) -> None:
        with self._guard:
            if self._backend is backend:
                self._backend = None
                try:
                    backend.close()
                except Exception:  # noqa: BLE001 (it is being dropped because it fails)
                    pass
                self._failed_now(action, error, backend.description)

    def _failed_now(self, action: str, error: Exception, where: str = "") -> None:
        if not self._broken:
            log.warning("The answers cache%s could not %s (%s: %s). Answers are computed without it, and it "
                        "is tried again every %g s.", f" ({where})" if where else "", action,
                        type(error).__name__, error, self.settings.retry_seconds)
        self._broken = True
        self._next_attempt = time.monotonic() + self.settings.retry_seconds

    def _attempt(self, backend: AnswerBackend, action: str, call: Callable[[], Any], failed: Any = None) -> Any:
        """`call()`, or `failed` when the cache fails at it: a failed read drops the
        backend until it is opened again; a failed write (a full disk, a read-only
        Redis replica) only pauses writing, and answers already stored are still read."""
        try:
            return call()
        except UnreadableAnswer as error:
            log.warning("An answer in the cache could not be read back (%s); it was discarded and computed "
                        "again.", error)
            return MISSING
        except Exception as error:  # noqa: BLE001 (the cache is never why a page fails)
            if action in WRITES:
                self._writes_failed(backend, action, error)
            else:
                self._failed(backend, action, error)
            return failed

    def _writes_failed(self, backend: AnswerBackend, action: str, error: Exception) -> None:
        with self._guard:
            if not self._writes_paused:
                log.warning("The answers cache (%s) could not %s (%s: %s). Stored answers are still read; new "
                            "ones are computed and not stored, and storing is tried again every %g s.",
                            backend.description, action, type(error).__name__, error, self.settings.retry_seconds)
            self._writes_paused = True
            self._writes_again_at = time.monotonic() + self.settings.retry_seconds

    def _can_write(self) -> bool:
        if self._writes_paused and time.monotonic() >= self._writes_again_at:
            self._writes_paused = False  # the next write tells whether it works again
        return not self._writes_paused

    def cached(self, store_version: str, name: str, key: dict, compute: Callable[[], Any]) -> Any:
        """The answer for (store_version, name, key): from the cache, or `compute()`d once
        and stored. `compute` must return something picklable that is the same for every
        user (a figure, a table), never anything about the person asking. Errors of
        `compute` are the caller's; errors of the cache never reach it."""
        backend = self._available() if self.enabled else None
        if backend is None:
            return compute()
        digest = answer_key(f"{self.code_version}:{store_version}", name, key)
        answer = self._attempt(backend, "read an answer", lambda: backend.get(digest), MISSING)
        if answer is not MISSING:
            return answer
        if self._backend is not backend or not self._can_write():
            return compute()
        # Twenty simultaneous requests for the same view wait for one computation.
        lock = self._attempt(backend, "take a lock", lambda: backend.acquire(digest))
        try:
            if lock is not None:
                answer = self._attempt(backend, "read an answer", lambda: backend.get(digest), MISSING)
                if answer is not MISSING:
                    return answer
            answer = compute()
            if self._backend is backend and self._can_write():
                self._attempt(backend, "store an answer", lambda: backend.set(digest, answer))
            return answer
        finally:
            if lock is not None:
                self._attempt(backend, "release a lock", lambda: backend.release(lock))

    def close(self):
        with self._guard:
            if self._backend is not None:
                self._backend.close()
                self._backend = None
