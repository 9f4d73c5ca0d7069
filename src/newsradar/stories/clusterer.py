"""Online story clustering: each article joins the best live story or opens a new one.

The clusterer holds only *live* stories in memory (those seen within the
cold window of the newest article), with an inverted index from feature to
story.  An article looks up candidates through its heaviest features and
scores at most ``max_candidates`` of them, so its cost does not grow with the
number of stories.  After an article joins, its story is compared with its
own candidates and merged when the two have become the same story (the
older id survives; the other is kept as an alias, so links stay valid).

Similarity:

* same language: cosine between the article's vector and the story's
  centroid for that language (optionally blended with an embedding cosine);
* another language: cosine between language-neutral anchors only, with a
  stricter threshold and at least two shared anchors of which one is not a
  country.  That is how a Korean article joins a Vietnamese story.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import islice
from operator import itemgetter
from typing import Any

import numpy as np

from .features import StoryFeatures

#: Centroids keep their heaviest entries only; the tail is noise and memory.
CENTROID_SIZE = 300
LOOKUP_FEATURES = 10  # no more than INDEX_FEATURES: lookups take a prefix of the same ranking
INDEX_FEATURES = 12
#: Times whose local day the clusterer remembers before starting afresh (a few MiB at most).
DAY_MEMO = 100_000
_VERSIONS = itertools.count()


@dataclass(slots=True)
class ClusterParams:
    """Thresholds of the online clusterer (see docs/stories.md for how they were chosen)."""

    assign: float = 0.15
    merge: float = 0.25
    #: Full texts share more everyday vocabulary than headlines, so they need more to belong together.
    full_text_assign: float = 0.25
    full_text_merge: float = 0.35
    #: An undated article (its time is only when it was ingested: a whole archive arrives at once, so
    #: time says nothing) needs more to join a story in its language, and undated stories more to merge.
    undated_assign: float = 0.45
    undated_merge: float = 0.55
    #: Anchor cosine an article needs to join a story in other languages.  0.19 since glosses weigh by
    #: how rare their English key is and transliterated names meet by sound (``features``): on FLORES
    #: dev a Korean document's cosine with its Vietnamese translation is then three times its best
    #: false match's (medians 0.25 and 0.08; 0.27 and 0.12 before), and the sample's look-alike (the
    #: China-Korea media forum beside the Vietnam-Korea journalism story) scores 0.175.
    cross_assign: float = 0.19
    cross_merge: float = 0.50
    embedding_weight: float = 0.5
    embedding_assign: float = 0.25
    embedding_merge: float = 0.40
    window: timedelta = timedelta(hours=72)
    max_candidates: int = 40
    #: Stories read per feature when looking up candidates: the most recently filed ones.  64 since
    #: undated archives: their stories never go cold, so every common feature of a large undated load
    #: (44k undated articles in the benchmark's 100k) has thousands of stories, and reading 256 of them
    #: for each of an article's ~23 keys made an undated placement cost about twice a dated one.  On the
    #: benchmark's 100k the stage went from 167 to 149 s (1.12x, two runs side by side; 128: 1.06x; 10k
    #: unchanged); UCI BCubed F1 3k 0.862 and 10k 0.856 unchanged, 50k 0.825 -> 0.824; the undated
    #: purity corpora give the same stories of 5+ (``scripts/undated_purity.py``).
    posting_scan: int = 64
    #: Articles in a calendar day from which stories are daily: a story then ends
    #: with the day it started, and the next day's coverage opens a new story recording the one it
    #: continues (``StoryState.continues``).  In quieter days stories run on across days.  0: never daily.
    daily_from: int = 500
    #: The zone whose calendar days cut stories (the newsroom's, ``default_timezone``).
    day_zone: tzinfo = UTC
    #: Articles per day counted before placing any (a backfill in partitions knows its whole input, and
    #: each partition must judge a day as crowded as the online pass would); empty: counted while placing.
    day_volume: dict[date, int] = field(default_factory=dict)


def _norm(vector: dict[str, float]) -> float:
    return math.hypot(*vector.values())


def _cosine(a: dict[str, float], b: dict[str, float], b_norm: float, a_norm: float | None = None) -> float:
    """Cosine of two sparse vectors, the dot product taken over their shared keys only.

    The key intersection runs in C, and two centroids of 300 terms share a few dozen:
    walking every entry of one in Python made these products 60% of the story
    stage at 100k articles.  ``fsum`` is exactly rounded, so the result does
    not depend on the order the intersection yields.  ``a_norm`` too when the
    caller has it: an article is compared with up to ``max_candidates``
    stories, and re-summing its own norm each time cost as much again.
    """
    if not a or not b_norm:
        return 0.0
    if a_norm is None:
        a_norm = _norm(a)
    if not a_norm:
        return 0.0
    return _dot(a, b) / (a_norm * b_norm)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    return math.fsum([a[k] * b[k] for k in a.keys() & b.keys()])


def _accumulate(target: dict[str, float], source: dict[str, float]) -> None:
    for k, v in source.items():
        target[k] = target.get(k, 0.0) + v


def _sum_dense(total: list[float] | None, vector: list[float] | None) -> list[float] | None:
    if vector is None:
        return total
    return list(vector) if total is None else [a + b for a, b in zip(total, vector, strict=False)]


def _dense_cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def story_id_for(article_id: str) -> str:
    """A story's id is derived from its first article: rebuilding the same data gives the same ids."""
    return "s" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:11]


