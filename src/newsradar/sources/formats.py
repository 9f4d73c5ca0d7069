"""Which reader handles an input: by file name first, by content when the name says nothing.

Scraped folders are full of files named ``12345`` or ``page.php``; sniffing the
first bytes (``WARC/1.0``, ``<rss``, ``<!DOCTYPE html``, ``{``) keeps those
working without the user having to rename anything.
"""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["text", "html", "json", "jsonl", "warc", "feed", "opml"]

_BY_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc": "warc",
    ".arc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".opml": "opml",
}
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.I)


def format_from_name(name: str) -> Format | None:
    lower = name.lower().split("?", 1)[0]
    for suffix in sorted(_BY_SUFFIX, key=len, reverse=True):
        if lower.endswith(suffix):
            return _BY_SUFFIX[suffix]
    return None


def format_from_content(head: bytes, content_type: str | None = None) -> Format:
    """Guess from the first bytes (and an HTTP content type, when there is one)."""
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if ctype in ("application/warc", "application/x-warc"):
        return "warc"
    if ctype in ("application/json",):
        return "json"
    if ctype in ("application/x-ndjson", "application/jsonl"):
        return "jsonl"
    if ctype == "text/x-opml":
        return "opml"
    sample = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if sample.startswith(b"WARC/"):
        return "warc"
    if sample[:1] in (b"{", b"["):
        first_line = sample.split(b"\n", 1)[0].rstrip()
        return "jsonl" if first_line.endswith(b"}") and b"\n{" in sample else "json"
    if b"<opml" in sample[:1024].lower():
        return "opml"
    if _FEED_ROOT.search(sample[:2048]):
        return "feed"
    if ctype in ("text/html", "application/xhtml+xml") or _HTML_ROOT.search(sample[:2048]):
        return "html"
    if sample.startswith(b"<?xml"):
        return "feed"
    return "text"


def detect_format(name: str, head: bytes, content_type: str | None = None) -> Format:
    """The reader for an input named ``name`` whose content starts with ``head``.

    A ``.txt`` whose content starts with ``<`` is really a saved page or a feed;
    the content wins there.
    """
    by_name = format_from_name(name)
    if by_name is None or (by_name == "text" and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"):
        return format_from_content(head, content_type)
    return by_name
