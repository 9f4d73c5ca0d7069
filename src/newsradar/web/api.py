"""The REST API under ``/api``: every listing the dashboard shows, as JSON, CSV or JSON Lines.

Handlers are thin: they validate the query (a bad value is a 422 naming the
parameter, never a 500), build a filter, and call the same view builders and
exports as the dashboard and the CLI.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import replace
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, StrictBool, field_validator

from ..enrich.entities import entity_key
from ..errors import BadDocument, ConfigError
from ..model import RawDocument
from ..periods import RELATIVE_PATTERN
from ..report import export
from ..store import ArticleFilter, Store
from ..store.base import StoryFilter, TrendFilter
from ..trends import day_window, network, pair_report, ranking, resolve_term, rising, series, views
from .cache import cached
from .deps import (
    DOWNLOAD_RESPONSES,
    NO_NUL,
    PROBLEM_RESPONSES,
    page_links,
    require_token,
    settings_of,
    store_of,
    window_params,
)

router = APIRouter(prefix="/api", responses=PROBLEM_RESPONSES)

StoreDep = Annotated[Store, Depends(store_of)]
#: What the time parameters accept, as the schema tells it (``periods.parse_time(strict=True)`` reads the same).
_TIME = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"},
                   {"type": "string", "pattern": RELATIVE_PATTERN}, {"type": "string", "maxLength": 0}]}

Since = Annotated[str | None, Query(max_length=64, json_schema_extra=_TIME,
                                    description="From: 2026-11-17, an RFC 3339 time, or 24h / 7d / 2w ago.")]
Until = Annotated[str | None, Query(max_length=64, json_schema_extra=_TIME,
                                    description="Up to (exclusive): a date, an RFC 3339 time, or 24h / 7d / 2w ago.")]
Lang = Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$", description="Language code: vi, ko, zh, en.")]
Text = Annotated[str | None, Query(max_length=200, pattern=NO_NUL)]
Limit = Annotated[int | None, Query(ge=1, le=1000, description="Page size (default 50; exports: everything).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Fmt = Annotated[Literal["json", "csv", "jsonl"], Query(description="json (paged), csv or jsonl (downloads).")]
Kind = Annotated[Literal["keyword", "entity", "topic", "country", "pair"], Query()]
BucketQ = Annotated[Literal["auto", "hour", "day", "month"], Query(
    description="auto: hours for a few days of articles, days up to about a year, months beyond.")]
RisingBucketQ = Annotated[Literal["hour", "day", "month"], Query()]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="UTC day YYYY-MM-DD.",
                                  json_schema_extra={"anyOf": [{"type": "string", "format": "date"}]})]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO country code such as VN.")]
#: Two ISO country codes; the order does not matter (VN-KR is KR-VN).
PAIR_PATTERN = r"^[A-Za-z]{2}-[A-Za-z]{2}$"
#: A URL a fetch can reach: http(s), a DNS host of labels up to 63 characters, an optional port.
#: (Control characters and spaces are spelled out: ``\S`` differs between Python's and the schema's regexes.)
FETCHABLE_URL = r"^https?://([A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}\.?(:[0-9]{1,5})?([/?#][^\x00-\x20]*)?$"
PairQ = Annotated[str | None, Query(pattern=PAIR_PATTERN, description="Two ISO country codes such as KR-VN.")]

_MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _pair(value: str) -> str:
    parts = [p.strip().upper() for p in value.replace("–", "-").split("-") if p.strip()]
    if len(parts) != 2 or not all(len(p) == 2 and p.isalpha() and p.isascii() for p in parts):
        raise HTTPException(422, detail=f"pair {value!r}: use two ISO country codes such as KR-VN")
    return "-".join(sorted(parts))


def _pair_key(value: str) -> str:
    try:
        return _pair(value)
    except HTTPException:
        return value.strip().upper()


def _download(rows: Any, columns: tuple[str, ...], fmt: str, name: str) -> StreamingResponse:
    return StreamingResponse(export.encode(rows, columns, fmt), media_type=_MEDIA[fmt],  # type: ignore[arg-type]
                             headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def article_filter(store: Store, since: str | None = None, until: str | None = None, lang: str | None = None,
                   source: str | None = None, q: str | None = None, topic: str | None = None,
                   country: str | None = None, entity: str | None = None, pair: str | None = None,
                   story: str | None = None, limit: int | None = 50, offset: int = 0, *,
                   strict: bool = True) -> ArticleFilter:
    """The filter a listing's query describes (shared with the dashboard's search page, not strict).

    A relative ``since``/``until`` counts back from the newest dated article in ``store`` (:func:`window_params`).
    """
    if country is not None and not (len(country) == 2 and country.isalpha() and country.isascii()):
        raise HTTPException(422, detail=f"country {country!r}: use an ISO code such as VN")
    start, end = window_params(store, since, until, strict=strict)
    return ArticleFilter(
        since=start, until=end,
        language=lang, source=source or None, query=q or None, topic=topic or None,
        country=country.upper() if country else None,
        entity=entity_key(entity) or None if entity else None, pair=_pair(pair) if pair else None, story=story or None,
        limit=limit, offset=offset,
    )


def _trend_filter(store: Store, since: str | None, until: str | None, lang: str | None,
                  source: str | None = None) -> TrendFilter:
    start, end = window_params(store, since, until)
    return TrendFilter(since=start, until=end, language=lang, source=source or None)


@router.get("/health", tags=["system"])
def health(store: StoreDep) -> dict[str, Any]:
    """Is the service up, which store does it use, how much does it hold."""
    return {"status": "ok", "schema_version": store.schema_version(),
            "articles": store.count_articles(ArticleFilter(limit=None))}


@router.get("/articles", tags=["articles"], responses=DOWNLOAD_RESPONSES)
def list_articles(request: Request, store: StoreDep, since: Since = None, until: Until = None, lang: Lang = None,
                  source: Text = None, q: Text = None, topic: Text = None,
                  country: Country = None, entity: Text = None, pair: PairQ = None, story: Text = None,
                  limit: Limit = None, offset: Offset = 0, format: Fmt = "json") -> Any:
    """Articles newest first, filtered by time, language, outlet, topic, country, entity, pair, story or text.

    With ``q``, each item also carries the body around the first match: ``snippet`` (plain text, about
    180 characters, ``…`` where cut; treat it as text, never as HTML), ``highlights`` (``[start, end)``
    offsets into ``snippet``, counted in Unicode code points, of each matched word) and ``snippet_html``
    (the snippet HTML-escaped with each match in ``<mark>``, the only markup it contains: safe to insert
    as HTML).  A hit found in the title only has the start of the body and no highlight.
    """
    flt = article_filter(store, since, until, lang, source, q, topic, country, entity, pair, story,
                         limit if limit or format == "json" else None, offset)
    if format != "json":
        return _download(export.article_rows(store, flt), export.ARTICLE_COLUMNS, format, "articles")
    flt.limit = flt.limit or 50
    total = store.count_articles(replace(flt, limit=None, offset=0))
    items = [views.article_brief(a, q) for a in store.list_articles(flt)]
    return {**page_links(request, total, flt.limit, offset), "items": items}


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(article_id: Annotated[str, Path(max_length=64)], store: StoreDep) -> dict[str, Any]:
    """One article with every enrichment, its story and its wire-copy group."""
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, detail=f"no article with id {article_id!r}")
    return views.article_full(store, article)


@router.get("/stories", tags=["stories"], responses=DOWNLOAD_RESPONSES)
def list_stories(request: Request, store: StoreDep, since: Since = None, until: Until = None, lang: Lang = None,
                 min_articles: Annotated[int, Query(ge=1, le=100_000)] = 1, limit: Limit = None,
                 offset: Offset = 0, format: Fmt = "json") -> Any:
    """Stories touching the period, most recently active first."""
    start, end = window_params(store, since, until)
    flt = StoryFilter(since=start, until=end, language=lang,
                      min_articles=min_articles, limit=limit if limit or format == "json" else None, offset=offset)
    if format != "json":
        return _download(export.story_rows(store, flt), export.STORY_COLUMNS, format, "stories")
    flt.limit = flt.limit or 50
    total = store.count_stories(flt)
    return {**page_links(request, total, flt.limit, offset),
            "items": [export.story_row(s) for s in store.list_stories(flt)]}


@router.get("/stories/ranking", tags=["stories", "trends"])
@router.get("/trends/ranking", tags=["trends"])
def story_ranking(request: Request, store: StoreDep, date: Day = None, lang: Lang = None,
                  limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """The issue ranking of a UTC day (default: the 24 hours up to the newest article)."""

    def compute() -> dict[str, Any]:
        since, until = day_window(date, store)
        found = ranking(store, since=since, until=until, language=lang, limit=limit)
        return {"since": since.isoformat(), "until": until.isoformat(), "items": [r.to_dict() for r in found]}

    try:
        return cached(request, store, ("ranking", date, lang, limit), compute)
    except ValueError as exc:
        raise HTTPException(422, detail=f"date: {exc}") from None


@router.get("/stories/{story_id}", tags=["stories"])
def get_story(story_id: Annotated[str, Path(max_length=64)], store: StoreDep) -> dict[str, Any]:
    """A story: summary, members by language, entities, quotes, countries, topics, wire-copy groups."""
    found = views.story_view(store, story_id)
    if found is None:
        raise HTTPException(404, detail=f"no story with id {story_id!r}")
    return found


@router.get("/stories/{story_id}/articles", tags=["stories"], responses=DOWNLOAD_RESPONSES)
def story_articles(request: Request, story_id: Annotated[str, Path(max_length=64)], store: StoreDep,
                   limit: Limit = None, offset: Offset = 0, format: Fmt = "json") -> Any:
    """The articles of a story, newest first (or as a download)."""
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, detail=f"no story with id {story_id!r}")
    return list_articles(request, store, story=story.id, limit=limit, offset=offset, format=format)


@router.get("/trends", tags=["trends"])
def trend_series(store: StoreDep, kind: Kind = "keyword",
                 value: Annotated[list[str] | None, Query(
                     max_length=12, description="Values to chart (repeat).",
                     json_schema_extra={"anyOf": [{"type": "array", "maxItems": 12,
                                                   "items": {"type": "string", "pattern": NO_NUL}},
                                                  {"type": "string", "pattern": NO_NUL}, {"type": "null"}]})] = None,
                 since: Since = None, until: Until = None, lang: Lang = None, source: Text = None,
                 bucket: BucketQ = "auto", top: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
    """Articles per bucket and share of all articles, for named values or the top ones."""
    flt = _trend_filter(store, since, until, lang, source)
    values = [v for v in (value or []) if v.strip()] or None
    if values and kind == "entity":
        values = [entity_key(v) for v in values]
    if values and kind == "pair":  # a value that is no pair is charted as it is: no article holds it
        values = [_pair_key(v) for v in values]
    if values and kind == "country":
        values = [v.strip().upper() for v in values]
    found = series(store, kind, flt, bucket=bucket, values=values, top=top)
    used = found[0].bucket if found else ("day" if bucket == "auto" else bucket)
    return {"kind": kind, "bucket": used, "items": [s.to_dict() for s in found]}


@router.get("/trends/rising", tags=["trends"])
def trend_rising(request: Request, store: StoreDep, kind: Kind = "keyword", bucket: RisingBucketQ = "day",
                 baseline: Annotated[int, Query(ge=1, le=90)] = 7, lang: Lang = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """Values whose share of the newest bucket stands out against the buckets before it."""

    def compute() -> dict[str, Any]:
        found = rising(store, kind, TrendFilter(language=lang), bucket=bucket, baseline=baseline, limit=limit)
        return {"kind": kind, "bucket": bucket, "items": [r.to_dict() for r in found]}

    return cached(request, store, ("rising", kind, bucket, baseline, lang, limit), compute)


@router.get("/entities", tags=["entities"], responses=DOWNLOAD_RESPONSES)
def list_entities(request: Request, store: StoreDep, kind: Annotated[
                  Literal["person", "organization", "place"] | None, Query()] = None, q: Text = None,
                  since: Since = None, until: Until = None, lang: Lang = None, limit: Limit = None,
                  offset: Offset = 0, format: Fmt = "json") -> Any:
    """People, organisations and places by the number of articles naming them."""
    flt = _trend_filter(store, since, until, lang)
    size = limit or (50 if format == "json" else 100_000)
    total, found = store.entity_counts(flt, kind=kind, query=q, limit=size, offset=offset)
    items = [x.to_dict() for x in found]
    if format != "json":
        return _download(iter(items), ("value", "label", "kind", "articles"), format, "entities")
    return {**page_links(request, total, size, offset), "items": items}


@router.get("/quotes", tags=["quotes"], responses=DOWNLOAD_RESPONSES)
def search_quotes(request: Request, store: StoreDep, speaker: Text = None, q: Text = None,
                  since: Since = None, until: Until = None, lang: Lang = None, source: Text = None,
                  story: Text = None, limit: Limit = None, offset: Offset = 0, format: Fmt = "json") -> Any:
    """Quotes by speaker (name or part of it) and/or words in the quote, newest first."""
    flt = article_filter(store, since, until, lang, source, story=story,
                         limit=limit if limit or format == "json" else None, offset=offset)
    if format != "json":
        return _download(export.quote_rows(store, flt, speaker=speaker, text=q), export.QUOTE_COLUMNS, format,
                         "quotes")
    flt.limit = flt.limit or 50
    total, hits = store.search_quotes(flt, speaker=speaker, text=q)
    return {**page_links(request, total, flt.limit, offset), "items": [h.to_dict() for h in hits]}


@router.get("/pairs", tags=["countries"])
def list_pairs(store: StoreDep, since: Since = None, until: Until = None, lang: Lang = None,
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Country pairs by weight, heaviest first, with their articles and a count line per bucket.

    A pair counts in an article where its two countries meet: in the title (weight 3), the lead (2) or
    one later sentence (1), that weight shared among the countries named there; an article keeps its
    three heaviest pairs.  ``weight`` sums them over the articles of the slice, ``articles`` counts
    the articles.  A relative ``since``/``until`` counts back from the newest dated article.
    """
    return {"items": views.pairs_view(store, _trend_filter(store, since, until, lang), limit=limit)}


