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
from .features import Background, StoryFeatures, article_time, features_of
from .summary import summarize

__all__ = ["ClusterParams", "StoryReport", "params_from_settings", "rebuild_stories", "story_detail",
           "update_stories"]


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
    return ClusterParams(
        assign=settings.story_threshold,
        merge=settings.story_merge_threshold,
        window=timedelta(hours=settings.story_window_hours),
    )


def embedder_from_settings(settings: Any) -> Embedder | None:
    return Embedder(settings.embedding_model) if settings.embedding_model else None


def _record(state: StoryState) -> StoryRecord:
    story = Story(
        id=state.id, title=state.title, first_seen=state.first_seen, last_seen=state.last_seen,
        articles=state.size, outlets=len(state.sources), languages=dict(state.languages.most_common()),
        sources=dict(state.sources.most_common()), countries=dict(state.countries.most_common()),
        title_article=state.title_article,
    )
    return StoryRecord(story, state.to_json())


def update_stories(
    store: Store,
    *,
    params: ClusterParams | None = None,
    embedder: Embedder | None = None,
    batch_size: int = 500,
    on_batch: Callable[[int], None] | None = None,
) -> StoryReport:
    """Put every enriched, unclustered article into a story; saves after each batch."""
    params = params or ClusterParams()
    report = StoryReport()
    started = time.perf_counter()
    background = Background()
    clusterer: OnlineClusterer | None = None
    changed: set[str] = set()
    while True:
        batch = store.articles_to_cluster(limit=batch_size)
        if not batch:
            break
        if clusterer is None:
            clusterer = OnlineClusterer(params, embeddings=embedder is not None)
            since = article_time(batch[0]) - params.window
            clusterer.load(StoryState.from_json(r.story.id, r.story.first_seen, r.story.last_seen, r.state or {})
                           for r in store.live_stories(since))
        features: list[StoryFeatures] = [features_of(a, background) for a in batch]
        if embedder is not None:
            embedder.embed(features)
        placed: list[tuple[str, str, float, datetime]] = []
        merges_before = len(clusterer.merged)
        for f in features:
            result = clusterer.add(f)
            placed.append((f.article_id, result.story_id, result.similarity, f.time))
            report.opened += int(result.opened)
        new_merges = dict(list(clusterer.merged.items())[merges_before:])
        placed = [(a, clusterer.resolve(s), sim, t) for a, s, sim, t in placed]
        records = [_record(clusterer.stories[s]) for s in clusterer.dirty if s in clusterer.stories]
        store.save_stories(records, placed, {old: clusterer.resolve(old) for old in new_merges})
        changed |= clusterer.dirty
        clusterer.dirty.clear()
        clusterer.evict(features[-1].time)
        report.articles += len(batch)
        report.merged += len(new_merges)
        if on_batch:
            on_batch(len(batch))
    report.stories = len(changed - set(clusterer.merged if clusterer else ()))
    report.elapsed = time.perf_counter() - started
    return report


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
