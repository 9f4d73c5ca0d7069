"""Cross-lingual story links through names the entity stage missed, and local angles on a told event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsradar.enrich.identity import identity_key
from newsradar.model import Article, Enrichment, Entity
from newsradar.stories.clusterer import MIN_SHARED_NAMES, ClusterParams, OnlineClusterer, _cosine
from newsradar.stories.features import StoryFeatures, anchors_of
from newsradar.stories.sounds import Background, _whole_word

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

T0 = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def background() -> Background:
    return Background()


def _article(lang: str, title: str, body: str, tokens: list[str],
             entities: tuple[tuple[str, str], ...] = ()) -> Article:
    found = [Entity(name=name, kind=kind, key=identity_key(name, kind, lang)) for name, kind in entities]
    return Article(id=f"{lang}-{title[:8]}", title=title, body=body, origin="test", source=f"outlet-{lang}",
                   language=lang, published=T0, enrichment=Enrichment(language=lang, tokens=tokens, entities=found))


def test_a_name_with_a_number_is_one_anchor_in_every_script() -> None:
    """A model, rocket or vessel is named with its number: the number alone is too short to count (a
    day, a score), but joined to the name's identity key it is as specific as an entity."""
    korean = _article("ko", "中 스타트업 '싱허-4' 공개",
                      "항저우의 AI 스타트업이 공개한 '싱허-4'를 두고 평가가 엇갈린다.", ["싱허"])
    chinese = _article("zh", "“星河-4”开源两天下载量破百万", "星河智算宣布“星河-4”下载量超过100万次。", ["星河"])
    english = _article("en", "Chinese start-up releases open model", "Hangzhou-based Xinghe AI released Xinghe-4.",
                       ["xinghe"])
    keys = [{k for k in anchors_of(a) if k.startswith("e:")} for a in (korean, chinese, english)]
    assert all("e:singho-4" in k for k in keys), keys
    # A date, a decimal or a word glued to letters is no such name.
    other = _article("en", "Rates", "On 2026-11-19 the rate-12.5 band and Model-4x stayed.", ["rates"])
    assert not any("-" in k for k in anchors_of(other) if k.startswith("e:"))


def test_a_korean_name_kiwi_cut_is_keyed_whole(background: Background) -> None:
    """Kiwi reads 당반타인 (Đặng Văn Thành) as 당반타 + 인: the whole word's identity key is the one the
    Vietnamese and English reports' entity has."""
    assert _whole_word("당반타", "당반타인 베트남 감독은") == "당반타인"
    assert _whole_word("박건우", "박건우가 동점골을") == "박건우"  # a particle is not part of the name
    assert _whole_word("오베츠킨", "오베츠킨입니다") == "오베츠킨"  # nor a longer ending
    korean = _article("ko", "베트남 감독", "당반타인 베트남 감독은 \"물러서지 않겠다\"고 말했다.",
                      ["당반타", "베트남", "감독"])
    keys = background.sounds.of(korean, "ko", ["당반타", "베트남", "감독"])
    assert f"e:{identity_key('Đặng Văn Thành', 'person', 'vi')}" in keys
    assert identity_key("Đặng Văn Thành", "person", "vi") == "tangpantain"


def test_a_korean_name_too_short_for_a_sound_key_gets_its_identity_key(background: Background) -> None:
    """이도윤's consonants are TN, too few to count as a sound key: when the entity stage misses him,
    his identity key still meets the entity "Lee Do-yoon" of a Vietnamese or English report."""
    korean = _article("ko", "평가전", "대표팀은 이도윤과 박건우 등 공격수들을 소집했다.", ["대표", "이도윤", "공격수"])
    keys = background.sounds.of(korean, "ko", ["대표", "이도윤", "공격수"])
    assert f"e:{identity_key('Lee Do-yoon', 'person', 'vi')}" in keys
    assert not any(k.startswith("e:") and "kong" in k for k in keys)  # 공격수 is a word, not a name


def test_a_korean_name_in_latin_letters_is_keyed_inside_a_longer_entity(background: Background) -> None:
    """"Chủ tịch KOTRA Jung Min-ho": the entity stage takes "KOTRA Jung Min-ho" for one name, so the
    person the Korean report calls 정민호 was not shared."""
    vietnamese = _article("vi", "Doanh nghiệp Hàn Quốc", "Chủ tịch KOTRA Jung Min-ho cho biết như vậy.", ["kotra"],
                          (("KOTRA Jung Min-ho", "person"),))
    keys = background.sounds.of(vietnamese, "vi", ["kotra"])
    assert f"e:{identity_key('정민호', 'person', 'ko')}" in keys


def _features(article_id: str, lang: str, terms: dict[str, float], anchors: dict[str, float]) -> StoryFeatures:
    return StoryFeatures(article_id=article_id, language=lang, time=T0, title=article_id, source=article_id,
                         terms=dict(terms), anchors=dict(anchors), full_text=True)


# A Korean and a Vietnamese report of one signing, then two more Vietnamese pieces: a local angle that
# names three of the event's actors but shares few words with the Vietnamese report, and a piece on the
# same topic that shares as many glossed words but one name.
EVENT = {"e:kotra": 1.0, "e:hanoi": 1.0, "e:congminho": 1.0, "g:suppli": 1.0, "g:trade": 1.0, "g:forum": 1.0}
KOREAN = _features("ko", "ko", {"ko:공급망": 1.0, "ko:체결": 1.0}, EVENT)
VIETNAMESE = _features("vi", "vi", {"vi:ký": 1.0, "vi:bản ghi nhớ": 1.0, "vi:chuỗi": 1.0},
                       {**EVENT, "g:sign": 1.0})
LOCAL = _features("vi2", "vi", {"vi:linh kiện": 1.0, "vi:nhà cung cấp": 1.0, "vi:ký": 0.2},
                  {**EVENT, "g:part": 1.0})
TOPIC = _features("vi3", "vi", {"vi:linh kiện": 1.0, "vi:nhà máy": 1.0, "vi:ký": 0.2},
                  {"e:hanoi": 1.0, "g:suppli": 1.0, "g:trade": 1.0, "g:forum": 1.0, "g:part": 1.0, "g:busi": 1.0,
                   "g:compani": 1.0})


def test_a_local_angle_joins_the_event_through_its_names_and_a_topic_piece_does_not() -> None:
    assert MIN_SHARED_NAMES == 3
    params = ClusterParams()
    for local in (LOCAL, TOPIC):
        clusterer = OnlineClusterer(params)
        story = clusterer.add(KOREAN).story_id
        assert clusterer.add(VIETNAMESE).story_id == story
        similarity, threshold = clusterer._similarity(local, clusterer.stories[story])
        lexical = _cosine(local.terms, clusterer.stories[story].centroids["vi"], clusterer.stories[story].norm("vi"))
        assert lexical < params.full_text_assign  # its words alone miss the one Vietnamese member
        if local is LOCAL:  # the anchors agree and three names are shared
            assert (similarity, threshold) == (pytest.approx(0.907, abs=0.01), params.cross_assign)
            assert clusterer.add(local).story_id == story
        else:  # the anchors agree as much, but one name is shared
            assert similarity < threshold
            assert clusterer.add(local).story_id != story
