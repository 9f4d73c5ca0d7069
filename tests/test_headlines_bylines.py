"""Headline-less articles get a headline from their first sentence; agency bylines and datelines are read."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from newsradar.extract import extract_article
from newsradar.model import Article, RawDocument
from newsradar.store import open_store


def record(**fields: object) -> RawDocument:
    return RawDocument(origin="batch.jsonl#L1", kind="record", fields=dict(fields))


def read(**fields: object) -> Article:
    return extract_article(record(**fields), default_tz=UTC)


# -- derived headlines ---------------------------------------------------------------------------

ZH_BODY = ("湖人1消息比赢球开心10倍 小拜膝伤无碍季后赛复出新浪体育讯北京时间4月12日，在和马刺的比赛中，"
           "安德鲁-拜纳姆倒下的那一瞬间，整个天使城都揪心了。在比赛的剩余阶段，现场主持人谢莉尔-米勒也在打探伤情。")
KO_BODY = ("(베이징=연합뉴스) 김진방 특파원 = 북한이 북미 정상회담 무산 가능성까지 거론하며 "
           "강경한 태도를 보이는 가운데 동남아시아 외교를 담당하는 최희철 북한 외무성 부상이 "
           "19일 중국 베이징 서우두(首都) 공항에 모습을 드러냈다. "
           "최 부상은 이날 오전 평양발 고려항공 JS151편을 이용해 베이징 서우두 공항에 도착했다.")
VI_BODY = ("Hà Nội, 18/11 (TTXVN) - Sáng 18/11, chính quyền TP. Đà Nẵng đã sơ tán hơn 12.000 hộ dân ở các quận ven "
           "biển để ứng phó với cơn bão số 9 đang đến gần đất liền. Các lực lượng cứu hộ đã sẵn sàng.")
EN_BODY = ("U.S. and Vietnamese officials met Mr. Kim in Hanoi on Tuesday to discuss a long list of issues including "
           "trade, security, fisheries and the climate. Talks resume next week.")


def test_chinese_record_without_title_gets_its_first_sentence_cut_at_a_character_count() -> None:
    a = read(text=ZH_BODY, lang="zh", id="cnews-1")
    assert a.extra["title_source"] == "derived"
    assert a.title.endswith("…") and a.title.startswith("湖人1消息比赢球开心10倍 小拜膝伤无碍季后赛复出")
    assert 30 <= len(a.title) <= 50  # a character count: wide characters take two columns of ~90
    assert ZH_BODY.startswith(a.title[:-1])  # a cut of the first sentence, nothing added but the ellipsis
    assert "。" not in a.title


def test_short_chinese_first_sentence_is_the_whole_title() -> None:
    a = read(text="新华社北京11月20日电（记者 张伟）国务院发布新规。第二句话在这里。", lang="zh")
    assert a.title == "国务院发布新规" and a.extra["title_source"] == "derived"


def test_korean_record_without_title_skips_the_byline_and_cuts_at_a_word() -> None:
    a = read(text=KO_BODY, lang="ko", id="ko-1")
    assert a.extra["title_source"] == "derived"
    assert a.title.startswith("북한이 북미 정상회담") and "연합뉴스" not in a.title and "기자" not in a.title
    assert a.title.endswith("…")
    words = a.title[:-1].split()
    assert all(w in KO_BODY.split() for w in words), "cut at a word boundary, no half word"
    assert "드러냈다" not in a.title  # the sentence was longer than a headline


def test_vietnamese_record_without_title_cuts_at_a_word_and_keeps_abbreviations() -> None:
    a = read(text=VI_BODY, lang="vi")
    assert a.extra["title_source"] == "derived"
    assert a.title.startswith("Sáng 18/11, chính quyền TP. Đà Nẵng đã sơ tán")  # "TP." does not end the sentence
    assert a.title.endswith("…") and len(a.title) <= 91
    assert a.title[:-1].split()[-1] in VI_BODY.split()
    assert "TTXVN" not in a.title


def test_english_record_without_title() -> None:
    a = read(text=EN_BODY, lang="en")
    assert a.title.startswith("U.S. and Vietnamese officials met Mr. Kim in Hanoi")
    assert a.title.endswith("…") and len(a.title) <= 91
    assert a.title[:-1].split()[-1] in EN_BODY.split()
    short = read(text="Hanoi opens a metro line. More follows.", lang="en")
    assert short.title == "Hanoi opens a metro line" and short.extra["title_source"] == "derived"
    stated = read(title="Real headline", text=EN_BODY, lang="en")
    assert stated.title == "Real headline" and "title_source" not in stated.extra


def test_headline_less_text_dump_line_too_long_for_a_title_gets_a_derived_one() -> None:
    raw = RawDocument(origin="d.txt", kind="text", text=("Hanoi opens a new metro line to Ha Dong. " * 10).strip())
    a = extract_article(raw, default_tz=UTC)
    assert a.title == "Hanoi opens a new metro line to Ha Dong" and a.extra["title_source"] == "derived"


def test_api_and_article_page_say_the_title_is_derived(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsradar.settings import load_settings
    from newsradar.web import create_app

    db = tmp_path / "h.db"
    store = open_store(f"sqlite:///{db}")
    derived = read(text=ZH_BODY, lang="zh", id="cnews-1", published="2026-11-20T08:00:00+08:00")
    stated = read(title="Hanoi opens a metro line", text=EN_BODY, lang="en", id="en-1",
                  published="2026-11-20T09:00:00+07:00")
    store.write_batch([derived, stated])
    store.close()
    with TestClient(create_app(load_settings({"database_url": str(db)}, env={}))) as client:
        items = {a["id"]: a for a in client.get("/api/articles").json()["items"]}
        assert items[derived.id]["title_derived"] is True and items[derived.id]["title"] == derived.title
        assert items[stated.id]["title_derived"] is False
        full = client.get(f"/api/articles/{derived.id}").json()
        assert full["title_derived"] is True and full["title"].startswith("湖人")
        assert client.get(f"/api/articles/{stated.id}").json()["title_derived"] is False
        page = client.get(f"/articles/{derived.id}").text
        assert 'id="title-source"' in page and "first sentence" in page
        assert 'id="title-source"' not in client.get(f"/articles/{stated.id}").text


# -- bylines and datelines -----------------------------------------------------------------------

@pytest.mark.parametrize(("body", "agency", "dateline", "author", "rest"), [
    ("(서울=뉴스1) 홍길동 기자 = 정부가 새 대책을 발표했다.", "News1", "서울", "홍길동", "정부가"),
    ("(세종=뉴스1) 김민수 기자 = 기획재정부는 19일 발표했다.", "News1", "세종", "김민수", "기획재정부는"),
    ("[서울=뉴시스]김민수 기자 = 정부가 새 대책을 발표했다.", "Newsis", "서울", "김민수", "정부가"),
    ("(서울=연합뉴스) 김민수 기자 = 한국의 반도체 수출이 늘었다.", "Yonhap", "서울", "김민수", "한국의"),
    ("[베이징=CBS노컷뉴스 김중호 특파원] 중국에 진출했다.", "CBS NoCut News", "베이징", "김중호", "중국에"),
    ("[세종=이데일리 김형욱 기자] 김동연 부총리가 말했다.", "Edaily", "세종", "김형욱", "김동연"),
    ("[헤럴드경제=박병국 기자] 중앙선관위가 조사에 나섰다.", "Herald Business", None, "박병국", "중앙선관위가"),
    ("(서울=머니투데이) 이영희 기자 = 코스피가 올랐다.", "Money Today", "서울", "이영희", "코스피가"),
    ("新华社北京11月20日电（记者 张伟）国务院20日发布新规。", "Xinhua", "北京11月20日", "张伟", "国务院"),
    ("中新网北京11月20日电 (记者 张伟)国务院20日发布新规。", "China News Service", "北京11月20日", "张伟", "国务院"),
    ("人民网北京11月20日电（记者 李明）国务院发布新规。", "People's Daily Online", "北京11月20日", "李明", "国务院"),
    ("央视新闻客户端北京11月20日电 国务院20日发布新规。", "CCTV", "北京11月20日", None, "国务院"),
    ("Hà Nội, 18/11 (TTXVN) - Sáng 18/11, Đà Nẵng sơ tán dân.", "VNA", "Hà Nội, 18/11", None, "Sáng 18/11"),
    ("(TTXVN) - Sáng 18/11, Đà Nẵng sơ tán dân.", "VNA", None, None, "Sáng 18/11"),
    ("(대구·서울=연합뉴스) 이강일 이재영 기자 = 현장체험학습 중", "Yonhap", "대구·서울", "이강일", "현장체험학습"),
    ("(서울·파주=뉴스1) 성도현 기자,박대준 기자 = 통일부는", "News1", "서울·파주", "성도현", "통일부는"),
    ("(지디넷코리아=유효정 중국 전문기자)샤오미가 발표했다.", "ZDNet Korea", None, "유효정", "샤오미가"),
    ("[TV리포트=김가영 기자] 배우가 말했다.", "TV리포트", None, "김가영", "배우가"),
])
def test_agency_bylines_set_agency_and_dateline_and_leave_the_body(
    body: str, agency: str, dateline: str | None, author: str | None, rest: str,
) -> None:
    a = read(title="Headline", text=body, id="x-1")
    assert (a.agency, a.dateline, a.author) == (agency, dateline, author)
    assert a.body.startswith(rest)
    assert a.source == agency, "a record naming no outlet shows the agency instead of 'unknown'"
    assert a.extra.get("source_from") == "agency"


def test_the_outlet_a_record_names_is_kept_and_the_id_does_not_depend_on_the_agency() -> None:
    named = read(title="H", text="(서울=뉴스1) 홍길동 기자 = 정부가 발표했다.", source="Daum", id="x-1")
    assert (named.source, named.agency) == ("Daum", "News1") and "source_from" not in named.extra
    plain = read(title="H", text="정부가 발표했다.", id="x-1")
    bylined = read(title="H", text="(서울=뉴스1) 홍길동 기자 = 정부가 발표했다.", id="x-1")
    assert bylined.id == plain.id, "re-ingesting a file keeps its ids"


def test_byline_after_sub_headlines_is_read() -> None:
    body = ("최 부상, 행선지·방문 목적 질문에는 '묵묵부답'\n"
            "(베이징=연합뉴스) 김진방 특파원 = 북한이 강경한 태도를 보이는 가운데 최희철 부상이 모습을 드러냈다.")
    a = read(title="H", text=body)
    assert (a.agency, a.dateline, a.author) == ("Yonhap", "베이징", "김진방")
    assert "연합뉴스" not in a.body and a.body.startswith("최 부상")


@pytest.mark.parametrize(("body", "agency", "author", "end"), [
    ("Sáng 18/11, Đà Nẵng sơ tán dân. Mỹ Bình (TTXVN)", "VNA", "Mỹ Bình", "sơ tán dân."),
    ("Sáng 18/11, Đà Nẵng sơ tán dân.\nTheo TTXVN", "VNA", None, "sơ tán dân."),
    ("Sáng 18/11, Đà Nẵng sơ tán dân. Theo TTXVN", "VNA", None, "sơ tán dân."),
    ("Sáng 18/11, Đà Nẵng sơ tán dân. Tin, ảnh: Nguyễn Hoàng (TTXVN)", "VNA", "Nguyễn Hoàng", "sơ tán dân."),
    ("Sáng 18/11, Đà Nẵng sơ tán dân. Thu Phương - Hiền Hạnh (TTXVN)", "VNA", "Thu Phương - Hiền Hạnh", "sơ tán dân."),
    ("Sáng 18/11, Đà Nẵng sơ tán dân. H.NAM (Theo TTXVN)", "VNA", "H.NAM", "sơ tán dân."),
])
def test_vietnamese_signoffs_credit_the_agency_and_leave_the_body(
    body: str, agency: str, author: str | None, end: str,
) -> None:
    a = read(title="Tiêu đề", text=body, lang="vi")
    assert (a.agency, a.author) == (agency, author)
    assert a.body.endswith(end) and "TTXVN" not in a.body


@pytest.mark.parametrize("body", [
    "(PV) - Sáng 18/11, Đà Nẵng sơ tán dân.",
    "PV - Sáng 18/11, Đà Nẵng sơ tán dân.",
    "Hà Nội (PV) - Sáng 18/11, Đà Nẵng sơ tán dân.",
    "Sáng 18/11, Đà Nẵng sơ tán dân. (CTV)",
])
def test_vietnamese_staff_marks_are_taken_out_and_credit_no_agency(body: str) -> None:
    a = read(title="Tiêu đề", text=body, lang="vi", source="Báo Đà Nẵng")
    assert a.body == "Sáng 18/11, Đà Nẵng sơ tán dân."
    assert a.agency is None and a.source == "Báo Đà Nẵng"
    assert a.dateline == ("Hà Nội" if body.startswith("Hà Nội") else None)


def test_a_sentence_naming_the_agency_is_not_a_byline_but_the_signoff_is() -> None:
    body = "Theo TTXVN, Thủ tướng đã ký quyết định. Ông nói (TTXVN) rằng sẽ làm. Ngọc Minh (TTXVN)"
    a = read(title="T", text=body, lang="vi")
    assert (a.agency, a.author) == ("VNA", "Ngọc Minh")
    assert a.body == "Theo TTXVN, Thủ tướng đã ký quyết định. Ông nói (TTXVN) rằng sẽ làm."
    unsigned = read(title="T", text="Theo TTXVN, Thủ tướng đã ký. Ông nói (TTXVN) rằng sẽ làm.", lang="vi")
    assert unsigned.agency is None and unsigned.body.startswith("Theo TTXVN, Thủ tướng")


def test_korean_place_without_outlet_and_picture_credits() -> None:
    a = read(title="H", text="[광명=강근주 기자] 국민체육진흥공단 경륜경정사업본부는 밝혔다.", id="k-1")
    assert (a.agency, a.dateline, a.author, a.source) == (None, "광명", "강근주", None)
    assert a.body.startswith("국민체육진흥공단")
    credit = read(title="H", text="[이미지출처=연합뉴스]\n트럼프 대통령은 이날 말했다.", id="k-2")
    assert credit.agency is None and credit.body.startswith("[이미지출처=연합뉴스]")
    dated = read(title="H", text="[서울=뉴시스] 정부가 발표했다.", id="k-3")
    assert (dated.agency, dated.dateline, dated.body) == ("Newsis", "서울", "정부가 발표했다.")


def test_korean_text_dump_reads_news1_byline() -> None:
    raw = RawDocument(origin="d.txt", kind="text",
                      text="정부 새 대책 발표\n\n(서울=뉴스1) 홍길동 기자 = 정부가 새 대책을 발표했다.\n")
    a = extract_article(raw, default_tz=UTC)
    assert (a.agency, a.dateline, a.author, a.source) == ("News1", "서울", "홍길동", "News1")
    assert a.body == "정부가 새 대책을 발표했다."
