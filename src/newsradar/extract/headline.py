"""A headline for an article that has none: its first sentence, cut to fit a listing row.

Headline-less records are common in real corpora (THUCNews items, Korean
news dumps); without a title the dashboard shows blank rows and wire-copy
groups have nothing to show.  The derived title goes to the article's
``title`` and ``extra["title_source"] = "derived"`` says where it came from,
so the API and the article page can tell a reader.  Bylines and datelines are
taken off the body (:mod:`.bylines`) before this runs.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..lang import headlines as data
from ..lang import script_hint

#: The value of ``extra["title_source"]`` for a title made here.
DERIVED = "derived"
_UNSPACED = ("zh", "ja")
_CJK_END = re.compile(rf"[{re.escape(data.CJK_SENTENCE_END)}]+[{re.escape(data.CLOSERS)}]*")
_END = re.compile(rf"[{re.escape(data.SENTENCE_END)}]+[{re.escape(data.CLOSERS)}]*(?=\s|$)")
_OPENERS = "\"'“‘«「『(（["


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _is_abbreviation(text: str, end: re.Match[str]) -> bool:
    """Whether the full stop of ``end`` closes a word like "Mr." / "U.S." / "TP." instead of a sentence."""
    if not end.group(0).startswith("."):
        return False
    words = text[: end.start()].split()
    if not words:
        return True
    word = words[-1].lstrip(_OPENERS)
    return (word.casefold() in data.ABBREVIATIONS or "." in word
            or (len(word) == 1 and word.isalpha()) or word.isdigit())


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph: up to 。！？ anywhere, or . ! ? before a space or the end."""
    ends = [m for m in _CJK_END.finditer(paragraph)][:1]
    ends += [m for m in _END.finditer(paragraph) if not _is_abbreviation(paragraph, m)][:1]
    if not ends:
        return paragraph.strip()
    end = min(ends, key=lambda m: m.end())
    sentence = paragraph[: end.end()].strip()
    if sentence.endswith((".", "。")) and not sentence.endswith(("..", "。。")):
        sentence = sentence[:-1]  # a headline has no full stop; "?" and "!" stay
    return sentence


def shorten(text: str, language: str | None) -> str:
    """``text`` when it fits :data:`MAX_WIDTH` columns; else cut with an ellipsis, at a word boundary
    in spaced scripts (Vietnamese, English, Korean) and at a character count in Chinese or Japanese."""
    if sum(_width(c) for c in text) <= data.MAX_WIDTH:
        return text
    budget = data.MAX_WIDTH - sum(_width(c) for c in data.ELLIPSIS)
    cut, used = 0, 0
    while cut < len(text) and used + _width(text[cut]) <= budget:  # ``cut``: the first that does not fit
        used += _width(text[cut])
        cut += 1
    if language not in _UNSPACED:
        space = text.rfind(" ", 0, cut + 1)
        if space > cut // 2:  # a word boundary not too far back; one long word is cut where it is
            cut = space
    return text[:cut].rstrip(data.TRAILING) + data.ELLIPSIS


def derive_title(body: str, language: str | None) -> str:
    """A headline from the first sentence of ``body`` (``""`` when the body has no text)."""
    paragraph = next((p for p in body.split("\n") if p.strip()), "")
    if not paragraph:
        return ""
    return shorten(first_sentence(" ".join(paragraph.split())), language or script_hint(body))


def title_or_derived(title: str, body: str, language: str | None, extra: dict[str, Any]) -> str:
    """``title`` when there is one; else a derived one, recorded in ``extra["title_source"]``."""
    if title or not body:
        return title
    derived = derive_title(body, language)
    if derived:
        extra["title_source"] = DERIVED
    return derived


def title_is_derived(extra: dict[str, Any] | None) -> bool:
    """Whether an article's title was derived here (its ``extra`` says so)."""
    return bool(extra and extra.get("title_source") == DERIVED)