@dataclass(slots=True)
class StoryState:
    """A live story: what the clusterer needs to score and grow it, persisted as JSON."""

    id: str
    first_seen: datetime
    last_seen: datetime
    size: int = 0
    full_texts: int = 0
    undated: int = 0  # members without a publication time
    centroids: dict[str, dict[str, float]] = field(default_factory=dict)  # language -> summed vector
    anchors: dict[str, float] = field(default_factory=dict)
    embedding: list[float] | None = None
    languages: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    title: str = ""
    title_article: str = ""
    title_language: str = ""
    title_vector: dict[str, float] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    #: The earlier story this one carries on (the previous day's chapter of the same event), or "".
    continues: str = ""
    _norms: dict[str, float] = field(default_factory=dict)
    #: A number no other state of any story had, renewed by every change: with ``previous`` and
    #: ``last_add`` it lets a merge check bound its cosines (``_BoundedDots``).
    version: int = field(default_factory=lambda: next(_VERSIONS))
    previous: int = -1
    last_add: tuple[str, dict[str, float]] | None = None

    def norm(self, lang: str) -> float:
        if lang not in self._norms:
            vector = self.anchors if lang == "*" else self.centroids.get(lang, {})
            self._norms[lang] = _norm(vector)
        return self._norms[lang]

    def add(self, f: StoryFeatures) -> None:
        self._norms.clear()
        self.previous, self.version = self.version, next(_VERSIONS)
        self.last_add = (f.language, f.terms)
        self.size += 1
        self.full_texts += int(f.full_text)
        self.undated += int(not f.dated)
        self.first_seen = min(self.first_seen, f.time)
        self.last_seen = max(self.last_seen, f.time)
        _accumulate(self.centroids.setdefault(f.language, {}), f.terms)
        _accumulate(self.anchors, f.anchors)
        self.embedding = _sum_dense(self.embedding, f.embedding)
        self.languages[f.language] += 1
        if f.source:
            self.sources[f.source] += 1
        self.countries.update(f.countries)
        self._prune()
        self._consider_title(f.article_id, f.title, f.language, f.terms)

    def absorb(self, other: StoryState) -> None:
        self._norms.clear()
        self.previous, self.version = self.version, next(_VERSIONS)
        self.last_add = None
        self.size += other.size
        self.full_texts += other.full_texts
        self.undated += other.undated
        self.first_seen = min(self.first_seen, other.first_seen)
        self.last_seen = max(self.last_seen, other.last_seen)
        for lang, vector in other.centroids.items():
            _accumulate(self.centroids.setdefault(lang, {}), vector)
        _accumulate(self.anchors, other.anchors)
        self.embedding = _sum_dense(self.embedding, other.embedding)
        self.languages.update(other.languages)
        self.sources.update(other.sources)
        self.countries.update(other.countries)
        self.aliases.extend([other.id, *other.aliases])
        self._prune()
        self._consider_title(other.title_article, other.title, other.title_language, other.title_vector)

    def _prune(self) -> None:
        for lang, vector in self.centroids.items():
            if len(vector) > CENTROID_SIZE * 2:
                self.centroids[lang] = _heaviest(vector, CENTROID_SIZE)
        # Anchors too: a story running for weeks gathers thousands (every number and name its
        # members mention), and each article's lookups, merge checks and saves grew with them.
        if len(self.anchors) > CENTROID_SIZE * 2:
            self.anchors = _heaviest(self.anchors, CENTROID_SIZE)

    def _consider_title(self, article_id: str, title: str, lang: str, vector: dict[str, float]) -> None:
        """The representative headline: the member closest to the centroid of the main language."""
        main = self.languages.most_common(1)[0][0] if self.languages else lang
        if not title.strip():
            return
        current = _cosine(self.title_vector, self.centroids.get(main, {}), self.norm(main)) \
            if self.title and self.title_language == main else -1.0
        candidate = _cosine(vector, self.centroids.get(main, {}), self.norm(main)) if lang == main else -0.5
        if candidate > current:
            self.title, self.title_article, self.title_language = title, article_id, lang
            self.title_vector = dict(vector)

    @property
    def mostly_undated(self) -> bool:
        """More than half the members have no publication time (see ``ClusterParams.undated_assign``)."""
        return self.undated * 2 > self.size

    def top_anchors(self, k: int) -> list[str]:
        return _heaviest_keys(self.anchors, k)

    def top_features(self, k: int) -> list[str]:
        # Called for every article placed; most stories have one language, whose centroid is the pool.
        if len(self.centroids) == 1:
            pool = next(iter(self.centroids.values()))
        else:
            pool = {}
            for vector in self.centroids.values():
                for key, v in vector.items():
                    pool[key] = max(pool.get(key, 0.0), v)
        return _heaviest_keys(pool, k)

    def to_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "full_texts": self.full_texts,
            "undated": self.undated,
            "centroids": {lang: _rounded(vec) for lang, vec in self.centroids.items()},
            "anchors": _rounded(self.anchors),
            "embedding": [round(x, 5) for x in self.embedding] if self.embedding else None,
            "languages": dict(self.languages),
            "sources": dict(self.sources),
            "countries": dict(self.countries),
            "title": self.title,
            "title_article": self.title_article,
            "title_language": self.title_language,
            "title_vector": _rounded(self.title_vector),
            "aliases": self.aliases,
            "continues": self.continues,
        }

    @classmethod
    def from_json(cls, story_id: str, first_seen: datetime, last_seen: datetime, data: dict[str, Any]) -> StoryState:
        return cls(
            id=story_id,
            first_seen=first_seen,
            last_seen=last_seen,
            size=int(data.get("size", 0)),
            full_texts=int(data.get("full_texts", 0)),
            undated=int(data.get("undated", 0)),
            centroids={lang: dict(vec) for lang, vec in data.get("centroids", {}).items()},
            anchors=dict(data.get("anchors", {})),
            embedding=data.get("embedding"),
            languages=Counter(data.get("languages", {})),
            sources=Counter(data.get("sources", {})),
            countries=Counter(data.get("countries", {})),
            title=data.get("title", ""),
            title_article=data.get("title_article", ""),
            title_language=data.get("title_language", ""),
            title_vector=dict(data.get("title_vector", {})),
            aliases=list(data.get("aliases", [])),
            continues=str(data.get("continues", "")),
        )


