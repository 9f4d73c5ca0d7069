"""Cross-lingual story links: transliterated names meet by sound, generic glosses count for less."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from newsradar.model import Article, Enrichment, Entity
from newsradar.stories.clusterer import ClusterParams, OnlineClusterer, _cosine, _norm
from newsradar.stories.features import (
    ANCHOR_WEIGHTS,
    Background,
    StoryFeatures,
    features_of,
    gloss_weight,
    glosses_of,
)
from newsradar.stories.sounds import hangul_key, latin_keys, pinyin_key

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

T0 = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def background() -> Background:
    return Background()


def _article(article_id: str, lang: str, title: str, body: str, tokens: list[str],
             entities: tuple[tuple[str, str], ...] = ()) -> Article:
    found = [Entity(name=name, kind=kind, key=name.lower().replace(" ", "")) for name, kind in entities]
    return Article(id=article_id, title=title, body=body, origin="test", source=f"outlet-{article_id}",
                   language=lang, published=T0,
                   enrichment=Enrichment(language=lang, tokens=tokens, entities=found))


# An English report, its Korean translation, and a Korean report of another ferry running aground:
# the look-alike shares every common word of the translation (ferry, aground, passengers, captain)
# but none of its names or numbers.
ENGLISH = _article(
    "en", "en", "Galapagos ferry Meridew runs aground near Santa Cruz",
    "The ferry Meridew, carrying 212 tourists, ran aground off Santa Cruz on Tuesday, captain Rafael "
    "Ovechkin said. Nobody was hurt.",
    ["galapagos", "ferry", "meridew", "runs", "aground", "near", "santa", "cruz", "ferry", "meridew", "carrying",
     "212", "tourists", "ran", "aground", "santa", "cruz", "tuesday", "captain", "rafael", "ovechkin", "said",
     "nobody", "hurt"],
    (("Galapagos", "place"), ("Meridew", "organization"), ("Santa Cruz", "place"), ("Rafael Ovechkin", "person")),
)
KOREAN = _article(
    "ko", "ko", "갈라파고스 여객선 메리듀호, 산타크루스 인근 좌초",
    "관광객 212명을 태운 여객선 메리듀호가 화요일 산타크루스 앞바다에서 좌초했다고 라파엘 오베치킨 선장이 밝혔다. "
    "다친 사람은 없다.",
    ["갈라파고스", "여객선", "메리듀호", "산타크루스", "인근", "좌초", "관광객", "여객선", "메리듀호", "화요일",
     "산타크루스", "앞바다", "좌초", "라파엘", "오베치킨", "선장", "사람"],
    (("갈라파고스", "place"), ("메리듀호", "organization"), ("산타크루스", "place"), ("라파엘 오베치킨", "person")),
)
LOOKALIKE = _article(
    "ko2", "ko", "제주 여객선 한라호, 성산항 인근 좌초",
    "승객 150명을 태운 여객선 한라호가 화요일 성산항 앞바다에서 좌초했다고 김민준 선장이 밝혔다. 다친 사람은 없다.",
    ["제주", "여객선", "한라호", "성산항", "인근", "좌초", "승객", "여객선", "한라호", "화요일", "성산항", "앞바다",
     "좌초", "김민준", "선장", "사람"],
    (("제주", "place"), ("한라호", "organization"), ("성산항", "place"), ("김민준", "person")),
)


def _anchor_cosine(a: StoryFeatures, b: StoryFeatures) -> float:
    return _cosine(a.anchors, b.anchors, _norm(b.anchors))


def test_a_name_has_one_sound_key_in_every_script() -> None:
    assert latin_keys("Galapagos") == ("KLPKS",) and hangul_key("갈라파고스") == "KLPKS"
    assert latin_keys("Vidal") == ("PTL",) and hangul_key("비달") == "PTL" and pinyin_key("比达尔") == "PTL"
    assert latin_keys("Kaluma") == ("KLM",) and hangul_key("칼루마") == "KLM" and pinyin_key("卡鲁玛") == "KLM"
    # Korean leaves out an r that no vowel follows, or writes it as 르: both keys are kept.
    assert hangul_key("찰스") in latin_keys("Charles") and hangul_key("바르셀로나") in latin_keys("Barcelona")
    assert hangul_key("마루치도어") in latin_keys("Maroochydore")


def test_only_names_are_keyed(background: Background) -> None:
    keys = background.sounds.of(ENGLISH, "en", ENGLISH.enrichment.tokens)  # type: ignore[union-attr]
    assert {"s:MLT", "s:LPL", "s:PSKN"} <= set(keys)
    assert "s:TST" not in keys  # "Tuesday": a common word, not a name
    vietnamese = _article("vi", "vi", "Bão Kaluma đổ bộ Đà Nẵng", "Chính quyền Đà Nẵng sơ tán dân.", ["bão", "kaluma"])
    assert set(background.sounds.of(vietnamese, "vi", ["bão", "kaluma"])) == {"s:KLM"}  # not Đà Nẵng, Chính


def test_a_translation_joins_by_its_names_and_a_look_alike_stays_apart(background: Background) -> None:
    english, korean, lookalike = (features_of(a, background) for a in (ENGLISH, KOREAN, LOOKALIKE))
    shared = {k for k in english.anchors.keys() & korean.anchors.keys() if k.startswith("s:")}
    assert {"s:MLT", "s:LPL", "s:PSKN", "s:KLPKS"} <= shared
    threshold = ClusterParams().cross_assign
    assert _anchor_cosine(korean, english) >= threshold > _anchor_cosine(lookalike, english)
    assert _anchor_cosine(korean, english) > 2 * _anchor_cosine(lookalike, english)

    clusterer = OnlineClusterer()
    story = clusterer.add(english).story_id
    assert clusterer.add(korean).story_id == story
    # Korean is in the story through one article: a same-language look-alike of it must agree on anchors too.
    assert clusterer.add(lookalike).story_id != story


def test_generic_glosses_weigh_less_than_specific_ones(background: Background) -> None:
    """"cooperation" and "media" are in every language's news: a look-alike shares them as much as a
    translation does, so they weigh less than "semiconductor" even where the source word is as rare."""
    cases = (("ko", ["협력", "반도체"]), ("zh", ["合作", "半导体"]), ("en", ["cooperation", "semiconductor"]))
    for lang, words in cases:
        glosses = glosses_of(words, lang, background)
        assert glosses["g:semiconductor"] > 1.2 * glosses["g:cooper"], (lang, glosses)


def test_a_word_glossed_as_synonyms_counts_once(background: Background) -> None:
    """협력 glosses as "cooperation, collaboration": its two keys share one word's weight, so a word
    with many synonyms in the dictionary does not outweigh the rest of its article."""
    keys = background.glosser.gloss("협력", "ko")
    assert len(keys) >= 2
    glosses = glosses_of(["협력"], "ko", background)
    for key in keys:
        alone = gloss_weight(background, "협력", "ko", key) * ANCHOR_WEIGHTS["g"]
        assert glosses[f"g:{key}"] == pytest.approx(alone / math.sqrt(len(keys)))


def test_latin_names_pyvi_keeps_together_are_glossed(background: Background) -> None:
    assert background.glosser.gloss("grand prix", "vi") == ("grand", "prix")
    assert background.glosser.gloss("machu picchu", "vi") == ("machu", "picchu")
