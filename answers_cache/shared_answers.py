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

The cache is diskcache (SQLite in a directory): safe between threads and processes,
including workers forked after it was opened.
"""

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diskcache

from answers_cache.code_version import code_version

DIRECTORY_VARIABLE = "ANSWERS_CACHE_DIR"
SIZE_VARIABLE = "ANSWERS_CACHE_SIZE_MB"
DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "answers-cache"
# A chart's answer is 5-60 kB of JSON (a map with boundaries is the largest), so this
# holds thousands of views: a month of meetings, and small enough for any server's disk.
DEFAULT_SIZE_MB = 256
# One request computes an answer while the others asking the same question wait for it.
# A computation that has not finished by then is presumed dead (its worker was killed),
# and the next request computes it again.
COMPUTE_LOCK_SECONDS = 30
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CacheSettings:
    directory: Path
    size_mb: int

    @classmethod
    def from_environment(cls, environ=os.environ) -> "CacheSettings":
        size = environ.get(SIZE_VARIABLE) or str(DEFAULT_SIZE_MB)
        try:
            size_mb = int(size)
        except ValueError:
            raise ValueError(f"{SIZE_VARIABLE} must be a whole number of megabytes (0 turns the cache off), "
                             f"not '{size}'.") from None
        return cls(directory=Path(environ.get(DIRECTORY_VARIABLE) or DEFAULT_DIRECTORY), size_mb=size_mb)


def answer_key(store_version: str, name: str, key: dict) -> str:
    """One string per (store version, chart, inputs); the same inputs in any order match."""
    text = json.dumps([store_version, name, key], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AnswersCache:
    """A size-bounded answer cache in a directory shared by the server's processes."""

    def __init__(self, settings: CacheSettings):
        self.settings = settings
        # Worked out once, when the app is made (before Gunicorn forks its workers), not
        # on a request.
        self.code_version = code_version()
        self._cache = None if settings.size_mb <= 0 else diskcache.Cache(
            str(settings.directory), size_limit=settings.size_mb * MEGABYTE,
            # Least recently used answers go first when the bound is reached.
            eviction_policy="least-recently-used")

    @classmethod
    def from_environment(cls, environ=os.environ) -> "AnswersCache":
        return cls(CacheSettings.from_environment(environ))

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def cached(self, store_version: str, name: str, key: dict, compute: Callable[[], Any]) -> Any:
        """The answer for (store_version, name, key): from the cache, or `compute()`d once
        and stored. `compute` must return something picklable that is the same for every
        user (a figure, a table), never anything about the person asking."""
        if self._cache is None:
            return compute()
        digest = answer_key(f"{self.code_version}:{store_version}", name, key)
        missing = object()
        answer = self._cache.get(digest, default=missing)
        if answer is not missing:
            return answer
        # Twenty simultaneous requests for the same view wait for one computation.
        with diskcache.Lock(self._cache, "computing:" + digest, expire=COMPUTE_LOCK_SECONDS):
            answer = self._cache.get(digest, default=missing)
            if answer is missing:
                answer = compute()
                self._cache.set(digest, answer)
        return answer

    def close(self):
        if self._cache is not None:
            self._cache.close()