@dataclass(slots=True)
class Assignment:
    article_id: str
    story_id: str
    similarity: float
    opened: bool


class OnlineClusterer:
    """Live stories, their inverted index, and the join / open / merge decisions."""

    def __init__(self, params: ClusterParams | None = None, *, embeddings: bool = False) -> None:
        self.params = params or ClusterParams()
        self.embeddings = embeddings
        self.stories: dict[str, StoryState] = {}
        #: feature -> story ids filed under it, least recently filed first (dicts keep insertion order)
        self.index: dict[str, dict[str, None]] = {}
        self.keys: dict[str, set[str]] = {}  # story id -> the index keys it is filed under
        #: story id -> the id it was merged into, for assignments made earlier in this run
        self.merged: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.dots = _BoundedDots()
        #: Articles placed per calendar day (``day_zone``): how crowded a day is (see _chapter_closed).
        self.volume: Counter[date] = Counter(self.params.day_volume)
        self._counting = not self.params.day_volume
        #: The days of ``volume`` holding ``daily_from`` articles or more, as sorted ordinals: a day's
        #: count only grows, so a day joins once and stays (see _chapter_closed).
        self._crowded: list[int] = []
        for day in self.volume:
            self._note_volume(day)
        #: Local day of each time asked (see _day); cleared when it grows past ``DAY_MEMO``.
        self._days: dict[datetime, date] = {}

    # -- state ---------------------------------------------------------------------------------

    def load(self, stories: Iterable[StoryState]) -> None:
        for story in stories:
            self.stories[story.id] = story
            # The day's volume so far, as the live stories tell it (a story counted on its last day).
            if self._counting:
                self._count(self._day(story.last_seen), story.size)
            self._index(story, (*story.top_features(INDEX_FEATURES), *_lookup_anchors(story.anchors)))

    def _index(self, story: StoryState, keys: Iterable[str]) -> None:
        """File a story under ``keys``: its heaviest features, and anchors new to it.

        A story filed again under a key moves to the end of its postings, so
        each posting list runs from the least to the most recently grown story.
        Callers pass only the anchors that just arrived (the article's, or an
        absorbed story's): a long-running story gathers thousands, and
        re-filing them all on every article grew with the story.
        """
        filed = self.keys.setdefault(story.id, set())
        # Each key once: the story's top features, the article's heaviest and its anchors overlap, and
        # filing a story twice in a row under a key leaves its postings as filing it once does.
        for key in dict.fromkeys(keys):
            postings = self.index.setdefault(key, {})
            postings.pop(story.id, None)
            postings[story.id] = None
            filed.add(key)

    def _unindex(self, story_id: str) -> None:
        self.dots.forget(story_id)
        for key in self.keys.pop(story_id, ()):
            postings = self.index.get(key)
            if postings is not None:
                postings.pop(story_id, None)
                if not postings:
                    del self.index[key]

    def evict(self, now: datetime) -> list[StoryState]:
        """Drop stories gone cold (no article within the window before ``now``); returns them."""
        cutoff = now - self.params.window
        cold = [s for s in self.stories.values() if s.last_seen < cutoff]
        if not cold:
            return []
        for story in cold:
            del self.stories[story.id]
            self._unindex(story.id)
        return cold

    def resolve(self, story_id: str) -> str:
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    # -- scoring -------------------------------------------------------------------------------

    def _candidates(self, keys: Iterable[str], weights: dict[str, float], exclude: str = "") -> list[str]:
        """The stories sharing the most weight of ``keys``, at most ``max_candidates``.

        Each key contributes its ``posting_scan`` most recently grown stories
        only.  In a dense window (tens of thousands of live stories) a common
        feature such as a country is filed under thousands of them; reading
        them all made every lookup grow with the window.  A story beyond that
        horizon can still be found through the article's rarer features.
        """
        hits: dict[str, float] = {}
        scan = self.params.posting_scan
        for key in keys:
            postings = self.index.get(key)
            if not postings:
                continue
            weight = weights.get(key, 0.1)
            # The stories of one key in C (``dict.fromkeys``), then only those already hit are summed in
            # Python: the story-by-story loop was the lookup's cost once every common key's postings
            # held ``posting_scan`` stories (100k articles).  Same sums in the same key order, and new
            # stories enter ``hits`` in scan order, so the ranking (ties included) is the loop's.
            fresh = dict.fromkeys(islice(reversed(postings), scan), weight)
            if hits:
                for story_id in fresh.keys() & hits.keys():
                    fresh[story_id] = hits[story_id] + weight
                hits.update(fresh)
            else:
                hits = fresh
        hits.pop(exclude, None)
        return _heaviest_keys(hits, self.params.max_candidates)

    def _similarity(self, f: StoryFeatures, story: StoryState,
                    norms: tuple[float, float] | None = None) -> tuple[float, float]:
        """(similarity, threshold) of an article against one story; ``norms`` of its terms and anchors."""
        p = self.params
        terms_norm, anchors_norm = norms if norms is not None else (_norm(f.terms), _norm(f.anchors))
        # Time differences compared as timedeltas: exact, as the float seconds were, and asked of ~33
        # candidates for every article (3.3M times at 100k articles) without converting each.
        window = p.window
        if abs(f.time - story.last_seen) > window and abs(f.time - story.first_seen) > window:
            return 0.0, 1.0
        if f.language in story.centroids:
            lexical = _cosine(f.terms, story.centroids[f.language], story.norm(f.language), terms_norm)
            if self.embeddings and f.embedding is not None and story.embedding is not None:
                semantic = _dense_cosine(f.embedding, story.embedding)
                w = p.embedding_weight
                similarity, threshold = (1 - w) * lexical + w * semantic, p.embedding_assign
            else:
                similarity, threshold = lexical, p.full_text_assign if f.full_text else p.assign
            if not f.dated or story.mostly_undated:
                threshold = max(threshold, p.undated_assign)
            if _thin(story, f.language):
                anchored = _cosine(f.anchors, story.anchors, story.norm("*"), anchors_norm) \
                    if _enough_shared(f.anchors, story.anchors) else 0.0
                if similarity >= threshold and anchored < p.cross_assign:
                    return 0.0, 1.0  # a look-alike of the one member that brought this language in
                if anchored >= p.cross_assign and anchored / p.cross_assign > similarity / threshold \
                        and _shared_names(f.anchors, story.anchors) >= MIN_SHARED_NAMES:
                    return anchored, p.cross_assign  # a local angle on an event told in other languages
            return similarity, threshold
        if not _enough_shared(f.anchors, story.anchors):
            return 0.0, 1.0
        return _cosine(f.anchors, story.anchors, story.norm("*"), anchors_norm), p.cross_assign

    def add(self, f: StoryFeatures) -> Assignment:
        """Place one article; returns where it went."""
        best: StoryState | None = None
        best_ratio = 0.0
        best_sim = 0.0
        heavy = f.top(INDEX_FEATURES)
        norms = (_norm(f.terms), _norm(f.anchors))
        lookup = _lookup_anchors(f.anchors)
        closed: StoryState | None = None  # the best story it matched whose chapter has ended
        closed_ratio = 0.0
        day = self._day(f.time)
        if self._counting:
            self._count(day, 1)
        for story_id in self._candidates(heavy[:LOOKUP_FEATURES] + lookup, f.terms):
            story = self.stories[story_id]
            similarity, threshold = self._similarity(f, story, norms)
            if similarity < threshold:
                continue
            if self._chapter_closed(story, day):
                if similarity / threshold > closed_ratio:
                    closed, closed_ratio = story, similarity / threshold
            elif similarity / threshold > best_ratio:
                best, best_ratio, best_sim = story, similarity / threshold, similarity
        opened = best is None
        if best is None:
            best = StoryState(id=story_id_for(f.article_id), first_seen=f.time, last_seen=f.time,
                              continues=closed.id if closed is not None else "")
            self.stories[best.id] = best
            best_sim = 1.0
        best.add(f)
        top = best.top_features(INDEX_FEATURES)
        self._index(best, (*top, *heavy, *lookup))
        self.dirty.add(best.id)
        # A story this article just opened is the article itself, and every merge threshold is at least
        # the matching join threshold, so a merge check would re-ask what the placement just answered
        # through its own candidates.  A third of all merge checks were these (32,535 of 100k at the
        # benchmark's 100k articles, two of them merging), each a lookup and up to 40 centroid products.
        survivor = best if opened else self._merge_if_same(best, top)
        return Assignment(f.article_id, survivor.id, round(best_sim, 4), opened)

    def _day(self, when: datetime) -> date:
        """The calendar day of ``when`` in ``day_zone``, remembered: every candidate and merge check asks
        for a story's first day, and converting the zone each time was 2-3% of the story stage."""
        day = self._days.get(when)
        if day is None:
            if len(self._days) >= DAY_MEMO:
                self._days.clear()
            day = self._days[when] = when.astimezone(self.params.day_zone).date()
        return day

    def _count(self, day: date, articles: int) -> None:
        """Add ``articles`` to ``day``'s volume, noting the day once it is crowded."""
        self.volume[day] += articles
        self._note_volume(day)

    def _note_volume(self, day: date) -> None:
        crowd = self.params.daily_from
        if crowd and self.volume[day] >= crowd:
            ordinal = day.toordinal()
            at = bisect_left(self._crowded, ordinal)
            if at == len(self._crowded) or self._crowded[at] != ordinal:
                self._crowded.insert(at, ordinal)

    def _chapter_closed(self, story: StoryState, day: date) -> bool:
        """Whether ``story`` started before ``day`` and ``day`` is a crowded one, when stories are daily.

        Why: at a newsroom's volume (thousands of articles a day) a story that ran on across days
        absorbed the next day's neighbouring events: three market stories became one, and BCubed
        precision fell to 0.68 at 10k headlines and 0.56 at 50k.  Cutting stories at the day
        boundary, as daily issue lists and news aggregators do, keeps each one an event, and the next
        day's story records the one it continues, so the thread is not lost.  In a quiet feed (tens of
        articles a day) a multi-day event (a typhoon covered 1, 3, then 5 times a day) stays one story.
        """
        crowd = self.params.daily_from
        if not crowd:
            return False
        start = self._day(story.first_seen)
        if start >= day:
            return False
        # The busiest day from the story's start to ``day``: a day after a gap (a weekend without
        # input) is as crowded as the days the live stories come from.  Any crowded day from the start
        # to ``day`` settles it: one bisection of the crowded days, not a count read per day between.
        at = bisect_left(self._crowded, start.toordinal())
        return at < len(self._crowded) and self._crowded[at] <= day.toordinal()

    def add_story(self, story: StoryState) -> StoryState:
        """Place a whole story grown elsewhere (a partition of a backfill); returns the one it ended in.

        The story is filed like a live one and merged with any live story it
        has become the same as, by the same rule that merges stories here.
        """
        self.stories[story.id] = story
        top = story.top_features(INDEX_FEATURES)
        self._index(story, (*top, *_lookup_anchors(story.anchors)))
        self.dirty.add(story.id)
        return self._merge_if_same(story, top)

    def _story_similarity(self, a: StoryState, b: StoryState) -> tuple[float, float]:
        p = self.params
        early, late = (a, b) if a.first_seen <= b.first_seen else (b, a)
        if self._chapter_closed(early, self._day(late.last_seen)):
            return 0.0, 1.0  # a day's chapter and a later one stay apart (see _chapter_closed)
        shared = a.centroids.keys() & b.centroids.keys()
        # _thin needs a story of two languages or more: most are of one, and this check ran for every
        # candidate of every merge check (5% of the stage at 100k articles).
        if shared and (len(a.languages) > 1 or len(b.languages) > 1) \
                and all(_thin(a, lang) or _thin(b, lang) for lang in shared) and not (
                _enough_shared(a.anchors, b.anchors)
                and _cosine(a.anchors, b.anchors, b.norm("*"), a.norm("*")) >= p.cross_merge):
            return 0.0, 1.0  # they meet only through a language one of them holds a single article in
        if shared:
            if self.embeddings and a.embedding is not None and b.embedding is not None:
                lexical = max(_cosine(a.centroids[lang], b.centroids[lang], b.norm(lang), a.norm(lang))
                              for lang in shared)
                w = p.embedding_weight
                return (1 - w) * lexical + w * _dense_cosine(a.embedding, b.embedding), p.embedding_merge
            full = a.full_texts * 2 > a.size and b.full_texts * 2 > b.size
            threshold = p.full_text_merge if full else p.merge
            if a.mostly_undated or b.mostly_undated:
                threshold = max(threshold, p.undated_merge)
            return self.dots.centroid_similarity(a, b, shared, threshold), threshold
        if not _enough_shared(a.anchors, b.anchors):
            return 0.0, 1.0
        return _cosine(a.anchors, b.anchors, b.norm("*"), a.norm("*")), p.cross_merge

    def _merge_if_same(self, story: StoryState, top: list[str]) -> StoryState:
        while True:
            weights = dict.fromkeys(top, 1.0)
            partner: StoryState | None = None
            best = 0.0
            keys = [*top, *story.top_anchors(INDEX_FEATURES)]
            horizon = story.first_seen - self.params.window
            for other_id in self._candidates(keys, weights, exclude=story.id):
                other = self.stories[other_id]
                if other.last_seen < horizon:
                    continue
                similarity, threshold = self._story_similarity(story, other)
                if similarity >= threshold and similarity / threshold > best:
                    partner, best = other, similarity / threshold
            if partner is None:
                return story
            keep, drop = sorted((story, partner), key=lambda s: (s.first_seen, s.id))
            keep.absorb(drop)
            del self.stories[drop.id]
            self._unindex(drop.id)
            top = keep.top_features(INDEX_FEATURES)
            self._index(keep, (*top, *_lookup_anchors(drop.anchors)))
            self.merged[drop.id] = keep.id
            self.dirty.discard(drop.id)
            self.dirty.add(keep.id)
            story = keep


