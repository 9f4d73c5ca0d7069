"""The shortcuts that keep story placement fast decide exactly as the plain computations they replace.

The candidate lookup, the crowded-day test and the local-day memo were rewritten for speed at 100k
articles (bench/RESULTS.md, "stories"); each test here checks one against the straightforward
computation, so a later change that makes a shortcut disagree fails here and not only in the timings.
The bench's record of the glossing tables' memory is checked too.
"""

from __future__ import annotations

import heapq
import json
import random
import sys
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from operator import itemgetter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsradar.stories import clusterer
from newsradar.stories.clusterer import ClusterParams, OnlineClusterer, StoryState
from newsradar.stories.features import StoryFeatures

from .conftest import CORPORA

T0 = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def _plain_candidates(c: OnlineClusterer, keys: list[str], weights: dict[str, float], exclude: str = "") -> list[str]:
    """The lookup as it was written first: one story at a time."""
    hits: dict[str, float] = {}
    for key in keys:
        postings = c.index.get(key)
        if not postings:
            continue
        weight = weights.get(key, 0.1)
        for story_id in islice(reversed(postings), c.params.posting_scan):
            hits[story_id] = hits.get(story_id, 0.0) + weight
    hits.pop(exclude, None)
    return [s for s, _ in heapq.nlargest(c.params.max_candidates, hits.items(), key=itemgetter(1))]


@pytest.mark.parametrize("seed", range(5))
def test_candidate_lookup_ranks_as_the_story_by_story_sum_ties_included(seed: int) -> None:
    rng = random.Random(seed)
    c = OnlineClusterer(ClusterParams(posting_scan=16, max_candidates=12))
    vocabulary = [f"k{i}" for i in range(30)]
    for n in range(300):
        story = StoryState(id=f"s{n}", first_seen=T0, last_seen=T0)
        c._index(story, rng.sample(vocabulary, rng.randint(1, 8)))
    for _ in range(50):
        keys = rng.choices(vocabulary, k=rng.randint(1, 14))  # a key asked twice counts twice
        # Few distinct weights, so many stories tie and the order of first hits decides.
        weights = {k: rng.choice([0.1, 0.25, 1.0]) for k in rng.sample(vocabulary, 12)}
        exclude = f"s{rng.randrange(300)}"
        assert c._candidates(keys, weights, exclude) == _plain_candidates(c, keys, weights, exclude)


@pytest.mark.parametrize("size", [0, 5, 40, 149, 150, 151, 420, 799, 800, 2500])
def test_heaviest_keys_rank_as_nlargest_ties_in_dict_order(size: int) -> None:
    """All three ways of ranking (a sort, numpy's stable sort, a partition first) against ``heapq.nlargest``."""
    rng = random.Random(size)
    for k in (1, 12, 40, 300):
        # Few distinct weights, so ties decide most places; then distinct weights.
        tied = {f"s{rng.randrange(10**6)}": rng.choice([0.1, 0.2, 1.0, 1.1, 2.3]) for _ in range(size)}
        spread = {f"w{i}": rng.random() for i in range(size)}
        for vector in (tied, spread):
            expected = [key for key, _ in heapq.nlargest(k, vector.items(), key=itemgetter(1))]
            assert clusterer._heaviest_keys(vector, k) == expected
            pruned = clusterer._heaviest(vector, k)
            assert list(pruned) == expected and all(pruned[key] == vector[key] for key in pruned)


def test_lookup_anchors_keep_the_heaviest_glosses_ties_by_key() -> None:
    rng = random.Random(7)
    anchors = {f"g:w{i}": rng.choice([0.5, 0.25, 1 / 3]) for i in range(120)}
    anchors.update({f"e:n{i}": 1.0 for i in range(5)})
    glosses = heapq.nlargest(clusterer.LOOKUP_GLOSSES, ((v, k) for k, v in anchors.items() if k.startswith("g:")))
    expected = [k for k in anchors if not k.startswith("g:")] + [k for _, k in glosses]
    assert clusterer._lookup_anchors(anchors) == expected


