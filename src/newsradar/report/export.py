"""Exports of articles, stories and quotes as CSV or JSON Lines, streamed page by page.

The CLI (``newsradar export``) and the API (``?format=csv``) share these
rows, so a spreadsheet made from either has the same columns.  CSV flattens
lists as ``a; b`` and counts as ``key:n; key:n``; JSON Lines keeps them nested.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, Literal

from ..extract.headline import title_is_derived
from ..model import Article, Story
from ..store import ArticleFilter, Store
from ..store.base import QuoteHit, StoryFilter

Format = Literal["csv", "jsonl"]
PAGE = 500

ARTICLE_COLUMNS = ("id", "published", "language", "source", "agency", "author", "dateline", "title", "title_derived",
                   "url", "topics", "countries", "pairs", "keywords", "people", "organizations", "places", "story",
                   "body")
STORY_COLUMNS = ("id", "title", "first_seen", "last_seen", "articles", "outlets", "languages", "sources", "countries")
QUOTE_COLUMNS = ("article_id", "published", "source", "language", "speaker", "kind", "text", "title")


def article_row(article: Article, story: str | None = None) -> dict[str, Any]:
    e = article.enrichment

    def names(kind: str) -> list[str]:
        return [x.name for x in e.entities if x.kind == kind] if e else []

    return {
        "id": article.id, "published": article.published.isoformat() if article.published else None,
        "language": article.language, "source": article.source, "agency": article.agency, "author": article.author,
        "dateline": article.dateline, "title": article.title, "title_derived": title_is_derived(article.extra),
        "url": article.url,
        "topics": [t for t, _ in e.topics] if e else [], "countries": list(e.countries) if e else [],
        "pairs": list(e.pairs) if e else [], "keywords": [k for k, _ in e.keywords] if e else [],
        "people": names("person"), "organizations": names("organization"), "places": names("place"),
        "story": story, "body": article.body,
    }


def story_row(story: Story) -> dict[str, Any]:
    return {"id": story.id, "title": story.title, "first_seen": story.first_seen.isoformat(),
            "last_seen": story.last_seen.isoformat(), "articles": story.articles, "outlets": story.outlets,
            "languages": story.languages, "sources": story.sources, "countries": story.countries}


def quote_row(hit: QuoteHit) -> dict[str, Any]:
    data = hit.to_dict()
    return {column: data.get(column) for column in QUOTE_COLUMNS}


def _pages(fetch: Callable[[int, int], list[Any]], limit: int | None) -> Iterator[Any]:
    """Every item ``fetch(offset, size)`` gives, page by page, up to ``limit`` items."""
    offset = 0
    while limit is None or offset < limit:
        size = PAGE if limit is None else min(PAGE, limit - offset)
        page = fetch(offset, size)
        yield from page
        if len(page) < size:
            return
        offset += size


def article_rows(store: Store, flt: ArticleFilter) -> Iterator[dict[str, Any]]:
    for article in _pages(lambda off, n: store.list_articles(replace(flt, limit=n, offset=flt.offset + off)),
                          flt.limit):
        yield article_row(article, store.story_of(article.id))


def story_rows(store: Store, flt: StoryFilter) -> Iterator[dict[str, Any]]:
    for story in _pages(lambda off, n: store.list_stories(replace(flt, limit=n, offset=flt.offset + off)),
                        flt.limit):
        yield story_row(story)


def quote_rows(store: Store, flt: ArticleFilter, *, speaker: str | None = None,
               text: str | None = None) -> Iterator[dict[str, Any]]:
    def fetch(off: int, n: int) -> list[QuoteHit]:
        return store.search_quotes(replace(flt, limit=n, offset=flt.offset + off), speaker=speaker, text=text)[1]

    for hit in _pages(fetch, flt.limit):
        yield quote_row(hit)


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return "; ".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def encode(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: Format) -> Iterator[str]:
    """Text chunks of the export: a CSV header then one line per row, or one JSON object per line."""
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([_cell(row.get(c)) for c in columns])
        if n % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
