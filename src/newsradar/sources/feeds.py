"""RSS/Atom feeds and OPML lists of feeds.

feedparser does the tolerant parsing (it reads the broken feeds real sites
publish); each entry becomes a structured record whose body is the entry's
full content when the feed carries it, else its summary.  OPML files are
resolved to the feeds they list; fetching feeds over time (``watch``) builds
on these same parsers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import etree

from ..errors import BadDocument
from ..model import RawDocument


@dataclass(frozen=True, slots=True)
class FeedRef:
    """One feed listed in an OPML file."""

    url: str
    title: str | None = None
    html_url: str | None = None


def _struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    return datetime(*value[:6], tzinfo=UTC)


def _entry_fields(entry: Any, feed: Any) -> dict[str, Any]:
    contents = entry.get("content") or []
    body_html = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    body = body_html if len(body_html) >= len(summary) else summary
    published = entry.get("published") or entry.get("updated")
    parsed = _struct_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed"))
    return {
        "title": entry.get("title", ""),
        "body_html": body,
        "summary_html": summary if body is not summary else "",
        "url": entry.get("link"),
        "published": published,
        "published_utc": parsed.isoformat() if parsed else None,
        "author": entry.get("author"),
        "id": entry.get("id"),
        "source": feed.get("title"),
        "language": (feed.get("language") or "").split("-")[0].lower() or None,
        "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
        "feed_url": feed.get("link"),
    }


def iter_feed_entries(
    data: bytes, origin: str, *, source: str | None = None, lang: str | None = None
) -> Iterator[RawDocument | BadDocument]:
    """One record per feed entry; an unreadable feed is one quarantine entry."""
    parsed = feedparser.parse(data)
    entries = parsed.get("entries", [])
    if not entries:
        reason = str(parsed.get("bozo_exception") or "no entries") if parsed.get("bozo") else "feed has no entries"
        yield BadDocument(origin, f"not a readable RSS/Atom feed ({reason})", stage="read")
        return
    feed = parsed.get("feed", {})
    for index, entry in enumerate(entries, start=1):
        fields = _entry_fields(entry, feed)
        yield RawDocument(
            origin=f"{origin}#entry={index}",
            kind="record",
            fields=fields,
            url=fields["url"],
            source=source,
            lang=lang,
        )


def parse_opml(data: bytes, origin: str) -> list[FeedRef]:
    """The feeds an OPML file lists (nested outlines included), in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BadDocument(origin, f"not a readable OPML file ({exc})", stage="read") from exc
    if root is None or root.tag.lower() != "opml":
        raise BadDocument(origin, "not an OPML file (no <opml> root element)", stage="read")
    refs = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            refs.append(FeedRef(url.strip(), outline.get("title") or outline.get("text"), outline.get("htmlUrl")))
    if not refs:
        raise BadDocument(origin, "OPML file lists no feeds (no outline with xmlUrl)", stage="read")
    return refs