def test_an_article_exactly_a_window_away_still_meets_the_story() -> None:
    """The window test compares time differences exactly: at the window it is in, a microsecond past it out."""
    c = OnlineClusterer(ClusterParams(daily_from=0))
    story = StoryState(id="s1", first_seen=T0, last_seen=T0)
    story.add(StoryFeatures("a1", "en", T0, "Flood in Hue", None, terms={"flood": 0.8, "hue": 0.6}))
    for offset, inside in ((timedelta(0), True), (c.params.window, True),
                           (c.params.window + timedelta(microseconds=1), False)):
        for when in (T0 + offset, T0 - offset):
            f = StoryFeatures("a2", "en", when, "Flood in Hue", None, terms={"flood": 0.8, "hue": 0.6})
            similarity, _ = c._similarity(f, story)
            assert (similarity == pytest.approx(1.0)) is inside


def _plain_closed(c: OnlineClusterer, story: StoryState, day: date) -> bool:
    """The crowded-day test read day by day from the counts."""
    start = c._day(story.first_seen)
    if not c.params.daily_from or start >= day:
        return False
    return any(c.volume.get(day - timedelta(days=k), 0) >= c.params.daily_from for k in range((day - start).days + 1))


def test_crowded_days_noted_from_given_volume_loaded_stories_and_placed_articles() -> None:
    given = {date(2026, 11, 10): 7, date(2026, 11, 12): 2}
    c = OnlineClusterer(ClusterParams(daily_from=5, day_volume=given))
    assert c._crowded == [date(2026, 11, 10).toordinal()]

    c = OnlineClusterer(ClusterParams(daily_from=5))
    c.load([StoryState(id="a", first_seen=T0, last_seen=T0, size=6),
            StoryState(id="b", first_seen=T0 + timedelta(days=2), last_seen=T0 + timedelta(days=2), size=3)])
    for hours in (48, 49, 72):  # the third day reaches five; the fourth stays quiet
        c._count(c._day(T0 + timedelta(hours=hours)), 1)
    assert c._crowded == [T0.date().toordinal(), (T0 + timedelta(days=2)).date().toordinal()]
    for start in range(-1, 4):
        story = StoryState(id="s", first_seen=T0 + timedelta(days=start), last_seen=T0 + timedelta(days=start))
        for later in range(start, 6):
            day = (T0 + timedelta(days=later)).date()
            assert c._chapter_closed(story, day) == _plain_closed(c, story, day), (start, later)


def test_never_daily_leaves_no_crowded_days() -> None:
    c = OnlineClusterer(ClusterParams(daily_from=0, day_volume={T0.date(): 10_000}))
    story = StoryState(id="s", first_seen=T0 - timedelta(days=1), last_seen=T0)
    assert c._crowded == [] and not c._chapter_closed(story, T0.date())


def test_remembered_local_days_match_the_zone_after_the_memo_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsradar.stories.clusterer as clusterer

    monkeypatch.setattr(clusterer, "DAY_MEMO", 8)
    zone = ZoneInfo("Asia/Seoul")
    c = OnlineClusterer(ClusterParams(day_zone=zone))
    times = [T0 + timedelta(hours=5 * n) for n in range(40)]
    for when in times + times[::-1]:
        assert c._day(when) == when.astimezone(zone).date()
        assert len(c._days) <= 8


def test_the_bench_stories_step_records_the_glossing_tables_memory() -> None:
    import subprocess

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "bench.stages", "lexicons"], capture_output=True, text=True,
                          check=True, cwd=root)
    figures = json.loads(done.stdout)
    assert set(figures["tables"]) == {"ko", "vi", "zh", "en_keys"}
    assert all(figures["tables"][lang]["entries"] > 1000 for lang in ("ko", "vi", "zh"))
    assert figures["rss_mib"] > 0 and figures["load_seconds"] > 0


def _words(text: str) -> list[str]:
    return text.split()


#: Leads in the four languages, with country names (left out of the glosses), repeats and unknown words.
LEADS = {
    "en": _words("Japan and South Korea agreed on chip export rules as Samsung shares rose ; Japan said "
                 "the semiconductor talks in Seoul would resume , exports exports Zorblax"),
    "ko": _words("일본 정부 는 반도체 수출 규제 를 완화 하기 로 했다 삼성전자 주가 가 올랐다 일본 반도체 협력"),
    "zh": _words("日本 政府 同意 放宽 半导体 出口 管制 三星 股价 上涨 日本 半导体 合作 韩国"),
    "vi": ["Nhật Bản", "và", "Hàn Quốc", "đồng ý", "nới lỏng", "xuất khẩu", "chất bán dẫn", "cổ phiếu",
           "Samsung", "tăng", "xuất khẩu", "hợp tác"],
}


