"""Outlet quality signals over a period: volume, wire copy, original reporting, quoting, headline-only items.

Why these figures: an editor choosing whom to watch (or whom to trust as a source of original
reporting) asks how much an outlet publishes, how much of it is somebody else's wire copy, how often
it published a story first, whether its articles quote named people, and how much of it is a bare
headline.  Each figure is counted from the store's per-day counts (:mod:`newsradar.store.sql.outlets`),
so a listing of every outlet over 100k articles costs a few small reads, never a pass over articles.

Counting rules (the README's "Outlets" section says the same for users):

* the period is whole UTC days: ``since`` is taken back to the start of its day and ``until`` forward
  to the end of the day holding its last instant; without a bound, the period starts (or ends) on the
  first (or last) day with an article in the slice;
* articles per day = articles / days of the period (not only the days the outlet published);
* an aggregator's article that names its original outlet counts under that outlet;
* wire copies: articles in a copy group (``copies``) whose first published article is another
  outlet's; first published: articles published first in a copy group that holds another outlet's
  article, as a share of the outlet's articles in such groups (an outlet's later repost of its own
  story is neither);
* quoted: at least one quote whose speaker is a named person or organisation;
* headline-only: an article without body text;
* median body length: over the articles with a body, in characters, from lengths kept in buckets
  2-5 % wide (exact below 100 characters; the mean of the bucket's lengths stands for it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..store import Store
from ..store.base import TrendFilter
from .directory import Outlet, OutletDirectory, outlet_directory

#: The figures a listing may be sorted by (descending; ``name`` and ``country`` ascending).
SORTS: tuple[str, ...] = ("articles", "per_day", "copy_share", "first_share", "quoted_share", "headline_share",
                          "median_chars", "name", "country")
#: Topics shown per outlet.
TOP_TOPICS = 3


@dataclass(frozen=True, slots=True)
class Period:
    """Whole UTC days ``since <= day < until`` (``None``: open on that side) and how many days it spans.

    ``first`` and ``end`` close an open side at the first day with data and the day after the last.
    """

    since: str | None
    until: str | None
    days: int
    first: str | None = None
    end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "days": self.days, "first_day": self.first,
                "end_day": self.end}

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as instants (midnight UTC), for filters that take times."""
        return (_midnight(self.since) if self.since else None, _midnight(self.until) if self.until else None)


def _midnight(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(), tzinfo=UTC)


def day_bounds(since: datetime | None, until: datetime | None) -> tuple[str | None, str | None]:
    """A time window widened to whole UTC days: ``(first day, day after the last)``; ``until`` is exclusive."""
    first = since.astimezone(UTC).date().isoformat() if since else None
    last = None
    if until:
        end = until.astimezone(UTC) - timedelta(microseconds=1)
        try:
            last = (end.date() + timedelta(days=1)).isoformat()
        except OverflowError:  # the last day datetime holds
            last = None
    if first and last and last < first:
        last = first
    return first, last


@dataclass(slots=True)
class OutletSignals:
    """One outlet's figures over a period."""

    outlet: Outlet
    sources: list[str] = field(default_factory=list)  # stored source names counted under it
    articles: int = 0
    dated: int = 0  # of them with a publication date (the only ones a day can hold)
    active_days: int = 0  # days with at least one of its articles
    headline_only: int = 0
    quoted: int = 0
    with_body: int = 0
    copies: int = 0  # copies of an earlier article of another outlet
    in_copy_groups: int = 0  # in a copy group that holds another outlet's article
    first: int = 0  # published first in such a group
    median_chars: int | None = None
    languages: dict[str, int] = field(default_factory=dict)
    topics: list[tuple[str, int]] = field(default_factory=list)
    per_day: float | None = None
    #: The ``(source, credited agency)`` pairs counted under it (an aggregator's credited items go elsewhere).
    parts: set[tuple[str, str]] = field(default_factory=set)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def copy_share(self) -> float | None:
        return self._share(self.copies, self.articles)

    @property
    def first_share(self) -> float | None:
        return self._share(self.first, self.in_copy_groups)

    @property
    def quoted_share(self) -> float | None:
        return self._share(self.quoted, self.articles)

    @property
    def headline_share(self) -> float | None:
        return self._share(self.headline_only, self.articles)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.outlet.name, "country": self.outlet.country, "kind": self.outlet.kind,
            "origin": self.outlet.origin, "sources": list(self.sources), "articles": self.articles,
            "per_day": self.per_day, "dated": self.dated, "active_days": self.active_days,
            "copies": self.copies, "copy_share": self.copy_share,
            "in_copy_groups": self.in_copy_groups, "first": self.first, "first_share": self.first_share,
            "quoted": self.quoted, "quoted_share": self.quoted_share,
            "headline_only": self.headline_only, "headline_share": self.headline_share,
            "median_chars": self.median_chars,
            "languages": dict(sorted(self.languages.items(), key=lambda kv: (-kv[1], kv[0]))),
            "topics": [{"topic": t, "articles": n} for t, n in self.topics],
            "outlet": self.outlet.to_dict(),
        }


