"""Answers kept in memory, bounded in bytes, in a compact form.

An answer is stored pickled and compressed (zlib level 1, a fraction of a millisecond per
answer), so a ``limit=200`` answer that takes megabytes as Python objects takes some tens of
kilobytes here. Pickle, not JSON: the stored form is whatever the service returns, before any
adapter renders it in a language, and its sentences are language-free Message objects (with
place names that decline themselves) that JSON would drop; one entry serves every reader.
Nothing here is ever written to disk or read from outside the process.
The bound counts the stored bytes plus a fixed overhead per entry; the least recently used
answers go first.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

ENTRY_OVERHEAD = 200
"""Bytes an entry costs besides its value: the key, the dict slot, the bytes object."""

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class CacheStats:
    """What the cache holds and how it has been used since it was made."""

    entries: int
    bytes: int
    max_bytes: int
    hits: int
    misses: int
    evictions: int


class ByteLRU:
    """A thread-safe least-recently-used map from keys to ``bytes``, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._data: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = self.evictions = 0

    @staticmethod
    def cost(value: bytes) -> int:
        return len(value) + ENTRY_OVERHEAD

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        """Keep ``value``; one larger than the whole bound is not kept."""
        cost = self.cost(value)
        if cost > self.max_bytes:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= self.cost(old)
            self._data[key] = value
            self._bytes += cost
            while self._bytes > self.max_bytes:
                _, dropped = self._data.popitem(last=False)
                self._bytes -= self.cost(dropped)
                self.evictions += 1

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(
                len(self._data),
                self._bytes,
                self.max_bytes,
                self.hits,
                self.misses,
                self.evictions,
            )


class AnswerCache(Generic[T]):
    """Answers of one pydantic type, stored compressed in a :class:`ByteLRU`."""

    def __init__(self, model: type[T], max_bytes: int) -> None:
        self.model = model
        self._store = ByteLRU(max_bytes)

    def get(self, key: Hashable) -> T | None:
        blob = self._store.get(key)
        if blob is None:
            return None
        answer: T = pickle.loads(zlib.decompress(blob))  # our own bytes, made by put()
        return answer

    def put(self, key: Hashable, answer: T) -> None:
        self._store.put(key, zlib.compress(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL), 1))

    def clear(self) -> None:
        self._store.clear()

    def stats(self) -> CacheStats:
        return self._store.stats()
