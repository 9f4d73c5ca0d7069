"""Article pages (live, archived or saved from a browser) through trafilatura.

trafilatura finds the main text and most metadata; newsradar adds what a
newsroom needs on top: the publication time *with* its time and offset from
the page's own metadata (trafilatura's date is day-precise), the page
language from ``<html lang>``, and the figure captions kept apart from the body.
"""

from __future__ import annotations

import json
import re
from datetime import tzinfo
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..errors import BadDocument
from ..model import Article, RawDocument, article_id
from .bylines import Byline, take_leading, take_signoff
from .common import clean_title, metadata_date, normalise_lang, provenance, resolve_published, zone_for
from .headline import title_or_derived
from .htmltext import clean_inline, paragraphs_of

#: Meta tags that carry the publication time, best first.
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("name", "sailthru.date"),
    ("property", "og:updated_time"),
)


def _meta(tree: Any, attr: str, value: str) -> str | None:
    for el in tree.iter("meta"):
        if (el.get(attr) or "").lower() == value.lower():
            content = (el.get("content") or "").strip()
            if content:
                return content
    return None


def _jsonld_dates(tree: Any) -> str | None:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return str(item["datePublished"])
    return None


def published_string(tree: Any) -> str | None:
    """The page's own statement of when it was published, as written."""
    for attr, value in _DATE_META:
        found = _meta(tree, attr, value)
        if found:
            return found
    found = _jsonld_dates(tree)
    if found:
        return found
    for el in tree.iter("time"):
        if el.get("datetime"):
            return str(el.get("datetime")).strip()
    return None


def page_language(tree: Any) -> str | None:
    root_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    lang = root_lang or _meta(tree, "http-equiv", "content-language") or _meta(tree, "property", "og:locale")
    return normalise_lang(lang)


def figure_captions(tree: Any) -> list[str]:
    captions: list[str] = []
    for cap in tree.iter("figcaption"):
        text = clean_inline(cap.text_content())
        if text and text not in captions:
            captions.append(text)
    return captions


_BYLINE_TRIM = re.compile(r"(?:\s*(?:기자|특파원|记者|PV|phóng viên)\b)?[\s·|,/-]*$|^(?:by|bởi)\s+", re.IGNORECASE)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)


def saved_from_url(text: str) -> str | None:
    """The address a browser's "Save page as" wrote into the file, if any."""
    match = _SAVED_FROM.search(text[:4096])
    return match.group(1) if match and match.group(1).startswith(("http://", "https://")) else None


def drop_header_lines(paragraphs: list[str], title: str, tz: tzinfo) -> list[str]:
    """Leading paragraphs that repeat the headline or state date and source are page furniture."""
    heading = clean_inline(title)
    while len(paragraphs) > 1 and (paragraphs[0] == heading or metadata_date(paragraphs[0], tz)):
        paragraphs = paragraphs[1:]
    return paragraphs


def author_name(tree: Any, found: str | None) -> str | None:
    """``<meta name=author>`` as written, else trafilatura's byline without the "기자 ·" trimmings."""
    name = _meta(tree, "name", "author") or found
    if not name:
        return None
    name = _BYLINE_TRIM.sub("", clean_inline(name))
    return name or None


def link_texts(tree: Any) -> list[str]:
    """The text of every link, longest first: a "body" made of these alone is a menu, not an article."""
    texts = {clean_inline(a.text_content()) for a in tree.iter("a")}
    return sorted((t for t in texts if t), key=len, reverse=True)


def is_link_only(paragraph: str, links: list[str]) -> bool:
    """True when nothing but link texts and separators is left of ``paragraph``."""
    for text in links:
        paragraph = paragraph.replace(text, " ")
    return not any(ch.isalnum() for ch in paragraph)


def declared_url(tree: Any) -> str | None:
    """The address the page gives for itself (``rel=canonical``, else ``og:url``), as written."""
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and (el.get("href") or "").startswith("http"):
            return str(el.get("href")).strip()
    found = _meta(tree, "property", "og:url")
    return found if found and found.startswith("http") else None


def parse_page(text: str, origin: str) -> Any:
    try:
        tree = lxml_html.document_fromstring(text.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise BadDocument(origin, f"broken HTML, no document could be parsed ({exc})") from exc
    return tree


def extract_html(raw: RawDocument, *, default_tz: tzinfo) -> Article:
    tree = parse_page(raw.text, raw.origin)
    # Read our own metadata first: trafilatura prunes the tree it is given.
    links = link_texts(tree)
    captions = figure_captions(tree)
    language = raw.lang or page_language(tree)
    page_date = published_string(tree)
    page_url = raw.url or saved_from_url(raw.text)
    doc: Any = trafilatura.bare_extraction(
        tree,
        url=page_url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if doc is None or not getattr(doc, "text", None):
        raise BadDocument(raw.origin, "no article text found in HTML page (only boilerplate or markup)")
    caption_set = set(captions)
    paragraphs = [p for p in paragraphs_of(doc.text or "") if p not in caption_set]
    if not paragraphs:
        raise BadDocument(raw.origin, "no article text found in HTML page (only captions)")
    if all(is_link_only(p, links) for p in paragraphs):
        raise BadDocument(raw.origin, "no article text found in HTML page (only navigation links)")
    paragraphs = drop_header_lines(paragraphs, doc.title or "", zone_for(language, default_tz))
    byline = take_leading(paragraphs) or Byline()
    signoff = take_signoff(paragraphs) or Byline()
    body = "\n\n".join(paragraphs)
    title = clean_title(doc.title or "", doc.sitename)
    url = declared_url(tree) or page_url or doc.url
    source = raw.source or doc.sitename or doc.hostname
    raw_date = page_date or doc.date
    published, precision = resolve_published(raw_date, language, default_tz)
    extra: dict[str, Any] = {}
    if precision:
        extra["published_precision"] = precision
    for key, value in (
        ("description", doc.description),
        ("site_name", doc.sitename),
        ("categories", list(doc.categories or [])),
        ("tags", list(doc.tags or [])),
    ):
        if value:
            extra[key] = value
    extra.update(provenance(raw))
    return Article(
        id=article_id(url=url, title=title, body=body, source=source),
        title=title_or_derived(title, body, language, extra),  # sets extra["title_source"] when derived
        body=body,
        origin=raw.origin,
        source=source,
        url=url,
        captions=captions,
        published=published,
        published_raw=raw_date if published else None,
        language=language,
        author=author_name(tree, doc.author) or byline.author or signoff.author,
        agency=byline.agency or signoff.agency,
        dateline=byline.dateline,
        extra=extra,
    )
