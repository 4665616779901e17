"""Answers in Redis, shared by every app server behind one address: a meeting spread
over three hosts computes each answer once, not three times.

Answers are pickled, so a value that someone else wrote into Redis could run code when
read. Each value carries an HMAC of its bytes under the dashboard's secret key (the same
on every server), and a value whose signature fails is discarded unread.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle
from typing import Any

import redis

from answers_cache.backend import MISSING, UnreadableAnswer

PREFIX = "hate-crime-dashboard:answer:"
SIGNATURE_BYTES = hashlib.sha256().digest_size
# A stale store version's answers are never asked for again; they leave by this age even
# where Redis has no maxmemory policy (docs/DEPLOYING.md recommends allkeys-lru).
ANSWER_SECONDS = 7 * 24 * 60 * 60
# A Redis that stopped answering costs one request this long, then the cache steps aside.
SOCKET_SECONDS = 1.0


class RedisAnswers:
    def __init__(self, url: str, secret_key: str, lock_seconds: float):
        self.description = f"Redis at {redis.connection.parse_url(url).get('host', 'localhost')}"
        self._key = secret_key.encode("utf-8")
        self._lock_seconds = lock_seconds
        self._client = redis.Redis.from_url(url, socket_timeout=SOCKET_SECONDS,
                                            socket_connect_timeout=SOCKET_SECONDS)
        self._client.ping()

    def _signature(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()

    def get(self, digest: str) -> Any:
        stored = self._client.get(PREFIX + digest)
        if stored is None:
            return MISSING
        signature, payload = stored[:SIGNATURE_BYTES], stored[SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, self._signature(payload)):
            self._client.delete(PREFIX + digest)
            raise UnreadableAnswer("its signature does not match this dashboard's secret key")
        return pickle.loads(payload)

    def set(self, digest: str, answer: Any) -> None:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        self._client.set(PREFIX + digest, self._signature(payload) + payload, ex=ANSWER_SECONDS)

    def acquire(self, digest: str) -> Any:
        # The lock expires, so a worker killed while computing does not hold the others.
        lock = self._client.lock(PREFIX + "computing:" + digest, timeout=self._lock_seconds,
                                 blocking_timeout=self._lock_seconds, thread_local=False)
        return lock if lock.acquire() else None

    def release(self, lock: Any) -> None:
        try:
            lock.release()
        except redis.exceptions.LockError:
            pass  # it expired while computing; another worker may hold it now

    def close(self) -> None:
        self._client.close()
