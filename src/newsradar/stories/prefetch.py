"""The story stage's reading: articles out of the store, turned into the features the clusterer compares.

Why a second process: placing articles is one sequential pass (each
decision depends on every earlier one), so it runs on one core.  Reading
the articles and building their features does not depend on the clusterer
at all, and was a third of the stage at 100k articles; in a forked reader it
runs on another core while the clusterer places the batch before.  Forking is
only safe in a process that runs no other threads, so the caller asks for it
(the CLI and the benchmark do; the API server and the poller do not).  The
features are the same either way (the reader is forked, so it has the same
word tables and string hashing as the parent), so the stories are too.

The reader opens its own connection (a connection is never used across a
fork) and hands over one batch at a time through a pipe: it runs at most one
batch ahead, so memory stays that of two batches.  Small updates (a poller's
batch, the API's ingest) read in-process: forking would cost more than it
saves.  If the reader fails or dies, the rest is read in-process, with a
warning; nothing is skipped.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from collections.abc import Generator, Iterator, Sequence
from contextlib import AbstractContextManager
from multiprocessing.connection import Connection
from typing import Any

from ..store import Store, open_store
from .features import Background, StoryFeatures, features_of

log = logging.getLogger(__name__)

#: Below this many articles to place, reading in-process costs less than starting a reader.
MIN_ARTICLES_FOR_READER = 2_000


def read_batch(store: Store, ids: Sequence[str], background: Background) -> list[StoryFeatures]:
    """The features of the enriched articles among ``ids``, in the order given."""
    return [features_of(a, background) for a in store.articles_by_ids(ids) if a.enrichment is not None]


def _reader(url: str, ids: list[str], batch_size: int, background: Background, out: Connection) -> None:
    """The forked reader: every batch's features down ``out``, then ``None``; an error as its text."""
    try:
        store = open_store(url)
        try:
            for start in range(0, len(ids), batch_size):
                out.send(read_batch(store, ids[start:start + batch_size], background))
        finally:
            store.close()
        out.send(None)
    except BaseException as error:  # reported to the parent, which reads the rest itself
        with contextlib.suppress(OSError, ValueError):
            out.send(f"{type(error).__name__}: {error}")
    finally:
        out.close()


def _can_fork(store: Store) -> bool:
    url = store.url
    return "fork" in multiprocessing.get_all_start_methods() and bool(url) and ":memory:" not in url


def feature_batches(store: Store, ids: Sequence[str], background: Background, batch_size: int, *,
                    fork: bool = False, lock: AbstractContextManager[Any] | None = None,
                    ) -> Iterator[list[StoryFeatures]]:
    """Features of ``ids`` a batch at a time (batches may come out empty); with ``fork``, and enough of
    them, read ahead in a forked reader.  ``lock`` is held around every read made in this process
    (the story writer thread shares the store's connection)."""
    ids = list(ids)
    start = 0
    if fork and len(ids) >= MIN_ARTICLES_FOR_READER and _can_fork(store):
        start = yield from _forked(store, ids, background, batch_size)
        if start >= len(ids):
            return
        log.warning("reading the remaining %d articles in this process", len(ids) - start)
    for offset in range(start, len(ids), batch_size):
        with lock or contextlib.nullcontext():
            batch = read_batch(store, ids[offset:offset + batch_size], background)
        yield batch


def _forked(store: Store, ids: list[str], background: Background,
            batch_size: int) -> Generator[list[StoryFeatures], None, int]:
    """Batches from a forked reader; returns how many ids it covered (all, unless it failed)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_reader, args=(store.url, ids, batch_size, background, send),
                              name="newsradar-story-reader", daemon=True)
    process.start()
    send.close()
    received = 0
    problem = ""
    try:
        while True:
            try:
                message = receive.recv()
            except (EOFError, OSError) as error:
                problem = f"the reader stopped ({type(error).__name__})"
                break
            if message is None:
                return len(ids)
            if isinstance(message, str):
                problem = message
                break
            received += 1
            yield message
    finally:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()
    log.warning("story reader failed (%s)", problem)
    return received * batch_size
