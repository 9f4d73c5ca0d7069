"""Stories: incremental, multilingual grouping of articles about one event.

:func:`update_stories` places every enriched article not yet in a story,
oldest first, into the live stories loaded from the store (the
:class:`~newsradar.stories.clusterer.OnlineClusterer` decides), and saves the
changed stories after each batch: a new article never triggers a full
recompute.  :func:`rebuild_stories` forgets the stories of a period and runs
the same online pass over its articles again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..model import Story
from ..store import Store
from ..store.base import StoryRecord
from .clusterer import ClusterParams, OnlineClusterer, StoryState
from .embeddings import Embedder
from .features import Background
from .prefetch import feature_batches
from .saving import BatchSaver
from .summary import summarize

__all__ = ["ClusterParams", "StoryReport", "StoryUpdater", "params_from_settings", "rebuild_stories",
           "story_detail", "update_stories"]


@dataclass(slots=True)
class StoryReport:
    articles: int = 0
    opened: int = 0
    merged: int = 0
    stories: int = 0  # stories changed by this run
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0


def params_from_settings(settings: Any) -> ClusterParams:
    from ..pipeline import timezone_setting

    return ClusterParams(
        assign=settings.story_threshold,
        merge=settings.story_merge_threshold,
        window=timedelta(hours=settings.story_window_hours),
        daily_from=settings.story_daily_from,
        day_zone=timezone_setting(settings.default_timezone),
    )


def embedder_from_settings(settings: Any) -> Embedder | None:
    return Embedder(settings.embedding_model) if settings.embedding_model else None


def _record(state: StoryState) -> StoryRecord:
    story = Story(
        id=state.id, title=state.title, first_seen=state.first_seen, last_seen=state.last_seen,
        articles=state.size, outlets=len(state.sources), languages=dict(state.languages.most_common()),
        sources=dict(state.sources.most_common()), countries=dict(state.countries.most_common()),
        title_article=state.title_article, continues=state.continues,
    )
    return StoryRecord(story, state.to_json())


class StoryUpdater:
    """Places new articles in stories, keeping the live stories in memory from one call to the next.

    :func:`update_stories` loads every live story from the store before it
    places anything; a process that updates after every small batch (a
    poller, the API's ingest) pays that load each time, and it grows with the
    number of live stories.  One updater per process loads them once and then
    goes on from its own state, which its saves keep equal to the store's.  It
    reloads when a batch starts before the window it loaded (an old backfill)
    or after :meth:`forget` (another process rebuilt the stories).
    """

    def __init__(self, store: Store, *, params: ClusterParams | None = None, embedder: Embedder | None = None,
                 batch_size: int = 500, read_ahead: bool = False) -> None:
        self.store = store
        #: Read and featurise the next batch in a forked process (:mod:`.prefetch`) and save from a writer
        #: thread (:mod:`.saving`).  Only callers that own their process ask for it (the CLI, the
        #: benchmark): forking a server's threads is not safe.  Nor is forking after an embedding model
        #: has started its own threads, and with one the embedding, not the reading, is the cost.
        self.read_ahead = read_ahead and embedder is None
        self.params = params or ClusterParams()
        self.embedder = embedder
        self.batch_size = batch_size
        self.background = Background()
        self._clusterer: OnlineClusterer | None = None
        self._loaded_since: datetime | None = None

    def prepare(self, now: datetime) -> int:
        """Load the stories live at ``now`` ahead of the first batch (a service starting up); returns how many."""
        return len(self._clusterer_for(now).stories)

    def forget(self) -> None:
        """Drop the in-memory stories: the next update loads them from the store again."""
        self._clusterer = None
        self._loaded_since = None

    def _clusterer_for(self, first: datetime) -> OnlineClusterer:
        since = first - self.params.window
        if self._clusterer is None or self._loaded_since is None or since < self._loaded_since:
            clusterer = OnlineClusterer(self.params, embeddings=self.embedder is not None)
            clusterer.load(StoryState.from_json(r.story.id, r.story.first_seen, r.story.last_seen, r.state or {})
                           for r in self.store.live_stories(since))
            self._clusterer, self._loaded_since = clusterer, since
        else:
            self._clusterer.evict(first)  # what a fresh load would not bring back
        return self._clusterer

    def update(self, on_batch: Callable[[int], None] | None = None) -> StoryReport:
        """Put every enriched, unclustered article into a story; saves after each batch.

        If anything fails, the in-memory stories are dropped: they may hold a batch the store
        never received, and the next update reloads what the store has.
        """
        try:
            return self._update(on_batch)
        except BaseException:
            self.forget()
            raise

    def _update(self, on_batch: Callable[[int], None] | None) -> StoryReport:
        report = StoryReport()
        started = time.perf_counter()
        clusterer: OnlineClusterer | None = None
        changed: set[str] = set()
        merged_before = 0
        # The order is read once: asking the store for "the next oldest unclustered" every batch
        # scanned and sorted the whole table each time, quadratic in the store (10% of the stage at
        # 100k articles).  Articles enriched meanwhile by another process wait for the next update.
        pending = self.store.ids_to_cluster()
        with BatchSaver(self.store, threaded=self.read_ahead) as saver:
            for features in feature_batches(self.store, pending, self.background, self.batch_size,
                                            fork=self.read_ahead, lock=saver.lock):
                if not features:
                    continue
                if clusterer is None:
                    with saver.lock:
                        clusterer = self._clusterer_for(features[0].time)
                    merged_before = len(clusterer.merged)
                if self.embedder is not None:
                    self.embedder.embed(features)
                placed: list[tuple[str, str, float, datetime]] = []
                merges_before = len(clusterer.merged)
                for f in features:
                    result = clusterer.add(f)
                    placed.append((f.article_id, result.story_id, result.similarity, f.time))
                    report.opened += int(result.opened)
                new_merges = dict(list(clusterer.merged.items())[merges_before:])
                placed = [(a, clusterer.resolve(s), sim, t) for a, s, sim, t in placed]
                records = [_record(clusterer.stories[s]) for s in clusterer.dirty if s in clusterer.stories]
                saver.save(records, placed, {old: clusterer.resolve(old) for old in new_merges})
                changed |= clusterer.dirty
                clusterer.dirty.clear()
                clusterer.evict(features[-1].time)
                # Stories older than this are gone from memory: an earlier batch needs a fresh load.
                horizon = features[-1].time - self.params.window
                self._loaded_since = max(self._loaded_since or horizon, horizon)
                report.articles += len(features)
                report.merged += len(new_merges)
                if on_batch:
                    on_batch(len(features))
        merged_now = set(list(clusterer.merged)[merged_before:]) if clusterer else set()
        report.stories = len(changed - merged_now)
        report.elapsed = time.perf_counter() - started
        return report


def update_stories(
    store: Store,
    *,
    params: ClusterParams | None = None,
    embedder: Embedder | None = None,
    batch_size: int = 500,
    on_batch: Callable[[int], None] | None = None,
    read_ahead: bool = False,
) -> StoryReport:
    """Put every enriched, unclustered article into a story; saves after each batch.

    ``read_ahead`` reads the articles in a forked process and saves from a writer thread while this
    one places them (same stories, faster on two cores or more); only for callers that own their process.
    """
    updater = StoryUpdater(store, params=params, embedder=embedder, batch_size=batch_size, read_ahead=read_ahead)
    return updater.update(on_batch)


def rebuild_stories(store: Store, *, since: datetime | None = None, **kwargs: Any) -> StoryReport:
    """Forget the stories active since ``since`` (all without it) and cluster their articles again."""
    store.reset_stories(since)
    return update_stories(store, **kwargs)


def story_detail(store: Store, story_id: str) -> tuple[Story, list[Any]] | None:
    """A story with its summary filled in, and its members ``(article, similarity)`` oldest first."""
    story = store.get_story(story_id)
    if story is None:
        return None
    members = store.story_members(story.id)
    main = next(iter(story.languages), None)
    central = sorted(members, key=lambda m: -m[1])
    story.summary = summarize([a for a, _ in central], language=main)
    return story, members
