"""The story stage's writing: each batch's stories and placements saved while the next batch is placed.

Why a thread: after a batch, the changed stories and the placements go to
the store in one transaction (a tenth of the stage at 100k articles).  The
database does that work with the interpreter's lock released, so a writer
thread lets the clusterer go on with the next batch meanwhile.  Saves stay in
order and at most one is in flight; what is saved is a snapshot taken on the
main thread (the story records), never the clusterer's live objects.  A
failed save is raised on the main thread at the next save or at the end.

The store connection is shared with the thread, so anything else the main
thread reads from the store during the update holds :attr:`BatchSaver.lock`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from types import TracebackType

from ..store import Store
from ..store.base import StoryRecord

Placement = tuple[str, str, float, datetime]


class BatchSaver:
    """Saves batches in order, in a writer thread when ``threaded``, else at once."""

    def __init__(self, store: Store, *, threaded: bool) -> None:
        self.store = store
        self.lock = threading.Lock()
        # The thread starts with the first save: after a forked reader has started, not before.
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="newsradar-story-writer") if threaded else None
        self._pending: Future[None] | None = None

    def __enter__(self) -> BatchSaver:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if kind is None:
                self.wait()
            elif self._pending is not None:
                self._pending.exception()  # let the save in flight end; the error in hand is the one to raise
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)

    def save(self, records: Sequence[StoryRecord], placed: Sequence[Placement], merged: Mapping[str, str]) -> None:
        """Save one batch after the previous one (whose error, if any, is raised here)."""
        self.wait()
        if self._pool is None:
            self.store.save_stories(records, placed, merged)
        else:
            self._pending = self._pool.submit(self._save, records, placed, merged)

    def wait(self) -> None:
        """Until the save in flight is done; raises its error."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def _save(self, records: Sequence[StoryRecord], placed: Sequence[Placement], merged: Mapping[str, str]) -> None:
        with self.lock:
            self.store.save_stories(records, placed, merged)
