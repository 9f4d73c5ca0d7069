"""The article links a polled document lists: RSS/Atom entries or sitemap ``<url>`` elements.

Feed entries keep their record (title, summary, date) so the poller can still
store a headline when the linked page itself cannot be read; sitemaps give
only addresses (and a news title when the sitemap uses the Google News
extension).  A sitemap index lists further sitemaps, which the poller reads in
the same cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..errors import BadDocument
from ..model import RawDocument
from ..sources.feeds import iter_feed_entries

_SITEMAP_ROOT = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(urlset|sitemapindex)[\s>]")


@dataclass(frozen=True, slots=True)
class Link:
    """One article address found in a feed or sitemap; ``entry`` is the feed record, if any."""

    url: str
    feed_url: str
    entry: RawDocument | None = None


@dataclass(slots=True)
class Discovery:
    kind: str  # "feed" or "sitemap"
    title: str | None = None
    links: list[Link] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    skipped: int = 0  # links that are not well-formed http(s) addresses


def web_address(base: str, link: str) -> str | None:
    """``link`` made absolute against ``base``; None unless it is a well-formed http(s) address."""
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:  # "http://[broken" and the like, as scraped feeds do carry
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def discover(data: bytes, feed_url: str) -> Discovery:
    """Links in a feed or a sitemap; BadDocument when it is neither."""
    head = data[:4096]
    if _SITEMAP_ROOT.search(head):
        return _sitemap(data, feed_url)
    found = Discovery(kind="feed")
    for item in iter_feed_entries(data, feed_url):
        if isinstance(item, BadDocument):
            raise item
        link = item.fields.get("url") if item.fields else None
        found.title = found.title or (item.fields or {}).get("source")
        if not link:
            continue  # an entry without a link has no page to fetch and no stable identity
        absolute = web_address(feed_url, str(link))
        if absolute is None:
            found.skipped += 1
            continue
        fields = dict(item.fields or {})
        fields["url"] = absolute
        entry = RawDocument(origin=item.origin, kind="record", fields=fields, url=absolute)
        found.links.append(Link(absolute, feed_url, entry))
    return found


def _sitemap(data: bytes, feed_url: str) -> Discovery:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BadDocument(feed_url, f"not a readable sitemap ({exc})", stage="read") from exc
    if root is None:
        raise BadDocument(feed_url, "not a readable sitemap (empty document)", stage="read")
    found = Discovery(kind="sitemap")
    index = _local(root.tag) == "sitemapindex"
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        loc = next((c.text for c in element if _local(c.tag) == "loc" and c.text), None)
        if not loc:
            continue
        absolute = web_address(feed_url, loc)
        if absolute is None:
            found.skipped += 1
            continue
        if index:
            found.sitemaps.append(absolute)
            continue
        title = next((c.text for c in element.iter() if _local(c.tag) == "title" and c.text), None)
        published = next((c.text for c in element.iter()
                          if _local(c.tag) in ("publication_date", "lastmod") and c.text), None)
        entry = None
        if title:
            entry = RawDocument(origin=f"{feed_url}#{absolute}", kind="record", url=absolute,
                                fields={"title": title.strip(), "url": absolute, "published": published})
        found.links.append(Link(absolute, feed_url, entry))
    if not found.links and not found.sitemaps:
        raise BadDocument(feed_url, "sitemap lists no http(s) URLs", stage="read")
    return found
