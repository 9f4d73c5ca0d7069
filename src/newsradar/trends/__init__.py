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

This package is the last computing stage (sources -> extract -> store ->
enrich -> stories -> trends), and it also holds what every interface shows,
because the CLI, the web service and the briefing all read it and none of
them should own it (under ``web/``, the briefing would load the web service
to draw a chart):

* :mod:`.mirror` -- the mirror of a country pair (A's outlets on B beside B's
  outlets on A), computed on the buckets defined here;
* :mod:`.views` -- one JSON-ready dict per page (the day, a story, an article,
  country pairs), joining stories and trends: the API returns them, the
  dashboard renders them and the briefing prints them;
* :mod:`.charts` -- those figures as plain SVG, the same pictures in the
  dashboard and, as images, in the briefing.
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

from ..enrich.entities import entity_key, fold
from ..model import UNKNOWN_OUTLET, Story
from ..periods import parse_day
from ..store import ArticleFilter, Store
from ..store.base import Bucket, BucketChoice, FacetKind, StoryFilter, TrendFilter

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


def latest_time(store: Store, flt: TrendFilter | None = None) -> datetime | None:
    """"Now" in data time: the publication time (UTC) of the newest *dated* article in the slice.

    Every default window (the day's ranking and briefing, the Today page, ``24h`` / ``7d`` in the
    CLI, the current bucket of ``rising``) ends here.  An undated article counts at the time it was
    ingested, so it never stands in for "now": ``None`` when no article in the slice is dated.
    """
    flt = flt or TrendFilter()
    # Newest first, dated before undated (the listing's order): the first row is the newest dated one.
    newest = store.list_articles(ArticleFilter(since=flt.since, until=flt.until, language=flt.language,
                                               source=flt.source, limit=1))
    when = newest[0].published if newest else None
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    with suppress(OverflowError):  # year 1 at +05:00 has no UTC instant datetime can hold; keep it as it is
        when = when.astimezone(UTC)
    return when


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
    """The UTC day named (YYYY-MM-DD), or the 24 hours up to the newest dated article (:func:`latest_time`)."""
    if day:
        start = parse_day(day)
        # any calendar day is a day; the last one ends at the last instant datetime holds
        return start, start + timedelta(days=1) if start.year < 9999 or start.month < 12 or start.day < 31 \
            else datetime.max.replace(tzinfo=UTC)
    latest = latest_time(store) or datetime.now(UTC)  # nothing dated: the wall clock's day
    end = bucket_start(bucket_key(latest, "hour"), "hour") + timedelta(hours=1)
    return end - timedelta(days=1), end


# -- networks -------------------------------------------------------------------------------------


def resolve_term(store: Store, term: str, flt: TrendFilter) -> tuple[FacetKind, str] | None:
    """An entity (by key or folded name) if one matches, else a keyword in any case; ``None`` if neither occurs."""
    term = term.strip()
    candidates = (("entity", entity_key(term)), ("entity", fold(term)), ("keyword", term.casefold()),
                  ("keyword", term.lower()), ("keyword", term))
    for kind, value in dict.fromkeys(candidates):
        if value and store.facet_document_counts(kind, [value], flt).get(value):  # type: ignore[arg-type]
            return kind, value  # type: ignore[return-value]
    return None


def _word_forms(kind: str, value: str, label: str | None = None) -> set[str]:
    """The forms a keyword or an entity is one word by: its case-folded value and label ("Blair" and
    "blair"), a Vietnamese compound's syllables spaced ("hà_nội" is "hà nội"), without a possessive."""
    forms = {value.replace("_", " ").casefold()}
    if label:
        forms.add(label.replace("_", " ").casefold())
    # a possessive is its word ("labour's" is "labour")
    return {f[:-2] if f[-2:] in ("'s", "’s") and len(f) > 2 else f for f in forms if f}


def _loose_form(value: str) -> str:
    """A keyword's form as an entity key is written: accents and spaces gone ("hà_nội" -> "hanoi")."""
    return fold(value.replace("_", " ")).replace(" ", "")


