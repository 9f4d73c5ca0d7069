"""Extractors: turn a RawDocument into a clean Article.

One function per kind of raw document; :func:`extract_article` picks it.
Every extractor raises :class:`~newsradar.errors.BadDocument` when the input
holds no article, and nothing else on purpose.
"""

from __future__ import annotations

from datetime import tzinfo

from ..model import Article, RawDocument


def extract_article(raw: RawDocument, *, default_tz: tzinfo) -> Article:
    if raw.kind == "html":
        from .html import extract_html

        return extract_html(raw, default_tz=default_tz)
    if raw.kind == "record":
        from .records import extract_record

        return extract_record(raw, default_tz=default_tz)
    from .textdump import extract_textdump

    return extract_textdump(raw, default_tz=default_tz)
