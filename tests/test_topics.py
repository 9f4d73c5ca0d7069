"""Topic cues: the one-scan counter for space-separated languages gives each topic's own pattern's count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsradar.enrich import topics

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

TEXTS = [
    "",
    "world cup final: the world cup finalists met the cup holders",
    "a cupboard, a world-cup and world_cup, then world cup.",
    "bóng đá Việt Nam, đội tuyển bóng đá nữ và bóngđá",
    "the election campaign; a campaign rally after the elections and an election",
    "cup",
    "finals final final-final",
    "world cup finals final, world cup finalist",
]


@pytest.fixture
def taxonomy(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A taxonomy whose topics share cues and whose cues overlap and nest (the real one ships few such)."""
    data = {
        "sport": {"en": ["World Cup", "cup", "final", "world cup final", "finals"], "vi": ["bóng đá", "đội tuyển"]},
        "trophies": {"en": ["cup final", "cup", "holders"]},
        "politics": {"en": ["election", "elections", "campaign rally", "campaign"]},
        "empty": {"vi": ["bóng"]},  # falls back to no English cues
    }
    caches = (topics._cue_pattern, topics._word_cue_index)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.setattr(topics, "taxonomy", lambda: data)
    yield data
    for cached in caches:
        cached.cache_clear()


def _pattern_counts(text: str, lang: str) -> dict[str, int]:
    counts = {}
    for topic in topics.taxonomy():
        pattern = topics._cue_pattern(topic, lang)
        if pattern is not None and pattern.findall(text):
            counts[topic] = len(pattern.findall(text))
    return counts


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_one_scan_counts_what_each_topic_pattern_finds(taxonomy: dict[str, Any], lang: str) -> None:
    index = topics._word_cue_index(lang)
    assert index is not None
    for text in TEXTS:
        assert topics._word_cue_hits(text.lower(), index) == _pattern_counts(text.lower(), lang), text
    # nested and overlapping cues resume where the topic's last match ended, per topic
    english = topics._word_cue_index("en")
    assert english is not None
    assert topics._word_cue_hits("world cup final", english) == {"sport": 1, "trophies": 1}


def test_an_empty_cue_keeps_the_patterns(taxonomy: dict[str, Any]) -> None:
    taxonomy["sport"]["en"].append("")
    topics._word_cue_index.cache_clear()
    assert topics._word_cue_index("en") is None
    assert topics.assign_topics("Cup final", "the cup final", "en")[0][0] in ("sport", "trophies")


def test_assign_topics_uses_the_shipped_taxonomy() -> None:
    found = topics.assign_topics("Đội tuyển bóng đá Việt Nam thắng", "Đội tuyển bóng đá Việt Nam thắng trận. " * 3,
                                 "vi")
    assert found and found[0][0] == "sports"
