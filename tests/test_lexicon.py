"""English pivot keys for vi/ko/zh content words (newsradar.lang.lexicon)."""

from __future__ import annotations

import socket
from collections import Counter

import pytest

from newsradar.lang.lexicon import Glosser, english_words, vi_form

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)


@pytest.fixture(scope="module")
def glosser() -> Glosser:
    return Glosser()


@pytest.mark.parametrize(
    ("word", "lang", "key"),
    [
        ("经济", "zh", "econom"),
        ("經濟", "zh", "econom"),  # traditional characters too
        ("总统", "zh", "presid"),
        ("경제", "ko", "econom"),
        ("대통령", "ko", "presid"),
        ("회담", "ko", "talk"),
        ("kinh tế", "vi", "econom"),
        ("tổng thống", "vi", "presid"),
        ("hội nghị", "vi", "confer"),
        ("Kinh_tế", "vi", "econom"),  # pyvi's underscores and capitals
    ],
)
def test_gloss_examples(glosser: Glosser, word: str, lang: str, key: str) -> None:
    keys = glosser.gloss(word, lang)
    assert key in keys
    assert 1 <= len(keys) <= 3
    assert all(k == k.lower() and " " not in k for k in keys)


def test_english_passes_through_the_stemmer(glosser: Glosser) -> None:
    assert glosser.gloss("tapering", "en") == ("taper",)
    assert glosser.gloss("Tapering", "en") == glosser.gloss("taper", "en")
    assert glosser.gloss("economies", "en") == ("economi",)
    assert glosser.gloss("the", "en") == ()  # stopwords give no key


def test_generic_glosses_give_no_key(glosser: Glosser) -> None:
    assert glosser.gloss("是", "zh") == ()  # "is / are / to be"
    assert glosser.gloss("一", "zh") == ()  # "one"
    for lang in ("vi", "ko", "zh"):
        assert glosser.gloss("", lang) == ()
    assert english_words("to be") == []
    assert english_words("thing") == []
    assert english_words("president (of a country)") == ["president"]


def test_translations_meet(glosser: Glosser) -> None:
    en = glosser.glosses(["president", "economy", "talks"], "en")
    zh = glosser.glosses(["总统", "经济", "会谈"], "zh")
    ko = glosser.glosses(["대통령", "경제", "회담"], "ko")
    vi = glosser.glosses(["tổng thống", "kinh tế", "hội đàm"], "vi")
    assert isinstance(en, Counter)
    for other in (zh, ko, vi):
        assert {"presid", "economi"} <= en.keys() & other.keys()


def test_vietnamese_spellings_meet(glosser: Glosser) -> None:
    assert vi_form("hòa bình") == vi_form("hoà bình") == vi_form("Hoà_Bình")
    assert vi_form("kỹ thuật") == vi_form("kĩ thuật")
    assert glosser.gloss("hoà bình", "vi") == glosser.gloss("hòa bình", "vi") != ()


def test_fallbacks(glosser: Glosser) -> None:
    # a missing compound splits into table words; Latin letters in any language read as English
    assert not glosser.in_lexicon("美国总统", "zh")
    assert {"usa", "presid"} <= set(glosser.gloss("美国总统", "zh"))
    assert {"economi", "talk"} <= set(glosser.gloss("경제회담", "ko"))
    assert {"price", "oil"} <= set(glosser.gloss("giá dầu", "vi"))
    assert glosser.gloss("Stanford", "vi") == ("stanford",)
    assert glosser.gloss("HIV", "ko") == ("hiv",)
    assert glosser.gloss("ㅋㅋㅋ", "ko") == ()
    assert glosser.gloss("elections", "xx") == ("elect",)


def test_all_tables_load_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lexicons must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    glosser = Glosser()
    assert glosser._tables == {} and glosser._zh_definitions is None  # nothing loads before use
    sizes = {lang: glosser.load(lang) for lang in ("vi", "ko", "zh")}
    assert sizes["zh"] > 100_000 and sizes["ko"] > 10_000 and sizes["vi"] > 5_000
    assert glosser.in_lexicon("经济", "zh") and glosser.in_lexicon("경제", "ko") and glosser.in_lexicon("kinh tế", "vi")
    with pytest.raises(KeyError):
        glosser.table("en")


def test_each_glosser_owns_its_tables() -> None:
    first, second = Glosser(), Glosser()
    first.gloss("경제", "ko")
    assert "ko" in first._tables and "ko" not in second._tables
