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


@cache
def _cue_pattern(topic: str, lang: str) -> re.Pattern[str] | None:
    cues = taxonomy()[topic].get(lang) or taxonomy()[topic].get("en")
    if not cues:
        return None
    if lang in ("ko", "zh"):
        return re.compile("|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c.lower()) for c in sorted(cues, key=len, reverse=True))
                      + r")(?!\w)")


def assign_topics(title: str, body: str, lang: str | None) -> list[tuple[str, float]]:
    code = lang if lang in ("en", "vi", "ko", "zh") else "en"
    title_text, body_text = (title, body) if code in ("ko", "zh") else (title.lower(), body.lower())
    length = len(body_text) / (2 if code in ("ko", "zh") else 6) + 10  # ~ words
    scored: list[tuple[str, float]] = []
    for topic in taxonomy():
        pattern = _cue_pattern(topic, code)
        if pattern is None:
            continue
        hits = len(pattern.findall(body_text)) + 2 * len(pattern.findall(title_text))
        score = hits / math.sqrt(length)
        if score >= _MIN_SCORE:
            scored.append((topic, round(score, 3)))
    scored.sort(key=lambda item: -item[1])
    return scored[:_MAX_TOPICS]


def topic_label(topic: str, lang: str = "en") -> str:
    labels = taxonomy().get(topic, {}).get("label", {})
    return str(labels.get(lang) or labels.get("en") or topic)
