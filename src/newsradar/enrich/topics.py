"""Topics from the desk taxonomy in ``data/topics.toml``, with a score.

A topic's score is how densely the article uses that topic's cue words in its
own language (occurrences per square root of its length, title cues counted
twice), so one passing mention does not make a story "sports".  The taxonomy
is data: desks add topics and cue words there.
"""

from __future__ import annotations

import math
import re
import tomllib
from functools import cache
from importlib import resources as package_files
from typing import Any

_MIN_SCORE = 0.25
_MAX_TOPICS = 3


@cache
def taxonomy() -> dict[str, dict[str, Any]]:
    text = package_files.files("newsradar.data").joinpath("topics.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _cues(topic: str, lang: str) -> tuple[str, ...]:
    """A topic's cue words in ``lang`` (else English), longest first as written: the order they are tried in;
    lower-cased for the space-separated languages, whose text is lower-cased."""
    cues = taxonomy()[topic].get(lang) or taxonomy()[topic].get("en") or ()
    ordered = sorted(cues, key=len, reverse=True)
    return tuple(ordered if lang in ("ko", "zh") else (c.lower() for c in ordered))


@cache
def _cue_pattern(topic: str, lang: str) -> re.Pattern[str] | None:
    cues = _cues(topic, lang)
    if not cues:
        return None
    if lang in ("ko", "zh"):
        return re.compile("|".join(re.escape(c) for c in cues))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)")


def assign_topics(title: str, body: str, lang: str | None) -> list[tuple[str, float]]:
    code = lang if lang in ("en", "vi", "ko", "zh") else "en"
    title_text, body_text = (title, body) if code in ("ko", "zh") else (title.lower(), body.lower())
    length = len(body_text) / (2 if code in ("ko", "zh") else 6) + 10  # ~ words
    index = _word_cue_index(code) if code not in ("ko", "zh") else None
    if index is not None:
        body_hits, title_hits = _word_cue_hits(body_text, index), _word_cue_hits(title_text, index)
    scored: list[tuple[str, float]] = []
    for topic in taxonomy():
        pattern = _cue_pattern(topic, code)
        if pattern is None:
            continue
        if index is not None:
            hits = body_hits.get(topic, 0) + 2 * title_hits.get(topic, 0)
        else:
            hits = len(pattern.findall(body_text)) + 2 * len(pattern.findall(title_text))
        score = hits / math.sqrt(length)
        if score >= _MIN_SCORE:
            scored.append((topic, round(score, 3)))
    scored.sort(key=lambda item: -item[1])
    return scored[:_MAX_TOPICS]


_WORD = re.compile(r"\w")
#: A space-separated language's cue index: a pattern matching the first character of every place where some
#: topic's cue starts (as a whole word and ends one), and, by that character, each topic's cues that start
#: with it, in the order the topic's own pattern tries them.
_CueIndex = tuple[re.Pattern[str], dict[str, tuple[tuple[str, tuple[str, ...]], ...]]]


@cache
def _word_cue_index(lang: str) -> _CueIndex | None:
    """The cues of every topic for :func:`_word_cue_hits` (``None`` when a cue is empty: the patterns then)."""
    by_first: dict[str, dict[str, list[str]]] = {}
    for topic in taxonomy():
        for cue in _cues(topic, lang):  # in the order the topic's pattern tries them
            if not cue:
                return None
            by_first.setdefault(cue[0], {}).setdefault(topic, []).append(cue)
    if not by_first:
        return None
    # Each branch consumes the first character only (so every start is found, even inside another cue) and
    # starts with it as a literal, which lets the regex engine skip to the characters that can start a cue.
    # "(?<!\w[\s\S])" after the first character is "(?<!\w)" before it.
    finder = re.compile("|".join(
        re.escape(first) + r"(?<!\w[\s\S])(?=(?:"
        + "|".join(re.escape(c[1:]) for c in sorted({c for cs in topics.values() for c in cs}, key=len, reverse=True))
        + r")(?!\w))"
        for first, topics in by_first.items()))
    return finder, {first: tuple((t, tuple(cs)) for t, cs in topics.items()) for first, topics in by_first.items()}


def _word_cue_hits(text: str, index: _CueIndex) -> dict[str, int]:
    """For each topic, how many matches its :func:`_cue_pattern` finds in ``text`` (en, vi: whole-word cues).

    Why: the ten topics' patterns each scanned the whole lower-cased body, position by position (a twentieth
    of a Vietnamese article's enrichment).  One scan finds the few places where any cue starts; each topic's
    scan is then replayed there: the first of its cues, in its pattern's order, that ends a word is a match
    (only its cues with that first character can be), and its next match starts no earlier than this one's
    end, as ``findall`` resumes.
    """
    finder, by_first = index
    word = _WORD.match
    hits: dict[str, int] = {}
    resume: dict[str, int] = {}
    for found in finder.finditer(text):
        at = found.start()
        for topic, cues in by_first[found.group()]:
            if at < resume.get(topic, 0):
                continue
            for cue in cues:
                end = at + len(cue)
                if text.startswith(cue, at) and not word(text, end):
                    hits[topic] = hits.get(topic, 0) + 1
                    resume[topic] = end
                    break
    return hits


def topic_label(topic: str, lang: str = "en") -> str:
    labels = taxonomy().get(topic, {}).get("label", {})
    return str(labels.get(lang) or labels.get("en") or topic)