class _BoundedDots:
    """Merge checks that skip a cosine when a bound already shows it is below the threshold.

    Why: after every article its story is compared with up to 40 others,
    centroid against centroid (300-600 terms each); that was 60% of the story
    stage at 100k articles, and almost every check says "not the same
    story".  The dot product of the story with another is kept from the
    previous check.  If neither changed since but the story gained one article,
    the new dot product is at most the old one plus the article's dot product
    with the other (all weights are positive, and pruning a centroid only
    lowers it), which reads the article's few dozen terms instead of a whole
    centroid.  When that bound, over the new norms, is below the merge
    threshold the answer is certain; otherwise the exact cosine is computed as
    before.  So the merges are exactly those of the full computation.
    """

    #: Kept per story: the others it was last compared with (past this the older half is dropped).
    PER_STORY = 64
    #: Rounding room: the bound must clear the threshold by more than float error to skip.
    MARGIN = 1e-9

    def __init__(self) -> None:
        #: story id -> other id -> (story version, other version, {language: dot product or its bound})
        self.known: dict[str, dict[str, tuple[int, int, dict[str, float]]]] = {}

    def forget(self, story_id: str) -> None:
        self.known.pop(story_id, None)

    def centroid_similarity(self, a: StoryState, b: StoryState, shared: set[str], threshold: float) -> float:
        """The best same-language centroid cosine of ``a`` (the story that changed) with ``b``, or a bound under
        ``threshold`` when that settles it."""
        known = self.known.setdefault(a.id, {})
        entry = known.get(b.id)
        prior_dots: dict[str, float] | None = None
        if a.last_add is not None:
            if entry is not None and entry[1] == b.version and entry[0] == a.previous:
                prior_dots = entry[2]
            else:
                # The pair compared the other way round, when ``b`` was the story that changed: a dot
                # product is symmetric (a sixth of the full products at 100k articles were these).
                back = self.known.get(b.id, {}).get(a.id)
                if back is not None and back[0] == b.version and back[1] == a.previous:
                    prior_dots = back[2]
        if prior_dots is not None and a.last_add is not None:
            added_language, terms = a.last_add
            bounds: dict[str, float] = {}
            best = 0.0
            for lang in shared:
                prior = prior_dots.get(lang)
                if prior is None:
                    break
                bound = prior + (_dot(terms, b.centroids[lang]) if lang == added_language else 0.0)
                bounds[lang] = bound
                a_norm, b_norm = a.norm(lang), b.norm(lang)
                if a_norm and b_norm:
                    best = max(best, bound / (a_norm * b_norm))
            else:
                if best + self.MARGIN < threshold:
                    self._keep(known, b.id, (a.version, b.version, bounds))
                    return best
        dots: dict[str, float] = {}
        best = 0.0  # every weight is positive, so no cosine is below 0
        for lang in shared:
            vector, other = a.centroids[lang], b.centroids[lang]
            a_norm, b_norm = a.norm(lang), b.norm(lang)
            dot = _dot(vector, other) if vector and other else 0.0
            dots[lang] = dot
            if vector and a_norm and b_norm:
                best = max(best, dot / (a_norm * b_norm))
        self._keep(known, b.id, (a.version, b.version, dots))
        return best

    def _keep(self, known: dict[str, tuple[int, int, dict[str, float]]], other: str,
              entry: tuple[int, int, dict[str, float]]) -> None:
        """Record the latest comparison; past ``PER_STORY`` the older half is dropped (dicts keep insertion order)."""
        known.pop(other, None)
        known[other] = entry
        if len(known) > self.PER_STORY:
            for stale in list(islice(known, len(known) // 2)):
                del known[stale]


def _rounded(vector: dict[str, float]) -> dict[str, float]:
    """The vector with 5 decimals, as saved: a third the JSON of full floats, and all a cosine needs.

    Why numpy for long vectors: every story an article joined is saved after each batch, and
    rounding its centroids value by value was a tenth of the story stage at 100k articles.
    numpy rounds a whole centroid in C (three times faster; the same values on 281k checked).
    """
    if len(vector) < 32:
        return {k: round(v, 5) for k, v in vector.items()}
    return dict(zip(vector, np.round(np.fromiter(vector.values(), float, len(vector)), 5).tolist(), strict=True))


def _heaviest(vector: dict[str, float], k: int) -> dict[str, float]:
    return {key: vector[key] for key in _heaviest_keys(vector, k)}


#: Entries from which numpy ranks quicker than a sort of the items, and from which it first keeps only
#: the entries at least as heavy as the k-th (a partition) before sorting.
_NUMPY_FROM = 150
_PARTITION_FROM = 800


def _heaviest_keys(vector: dict[str, float], k: int) -> list[str]:
    """The keys of the ``k`` heaviest entries, heaviest first, equal weights in the dict's order.

    Exactly ``sorted(vector.items(), key=itemgetter(1), reverse=True)[:k]`` (which is what
    ``heapq.nlargest`` promises too), but for long vectors ranked by numpy: every article placed
    ranks its candidate stories (hundreds to thousands of hits), its story's features and, in the
    merge check, the story's anchors and candidates, and ``heapq.nlargest``'s Python loop over the
    entries was a fifth of the clusterer's time at 100k articles.  A stable sort of the negated
    weights keeps equal weights in the dict's order, as the stable sort of the items does.
    """
    n = len(vector)
    if n < _NUMPY_FROM or n <= k:
        return [key for key, _ in sorted(vector.items(), key=itemgetter(1), reverse=True)[:k]]
    negated = -np.fromiter(vector.values(), float, n)
    if n >= _PARTITION_FROM:
        kth = np.partition(negated, k - 1)[k - 1]
        chosen = np.flatnonzero(negated <= kth)  # the k heaviest and any tied with the k-th, in dict order
        order = chosen[np.argsort(negated[chosen], kind="stable")[:k]]
    else:
        order = np.argsort(negated, kind="stable")[:k]
    keys = list(vector)
    return [keys[i] for i in order.tolist()]


#: Glossed words an article or story is looked up and filed under (its heaviest): an article has a
#: hundred, and filing every story under each of them made the index, not the scoring, the cost.
LOOKUP_GLOSSES = 16


def _lookup_anchors(anchors: dict[str, float]) -> list[str]:
    """Every anchor but glossed words, and the heaviest ``LOOKUP_GLOSSES`` glossed words."""
    plain = [k for k in anchors if not k.startswith("g:")]
    # A sort of the (weight, key) pairs is what ``heapq.nlargest`` returns, a third quicker here.
    glosses = sorted([(v, k) for k, v in anchors.items() if k.startswith("g:")], reverse=True)[:LOOKUP_GLOSSES]
    return plain + [k for _, k in glosses]


def _thin(story: StoryState, lang: str) -> bool:
    """Whether ``lang`` is in a multilingual story through one article only.

    That language's centroid is a single text which joined through anchors, so a same-language
    look-alike of it ("Korean firms buy Vietnamese parts" beside "Korea's chip exports, Vietnamese
    firms hopeful") must not be enough to join or merge: the anchors must agree as well.
    """
    return story.languages.get(lang, 0) <= 1 and len(story.languages) > 1


#: Names and figures (entity, Latin-name and number keys) a same-language article must share with a
#: story in which its language is thin to join it by anchors: a local angle on the event names its actors
#: (a Vietnamese piece on parts suppliers at the KOTRA forum in Hanoi beside the Korean, English and
#: Vietnamese reports of the trade pact signed there), while a neighbouring report on the same topic
#: shares glossed words with it (on FLORES dev, the next paragraph of the same article on cells or
#: airlines) and at most a name or two.  Sound keys do not count: a consonant skeleton is shared by
#: many names.
MIN_SHARED_NAMES = 3


def _shared_names(a: dict[str, float], b: dict[str, float]) -> int:
    """How many entity, Latin-name and number keys ``a`` and ``b`` share."""
    if len(a) > len(b):
        a, b = b, a
    return sum(1 for k in a if k in b and k[0] in "enx")


#: Anchors two languages must share beyond countries before their cosine counts: one shared country or
#: one shared word ("Japan", "economy") is never a story.
MIN_SHARED = 5


def _enough_shared(a: dict[str, float], b: dict[str, float]) -> bool:
    """At least ``MIN_SHARED`` shared anchors that are not countries."""
    if len(a) > len(b):
        a, b = b, a
    return sum(1 for k in a if k in b and not k.startswith("c:")) >= MIN_SHARED
