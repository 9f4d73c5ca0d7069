"""Small HTML helpers shared by the page and record extractors.

trafilatura finds the article in a whole page; feed entries and JSON exports,
though, carry a *fragment* of HTML that is already the article.  Running the
boilerplate remover on a fragment would throw away short items, so fragments
are flattened here: block elements become paragraphs, figure captions become
captions, scripts and styles vanish.
"""

from __future__ import annotations

import re

from lxml import etree, html

_BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "dd", "dt",
    "section", "article", "header", "footer", "td", "th", "ul", "ol", "table", "br",
}
_DROP = {"script", "style", "noscript", "template", "iframe", "svg", "form", "button"}
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_TAGGED = re.compile(r"<[a-zA-Z!/][^>]*>")


def looks_like_html(text: str) -> bool:
    return bool(_TAGGED.search(text[:2000]))


def clean_inline(text: str) -> str:
    """Collapse runs of spaces (incl. no-break and zero-width) inside one paragraph."""
    return _SPACE.sub(" ", text).strip()


def paragraphs_of(text: str) -> list[str]:
    """Split plain text into non-empty, whitespace-normalised paragraphs (one per line)."""
    return [p for p in (clean_inline(line) for line in text.splitlines()) if p]


def fragment_to_text(fragment: str) -> tuple[list[str], list[str]]:
    """Flatten an HTML fragment into ``(paragraphs, captions)``."""
    if not looks_like_html(fragment):
        return paragraphs_of(fragment), []
    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return paragraphs_of(_TAGGED.sub(" ", fragment)), []
    captions = []
    for cap in root.iter("figcaption"):
        text = clean_inline(cap.text_content())
        if text:
            captions.append(text)
    for el in list(root.iter(*_DROP, "figcaption", "img")):
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    pieces: list[str] = []
    _walk(root, pieces)
    text = "".join(pieces)
    return paragraphs_of(text), captions


def _walk(el: html.HtmlElement, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag.lower() in _BLOCKS
    if block:
        out.append("\n")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")
