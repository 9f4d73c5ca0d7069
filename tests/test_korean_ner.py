"""Korean entity features: what each character learns of its word (eojeol) and the words around it."""

from __future__ import annotations

import pytest

from newsradar.enrich.ner import korean
from newsradar.enrich.ner.names import Names
from newsradar.enrich.tokens import Segmenter

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)


def _features(text: str) -> dict[str, list[str]]:
    tokens = Segmenter().tokenize(text, "ko")
    units = korean.units(text, tokens)
    rows = korean.features(text, units, tokens, names=Names({}))
    return {f"{text[u.start]}@{u.start}": row for u, row in zip(units, rows, strict=True)}


def test_the_last_character_before_a_particle_knows_it() -> None:
    """A name ends where its word's particle begins: "서초구|에서"; the characters know the particle and
    the stem's ending, and the particle's own characters know they are not part of the stem."""
    f = _features("김도현 장관은 서울 서초구에서 관계자들을 만났다.")
    gu = f["구@13"]
    assert "stem_end" in gu and "stem_end_josa=에서" in gu
    assert "josa=에서" in gu and "ssuf=구" in gu and "ssuf2=초구" in gu
    assert "injosa" in f["에@14"] and "stem_end" not in f["에@14"]
    assert "instem" in f["서@11"]


def test_a_name_sees_the_title_in_the_next_word_and_its_place_in_its_own() -> None:
    """"김도현 장관은": the title is one word on, past the space the character window may not reach."""
    f = _features("김도현 장관은 서울 서초구에서 관계자들을 만났다.")
    assert "next_title" in f["김@0"] and "next_title" in f["현@2"]
    assert "nw=장관" in f["도@1"]
    assert "wpos=0|2" in f["김@0"] and "wpos=2|0" in f["현@2"]
    assert "prev_title" in f["서@8"]  # 서울 comes after 장관은
    assert "next_title" not in f["서@8"]


def test_organisation_and_place_words_one_word_on_reach_the_name() -> None:
    assert "next_org_suffix" in korean._eojeol_features("삼성", "삼성", "<s>", "그룹", 2)
    assert "next_place_suffix" in korean._eojeol_features("강남", "강남", "<s>", "구", 2)
    shared = korean._eojeol_features("서울", "서울에서", "장관", "</s>", 4)
    assert {"josa=에서", "prev_title", "wlen=4", "wpre2=서울"} <= set(shared)


def _gazetteer_places(text: str) -> set[str]:
    from newsradar.enrich.entities import _gazetteer_mentions, _korean_proper_nouns

    tokens = Segmenter().tokenize(text, "ko")
    return {m.text for m in _korean_proper_nouns(_gazetteer_mentions(text, "ko"), tokens)}


def test_a_place_name_that_is_also_an_everyday_word_counts_only_where_it_names_the_place() -> None:
    """"후에" (Hue) is "after" in "3년 후에" and inside "이후에"; "선전" (Shenzhen) is "propaganda"."""
    assert "후에" not in _gazetteer_places("3년 후에 서울에서 다시 만났다.")
    assert "후에" not in _gazetteer_places("이후에 그는 회사를 떠났다.")
    assert "선전" not in _gazetteer_places("북한의 선전 활동이 계속됐다.")
    assert "선전" in _gazetteer_places("중국 선전에서 열린 박람회에 참가했다.")
    assert "후에" in _gazetteer_places("베트남 후에 지역에 홍수가 났다.")


def test_the_whole_stage_drops_the_everyday_reading() -> None:
    from newsradar.enrich.entities import EntityRecognizer

    text = "3년 후에 북한의 선전 활동이 다시 늘었다고 국방부가 밝혔다."
    found = {m.text for m in EntityRecognizer().mentions(text, Segmenter().tokenize(text, "ko"), "ko")}
    assert "후에" not in found and "선전" not in found