@dataclass(slots=True)
class SignalsReport:
    """Every outlet's figures over one period, plus the ids behind the copy figures (for the article lists)."""

    period: Period
    language: str | None
    outlets: list[OutletSignals]
    copy_ids: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # outlet -> role -> article ids
    #: Every credited agency seen per source (to tell "all of a source's articles" from some of them).
    credits: dict[str, set[str]] = field(default_factory=dict)

    def find(self, name: str) -> OutletSignals | None:
        return next((s for s in self.outlets if s.outlet.name == name), None)

    def sources_of(self, item: OutletSignals) -> dict[str, list[str] | None]:
        """The outlet's articles as ``source -> credited agencies`` (``None``: all of that source's)."""
        found: dict[str, list[str] | None] = {}
        for source in sorted({s for s, _ in item.parts}):
            mine = {c for s, c in item.parts if s == source}
            found[source] = None if mine >= self.credits.get(source, set()) else sorted(mine)
        return found


def _median(buckets: dict[int, list[int]]) -> int | None:
    """The median length from ``bucket -> [articles, chars]`` (each bucket stands for its mean length)."""
    total = sum(n for n, _ in buckets.values())
    if not total:
        return None
    wanted = sorted({(total - 1) // 2, total // 2})
    values: list[float] = []
    seen = 0
    for bucket in sorted(buckets):
        n, chars = buckets[bucket]
        while wanted and wanted[0] < seen + n:
            values.append(chars / n)
            wanted.pop(0)
        seen += n
    return round(sum(values) / len(values))


class _Tally:
    """Figures summed per outlet, resolving each ``(source, credit)`` through the directory once."""

    def __init__(self, directory: OutletDirectory) -> None:
        self.directory = directory
        self.by_name: dict[str, OutletSignals] = {}
        self._outlets: dict[tuple[str, str], Outlet] = {}
        self.days: dict[str, set[str]] = {}
        self.lengths: dict[str, dict[int, list[int]]] = {}

    def outlet(self, source: str, credit: str) -> Outlet:
        found = self._outlets.get((source, credit))
        if found is None:
            found = self._outlets[(source, credit)] = self.directory.outlet_of_article(source or None, credit or None)
        return found

    def signals(self, outlet: Outlet) -> OutletSignals:
        found = self.by_name.get(outlet.name)
        if found is None:
            found = self.by_name[outlet.name] = OutletSignals(outlet)
        return found


def outlet_signals(store: Store, since: datetime | None = None, until: datetime | None = None,
                   language: str | None = None, *, directory: OutletDirectory | None = None,
                   with_topics: bool = True) -> SignalsReport:
    """Every outlet's figures over the whole UTC days the window touches, in one language if given."""
    directory = directory or outlet_directory(store)
    first_day, end_day = day_bounds(since, until)
    tally = _Tally(directory)
    data_days: set[str] = set()
    parts: dict[str, set[tuple[str, str]]] = {}  # outlet -> the (source, credit) pairs it gathers
    credits: dict[str, set[str]] = {}
    for source, credit, lang, articles, headline, quoted, _chars, days, first, last, dated in store.outlet_day_counts(
            first_day, end_day, language):
        item = tally.signals(tally.outlet(source, credit))
        item.articles += articles
        item.dated += dated
        item.headline_only += headline
        item.quoted += quoted
        item.active_days = max(item.active_days, days)  # exact below for an outlet of several parts
        if lang:
            item.languages[lang] = item.languages.get(lang, 0) + articles
        if source not in item.sources:
            item.sources.append(source)
        parts.setdefault(item.outlet.name, set()).add((source, credit))
        credits.setdefault(source, set()).add(credit)
        data_days.update(d for d in (first, last) if d)
    several = {name for name, pairs in parts.items() if len(pairs) > 1 or len(tally.by_name[name].languages) > 1}
    if several:
        wanted = {pair for name in several for pair in parts[name]}
        for source, credit, day in store.outlet_active_days(sorted({s for s, _ in wanted}), first_day, end_day,
                                                            language):
            if (source, credit) in wanted:
                tally.days.setdefault(tally.outlet(source, credit).name, set()).add(day)
    for source, credit, bucket, articles, chars in store.outlet_length_counts(first_day, end_day, language):
        if bucket <= 0:  # no body: a headline-only item has no length to count
            continue
        buckets = tally.lengths.setdefault(tally.outlet(source, credit).name, {})
        counts = buckets.setdefault(bucket, [0, 0])
        counts[0] += articles
        counts[1] += chars
    copy_ids = _count_copies(store, tally, first_day, end_day, language)
    period = _period(first_day, end_day, data_days)
    for name, item in tally.by_name.items():
        if name in tally.days:
            item.active_days = len(tally.days[name])
        item.median_chars = _median(tally.lengths.get(name, {}))
        item.with_body = item.articles - item.headline_only
        # per day of dated articles only: an undated archive (BBC News in the real corpora) spread over the
        # days of other outlets' news would read as 105 a day
        item.per_day = round(item.dated / period.days, 3) if period.days and item.dated else None
        item.sources.sort()
        item.parts = parts.get(name, set())
    if with_topics:
        _count_topics(store, tally, period, language)
    ranked = sorted(tally.by_name.values(), key=lambda s: (-s.articles, s.outlet.name))
    return SignalsReport(period=period, language=language, outlets=[s for s in ranked if s.articles],
                         copy_ids=copy_ids, credits=credits)


def _period(first_day: str | None, end_day: str | None, data_days: set[str]) -> Period:
    """The period's days: its bounds, an open side closed at the first or last day with data."""
    start = first_day or (min(data_days) if data_days else None)
    end = end_day
    if end is None and data_days:
        end = (date.fromisoformat(max(data_days)) + timedelta(days=1)).isoformat()
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days if start and end and end > start else 0
    return Period(since=first_day, until=end_day, days=days, first=start, end=end)


def _count_copies(store: Store, tally: _Tally, first_day: str | None, end_day: str | None,
                  language: str | None) -> dict[str, dict[str, list[str]]]:
    """Copies, firsts and group memberships per outlet, deciding "another outlet" with today's directory."""
    ids: dict[str, dict[str, list[str]]] = {}
    group: list[tuple[str, str, int, str, str, str, str]] = []

    def in_slice(day: str, lang: str) -> bool:
        if (first_day or end_day) and not day:
            return False
        if (first_day and day < first_day) or (end_day and day >= end_day):
            return False
        return not language or lang == language

    def close() -> None:
        names = [tally.outlet(m[4], m[5]).name for m in group]
        if len(set(names)) > 1:  # a group of one outlet's own reposts says nothing about copying others
            for member, name in zip(group, names, strict=True):
                if not in_slice(member[3], member[6]):
                    continue
                item = tally.signals(tally.outlet(member[4], member[5]))
                roles = ids.setdefault(name, {})
                item.in_copy_groups += 1
                roles.setdefault("groups", []).append(member[0])
                if member[2] == 0:
                    item.first += 1
                    roles.setdefault("first", []).append(member[0])
                elif names[0] != name:  # the text was another outlet's first
                    item.copies += 1
                    roles.setdefault("copies", []).append(member[0])
        group.clear()

    for member in store.outlet_copy_members(first_day, end_day, language):
        if group and member[1] != group[0][1]:
            close()
        group.append(member)
    if group:
        close()
    return ids


def _count_topics(store: Store, tally: _Tally, period: Period, language: str | None) -> None:
    since, until = period.bounds()
    by_source = store.outlet_topic_counts(TrendFilter(since=since, until=until, language=language))
    topics: dict[str, dict[str, int]] = {}
    for source, topic, n in by_source:
        name = tally.directory.outlet_of(source or None).name
        counts = topics.setdefault(name, {})
        counts[topic] = counts.get(topic, 0) + n
    for name, counts in topics.items():
        if name in tally.by_name:
            tally.by_name[name].topics = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TOPICS]


def sort_signals(items: Sequence[OutletSignals], by: str) -> list[OutletSignals]:
    """Outlets by a figure, largest first (outlets without the figure last); by name or country A to Z."""
    if by not in SORTS:
        raise ValueError(f"sort {by!r}: use one of {', '.join(SORTS)}")
    if by in ("name", "country"):
        return sorted(items, key=lambda s: ((s.outlet.country or "~") if by == "country" else "", s.outlet.name))

    def figure(item: OutletSignals) -> tuple[bool, float, str]:
        value = getattr(item, by)
        return (value is None, -(value or 0), item.outlet.name)

    return sorted(items, key=figure)
