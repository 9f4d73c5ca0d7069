"""Country pairs only where the countries meet, weighted by where; network nodes folded by word.

Real readers saw a Vietnamese match report give 45 country pairs (every combination of the
countries it named) and the searched term listed as its own top associate ("blair" next to
"Blair"); these tests pin what they should see instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsradar.enrich import Enricher
from newsradar.enrich.entities import entity_key
from newsradar.model import Article, Enrichment, Entity, article_id
from newsradar.store import Store
from newsradar.store.base import TrendFilter
from newsradar.trends import network, resolve_term

CAP = 3  # the most pairs an article keeps (newsradar.enrich.geo.MAX_PAIRS)


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


#: A match report per language: the title pairs two teams, then one country per sentence (ten in all).
MATCH_REPORTS = {
    "en": ("Vietnam beat Thailand 2-1 in the AFF Cup semi-final",
           "The hosts scored twice after the break. Fans in Hanoi celebrated until midnight. "
           "Japan drew its opening match. China lost on penalties. France sent a scout. "
           "Germany was the coach's former home. Brazil will host the next camp. "
           "Australia topped the other group. India withdrew last month. "
           "Singapore will stage the final on Sunday."),
    "vi": ("Việt Nam thắng Thái Lan 2-1 ở bán kết AFF Cup",
           "Đội chủ nhà ghi hai bàn sau giờ nghỉ. Cổ động viên ăn mừng đến nửa đêm. "
           "Nhật Bản hòa trận mở màn. Trung Quốc thua trên chấm phạt đền. Pháp cử người đến theo dõi. "
           "Hàn Quốc dẫn đầu bảng còn lại. Campuchia đã bị loại. Indonesia sẽ gặp đội thắng. "
           "Malaysia rút lui tháng trước. Singapore sẽ tổ chức trận chung kết vào Chủ nhật."),
    "zh": ("越南2比1击败泰国 晋级决赛",
           "东道主下半场连进两球。球迷庆祝到深夜！日本队首战战平。法国派出球探观战。德国是主教练的故乡。"
           "巴西将举办下一期集训。澳大利亚位居另一小组第一。印度上月退出。新加坡将于周日举办决赛？菲律宾已被淘汰。"),
    "ko": ("베트남, 태국 2-1로 꺾고 결승 진출",
           "홈팀은 후반에 두 골을 넣었다. 팬들은 자정까지 축하했다. 일본은 첫 경기에서 비겼다. "
           "프랑스는 스카우트를 보냈다. 독일은 감독의 고향이다. 브라질이 다음 훈련을 연다. "
           "호주가 다른 조 1위에 올랐다. 캄보디아는 지난달 기권했다. 말레이시아는 탈락했다. "
           "싱가포르가 일요일 결승을 개최한다."),
}


@pytest.mark.parametrize("lang", sorted(MATCH_REPORTS))
def test_a_match_report_pairs_only_the_countries_that_meet(enricher: Enricher, lang: str) -> None:
    title, body = MATCH_REPORTS[lang]
    e, _ = enricher.process(Article(id=f"match-{lang}", title=title, body=body, origin="t", language=lang))
    assert len(e.countries) == 10, e.countries
    assert len(e.pairs) <= CAP
    assert e.pairs == ["TH-VN"], "the two teams of the title; every other country is in a sentence of its own"


def test_title_pairs_outweigh_lead_and_body_pairs(enricher: Enricher) -> None:
    from newsradar.enrich.geo import weighted_pairs

    title = "Korea and Vietnam sign a media accord"
    body = ("The accord was signed on Tuesday. It covers training and exchanges. "
            "China and Japan signed a similar accord last year. France and Germany have one too. "
            "Russia and India are in talks. Brazil and Mexico are said to follow.")
    e, _ = enricher.process(Article(id="accord", title=title, body=body, origin="t", language="en"))
    assert e.pairs[0] == "KR-VN", e.pairs
    assert len(e.pairs) == CAP and set(e.pairs) <= {"KR-VN", "CN-JP", "DE-FR", "IN-RU", "BR-MX"}
    text = f"{title}\n\n{body}"
    weights = weighted_pairs(text, "en", len(title), len(title) + 2)
    assert weights["KR-VN"] > weights["CN-JP"] == weights["DE-FR"] > 0
    # the lead (first two sentences) weighs more than a later sentence, less than the title
    lead_first = ("Talks were held.\n\nChina and Japan signed an accord on Tuesday. Nothing else happened. "
                  "Later, Russia and India met.")
    lead = weighted_pairs(lead_first, "en", len("Talks were held."), len("Talks were held.") + 2)
    assert weights["KR-VN"] > lead["CN-JP"] > lead["IN-RU"] > 0


def test_countries_far_apart_make_no_pair_and_sentences_split_in_every_script() -> None:
    from newsradar.enrich.geo import country_pairs, sentences

    far = "Results\n\nThe draw was made. Teams arrived. Japan won. Later that day, China lost."
    assert country_pairs(far, "en", len("Results")) == []
    assert country_pairs("Results\n\nJapan won. Later that day, China lost.", "en", len("Results")) == ["CN-JP"], \
        "the lead (two sentences) is one place"
    assert country_pairs("Results\n\nThe U.S. and China met in Geneva.", "en", len("Results")) == ["CN-US"]
    for text, count in (("中韩签署协议。日本表示关注！美国呢？", 3), ("한국과 베트남이 만났다. 중국은 반대했다.", 2),
                        ("Việt Nam thắng. Thái Lan thua!", 2), ("Mr. Kim met the U.S. envoy. He left.", 2)):
        assert len(list(sentences(text))) == count, text


def test_a_vietnamese_given_name_is_not_a_country(enricher: Enricher) -> None:
    e, _ = enricher.process(Article(
        id="names", title="Đức Chinh nổ súng, U20 Việt Nam vẫn thua",
        body="Chủ tịch Quốc hội Trung Quốc Trương Đức Giang tiếp đoàn. Bà Nguyễn Thị Nga phát biểu. "
             "Đội tuyển Đức thắng Pháp.", origin="t", language="vi"))
    assert e.countries.get("DE") == 1, "only the national team is Germany"
    assert "RU" not in e.countries


def test_a_currency_is_not_a_country() -> None:
    from newsradar.enrich.geo import country_mentions

    text = "S. Korea's chip exports top US$200 bln; HK$5 and S$1 notes. The US said so."
    assert [code for _, code in country_mentions(text, "en")] == ["KR", "US"], "only 'The US' names the country"


# -- the association network --------------------------------------------------------------------

DAY0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _article(n: int, *, keywords: list[str], entities: tuple[tuple[str, str], ...] = ()) -> tuple[Article,
                                                                                                    Enrichment]:
    title = f"article {n}"
    a = Article(id=article_id(url=None, title=title, body="", source="Outlet", external_id=str(n)),
                title=title, body="", origin=f"test#{n}", source="Outlet", language="en",
                published=DAY0 + timedelta(minutes=n))
    e = Enrichment(language="en", tokens=[k.lower() for k in keywords], keywords=[(k, 1.0) for k in keywords],
                   entities=[Entity(name=name, kind=kind, key=entity_key(name)) for name, kind in entities],
                   version=1)
    a.enrichment = e
    return a, e


@pytest.fixture
def politics(store: Store) -> Store:
    """Eight articles on Blair and Labour (as keywords and as names), twenty on the weather."""
    items = []
    for n in range(8):
        items.append(_article(n, keywords=["blair", "labour", "election"],
                              entities=(("Blair", "person"), ("Labour", "organization"), ("Gordon Brown", "person"))))
    for n in range(8, 28):
        items.append(_article(n, keywords=["weather", "rain"]))
    items.append(_article(28, keywords=["Labour", "rain"]))
    store.write_batch([a for a, _ in items])
    store.write_enrichments(items)
    return store


@pytest.mark.parametrize("term", ["Blair", "blair", "BLAIR"])
def test_network_folds_variants_and_never_lists_the_term(politics: Store, term: str) -> None:
    found = resolve_term(politics, term, TrendFilter())
    assert found is not None
    graph = network(politics, *found, TrendFilter())
    center = graph["center"]
    associates = [n for n in graph["nodes"] if n["id"] != center]
    labels = [n["label"].casefold() for n in associates]
    assert "blair" not in labels, "the searched term is not its own associate"
    assert all(n["id"] not in ("keyword:blair", f"entity:{entity_key('Blair')}") for n in associates)
    assert labels.count("labour") == 1, "the keyword and the name Labour are one node"
    (labour,) = [n for n in associates if n["label"].casefold() == "labour"]
    assert labour["label"] == "Labour" and labour["kind"] == "entity", "shown with the entity's label"
    assert len(labels) == len(set(labels)), labels
    targets = {e["target"] for e in graph["edges"] if e["source"] == center}
    assert labour["id"] in targets and center not in targets


def test_network_of_a_keyword_excludes_its_entity(politics: Store) -> None:
    graph = network(politics, "keyword", "labour", TrendFilter())
    ids = [n["id"] for n in graph["nodes"][1:]]
    labels = [n["label"].casefold() for n in graph["nodes"][1:]]
    assert f"entity:{entity_key('Labour')}" not in ids and "labour" not in labels
    assert labels.count("blair") == 1