def _plain_glosses(tokens: list[str], lang: str, background: object) -> dict[str, float]:
    """glosses_of as it was written first: every word glossed, folded and weighed each time it comes."""
    import math
    from collections import Counter

    from newsradar.enrich.folding import fold
    from newsradar.lang.countries import country_names
    from newsradar.stories import features as F

    countries = {fold(name) for name in country_names()}
    weights: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for token in tokens[:F.LEAD_TERMS]:
        if fold(token) in countries:
            continue
        keys = [k for k in background.glosser.gloss(token, lang) if k not in F._country_glosses()]  # type: ignore[attr-defined]
        if not keys:
            continue
        share = 1.0 / math.sqrt(len(keys))
        for key in keys:
            counts[key] += 1
            weights[key] = max(weights.get(key, 0.0), F.gloss_weight(background, token, lang, key) * share)  # type: ignore[arg-type]
    scored = {f"g:{k}": (1.0 + math.log(n)) * weights[k] * F.ANCHOR_WEIGHTS["g"] for k, n in counts.items()}
    return dict(sorted(scored.items(), key=lambda kv: -kv[1])[:F.GLOSS_KEYS])


@pytest.mark.parametrize("lang", sorted(LEADS))
def test_remembered_glosses_weigh_as_the_word_by_word_computation(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.stories import features as F

    background = F.Background()
    tokens = LEADS[lang]
    expected = _plain_glosses(tokens, lang, background)
    assert expected  # the lead has glossed words, so the comparison says something
    assert F.glosses_of(tokens, lang, background) == expected  # memo filled
    assert F.glosses_of(tokens, lang, background) == expected  # memo read
    assert all(not key.startswith("g:japan") for key in expected)  # countries are c: anchors, not glosses
    monkeypatch.setattr(F, "GLOSS_MEMO_LIMIT", 3)
    background.gloss_memo.clear()
    assert F.glosses_of(tokens, lang, background) == expected  # the memo starts afresh when full
    assert len(background.gloss_memo) <= 3


def test_one_memo_serves_every_language() -> None:
    """A word spelt alike in two languages glosses and weighs as a word of its own language ("GDP" and
    "tin" in a Vietnamese lead are "gross domestic product" and "news"): the memo keys on the language too."""
    from newsradar.stories import features as F

    shared = F.Background()
    leads = {lang: [*LEADS[lang], "GDP", "tin", "ban", "TV"] for lang in LEADS}
    for lang in ("vi", "en", "zh", "ko", "vi", "en"):
        assert F.glosses_of(leads[lang], lang, shared) == _plain_glosses(leads[lang], lang, F.Background())


def test_the_c_stemmer_stems_as_snowballs_python_english_stemmer() -> None:
    """snowballstemmer hands out PyStemmer's C stemmer when it is installed (a dependency: English words
    are stemmed once each by the story stage and the glosser, and the pure-Python one was a tenth of the
    stage's reading).  Both are built from Snowball's English algorithm; this checks they agree, so an
    upgrade of one without the other cannot move stems, and with them every English story."""
    import re

    import snowballstemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    fast = snowballstemmer.stemmer("english")
    assert type(fast).__module__ == "Stemmer"  # the C one is what the project runs
    corpus = CORPORA / "en-bbc-news.jsonl"
    words = set(re.findall(r"[\w'’.&-]+", corpus.read_text(encoding="utf-8").lower()))
    words |= {"tapering", "taper", "generously", "news'", "kim’s", "cafés", "naïve", "2026", "u.s.", "r&d",
              "cooperation", "cooperating", "dying", "skies", "sky", "ugly", "proceed", "exceed", "succeed"}
    assert len(words) > 20_000
    pure = EnglishStemmer()
    assert [fast.stemWord(w) for w in sorted(words)] == [pure.stemWord(w) for w in sorted(words)]
