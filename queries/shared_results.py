"""Query answers kept for every request that asks the same question of the same file.

A store file never changes while it is open (a load writes a new file and swaps it in),
so an answer of (SQL, parameters) holds for as long as the file is open, for every
user: none of the store's queries depends on who asks (which datasets a viewer may see
is checked before a query names one). The profile's comparison with London, the ranks
among the 32 and the London series are asked for every borough and every viewer; most
of a query's time on this store is DuckDB planning it (a few ms) rather than reading
rows, so answering a repeat from memory is where the time is. Kept per opened file
(queries/store._Opened) and dropped with it; bounded by bytes, least recently used
first out."""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd

MAX_BYTES = 32 * 1024 * 1024  # per opened file and process; answers are a few kB each


def frame_bytes(frame: pd.DataFrame) -> int:
    """About what a frame holds: 16 bytes a cell. pandas' memory_usage took over 1 ms a
    frame, as long as the query it would save."""
    return 1024 + 16 * len(frame) * (len(frame.columns) + 1)


class SharedResults:
    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self._frames: OrderedDict[tuple, tuple[pd.DataFrame, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> pd.DataFrame | None:
        """The frame kept for `key`, shared: the caller must copy it before changing it."""
        with self._lock:
            found = self._frames.get(key)
            if found is None:
                return None
            self._frames.move_to_end(key)
            return found[0]

    def put(self, key: tuple, frame: pd.DataFrame) -> None:
        size = frame_bytes(frame)
        if size > self.max_bytes // 8:
            return  # one large answer must not push out hundreds of small ones
        with self._lock:
            if key in self._frames:
                return
            self._frames[key] = (frame, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._frames.popitem(last=False)
                self._bytes -= dropped
