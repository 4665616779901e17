"""What the answers cache asks of wherever it keeps answers (disk_answers, redis_answers)."""

from __future__ import annotations

from typing import Any, Protocol

MISSING = object()


class UnreadableAnswer(Exception):
    """One stored answer cannot be read back (a damaged file, a value that fails its
    signature): it is a miss, not a broken cache."""


class AnswerBackend(Protocol):
    description: str

    def get(self, digest: str) -> Any:
        """The answer, MISSING, or UnreadableAnswer (after discarding it)."""

    def set(self, digest: str, answer: Any) -> None: ...

    def acquire(self, digest: str) -> Any:
        """A held lock on computing `digest`, or None when waiting for it timed out."""

    def release(self, lock: Any) -> None: ...

    def close(self) -> None: ...
