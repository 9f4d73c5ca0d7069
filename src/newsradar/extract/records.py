"""Structured records (JSON objects, feed entries) to articles.

Exports from CMSs, scrapers and datasets name the same things differently;
:data:`FIELD_MAP` lists, for each article field, the keys tried in order (the
README documents the same table).  Keys that map to nothing are kept in
``extra`` so no information is lost.

A record may be *headline-only* (a title and no body): headline datasets and
title-only feeds are real newsroom inputs and the later stages work on
titles.  A record with neither a title nor a body is quarantined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from ..errors import BadDocument
from ..model import Article, RawDocument, article_id
from .bylines import Byline, take_leading, take_signoff
from .common import normalise_lang, provenance, resolve_published
from .headline import title_or_derived
from .htmltext import clean_inline, fragment_to_text

#: Article field -> record keys tried in order (first non-empty wins).
FIELD_MAP: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "name"),
    "body": ("body_html", "text", "body", "content", "article", "articleBody", "maintext", "description"),
    "summary": ("summary_html", "summary", "lead", "sapo", "dek", "abstract"),
    "published": (
        "published", "published_at", "publishedAt", "pubDate", "datePublished", "date_publish",
        "date", "time", "created_at", "timestamp", "published_utc",
    ),
    "url": ("url", "link", "canonical_url", "canonical", "href", "permalink"),
    "source": ("source", "outlet", "publisher", "site_name", "sitename", "site", "domain", "media"),
    "language": ("lang", "language", "locale"),
    "author": ("author", "authors", "byline", "creator", "writer"),
    "agency": ("agency",),
    "dateline": ("dateline",),
    "captions": ("captions", "caption", "image_captions"),
    "external_id": ("id", "guid", "_id", "article_id", "doc_id", "docid"),
}
_MAPPED = {key for keys in FIELD_MAP.values() for key in keys}
#: When a record has no publication time: when it was crawled, an upper bound the input states
#: (top level, or inside a ``labels``/``meta`` object).  The article says its time is a crawl time.
CRAWL_TIME_KEYS = ("crawled_at", "crawl_time", "crawled", "fetched_at", "retrieved_at", "scraped_at",
                   "crawl_commit_time")
_CRAWL_HOLDERS = ("labels", "meta", "metadata")


def _text_of(value: Any) -> str | None:
    """A scalar, a ``{"name": ...}`` object or a list of names, as one string."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("value")
    if isinstance(value, list):
        parts = [_text_of(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    text = str(value).strip()
    return text or None


def _first(fields: dict[str, Any], name: str) -> tuple[str | None, Any]:
    for key in FIELD_MAP[name]:
        value = fields.get(key)
        if value not in (None, "", [], {}):
            return key, value
    return None, None


@dataclass(slots=True)
class _Time:
    """The first time among some keys that parses: the time, its precision and raw text, its key,
    and the first value that did not parse (kept for the user to see)."""

    when: datetime | None = None
    precision: str | None = None
    raw: str | None = None
    key: str | None = None
    unparsed: str | None = None


def _first_time(holders: list[dict[str, Any]], keys: tuple[str, ...], lang: str | None, default_tz: tzinfo) -> _Time:
    found = _Time()
    for holder in holders:
        for key in keys:
            if holder.get(key) in (None, ""):
                continue
            when, precision, raw = _published(holder[key], lang, default_tz)
            if when:
                found.when, found.precision, found.raw, found.key = when, precision, raw, key
                return found
            found.unparsed = found.unparsed or str(holder[key])
    return found


def _published(value: Any, lang: str | None, default_tz: tzinfo) -> tuple[datetime | None, str | None, str | None]:
    if isinstance(value, bool) or value is None:
        return None, None, None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds are common in exports
        try:
            return datetime.fromtimestamp(seconds, tz=UTC), "second", str(value)
        except (OverflowError, OSError, ValueError):
            return None, None, None
    raw = str(value)
    published, precision = resolve_published(raw, lang, default_tz)
    return published, precision, raw


_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins valid pairs: any left is lone


def _valid_text(value: Any) -> Any:
    """Strings as valid Unicode: JSON may escape a lone surrogate ("\\ud800") that no encoder accepts
    (hashing, SQLite, PostgreSQL); it becomes U+FFFD and the rest of the record is kept."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_valid_text(k): _valid_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid_text(v) for v in value]
    return value


def extract_record(raw: RawDocument, *, default_tz: tzinfo) -> Article:
    fields = _valid_text(raw.fields)
    _, title_value = _first(fields, "title")
    title = clean_inline(_text_of(title_value) or "")
    _, body_value = _first(fields, "body")
    paragraphs, captions = fragment_to_text(_text_of(body_value) or "")
    # "(서울=뉴스1) 김민수 기자 =" / "新华社北京11月20日电（记者 张伟）" before the text, "Mỹ Bình (TTXVN)" after it
    byline = take_leading(paragraphs) or Byline()
    signoff = take_signoff(paragraphs) or Byline()
    body = "\n\n".join(paragraphs)
    if not title and not body:
        raise BadDocument(raw.origin, "record has no title and no body text", sample=str(fields)[:200])
    _, summary_value = _first(fields, "summary")
    summary = "\n".join(fragment_to_text(_text_of(summary_value) or "")[0])
    _, caption_value = _first(fields, "captions")
    if isinstance(caption_value, list):
        captions += [c for c in (_text_of(v) for v in caption_value) if c]
    elif caption_value:
        captions.append(str(caption_value).strip())
    language = raw.lang or normalise_lang(_text_of(_first(fields, "language")[1]))
    time = _first_time([fields], FIELD_MAP["published"], language, default_tz)
    unparsed, crawl_key = time.unparsed, None
    if time.when is None:
        crawl = [fields, *(fields[h] for h in _CRAWL_HOLDERS if isinstance(fields.get(h), dict))]
        time = _first_time(crawl, CRAWL_TIME_KEYS, language, default_tz)
        crawl_key = time.key
    published, precision, published_raw = time.when, time.precision, time.raw
    url = _text_of(_first(fields, "url")[1]) or raw.url
    named_source = _valid_text(raw.source) or _text_of(_first(fields, "source")[1])
    agency = _text_of(_first(fields, "agency")[1]) or byline.agency or signoff.agency
    # A record that names no outlet is shown under the agency that filed it (as a text dump is);
    # the id keeps to what the record names, so re-ingesting a file keeps its ids.
    source = named_source or agency
    external_id = _text_of(_first(fields, "external_id")[1])
    extra: dict[str, Any] = {k: v for k, v in fields.items() if k not in _MAPPED and v not in (None, "", [], {})}
    if summary and summary != body:
        extra["summary"] = summary
    if crawl_key:
        extra["time_source"] = f"{crawl_key}: no publication date in the input; this is when it was crawled"
    if precision:
        extra["published_precision"] = precision
    if unparsed and (crawl_key or not precision):
        extra["published_unparsed"] = unparsed
    if not body:
        extra["headline_only"] = True
    if source and not named_source:
        extra["source_from"] = "agency"
    extra.update(provenance(raw))
    return Article(
        id=article_id(url=url, title=title, body=body, source=named_source, external_id=external_id),
        title=title_or_derived(title, body, language, extra),  # sets extra["title_source"] when derived
        body=body,
        origin=raw.origin,
        source=source,
        url=url,
        captions=list(dict.fromkeys(captions)),
        published=published,
        published_raw=published_raw if published else None,
        language=language,
        author=_text_of(_first(fields, "author")[1]) or byline.author or signoff.author,
        agency=agency,
        dateline=_text_of(_first(fields, "dateline")[1]) or byline.dateline,
        external_id=external_id,
        extra=extra,
    )
