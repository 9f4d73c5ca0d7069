"""Trends: attention over time, bursts, issue ranking, association networks, country pairs.

Everything here reads the store's query tables through SQL aggregates and
works on *data time*: "now" is the newest article in the slice unless the
caller says otherwise, so an archive from 1987 has trends as much as today's
feeds do.

* Series: articles per hour/day carrying a keyword, entity, topic, country
  or pair, with the share of all articles in that bucket (attention, as
  Media Cloud shows it), so a quiet Sunday does not look like a fall.
* Rising: a z-score of the current bucket against a baseline of earlier
  buckets, on shares rescaled to the current volume (Poisson noise,
  additive smoothing), with the bucket the burst started in.
* Ranking: stories active in a window, scored by articles, outlets,
  language spread and growth against the window before it.
* Network: terms and entities co-occurring with one, weighted by count and
  positive pointwise mutual information (BigKinds' relation map).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from .enrich.entities import entity_key, fold
from .model import Story
from .periods import parse_day
from .store import Store
from .store.base import Bucket, BucketChoice, FacetKind, StoryFilter, TrendFilter

_STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
_FORMAT = {"hour": "%Y-%m-%dT%H", "day": "%Y-%m-%d", "month": "%Y-%m"}
#: The most buckets a series holds; a longer span keeps its newest ones (the news a desk cares about).
MAX_BUCKETS = 24 * 400
#: ``auto`` charts by the hour up to this many days of articles, by the day up to this many buckets.
AUTO_HOURLY_DAYS = 3
AUTO_MAX_POINTS = 400


def bucket_key(when: datetime, bucket: Bucket) -> str:
    return when.astimezone(UTC).strftime(_FORMAT[bucket])


def bucket_start(key: str, bucket: Bucket) -> datetime:
    return datetime.strptime(key, _FORMAT[bucket]).replace(tzinfo=UTC)


def advance(at: datetime, bucket: Bucket, steps: int) -> datetime:
    """``at`` moved by ``steps`` buckets (months by the calendar; ``at`` is a bucket's start)."""
    if bucket == "month":
        months = at.year * 12 + at.month - 1 + steps
        return at.replace(year=months // 12, month=months % 12 + 1)
    return at + _STEP[bucket] * steps


def bucket_range(first: str, last: str, bucket: Bucket) -> list[str]:
    return list(_bucket_range(first, last, bucket))


@lru_cache(maxsize=64)
def _bucket_range(first: str, last: str, bucket: Bucket) -> tuple[str, ...]:
    # Cached: an unfiltered series over a years-long archive spans thousands of buckets, rebuilt by every query.
    keys: list[str] = []
    at, end = bucket_start(first, bucket), bucket_start(last, bucket)
    with suppress(OverflowError, ValueError):  # the cap reaches before year 1: the span is shorter anyway
        at = max(at, advance(end, bucket, 1 - MAX_BUCKETS))
    while at <= end:
        keys.append(bucket_key(at, bucket))
        at = advance(at, bucket, 1)
    return tuple(keys)


def choose_bucket(store: Store, flt: TrendFilter, bucket: BucketChoice) -> tuple[Bucket, dict[str, int]]:
    """The bucket to chart with, and the slice's articles per bucket of it.

    ``auto`` picks hours for a span of a few days, days up to about a year, and
    months beyond, so a chart of a decades-long archive has hundreds of points,
    not fourteen thousand mostly empty days.
    """
    if bucket != "auto":
        return bucket, store.bucket_totals(bucket, flt)
    days = store.bucket_totals("day", flt)
    if not days:
        return "day", days
    span = (bucket_start(max(days), "day") - bucket_start(min(days), "day")).days + 1
    if span <= AUTO_HOURLY_DAYS:
        return "hour", store.bucket_totals("hour", flt)
    if span <= AUTO_MAX_POINTS:
        return "day", days
    months: dict[str, int] = {}
    for key, n in days.items():
        months[key[:7]] = months.get(key[:7], 0) + n
    return "month", months


@lru_cache(maxsize=64)
def _positions(keys: tuple[str, ...]) -> dict[str, int]:
    return {k: at for at, k in enumerate(keys)}


def latest_time(store: Store, flt: TrendFilter) -> datetime | None:
    totals = store.bucket_totals("hour", flt)
    return bucket_start(max(totals), "hour") + timedelta(minutes=59) if totals else None


@dataclass(slots=True)
class Series:
    kind: str
    value: str
    label: str
    total: int
    points: list[tuple[str, int, float]] = field(default_factory=list)  # (bucket, articles, share)
    bucket: Bucket = "day"

    def to_dict(self) -> dict[str, Any]:
        # Most buckets of a long series are empty: their share (0.0) needs no rounding.
        return {"kind": self.kind, "value": self.value, "label": self.label, "total": self.total,
                "bucket": self.bucket,
                "points": [{"bucket": b, "articles": n, "share": round(s, 4) if s else s} for b, n, s in self.points]}


def series(store: Store, kind: FacetKind, flt: TrendFilter, *, bucket: BucketChoice = "auto",
           values: list[str] | None = None, top: int = 10) -> list[Series]:
    """Counts and shares per bucket; the ``top`` values by total unless ``values`` are named."""
    chosen_bucket, totals = choose_bucket(store, flt, bucket)
    if not totals:
        return []
    chosen = values if values is not None else store.top_facets(kind, flt, top)
    rows = store.facet_counts(kind, chosen_bucket, flt, chosen)
    per_value: dict[str, dict[str, int]] = {}
    for key, value, n in rows:
        per_value.setdefault(value, {})[key] = n
    labels = store.facet_labels(kind, chosen)
    keys = _bucket_range(min(totals), max(totals), chosen_bucket)
    empty = [(k, 0, 0.0) for k in keys]
    positions = _positions(keys)
    out = []
    for value in chosen:
        counts = per_value.get(value, {})
        points = list(empty)  # only the buckets with articles differ from an empty one
        for k, n in counts.items():
            at = positions.get(k)
            if at is not None:
                points[at] = (k, n, n / totals[k] if totals.get(k) else 0.0)
        out.append(Series(kind, value, labels.get(value, value), sum(counts.values()), points, chosen_bucket))
    return out


@dataclass(slots=True)
class Rising:
    kind: str
    value: str
    label: str
    score: float
    articles: int
    expected: float
    since: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rising(store: Store, kind: FacetKind, flt: TrendFilter, *, bucket: Bucket = "day", baseline: int = 7,
           now: datetime | None = None, min_articles: int = 2, limit: int = 20) -> list[Rising]:
    """Values whose share in the current bucket stands out against the ``baseline`` buckets before it."""
    now = now or latest_time(store, flt)
    if now is None or not FIRST_DAY <= now <= LAST_DAY:  # nothing is dated there; the window must fit
        return []
    current = bucket_key(now, bucket)
    start = advance(bucket_start(current, bucket), bucket, -baseline)
    window = TrendFilter(since=start, until=advance(bucket_start(current, bucket), bucket, 1),
                         language=flt.language, source=flt.source)
    totals = store.bucket_totals(bucket, window)
    keys = bucket_range(bucket_key(start, bucket), current, bucket)
    at = len(keys) - 1
    # Only the values seen in the current bucket can rise: the store hands over those, with their
    # counts there and in the whole window; the baseline's total is the same for every value.  Only
    # the values that rise have their buckets read, to walk back to where the rise started.
    base_total = sum(totals.get(k, 0) for k in keys[:at])
    current_total = totals.get(current, 0)
    scored: list[tuple[str, float, int, float]] = []
    for value, observed, in_window in store.facets_in_bucket(kind, bucket, window, current, min_articles):
        z, expected = _z_score(observed, in_window - observed, base_total, current_total)
        if z >= 2.0:
            scored.append((value, z, observed, expected))
    per_value: dict[str, dict[str, int]] = {}
    if scored:
        for key, value, n in store.facet_counts(kind, bucket, window, [v for v, _, _, _ in scored]):
            per_value.setdefault(value, {})[key] = n
    found: list[Rising] = []
    for value, z, observed, expected in scored:
        counts = per_value.get(value, {})
        first = at
        while first > 0 and counts.get(keys[first - 1], 0) >= min_articles and \
                _burst(counts, totals, keys, first - 1) >= 1.0:
            first -= 1
        found.append(Rising(kind, value, value, round(z, 2), observed, round(expected, 2), keys[first]))
    found.sort(key=lambda r: (-r.score, -r.articles, r.value))
    found = found[:limit]
    labels = store.facet_labels(kind, [r.value for r in found])
    for r in found:
        r.label = labels.get(r.value, r.value)
    return found


def _z_score(observed: int, base_n: int, base_total: int, total: int) -> tuple[float, float]:
    """``(z, expected)``: ``observed`` of ``total`` against the baseline's share (smoothed; Poisson noise)."""
    expected = (base_n + 0.5) / (base_total + 10.0) * total
    return (observed - expected) / math.sqrt(expected + 1.0), expected


def _burst(counts: dict[str, int], totals: dict[str, int], keys: list[str], at: int) -> float:
    base_n = sum(counts.get(k, 0) for k in keys[:at])
    base_total = sum(totals.get(k, 0) for k in keys[:at])
    return _z_score(counts.get(keys[at], 0), base_n, base_total, totals.get(keys[at], 0))[0]


# -- ranking --------------------------------------------------------------------------------------


@dataclass(slots=True)
class RankedStory:
    story: Story
    score: float
    articles: int  # in the window
    outlets: int
    languages: int
    growth: float  # articles in the window over the window before it, minus one
    sparkline: list[int] = field(default_factory=list)  # articles per day, last 7 days of the window
    #: No article in the window before: a growth figure would only be the count (+26,800%), so it reads "new".
    new: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = self.story.to_dict()
        data.update(score=round(self.score, 3), window_articles=self.articles, window_outlets=self.outlets,
                    language_count=self.languages, growth=round(self.growth, 3), sparkline=self.sparkline,
                    new=self.new)
        return data


def ranking(store: Store, *, since: datetime, until: datetime, language: str | None = None,
            limit: int = 20) -> list[RankedStory]:
    """Top stories of a window by articles, outlets, languages and growth (an issue ranking)."""
    if since < FIRST_DAY or until > LAST_DAY:  # no article is dated there, and the week before must fit
        return []
    length = until - since
    breadth = store.story_breadth(StoryFilter(since=since, until=until, language=language, limit=None))
    if not breadth:
        return []
    spark_start = until - timedelta(days=7)
    # Whole days: the activity is then read from the per-day counts (story_days) instead of every member.
    activity_since = bucket_start(bucket_key(min(since - length, spark_start), "day"), "day")
    day_keys = bucket_range(bucket_key(spark_start, "day"), bucket_key(until - timedelta(seconds=1), "day"), "day")
    in_window = set(bucket_range(bucket_key(since, "day"), bucket_key(until - timedelta(seconds=1), "day"), "day"))
    before = set(bucket_range(bucket_key(since - length, "day"), bucket_key(since - timedelta(seconds=1), "day"),
                              "day")) - in_window

    # Every story of the window scored from its articles and distinct outlets per day, which the
    # store keeps counted per story and day (story_days): no member row is read.
    activity = store.story_activity(list(breadth), "day", since=activity_since)
    scored: list[tuple[float, int, str, int, float, bool]] = []
    for story_id, days in activity.items():
        articles = previous = outlets = 0
        for key, (n, o) in days.items():
            if key in in_window:
                articles += n
                outlets += o  # distinct outlets per day, summed over the window's days
            elif key in before:
                previous += n
        if not articles:
            continue
        outlets = min(articles, outlets)
        growth = (articles - previous) / max(previous, 1)
        score = (math.log1p(articles) + 1.5 * math.log1p(outlets) + 0.75 * (breadth[story_id][0] - 1)
                 + 0.5 * math.log1p(max(growth, 0.0)))
        scored.append((score, articles, story_id, outlets, growth, previous == 0))
    ranked = []
    for score, articles, story_id, outlets, growth, new in heapq.nsmallest(limit, scored,
                                                                       key=lambda r: (-r[0], -r[1], r[2])):
        story = store.get_story(story_id)
        if story is not None:  # None: merged away between the reads
            spark = [activity[story_id].get(k, (0, 0))[0] for k in day_keys]
            ranked.append(RankedStory(story, score, articles, outlets, breadth[story_id][0], growth, spark, new))
    return ranked


FIRST_DAY = datetime(1000, 1, 1, tzinfo=UTC)
LAST_DAY = datetime(9998, 12, 31, tzinfo=UTC)


def day_window(day: str | None, store: Store) -> tuple[datetime, datetime]:
    """The UTC day named (YYYY-MM-DD), or the 24 hours up to the newest article."""
    if day:
        start = parse_day(day)
        # any calendar day is a day; the last one ends at the last instant datetime holds
        return start, start + timedelta(days=1) if start.year < 9999 or start.month < 12 or start.day < 31 \
            else datetime.max.replace(tzinfo=UTC)
    latest = latest_time(store, TrendFilter()) or datetime.now(UTC)
    end = bucket_start(bucket_key(latest, "hour"), "hour") + timedelta(hours=1)
    return end - timedelta(days=1), end


# -- networks -------------------------------------------------------------------------------------


def resolve_term(store: Store, term: str, flt: TrendFilter) -> tuple[FacetKind, str] | None:
    """An entity (by key or folded name) if one matches, else a keyword; ``None`` if neither occurs."""
    for kind, value in (("entity", entity_key(term)), ("entity", fold(term)), ("keyword", term.lower()),
                        ("keyword", term)):
        if store.facet_document_counts(kind, [value], flt).get(value):  # type: ignore[arg-type]
            return kind, value  # type: ignore[return-value]
    return None


def network(store: Store, kind: FacetKind, value: str, flt: TrendFilter, *, limit: int = 25) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}``: the center, its strongest associates, and links among them."""
    ids = store.articles_with(kind, value, flt)
    center = f"{kind}:{value}"
    if not ids:
        return {"center": center, "articles": 0, "nodes": [], "edges": []}
    facets = store.facets_of(ids)
    by_article: dict[str, set[str]] = {}
    for article_id, k, v in facets:
        by_article.setdefault(article_id, set()).add(f"{k}:{v}")
    co = Counter(node for nodes in by_article.values() for node in nodes if node != center)
    total = store.count_in(flt)
    doc_counts: dict[str, int] = {}
    for k in ("keyword", "entity"):
        wanted = [n.split(":", 1)[1] for n in co if n.startswith(k + ":")]
        for v, n in store.facet_document_counts(k, wanted, flt).items():  # type: ignore[arg-type]
            doc_counts[f"{k}:{v}"] = n
    scored = []
    for node, together in co.items():
        if together < 2 and len(ids) > 3:
            continue
        pmi = math.log(total * together / (len(ids) * max(doc_counts.get(node, together), 1)))
        if pmi > 0:
            scored.append((together * pmi, node, together, pmi))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen = scored[:limit]
    labels: dict[str, str] = {}
    for k in ("keyword", "entity"):
        vals = [n.split(":", 1)[1] for _, n, _, _ in chosen if n.startswith(k + ":")] + \
            ([value] if kind == k else [])
        labels.update({f"{k}:{v}": lab for v, lab in store.facet_labels(k, vals).items()})  # type: ignore[arg-type]
    nodes = [{"id": center, "kind": kind, "label": labels.get(center, value), "articles": len(ids)}]
    edges = []
    for weight, node, together, pmi in chosen:
        nodes.append({"id": node, "kind": node.split(":", 1)[0], "label": labels.get(node, node.split(":", 1)[1]),
                      "articles": doc_counts.get(node, together)})
        edges.append({"source": center, "target": node, "weight": round(weight, 3), "articles": together,
                      "pmi": round(pmi, 3)})
    chosen_nodes = [n for _, n, _, _ in chosen]
    for i, a in enumerate(chosen_nodes):
        for b in chosen_nodes[i + 1:]:
            both = sum(1 for nodes in by_article.values() if a in nodes and b in nodes)
            if both >= 2:
                edges.append({"source": a, "target": b, "weight": float(both), "articles": both, "pmi": None})
    return {"center": center, "articles": len(ids), "nodes": nodes, "edges": edges}


# -- country pairs --------------------------------------------------------------------------------


def pair_report(store: Store, pair: str, flt: TrendFilter, *, bucket: BucketChoice = "auto") -> dict[str, Any]:
    """How a country pair is covered: its timeline, by which outlets and languages, in which topics."""
    pair = "-".join(sorted(p.strip().upper() for p in pair.replace("–", "-").split("-")))
    timeline = series(store, "pair", flt, bucket=bucket, values=[pair])
    ids = store.articles_with("pair", pair, flt, limit=100_000)
    briefs = store.article_briefs(ids)
    topics = Counter(v for _, _, v in store.facets_of(ids, kinds=("topic",)))
    return {
        "pair": pair,
        "articles": len(ids),
        "bucket": timeline[0].bucket if timeline else None,
        "timeline": timeline[0].to_dict()["points"] if timeline else [],
        "outlets": dict(Counter(b[1] or "(unknown)" for b in briefs).most_common(20)),
        "languages": dict(Counter(b[2] or "und" for b in briefs).most_common()),
        "topics": dict(topics.most_common(10)),
    }
