"""Story clustering of a backfill in partitions (language x time window), then merged.

A backfill of years of archives is too much for one online pass on one core.
The articles not yet in a story are split by language and by a fixed time
window; each partition runs the ordinary :class:`OnlineClusterer` on its own
(on a Dask worker, or in this process: :func:`cluster_partitions` takes any
``map`` function and never knows which).  The partitions' stories are then
merged in time order by the same rule that merges two live stories that
grew towards each other (:meth:`OnlineClusterer.add_story`), starting from the
live stories already in the store.  That rejoins a story cut by a window
boundary, and links stories across languages on their shared anchors.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ..model import Article
from ..store import Store
from . import StoryReport, _record
from .clusterer import ClusterParams, OnlineClusterer, StoryState
from .features import Background, StoryFeatures, article_time, features_of

#: Articles placed between two evictions of cold stories (as the online pass does per store batch).
EVICT_EVERY = 500
#: Stories, assignments per transaction when the merged result is saved.
SAVE_CHUNK = 2000

PartitionKey = tuple[str, int]
Placement = tuple[str, str, float, datetime]
MapFunction = Callable[[Callable[..., "PartitionResult"], list[list[Article]], ClusterParams],
                       Iterable["PartitionResult"]]


@dataclass(slots=True)
class PartitionResult:
    """What one partition's online pass produced: every story it grew and where each article went."""

    stories: list[StoryState] = field(default_factory=list)
    placed: list[Placement] = field(default_factory=list)
    opened: int = 0
    merged: int = 0


def partition_key(article: Article, window: timedelta) -> PartitionKey:
    """(language, index of the time window): what a partition holds."""
    e = article.enrichment
    lang = (e.language if e else None) or article.language or "und"
    seconds = article_time(article).timestamp()
    return lang, int(seconds // window.total_seconds())


def partition_articles(articles: Iterable[Article], window: timedelta) -> list[list[Article]]:
    """Articles grouped by :func:`partition_key`, each group oldest first, groups in key order."""
    groups: dict[PartitionKey, list[Article]] = {}
    for article in articles:
        groups.setdefault(partition_key(article, window), []).append(article)
    return [sorted(groups[key], key=lambda a: (article_time(a), a.id)) for key in sorted(groups)]


def cluster_partition(articles: list[Article], params: ClusterParams) -> PartitionResult:
    """The online pass over one partition (articles oldest first); a pure function a worker can run."""
    background = Background()
    return cluster_features([features_of(a, background) for a in articles], params)


def cluster_features(features: Iterable[StoryFeatures], params: ClusterParams) -> PartitionResult:
    """:func:`cluster_partition` on articles already turned into story features."""
    clusterer = OnlineClusterer(params)
    result = PartitionResult()
    gone: list[StoryState] = []
    raw: list[Placement] = []
    for n, f in enumerate(features, start=1):
        assignment = clusterer.add(f)
        raw.append((f.article_id, assignment.story_id, assignment.similarity, f.time))
        result.opened += int(assignment.opened)
        if n % EVICT_EVERY == 0:
            gone.extend(clusterer.evict(f.time))
    result.merged = len(clusterer.merged)
    result.stories = gone + list(clusterer.stories.values())
    result.placed = [(a, clusterer.resolve(s), sim, t) for a, s, sim, t in raw]
    return result


def merge_partitions(
    results: Sequence[PartitionResult], params: ClusterParams, live: Iterable[StoryState] = ()
) -> tuple[list[StoryState], list[Placement], dict[str, str], int]:
    """Merge the partitions' stories, oldest first, into ``live`` (stories already in the store).

    Returns the stories to save, the final placement of every article, the
    store stories merged away (old id -> survivor) and the number of merges.

    Partitions never mix languages, so a story in one language never had the
    chance an article of another language has in the online pass: to join it
    at the cross-lingual *assign* threshold.  Stories of different languages
    are therefore merged here at that threshold (never above the merge one);
    same-language stories keep the ordinary merge rule.  On the sample gold
    this gives BCubed F1 0.871 against 0.820 with the merge rule alone (the
    online pass: 0.861); see docs/dask.md.
    """
    clusterer = OnlineClusterer(replace(params, cross_merge=min(params.cross_merge, params.cross_assign)))
    existing = list(live)
    clusterer.load(existing)
    existing_ids = {s.id for s in existing}
    incoming = sorted((s for r in results for s in r.stories), key=lambda s: (s.first_seen, s.id))
    every: dict[str, StoryState] = {s.id: s for s in existing}
    for n, story in enumerate(incoming, start=1):
        every[story.id] = story
        clusterer.add_story(story)
        if n % EVICT_EVERY == 0:
            clusterer.evict(story.first_seen)
    merged_away = set(clusterer.merged)
    touched = {clusterer.resolve(s.id) for s in incoming} | (existing_ids & merged_away)
    survivors = [every[s] for s in sorted(touched) if s not in merged_away]
    placed = [(a, clusterer.resolve(s), sim, t) for r in results for a, s, sim, t in r.placed]
    store_merges = {old: clusterer.resolve(old) for old in existing_ids & merged_away}
    return survivors, placed, store_merges, len(clusterer.merged)


def _local_map(fn: Callable[..., PartitionResult], groups: list[list[Article]],
               params: ClusterParams) -> Iterable[PartitionResult]:
    return (fn(group, params) for group in groups)


def cluster_partitions(
    store: Store,
    *,
    params: ClusterParams | None = None,
    partition: timedelta = timedelta(hours=24),
    map_partitions: MapFunction | None = None,
) -> StoryReport:
    """Place every enriched, unclustered article in a story, partition by partition, then merge and save."""
    params = params or ClusterParams()
    report = StoryReport()
    started = time.perf_counter()
    articles = store.articles_to_cluster()
    if not articles:
        report.elapsed = time.perf_counter() - started
        return report
    groups = partition_articles(articles, partition)
    earliest = min(article_time(a) for a in articles)
    if params.daily_from and not params.day_volume:
        # Each partition sees one language and a few hours: it must judge a day as crowded as the
        # online pass over everything would, so the whole input's articles per day go with it.
        volume = Counter(article_time(a).astimezone(params.day_zone).date() for a in articles)
        params = replace(params, day_volume=dict(volume))
    del articles
    results = list((map_partitions or _local_map)(cluster_partition, groups, params))
    del groups
    live = [StoryState.from_json(r.story.id, r.story.first_seen, r.story.last_seen, r.state or {})
            for r in store.live_stories(earliest - params.window)]
    survivors, placed, store_merges, merges = merge_partitions(results, params, live)
    records = [_record(s) for s in survivors]
    for start in range(0, len(records), SAVE_CHUNK):
        store.save_stories(records[start:start + SAVE_CHUNK], [], {})
    for start in range(0, len(placed), SAVE_CHUNK):
        store.save_stories([], placed[start:start + SAVE_CHUNK], {})
    if store_merges:
        store.save_stories([], [], store_merges)
    report.articles = len(placed)
    report.opened = sum(r.opened for r in results)
    report.merged = merges + sum(r.merged for r in results)
    report.stories = len(survivors)
    report.elapsed = time.perf_counter() - started
    return report
