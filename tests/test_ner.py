"""The trained entity models: what they find, how units and sentences are cut, and their dev floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsradar.enrich.entities import EntityRecognizer
from newsradar.enrich.ner.evaluate import evaluate_dev, score
from newsradar.enrich.ner.gold import GoldSentence, country_label, labels, read_conll
from newsradar.enrich.ner.tagger import NerTagger, Span, decode
from newsradar.enrich.ner.train import DATA, DEFAULT_DATA
from newsradar.enrich.ner.units import Unit, sentences
from newsradar.enrich.tokens import Segmenter

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

GOLD = Path(__file__).parent / "gold"
FLOORS = {k: v for k, v in json.loads((GOLD / "entity_floors.json").read_text()).items() if not k.startswith("_")}


def test_every_language_ships_a_model() -> None:
    tagger = NerTagger()
    assert all(tagger.available(lang) for lang in DATA)


def test_decode_bio_to_spans() -> None:
    units = [Unit(i * 2, i * 2 + 1) for i in range(6)]
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"]
    assert decode(units, tags) == [Span(0, 3, "PER"), Span(6, 7, "LOC"), Span(8, 9, "ORG"), Span(10, 11, "ORG")]


def test_sentences_keep_abbreviations_whole() -> None:
    text = "Ông Nguyễn sống ở TP. HCM. Mr. Smith went to the U.S. Army. 我爱北京。你好！"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Ông Nguyễn sống ở TP. HCM. Mr. Smith went to the U.S. Army.", "我爱北京。", "你好！"]


def test_gold_reading_joins_korean_spaces_and_vietnamese_syllables(tmp_path: Path) -> None:
    ko = tmp_path / "ko.conll"
    rows = ["서\tB-LOC", "울\tI-LOC", "▁\tI-LOC", "강\tI-LOC", "남\tI-LOC", "에\tO", "▁\tO", "김\tB-PER", "씨\tO"]
    ko.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (sentence,) = read_conll(ko, "ko")
    assert sentence.text == "서울 강남에 김씨"
    assert [(sentence.text[a:b], k) for a, b, k in sentence.spans] == [("서울 강남", "LOC"), ("김", "PER")]
    vi = tmp_path / "vi.conll"
    vi.write_text("Ông\tO\nNguyễn_Văn_Mỹ\tB-PER\ntới\tO\nHà_Nội\tB-LOC\n", encoding="utf-8")
    (sentence,) = read_conll(vi, "vi")
    assert [(sentence.text[a:b], k) for a, b, k in sentence.spans] == [("Nguyễn Văn Mỹ", "PER"), ("Hà Nội", "LOC")]
    units = [(0, 3), (4, 10), (11, 14), (15, 17), (18, 21), (22, 24), (25, 28)]
    assert labels(units, sentence.spans) == ["O", "B-PER", "I-PER", "I-PER", "O", "B-LOC", "I-LOC"]


def test_countries_are_places() -> None:
    assert country_label("북한", "ORG", "ko") == "LOC"
    assert country_label("U.S.", "ORG", "en") == "LOC"
    assert country_label("한", "ORG", "ko") == "LOC"  # "한·미"
    assert country_label("Samsung", "ORG", "en") == "ORG"


def test_score_counts_exact_type_and_surface() -> None:
    gold = [GoldSentence("Kim met Lee in Seoul", [(0, 3, "PER"), (8, 11, "PER"), (15, 20, "LOC")])]
    result = score(gold, lambda text: [(0, 3, "PER"), (8, 11, "ORG"), (15, 20, "LOC")])
    assert (result.micro.tp, result.micro.predicted, result.micro.gold) == (2, 3, 3)
    assert result.per_type["PER"].recall == 0.5


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Japan's Prime Minister Shinzo Abe met officials of Toyota Motor in Nagoya on Thursday.",
     {("Japan", "place"), ("Shinzo Abe", "person"), ("Toyota Motor", "organization"), ("Nagoya", "place")}),
    ("en", "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", {("JAPAN", "place"), ("CHINA", "place")}),
    ("vi", "Chủ tịch Nguyễn Xuân Phúc đã tiếp Đại sứ Hàn Quốc tại Hà Nội.",
     {("Nguyễn Xuân Phúc", "person"), ("Hàn Quốc", "place"), ("Hà Nội", "place")}),
    ("ko", "김도현 장관은 서울 서초구에서 삼성전자 관계자들을 만났다.",
     {("김도현", "person"), ("서울 서초구", "place"), ("삼성전자", "organization")}),
    ("zh", "国家主席习近平在北京会见了越南总理范明政。",
     {("习近平", "person"), ("北京", "place"), ("越南", "place"), ("范明政", "person")}),
])
def test_recogniser_finds_names_in_news_sentences(lang: str, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(m.text, m.kind) for m in EntityRecognizer().mentions(text, Segmenter().tokenize(text, lang), lang)}
    assert expected <= found, found


needs_data = pytest.mark.skipif(not DEFAULT_DATA.is_dir(), reason=f"NER dev data not found at {DEFAULT_DATA}")


@needs_data
@pytest.mark.corpora
@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_dev_f1_floors(lang: str) -> None:
    """The shipped model through the whole entity stage, on the first dev sentences, above its pinned floor."""
    floor = FLOORS[lang]
    result = evaluate_dev(lang, DEFAULT_DATA, limit=floor["sentences"], workers=1)
    assert result.sentences == floor["sentences"]
    assert result.micro.f1 >= floor["f1"], f"{lang} entity F1 {result.micro.f1:.3f} fell below {floor['f1']}"


def _quotes(text: str, lang: str) -> list[tuple[str | None, str]]:
    from newsradar.enrich.quotes import QuoteFinder

    entities = EntityRecognizer().find(text, Segmenter().tokenize(text, lang), lang)
    return [(q.speaker, q.text) for q in QuoteFinder().find(text, entities, lang)]


def test_the_reporter_of_a_byline_is_not_the_speaker() -> None:
    text = "(서울=뉴스1) 김진방 기자 = 윤석열 대통령은 19일 \"한국과 베트남의 협력이 더 깊어질 것\"이라고 말했다."
    speakers = {speaker for speaker, _ in _quotes(text, "ko")}
    assert "김진방" not in speakers
    assert "윤석열" in speakers


def test_a_speaker_is_a_name_never_a_sentence_fragment() -> None:
    text = ("Tuy bây giờ mới cho biết rằng giá xăng sẽ tăng mạnh trong tháng tới tại nhiều tỉnh thành.\n"
            "Bộ trưởng Nguyễn Hồng Diên cho biết rằng xuất khẩu sẽ tăng trưởng trong quý tới.")
    found = _quotes(text, "vi")
    assert ("Nguyễn Hồng Diên", "xuất khẩu sẽ tăng trưởng trong quý tới.") in found or any(
        s == "Nguyễn Hồng Diên" for s, _ in found)
    assert all(s is None or s == "Nguyễn Hồng Diên" for s, _ in found), found