@router.get("/pairs/{pair}", tags=["countries"])
def get_pair(pair: Annotated[str, Path(pattern=PAIR_PATTERN, description="Two ISO country codes such as KR-VN.")],
             store: StoreDep, since: Since = None, until: Until = None,
             lang: Lang = None, bucket: BucketQ = "auto") -> dict[str, Any]:
    """How a country pair is covered: timeline, outlets, languages and topics."""
    return pair_report(store, _pair(pair), _trend_filter(store, since, until, lang), bucket=bucket)


@router.get("/network", tags=["trends"])
def term_network(store: StoreDep, term: Annotated[str, Query(min_length=1, max_length=120, pattern=NO_NUL)],
                 since: Since = None, until: Until = None, lang: Lang = None,
                 limit: Annotated[int, Query(ge=1, le=100)] = 25) -> dict[str, Any]:
    """The association network of a keyword or entity: nodes and weighted edges."""
    flt = _trend_filter(store, since, until, lang)
    found = resolve_term(store, term, flt)
    if found is None:
        raise HTTPException(404, detail=f"{term!r} appears in no article's keywords or entities")
    return network(store, found[0], found[1], flt, limit=limit)


@router.get("/copies", tags=["articles"])
def list_copies(request: Request, store: StoreDep, since: Since = None, until: Until = None, lang: Lang = None,
                limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Wire-copy groups, biggest first: who published first and which outlets carried the text."""
    size = limit or 50
    total, groups = store.list_copy_groups(_trend_filter(store, since, until, lang), limit=size, offset=offset)
    return {**page_links(request, total, size, offset), "items": [g.to_dict() for g in groups]}


@router.get("/sources", tags=["articles"])
def list_sources(store: StoreDep, since: Since = None, until: Until = None, lang: Lang = None) -> dict[str, Any]:
    """Outlets by articles, with the languages they publish in."""
    found = store.source_counts(_trend_filter(store, since, until, lang))
    return {"items": [{"source": x.value or None, "label": x.label, "articles": x.articles,
                       "languages": x.kind.split(",") if x.kind else []} for x in found]}


class IngestRequest(BaseModel):
    """Documents to store: JSON records (title, body/text, url, published, source...) and/or page URLs."""

    documents: list[dict[str, Any]] = Field(default_factory=list, max_length=1000)
    urls: list[Annotated[str, Field(max_length=2000, pattern=FETCHABLE_URL)]] = Field(
        default_factory=list, max_length=100,
        description="http(s) pages to fetch; a host in ASCII (an international name in its xn-- form).")
    source: str | None = Field(default=None, max_length=200)
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    enrich: StrictBool = True

    @field_validator("urls", mode="before")
    @classmethod
    def _fetchable(cls, urls: Any) -> Any:
        """Refuse, with the URL named, what no fetch could reach (the pattern's message names neither)."""
        for url in urls if isinstance(urls, list) else ():
            if isinstance(url, str) and not re.match(FETCHABLE_URL, url):
                try:
                    host = urlsplit(url).hostname
                    reason = "no host" if not host else f"host {host!r} is not a DNS name"
                except ValueError as exc:
                    reason = str(exc)
                raise ValueError(f"{url[:200]!r} is not a fetchable URL ({reason})")
        return urls


_WRITE_LOCK = threading.Lock()


def _origin(document: dict[str, Any]) -> str:
    """A posted document's origin: its content hash, so posting it again names the same input."""
    digest = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
    return f"api:{digest[:16]}"


@router.post("/ingest", tags=["ingest"], dependencies=[Depends(require_token)])
def ingest(request: Request, body: IngestRequest, store: StoreDep) -> dict[str, Any]:
    """Store documents and/or fetch URLs, then (by default) enrich them and place them in stories.

    Idempotent: posting the same document twice stores one article.  Documents that cannot become
    articles are quarantined and listed in ``problems``; the others are stored.
    """
    from ..enrich import enrich_store
    from ..pipeline import IngestHooks, Ingestor
    from ..stories import embedder_from_settings, params_from_settings, update_stories

    settings = settings_of(request)
    for url in body.urls:  # refused before anything is fetched: a clear 403 naming the URL and why
        try:
            request.app.state.guard.check(url)
        except BadDocument as exc:
            raise HTTPException(403, detail=f"{url}: {exc.reason}") from None
    problems: list[dict[str, str]] = []
    hooks = IngestHooks(on_problem=lambda exc: problems.append({"origin": exc.origin, "reason": exc.reason}))
    records = [RawDocument(origin=_origin(d), kind="record", fields=d, source=body.source, lang=body.lang)
               for d in body.documents]
    with _WRITE_LOCK:
        try:
            ingestor = Ingestor(store, settings, source=body.source, lang=body.lang, hooks=hooks,
                                fetcher=request.app.state.fetcher() if body.urls else None)
            counts = ingestor.run_documents(records).counts
            if body.urls:
                counts += ingestor.run(body.urls).counts
            enriched = stories = 0
            if body.enrich:
                enriched = enrich_store(store).articles
                stories = update_stories(store, params=params_from_settings(settings),
                                         embedder=embedder_from_settings(settings)).articles
        except (ConfigError, BadDocument) as exc:
            raise HTTPException(422, detail=str(exc)) from None
    return {"new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
            "quarantined": counts.quarantined, "problems": problems, "enriched": enriched,
            "placed_in_stories": stories}