def _fold_variants(nodes: dict[str, int], labels: dict[str, str], center: set[str],
                   center_keys: set[str], center_kind: str) -> dict[str, str]:
    """Node id -> the node its word is shown as: keyword and entity variants of one word are one node.

    Nodes sharing a case-folded form (:func:`_word_forms`) are one word, and so is a keyword whose
    accent-free form is an entity's key; an entity stands for its group (the one in most articles),
    else the keyword in most articles.  A group holding a form of the searched term (``center``) or
    an entity keyed like it (``center_keys``; a keyword written like the searched entity's key) maps
    to ``""``.
    """
    parent = {node: node for node in nodes}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    by_form: dict[str, str] = {}
    entity_keys = {node.split(":", 1)[1]: node for node in nodes if node.startswith("entity:")}
    for node in nodes:
        kind, value = node.split(":", 1)
        links = [by_form.setdefault(f, node) for f in _word_forms(kind, value, labels.get(node))]
        if kind == "keyword" and (entity := entity_keys.get(_loose_form(value))):
            links.append(entity)
        for other in links:
            a, b = root(node), root(other)
            if a != b:
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(root(node), []).append(node)
    shown: dict[str, str] = {}
    for members in groups.values():
        split = [m.split(":", 1) for m in members]
        forms = {f for (k, v), m in zip(split, members, strict=True) for f in _word_forms(k, v, labels.get(m))}
        keys = {v for k, v in split if k == "entity"}
        if center_kind == "entity":  # "hà_nội" is the entity "hanoi"; "bao" is no keyword "bão", though
            keys |= {_loose_form(v) for k, v in split if k == "keyword"}
        searched = bool(forms & center or keys & center_keys)
        best = "" if searched else min(members, key=lambda m: (not m.startswith("entity:"), -nodes[m], m))
        shown.update({m: best for m in members})
    return shown


def network(store: Store, kind: FacetKind, value: str, flt: TrendFilter, *, limit: int = 25) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}``: the center, its strongest associates, and links among them.

    Variants of one word are one node: the keyword "blair" and the entity "Blair" (shown with the
    entity's label), "Labour" and "labour"; and no variant of the searched term is its own associate.
    """
    ids = store.articles_with(kind, value, flt)
    center = f"{kind}:{value}"
    if not ids:
        return {"center": center, "articles": 0, "nodes": [], "edges": []}
    facets = store.facets_of(ids)
    raw: dict[str, set[str]] = {}
    for article_id, k, v in facets:
        raw.setdefault(article_id, set()).add(f"{k}:{v}")
    raw_counts = Counter(node for nodes in raw.values() for node in nodes)
    raw_counts.pop(center, None)
    # Labels of the entities that can be associates (their display name is a form of their word).
    few = len(ids) <= 3
    wanted = [n.split(":", 1)[1] for n, c in raw_counts.items() if n.startswith("entity:") and (few or c >= 2)]
    if kind == "entity":
        wanted.append(value)
    labels = {f"entity:{v}": lab for v, lab in store.facet_labels("entity", wanted).items()}
    center_label = labels.get(center, value)
    center_forms = _word_forms(kind, value, center_label)
    # the keys the searched term has as an entity: its own, or the one its spelling gives ("Blair" -> "blair")
    center_keys = {value} if kind == "entity" else {entity_key(value), _loose_form(value)}
    shown = _fold_variants(dict(raw_counts), labels, center_forms, center_keys, kind)
    by_article = {article_id: {shown[n] for n in nodes if n != center} - {""} for article_id, nodes in raw.items()}
    co = Counter(node for nodes in by_article.values() for node in nodes)
    members: dict[str, list[str]] = {}
    for node, group in shown.items():
        if group:
            members.setdefault(group, []).append(node)
    total = store.count_in(flt)
    member_docs: dict[str, int] = {}
    for k in ("keyword", "entity"):
        values = [n.split(":", 1)[1] for n in shown if shown[n] in co and n.startswith(k + ":")]
        for v, n in store.facet_document_counts(k, values, flt).items():  # type: ignore[arg-type]
            member_docs[f"{k}:{v}"] = n
    # A folded node's articles: at least those of its most used variant (the union is not counted).
    doc_counts = {node: max([member_docs.get(m, 0) for m in members[node]] + [together])
                  for node, together in co.items()}
    scored = []
    for node, together in co.items():
        if together < 2 and len(ids) > 3:
            continue
        pmi = math.log(total * together / (len(ids) * max(doc_counts[node], 1)))
        if pmi > 0:
            scored.append((together * pmi, node, together, pmi))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen = scored[:limit]
    keyword_labels = store.facet_labels("keyword", [n.split(":", 1)[1] for _, n, _, _ in chosen
                                                    if n.startswith("keyword:")] + ([value] if kind == "keyword"
                                                                                    else []))
    labels.update({f"keyword:{v}": lab for v, lab in keyword_labels.items()})
    nodes = [{"id": center, "kind": kind, "label": labels.get(center, value), "articles": len(ids)}]
    edges = []
    for weight, node, together, pmi in chosen:
        nodes.append({"id": node, "kind": node.split(":", 1)[0], "label": labels.get(node, node.split(":", 1)[1]),
                      "articles": doc_counts[node]})
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
        "outlets": dict(Counter(b[1] or UNKNOWN_OUTLET for b in briefs).most_common(20)),
        "languages": dict(Counter(b[2] or "und" for b in briefs).most_common()),
        "topics": dict(topics.most_common(10)),
    }
