"""Scraped plain-text dumps: the two seeds in ../shared and dumps in each language's own conventions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsradar.errors import BadDocument
from newsradar.extract import extract_article
from newsradar.extract.dates import find_date, parse_date
from newsradar.model import Article, RawDocument

from .conftest import FIXTURES, SEEDS

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

SEED_VJA = SEEDS / "000_1f382b9703d72638.txt"
SEED_XINHUA = SEEDS / "002_198168afb775ea84.txt"
needs_seeds = pytest.mark.skipif(not SEED_VJA.is_file(), reason=f"seed files not found in {SEEDS}")


def dump(path: Path, **kw: object) -> Article:
    raw = RawDocument(origin=path.name, kind="text", text=path.read_text(encoding="utf-8"), **kw)  # type: ignore[arg-type]
    return extract_article(raw, default_tz=UTC)


@needs_seeds
def test_seed_vja_visit() -> None:
    a = dump(SEED_VJA)
    assert a.title == "Viet Nam, RoK step up journalism cooperation in AI era"
    assert a.published is None and a.published_raw is None, "the seed states no publication date"
    assert a.agency == "VNA" and a.source == "VNA"
    assert a.dateline is None
    assert a.body.startswith("A delegation from the Viet Nam Journalists Association (VJA) led by its Chairman")
    assert a.body.endswith("helping foster links between press agencies of the two countries.")
    assert a.body.count("\n\n") == 6, "seven paragraphs"
    for noise in ("hoi-3.jpg", "(Photo: VNA)", "Back to top", "pose for a group photo", "\nVNA"):
        assert noise not in a.body
    assert a.captions == [
        "Representatives of the Viet Nam Journalists Association and the RoK's Hankook Ilbo newspaper pose for a "
        "group photo.",
        "The working session between the Viet Nam Journalists Association delegation and representatives of the "
        "Hankook Ilbo newspaper",
    ]


@needs_seeds
def test_seed_xinhua_dialogue() -> None:
    a = dump(SEED_XINHUA)
    assert a.title == "China, ROK hold media dialogue centering on new cooperation opportunities"
    assert a.published is not None and a.published.date().isoformat() == "2022-11-23"
    assert a.published_raw == "2022-11-23"
    assert a.agency == "Xinhua"
    assert a.dateline == "BEIJING, Nov. 23"
    assert a.body.startswith("A high-level dialogue between media from China and the Republic of Korea (ROK)")
    assert "Xinhua) November 23" not in a.body and "(Xinhua) --" not in a.body
    assert a.body.endswith("ranging from artificial intelligence to digital technology.")
    assert a.captions == []


def test_vietnamese_dump() -> None:
    a = dump(FIXTURES / "dumps" / "vi_bao.txt")
    assert a.title == "Đà Nẵng khẩn trương ứng phó bão số 9"
    assert a.published == datetime(2026, 11, 18, 10, 30, tzinfo=timezone(timedelta(hours=7)))
    assert a.agency == "VNA" and a.dateline == "ĐÀ NẴNG, 18/11"
    assert a.body.startswith("Sáng 18/11, chính quyền thành phố Đà Nẵng đã sơ tán hơn 12.000 hộ dân ở các quận")
    assert a.captions == ["Người dân gia cố nhà cửa tại quận Sơn Trà."]
    assert "TTXVN" not in a.body and "Về đầu trang" not in a.body and ".jpg" not in a.body


def test_korean_dump() -> None:
    a = dump(FIXTURES / "dumps" / "ko_ban.txt")
    assert a.title == "반도체 수출 사상 최대…11월 중순까지 20% 증가"
    assert a.published == datetime(2026, 11, 18, 6, 20, tzinfo=UTC)  # 15:20 in Seoul
    assert (a.agency, a.author, a.dateline) == ("Yonhap", "김민수", "서울")
    assert a.body.startswith("한국의 반도체 수출이")
    assert a.captions == ["경기도 평택의 반도체 공장 전경"], "a caption printed twice is kept once"
    assert "맨 위로" not in a.body and "사진=" not in a.body


def test_chinese_dump_joins_hard_wrapped_lines_without_a_space() -> None:
    a = dump(FIXTURES / "dumps" / "zh_ai.txt")
    assert a.title == "北京发布人工智能产业新规"
    assert a.published is not None and a.published.isoformat() == "2026-11-18T00:00:00+08:00"
    assert (a.agency, a.author, a.dateline) == ("Xinhua", "王伟", "北京11月18日")
    assert a.body.startswith("北京市18日发布促进人工智能产业发展的若干措施，提出到2028年")
    assert "返回顶部" not in a.body


def test_english_dump_with_byline_and_wrapped_paragraph() -> None:
    a = dump(FIXTURES / "dumps" / "en_wrapped.txt", source="Asia Wire")
    assert a.title == "Hanoi and Seoul sign broadcasting accord"
    assert a.published == datetime(2026, 11, 19, tzinfo=UTC)
    assert (a.author, a.agency, a.dateline, a.source) == ("Tran Thi Lan", "Reuters", "HANOI", "Asia Wire")
    first, second = a.body.split("\n\n")
    assert first.startswith("Viet Nam's national broadcaster") and first.endswith("officials said.")
    assert second.startswith('"This is the first accord')


def test_a_dump_with_no_body_is_a_bad_document() -> None:
    with pytest.raises(BadDocument, match="text dump has a title but no body text"):
        dump(FIXTURES / "dumps" / "title_only.txt")


def test_an_event_date_in_the_body_is_not_the_publication_date() -> None:
    text = "Delegation visits Seoul\n\nThe delegation stayed in Seoul from November 10, 2026 to November 14, 2026."
    a = extract_article(RawDocument(origin="x.txt", kind="text", text=text), default_tz=UTC)
    assert a.published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2022-11-23", "2022-11-23T00:00:00+00:00"),
        ("November 23, 2022", "2022-11-23T00:00:00+00:00"),
        ("Nov. 23, 2022 14:05", "2022-11-23T14:05:00+00:00"),
        ("23 Nov 2022", "2022-11-23T00:00:00+00:00"),
        ("23/11/2022", "2022-11-23T00:00:00+00:00"),
        ("11/23/2022", "2022-11-23T00:00:00+00:00"),
        ("Thứ Tư, ngày 23 tháng 11 năm 2022", "2022-11-23T00:00:00+00:00"),
        ("Thứ Tư, 23/11/2022 - 14:30 (GMT+7)", "2022-11-23T14:30:00+07:00"),
        ("2022년 11월 23일 (수) 오전 9:05", "2022-11-23T09:05:00+00:00"),
        ("2022년 11월 23일 오후 10시 5분", "2022-11-23T22:05:00+00:00"),
        ("2022年11月23日 08:30", "2022-11-23T08:30:00+00:00"),
        ("２０２２年１１月２３日", "2022-11-23T00:00:00+00:00"),
        ("Nov. 23", None),
        ("23/11", None),
        ("on Tuesday", None),
        ("31/02/2022", None),
    ],
)
def test_written_dates(text: str, expected: str | None) -> None:
    found = find_date(text)
    assert (found.value.isoformat() if found else None) == expected


def test_structured_dates() -> None:
    rfc = parse_date("Tue, 17 Nov 2026 09:30:00 +0700")
    assert rfc is not None and rfc.value == datetime(2026, 11, 17, 2, 30, tzinfo=UTC)
    seoul = timezone(timedelta(hours=9))
    naive = parse_date("2026-11-17 10:00", tz=seoul)
    assert naive is not None and naive.value == datetime(2026, 11, 17, 10, 0, tzinfo=seoul)
    assert naive.precision == "minute"
    assert parse_date("sometime soon") is None and parse_date("") is None
