"""The outlet listing as the CLI, the API and the dashboard show it: filtered, sorted, flattened, linked.

One builder for the three, so ``newsradar outlets``, ``/api/outlets`` and the ``/outlets`` page agree
figure for figure, and each figure's article list (:func:`figure_articles`) selects exactly the
articles the figure counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from ..model import Article
from ..store import Store
from .directory import OutletDirectory, outlet_directory
from .signals import OutletSignals, SignalsReport, outlet_signals, sort_signals

#: What an outlet's article list can show: the articles behind each figure.
SIGNALS: dict[str, str] = {
    "all": "every article counted (articles, articles per day, median body length)",
    "copies": "wire copies: the first article of their copy group is another outlet's",
    "first": "published first in a copy group that holds another outlet's article",
    "groups": "in a copy group that holds another outlet's article (the base of the first-published share)",
    "quoted": "with at least one quote from a named speaker",
    "headline_only": "headline-only items: no body text",
}
#: The CSV (and table) columns, in order.
COLUMNS: tuple[str, ...] = (
    "name", "country", "kind", "origin", "articles", "per_day", "active_days", "copies", "copy_share",
    "in_copy_groups", "first", "first_share", "quoted", "quoted_share", "headline_only", "headline_share",
    "median_chars", "languages", "topics", "sources",
)


def outlets_report(store: Store, since: datetime | None = None, until: datetime | None = None,
                   language: str | None = None, *, directory: OutletDirectory | None = None) -> SignalsReport:
    """Every outlet with articles in the period (all countries and kinds, by articles)."""
    return outlet_signals(store, since, until, language, directory=directory or outlet_directory(store))


def select(report: SignalsReport, *, country: str | None = None, kind: str | None = None,
           sort: str = "articles") -> list[OutletSignals]:
    """The report's outlets of one home country and/or kind (``"none"``: without one), sorted."""
    items = report.outlets
    if country:
        wanted = None if country.lower() == "none" else country.upper()
        items = [s for s in items if s.outlet.country == wanted]
    if kind:
        wanted_kind = None if kind == "none" else kind
        items = [s for s in items if s.outlet.kind == wanted_kind]
    return sort_signals(items, sort)


def period_query(report: SignalsReport, **extra: str | None) -> dict[str, str]:
    """The query parameters that name the report's period and language (plus ``extra``), for links."""
    params = {"since": report.period.since, "until": report.period.until, "lang": report.language, **extra}
    return {k: v for k, v in params.items() if v}


def figure_links(report: SignalsReport, item: OutletSignals, base: str) -> dict[str, str]:
    """``figure -> URL`` of the articles behind each figure, under ``base`` (``/outlets`` or ``/api/outlets``)."""
    path = f"{base}/{quote(item.outlet.name, safe='')}" + ("/articles" if base.startswith("/api") else "")
    links = {signal: f"{path}?{urlencode(period_query(report, signal=signal))}" for signal in SIGNALS}
    for topic, _ in item.topics:
        links[f"topic:{topic}"] = f"{path}?{urlencode(period_query(report, signal='all', topic=topic))}"
    for language in item.languages:
        query = {**period_query(report, signal="all"), "lang": language}
        links[f"language:{language}"] = f"{path}?{urlencode(query)}"
    return links


def row(item: OutletSignals) -> dict[str, Any]:
    """One outlet as a flat CSV row (lists joined with ``;``)."""
    data = item.to_dict()
    data["languages"] = ";".join(f"{k}:{v}" for k, v in data["languages"].items())
    data["topics"] = ";".join(f"{t['topic']}:{t['articles']}" for t in data["topics"])
    data["sources"] = ";".join(data["sources"])
    return {c: data.get(c) for c in COLUMNS}


def rows(items: list[OutletSignals]) -> Iterator[dict[str, Any]]:
    return (row(item) for item in items)


def figure_articles(store: Store, report: SignalsReport, item: OutletSignals, signal: str = "all", *,
                    topic: str | None = None, language: str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[int, list[Article]]:
    """``(total, page)`` of the articles one figure of ``item`` counted, newest first."""
    if signal not in SIGNALS:
        raise ValueError(f"signal {signal!r}: use one of {', '.join(SIGNALS)}")
    ids = None
    if signal in ("copies", "first", "groups"):
        ids = report.copy_ids.get(item.outlet.name, {}).get(signal, [])
    return store.outlet_articles(report.sources_of(item), report.period.since, report.period.until,
                                 language or report.language, signal="all" if ids is not None else signal,
                                 topic=topic, ids=ids, limit=limit, offset=offset)
