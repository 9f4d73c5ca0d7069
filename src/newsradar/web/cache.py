"""Answers of the costly day views (the Today page, the issue ranking, rising terms), kept until the data changes.

Why: each of these reads every story and facet of a day and the week before it;
on a store of 100k articles that is seconds of work, and a newsroom's screens ask
for the same page every few seconds.  An answer is kept under its parameters and
the store's data version (a counter every write transaction moves, in this
process or another), so a page never shows data older than the last write.
Concurrent requests for the same missing answer wait for one computation instead
of all computing it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from fastapi import Request

    from ..store import Store

T = TypeVar("T")


class ViewCache:
    """A small LRU map from (view, parameters) to the answer computed at a data version."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: str, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at ``version``: kept, or computed once (other callers wait for it)."""
        found = self._lookup(key, version)
        if found is not None:
            return cast(T, found[0])
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            found = self._lookup(key, version)  # computed while this caller waited
            if found is not None:
                return cast(T, found[0])
            value = compute()
            with self._lock:
                self.misses += 1
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            return value

    def _lookup(self, key: Hashable, version: str) -> tuple[Any] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return (entry[1],)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def cached(request: Request, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s answer for ``key``, kept in the app's view cache until the store's data version moves.

    The version is read before computing: a write landing meanwhile makes the next request compute again.
    """
    views: ViewCache = request.app.state.views
    return views.get(key, store.data_version(), compute)
