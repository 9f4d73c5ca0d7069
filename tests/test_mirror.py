"""The mirror of a country pair on the bundled sample, against figures counted by hand.

How the figures were counted: every article of the twelve outlets with a home country was read in
src/newsradar/sample (dumps/*.txt, html/*.html, jsonl/articles.jsonl, feeds/*.xml), with its UTC
time and which of China, Korea and Vietnam its title or body names: a country's name in the
article's language or a newsroom form ("Hàn Quốc", "Korea", "ROK", "한국", "베트남", "韩国", "越南",
"中韩" = China and Korea, Chinese and Korean names also inside a word: "越南语" names Vietnam), never a
city ("Hà Nội", "Seoul") and never a language alone ("韩语" is no name of Korea).  That table is
:data:`ARTICLES`; a side's figure is then a count of its rows (say, KR outlets on VN: Seoul Herald
4 of 4, Hankyeol Ilbo 1 of 4 (the Hanoi friendly), Yonhap 1 of 4 (the journalists' pact) = 6 of 12).
The stories are the clusterer's (what the mirror reads): which side published in which story, and
first, is worked out here from the store's story of each hand-listed article.

The outlets' home countries are given as explicit lists (the core) and through the outlet directory
(the CLI, the API and the page), loaded from the sample's outlet list (data/sample_outlets.toml) as a newsroom would.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsradar.cli import app as cli
from newsradar.settings import load_settings
from newsradar.store import ArticleFilter, Store, open_store
from newsradar.store.base import TrendFilter
from newsradar.trends.mirror import country_code, home_sources, mirror, outlet_mirror
from newsradar.web import create_app

VN = ["Tuoi Moi", "Saigon Times Online", "Hanoi Daily Wire", "VNA", "Vietnam News Agency"]
KR = ["Seoul Herald", "Hankyeol Ilbo", "Yonhap"]
CN = ["Huanan Daily", "Beijing Evening Post", "Xinhua", "新华社"]
HOMES = {"VN": VN, "KR": KR, "CN": CN}

#: (outlet, UTC publication time or None, the countries among CN, KR, VN it names): counted by hand.
ARTICLES: list[tuple[str, str | None, str]] = [
    ("Seoul Herald", "2026-11-17T06:00", "KR VN"),  # typhoon: 베트남 중부, 대한민국 총영사관
    ("Seoul Herald", "2026-11-17T09:20", "KR VN"),  # 베트남기자협회 visits MBC
    ("Seoul Herald", "2026-11-19T01:00", "CN KR VN"),  # 中 스타트업 '싱허-4', 한국어, 베트남어
    ("Seoul Herald", "2026-11-19T11:30", "KR VN"),  # 하노이서 베트남과 MOU
    ("Hankyeol Ilbo", "2026-11-17T22:30", ""),  # HBM exports: 미국 only
    ("Hankyeol Ilbo", "2026-11-18T02:00", ""),  # influenza
    ("Hankyeol Ilbo", "2026-11-18T21:00", "KR VN"),  # 하노이서 베트남과 평가전
    ("Hankyeol Ilbo", "2026-11-19T23:40", "CN KR"),  # 한중 언론 협력 포럼
    ("Yonhap", "2026-11-16T15:00", ""),  # 반도체 수출 (Korean): no country named
    ("Yonhap", "2026-11-17T02:00", "KR"),  # S. Korea's chip exports
    ("Yonhap", "2026-11-17T15:00", "CN KR VN"),  # 한국기자협회·베트남기자협회 (… 중국, 몽골)
    ("Yonhap", "2026-11-18T00:00", "KR"),  # chip exports, the copy
    ("Tuoi Moi", "2026-11-16T11:30", ""),  # Bão Kaluma: vùng biển Trung Bộ
    ("Tuoi Moi", "2026-11-17T02:00", ""),  # Hà Nội walking street
    ("Tuoi Moi", "2026-11-18T10:45", "KR VN"),  # Hội Nhà báo Việt Nam và Hàn Quốc
    ("Tuoi Moi", "2026-11-18T13:00", "CN VN"),  # Việt Nam – Trung Quốc railway
    ("Tuoi Moi", "2026-11-20T01:30", "KR VN"),  # Hòa Hàn Quốc 2-2
    ("Tuoi Moi", "2026-11-20T03:00", "KR VN"),  # Doanh nghiệp Hàn Quốc
    ("Saigon Times Online", "2026-11-17T02:20", "VN"),  # Central Viet Nam braces
    ("Saigon Times Online", "2026-11-17T09:30", "KR VN"),  # journalists in Seoul, Korea
    ("Saigon Times Online", "2026-11-18T03:15", "VN"),  # Kaluma slams into Da Nang
    ("Saigon Times Online", "2026-11-18T14:30", "CN VN"),  # Viet Nam, China railways
    ("Saigon Times Online", "2026-11-19T15:10", "KR VN"),  # Viet Nam hold South Korea
    ("Saigon Times Online", "2026-11-20T08:30", "VN"),  # VN-Index
    ("Hanoi Daily Wire", "2026-11-18T10:00", "KR VN"),  # Tuyển Việt Nam … Hàn Quốc
    ("Hanoi Daily Wire", "2026-11-19T04:15", "CN VN"),  # Hữu Nghị border gate, Trung Quốc
    ("Hanoi Daily Wire", "2026-11-19T07:00", "KR VN"),  # chip Hàn Quốc, doanh nghiệp Việt Nam
    ("VNA", None, "VN"),  # dengue vaccination (no date in the dump)
    ("VNA", "2026-11-15T17:00", "KR VN"),  # Đoàn Hội Nhà báo Việt Nam … Hàn Quốc
    ("VNA", "2026-11-16T17:00", "KR VN"),  # Đà Nẵng evacuates: Vietnam, chuyến bay Hàn Quốc
    ("VNA", "2026-11-18T00:00", ""),  # Kaluma landfall (English copy): Da Nang only
    ("VNA", "2026-11-18T17:00", "KR VN"),  # Việt Nam – Hàn Quốc MOU
    ("Vietnam News Agency", "2026-11-18T01:40", "VN"),  # Kaluma landfall, Viet Nam
    ("Huanan Daily", "2026-11-18T02:20", "CN KR VN"),  # 韩国半导体, 中国, 越南
    ("Huanan Daily", "2026-11-18T07:40", "CN VN"),  # 台风登陆越南岘港, 中国
    ("Huanan Daily", "2026-11-18T12:10", "KR VN"),  # 越南和韩国开发者
    ("Huanan Daily", "2026-11-19T08:30", "CN VN"),  # 中越跨境铁路
    ("Huanan Daily", "2026-11-19T13:05", "CN KR"),  # 中韩媒体合作论坛
    ("Beijing Evening Post", "2026-11-18T11:30", "CN KR"),  # 中韩媒体合作论坛预告
    ("Beijing Evening Post", "2026-11-19T01:10", "KR VN"),  # 越南记者协会与韩国记者协会
    ("Beijing Evening Post", "2026-11-19T13:00", "CN KR VN"),  # 星河-4: 中国, 越南, 韩国
    ("Beijing Evening Post", "2026-11-20T04:00", "KR VN"),  # 韩越签署
    ("Xinhua", "2026-11-16T16:00", "CN VN"),  # 星河-4: 中文, 越南语 (韩语 only: not Korea)
    ("Xinhua", "2026-11-17T16:00", "CN VN"),  # 中越 railway
    ("Xinhua", "2026-11-19T00:00", "CN KR"),  # China, ROK media leaders
    ("新华社", "2026-11-19T11:20", "CN KR"),  # 中韩媒体合作论坛
]


def _in(time: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True  # no window: the undated article counts too
    return time is not None and (since is None or time >= since) and (until is None or time < until)


def hand_side(home: str, other: str, since: str | None = None,
              until: str | None = None) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """``(articles naming other, output, {outlet: (naming, output)})`` of ``home``'s outlets from the table."""
    per: dict[str, list[int]] = {o: [0, 0] for o in HOMES[home]}
    for outlet, time, named in ARTICLES:
        if outlet in HOMES[home] and _in(time, since, until):
            per[outlet][1] += 1
            per[outlet][0] += other in named.split()
    return (sum(n for n, _ in per.values()), sum(m for _, m in per.values()),
            {o: (n, m) for o, (n, m) in per.items()})


def _ids(store: Store) -> dict[tuple[str, str | None], str]:
    """Each hand-listed article's id, by (outlet, UTC time to the minute)."""
    found: dict[tuple[str, str | None], str] = {}
    for outlet in VN + KR + CN:
        for a in store.list_articles(ArticleFilter(source=outlet, limit=None)):
            when = a.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") if a.published else None
            found[(outlet, when)] = a.id
    assert set(found) == {(o, t) for o, t, _ in ARTICLES}, "the table lists every article of these outlets"
    return found


@pytest.fixture(scope="module")
def sample(sample_db: Path) -> Iterator[Store]:
    with open_store(str(sample_db)) as store:
        yield store


# -- the core, with each side's outlets given --------------------------------------------------------


def test_kr_vn_against_the_hand_count(sample: Store) -> None:
    data = mirror(sample, "KR", "VN", TrendFilter(), sources_a=KR, sources_b=VN)
    kr, vn = data["sides"]
    assert (kr["label"], kr["articles"], kr["output"], kr["share"]) == ("KR outlets on VN", 6, 12, 0.5)
    assert (vn["label"], vn["articles"], vn["output"], vn["share"]) == ("VN outlets on KR", 10, 21, 0.4762)
    assert {o["source"]: (o["articles"], o["output"]) for o in kr["outlets"]} == {
        "Seoul Herald": (4, 4), "Hankyeol Ilbo": (1, 4), "Yonhap": (1, 4)}
    assert {o["source"]: (o["articles"], o["output"]) for o in vn["outlets"]} == {
        "Tuoi Moi": (3, 6), "Saigon Times Online": (2, 6), "Hanoi Daily Wire": (2, 3), "VNA": (3, 5),
        "Vietnam News Agency": (0, 1)}
    assert [o["source"] for o in vn["outlets"]][:2] == ["Tuoi Moi", "VNA"]  # most articles first, then by name
    # Per UTC day (the span is six days: days), on one axis for both sides; the undated VNA article
    # counts in VN's output (21) but on no day (20 on the timeline).
    assert data["bucket"] == "day"
    assert [(p["bucket"], p["articles"], p["output"]) for p in kr["timeline"]] == [
        ("2026-11-15", 0, 0), ("2026-11-16", 0, 1), ("2026-11-17", 3, 5), ("2026-11-18", 1, 3),
        ("2026-11-19", 2, 3), ("2026-11-20", 0, 0)]
    assert [(p["bucket"], p["articles"], p["output"]) for p in vn["timeline"]] == [
        ("2026-11-15", 1, 1), ("2026-11-16", 1, 2), ("2026-11-17", 1, 3), ("2026-11-18", 3, 8),
        ("2026-11-19", 2, 3), ("2026-11-20", 2, 3)]
    assert [p["share"] for p in kr["timeline"]] == [0.0, 0.0, 0.6, 0.3333, 0.6667, 0.0]
    assert (vn["undated"], vn["undated_articles"], kr["undated"]) == (1, 0, 0)  # VNA's dengue piece names no Korea
    # the table says the same
    assert hand_side("KR", "VN")[:2] == (6, 12) and hand_side("VN", "KR")[:2] == (10, 21)


def test_cn_kr_against_the_hand_count(sample: Store) -> None:
    data = mirror(sample, "CN", "KR", TrendFilter(), sources_a=CN, sources_b=KR)
    cn, kr = data["sides"]
    assert (cn["articles"], cn["output"]) == (9, 13)
    assert (kr["articles"], kr["output"]) == (3, 12)
    assert {o["source"]: (o["articles"], o["output"]) for o in cn["outlets"]} == {
        "Beijing Evening Post": (4, 4), "Huanan Daily": (3, 5), "Xinhua": (1, 3), "新华社": (1, 1)}
    assert {o["source"]: (o["articles"], o["output"]) for o in kr["outlets"]} == {
        "Seoul Herald": (1, 4), "Hankyeol Ilbo": (1, 4), "Yonhap": (1, 4)}
    assert hand_side("CN", "KR") == (9, 13, {o: (o_n, o_m) for o, o_n, o_m in
                                             (("Huanan Daily", 3, 5), ("Beijing Evening Post", 4, 4),
                                              ("Xinhua", 1, 3), ("新华社", 1, 1))})


@pytest.mark.parametrize(("since", "until"), [
    ("2026-11-18T00:00", "2026-11-19T00:00"),  # one UTC day (whole hours: read from the hourly counts)
    ("2026-11-18T10:30", "2026-11-19T11:30"),  # edges inside an hour: counted from the articles
    ("2026-11-19T00:00", None),
])
@pytest.mark.parametrize(("a", "b"), [("KR", "VN"), ("CN", "KR"), ("VN", "CN")])
def test_a_window_counts_what_the_table_counts(sample: Store, a: str, b: str, since: str, until: str | None) -> None:
    flt = TrendFilter(since=datetime.fromisoformat(since + ":00+00:00"),
                      until=datetime.fromisoformat(until + ":00+00:00") if until else None)
    data = mirror(sample, a, b, flt, sources_a=HOMES[a], sources_b=HOMES[b])
    for side, (home, other) in zip(data["sides"], ((a, b), (b, a)), strict=True):
        named, output, outlets = hand_side(home, other, since, until)
        assert (side["articles"], side["output"]) == (named, output), (home, other)
        assert {o["source"]: (o["articles"], o["output"]) for o in side["outlets"]} == outlets
        assert sum(p["articles"] for p in side["timeline"]) == named  # every article is dated in a window
    # e.g. KR on VN from 10:30 on the 18th to 11:30 on the 19th: Hankyeol's Hanoi friendly and the
    # Seoul Herald's '싱허-4' (2 of 2); VN on KR: Tuoi Moi 10:45, VNA 17:00, Hanoi Daily 07:00 (3 of 6)
    if (a, since, until) == ("KR", "2026-11-18T10:30", "2026-11-19T11:30"):
        assert [(s["articles"], s["output"]) for s in data["sides"]] == [(2, 2), (3, 6)]


def test_one_day_is_charted_by_the_hour(sample: Store) -> None:
    flt = TrendFilter(since=datetime(2026, 11, 18, tzinfo=UTC), until=datetime(2026, 11, 19, tzinfo=UTC))
    data = mirror(sample, "KR", "VN", flt, sources_a=KR, sources_b=VN)
    assert data["bucket"] == "hour"
    kr = {p["bucket"]: (p["articles"], p["output"]) for p in data["sides"][0]["timeline"] if p["output"]}
    assert kr == {"2026-11-18T00": (0, 1), "2026-11-18T02": (0, 1), "2026-11-18T21": (1, 1)}
    assert mirror(sample, "KR", "VN", flt, sources_a=KR, sources_b=VN, bucket="day")["bucket"] == "day"


def _naming(store: Store, home: str, other: str) -> list[str]:
    ids = _ids(store)
    return [ids[(o, t)] for o, t, named in ARTICLES if o in HOMES[home] and other in named.split()]


def test_stories_shared_only_one_side_and_first_publisher(sample: Store) -> None:
    """Worked out from the hand table and the store's story of each article: a story is in the mirror when
    one side's article in it names the other country; shared when both sides have an article in it."""
    ids = _ids(sample)
    story = {key: sample.story_of(article_id) for key, article_id in ids.items()}
    mirrored = {story[(o, t)] for o, t, named in ARTICLES
                if (o in KR and "VN" in named.split()) or (o in VN and "KR" in named.split())}
    sides: dict[str, dict[str, list[str]]] = {"KR": {}, "VN": {}}  # side -> story -> its article times
    for outlet, time, _ in ARTICLES:
        for home in ("KR", "VN"):
            if outlet in HOMES[home] and story[(outlet, time)] in mirrored:
                sides[home].setdefault(story[(outlet, time)], []).append(time or "")
    shared = set(sides["KR"]) & set(sides["VN"])
    data = mirror(sample, "KR", "VN", TrendFilter(), sources_a=KR, sources_b=VN, top=50)
    kr, vn = data["sides"]
    assert {s["id"] for s in data["shared"]} == shared and data["shared_total"] == len(shared)
    for side, home in ((kr, "KR"), (vn, "VN")):
        assert {s["id"]: s["articles"] for s in side["only"]} == {
            s: len(times) for s, times in sides[home].items() if s not in shared}
    firsts: Counter[str] = Counter()
    for s in data["shared"]:
        first_kr, first_vn = min(sides["KR"][s["id"]]), min(sides["VN"][s["id"]])
        leader = "KR" if first_kr < first_vn else "VN"
        firsts[leader] += 1
        assert s["articles"] == {"KR": len(sides["KR"][s["id"]]), "VN": len(sides["VN"][s["id"]])}
        assert s["first_side"] == leader
        hours = abs(datetime.fromisoformat(first_kr) - datetime.fromisoformat(first_vn)).total_seconds() / 3600
        assert s["lead_hours"] == round(hours, 1)
        assert s["first"]["KR"].startswith(first_kr) and s["first"]["VN"].startswith(first_vn)
    assert data["first_publisher"] == {"KR": firsts["KR"], "VN": firsts["VN"], "same": 0, "undated": 0}
    assert (kr["first"], vn["first"]) == (firsts["KR"], firsts["VN"])
    # The journalists' pact: VNA announced the visit (15 Nov 17:00) before any Korean outlet wrote of it.
    pact = story[("VNA", "2026-11-15T17:00")]
    if pact in shared:
        assert next(s for s in data["shared"] if s["id"] == pact)["first_side"] == "VN"
    # Top stories: the side's own articles naming the other country, per story.
    naming_kr = Counter(story[(o, t)] for o, t, named in ARTICLES if o in KR and "VN" in named.split())
    assert {s["id"]: s["articles"] for s in kr["stories"]} == dict(naming_kr)
    assert kr["stories_total"] == len(naming_kr)


def test_topics_names_and_speakers_are_those_of_the_naming_articles(sample: Store) -> None:
    top = 50
    data = mirror(sample, "VN", "KR", TrendFilter(), sources_a=VN, sources_b=KR, top=top)
    for side, (home, other) in zip(data["sides"], (("VN", "KR"), ("KR", "VN")), strict=True):
        articles = sample.articles_by_ids(_naming(sample, home, other))
        assert len(articles) == side["articles"]
        topics: Counter[str] = Counter()
        entities: dict[str, Counter[str]] = {"person": Counter(), "organization": Counter()}
        quotes: Counter[str] = Counter()
        for article in articles:
            e = article.enrichment
            assert e is not None
            topics.update({t for t, _ in e.topics})
            for key, kind in {(x.key, x.kind) for x in e.entities if x.kind in entities}:
                entities[kind][key] += 1
            quotes.update(q.speaker_key for q in e.quotes if q.speaker_key)

        def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
            return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

        assert [(t["topic"], t["articles"]) for t in side["topics"]] == ranked(topics)
        assert [(x["key"], x["articles"]) for x in side["people"]] == ranked(entities["person"])
        assert [(x["key"], x["articles"]) for x in side["organizations"]] == ranked(entities["organization"])
        assert {q["key"]: q["quotes"] for q in side["speakers"]} == dict(quotes)
        assert all(x["name"] for x in side["people"] + side["organizations"] + side["speakers"])
    assert data["sides"][0]["topics"], "the sample's VN articles on Korea have topics"
    assert data["sides"][0]["speakers"], "and quote people"


def test_domestic_view_is_one_side(sample: Store) -> None:
    data = mirror(sample, "VN", "VN", TrendFilter(), sources_a=VN, sources_b=VN)
    assert data["domestic"] and len(data["sides"]) == 1
    side = data["sides"][0]
    # Every VN outlet article naming Vietnam: all but Tuoi Moi's typhoon and Hà Nội street pieces and
    # VNA's English landfall copy (3 of 21); the undated dengue piece counts (no window).
    assert (side["label"], side["articles"], side["output"]) == ("VN outlets on VN", 18, 21)
    assert hand_side("VN", "VN")[:2] == (18, 21)
    assert (side["undated"], side["undated_articles"]) == (1, 1)
    assert data["shared"] == [] and "only" not in side
    kr = mirror(sample, "KR", "KR", TrendFilter(), sources_a=KR, sources_b=[])["sides"][0]
    assert (kr["articles"], kr["output"]) == hand_side("KR", "KR")[:2] == (9, 12)


def test_a_side_without_outlets_is_empty_and_says_why(sample: Store) -> None:
    data = mirror(sample, "KR", "JP", TrendFilter(), sources_a=KR, sources_b=[])
    kr, jp = data["sides"]
    assert (jp["articles"], jp["output"], jp["outlets"], jp["stories"]) == (0, 0, [], [])
    assert kr["output"] == 12
    assert any("JP" in note and "home country" in note for note in data["notes"])


def test_country_codes() -> None:
    assert country_code(" kr ") == "KR"
    for bad in ("ZZ", "KR-VN", "K", "한국", ""):
        with pytest.raises(ValueError, match=r"^a: "):
            country_code(bad, "a")


# -- through the outlet directory: CLI, API, page, briefing ---------------------------------------------


def store_with_homes(sample_db: Path, copy: Path) -> Path:
    """A copy of the sample (the import writes: never into the shared sample) whose outlets have their home
    countries, loaded as a newsroom would (and `make demo` does): `newsradar outlets import
    src/newsradar/sample/outlets.toml`; VNA, Yonhap and Xinhua come from the bundled registry."""
    from .conftest import SAMPLE_OUTLETS
    from .postgres_mode import copy_store

    copy_store(sample_db, copy)
    done = CliRunner().invoke(cli, ["outlets", "import", str(SAMPLE_OUTLETS), "--db", str(copy)])
    assert done.exit_code == 0, done.output
    return copy


@pytest.fixture(scope="module")
def homes(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_with_homes(sample_db, tmp_path_factory.mktemp("mirror") / "homes.db")


@pytest.fixture(scope="module")
def client(homes: Path) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings({"database_url": str(homes)}, env={}))) as c:
        yield c


def test_the_directory_gives_the_same_mirror(homes: Path) -> None:
    with open_store(str(homes)) as store:
        assert home_sources(store, ["VN", "KR", "CN"]) == {c: sorted(names) for c, names in HOMES.items()}
        wired = outlet_mirror(store, "KR", "VN", TrendFilter())
        given = mirror(store, "KR", "VN", TrendFilter(), sources_a=KR, sources_b=VN)
    assert wired == given


def test_api_mirror(client: TestClient, homes: Path) -> None:
    response = client.get("/api/mirror", params={"a": "kr", "b": "VN"})
    assert response.status_code == 200
    data = response.json()
    assert [(s["label"], s["articles"], s["output"]) for s in data["sides"]] == [
        ("KR outlets on VN", 6, 12), ("VN outlets on KR", 10, 21)]
    with open_store(str(homes)) as store:
        assert data == json.loads(json.dumps(mirror(store, "KR", "VN", TrendFilter(), sources_a=KR, sources_b=VN)))
    cn = client.get("/api/mirror", params={"a": "CN", "b": "KR", "since": "2026-11-19", "lang": "zh"}).json()
    # Chinese-language articles from 19 Nov: Huanan Daily 2 (the forum names Korea), Beijing Evening Post 3
    # (all name Korea), 新华社 1 (Xinhua's forum piece is in English): 5 of 6; no Korean outlet writes in Chinese.
    assert [(s["articles"], s["output"]) for s in cn["sides"]] == [(5, 6), (0, 0)]
    domestic = client.get("/api/mirror", params={"a": "VN"}).json()
    assert domestic["domestic"] and domestic["sides"][0]["articles"] == 18
    top = client.get("/api/mirror").json()  # the period's top pair by articles
    assert (top["a"], top["b"]) == ("KR", "VN")


@pytest.mark.parametrize(("params", "name"), [({"a": "ZZ", "b": "VN"}, "a"), ({"a": "KR", "b": "QQ"}, "b"),
                                              ({"a": "KR-VN"}, "a"), ({"a": "KR", "b": "VN", "since": "x"}, "since"),
                                              ({"a": "KR", "top": "0"}, "top")])
def test_api_mirror_refuses_what_is_no_country(client: TestClient, params: dict[str, str], name: str) -> None:
    response = client.get("/api/mirror", params=params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{name}: ")


def test_mirror_page_and_its_link_from_the_pairs_page(client: TestClient) -> None:
    page = client.get("/mirror", params={"a": "KR", "b": "VN"})
    assert page.status_code == 200
    html = page.text
    assert "KR outlets on VN" in html and "VN outlets on KR" in html and 'id="mirror-shared"' in html
    assert "Seoul Herald" in html and "svg" in html
    assert client.get("/mirror", params={"a": "VN", "b": "VN"}).text.count('class="card mirror-side"') == 1
    bad = client.get("/mirror", params={"a": "QQ"})
    assert bad.status_code == 422 and "a: " in bad.text
    pairs = client.get("/pairs").text
    assert 'href="/mirror?a=KR&b=VN' in pairs and 'id="pair-mirror"' in pairs


def test_cli_mirror(homes: Path) -> None:
    runner = CliRunner()
    found = runner.invoke(cli, ["mirror", "KR", "VN", "--db", str(homes), "--json"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert [(s["articles"], s["output"]) for s in data["sides"]] == [(6, 12), (10, 21)]
    table = runner.invoke(cli, ["mirror", "CN", "KR", "--db", str(homes)])
    assert table.exit_code == 0 and "CN outlets on KR" in table.stdout and "9 articles of 13" in table.stdout
    bad = runner.invoke(cli, ["mirror", "KR", "ZZ", "--db", str(homes)])
    assert bad.exit_code == 2 and "'ZZ' is no country" in bad.stderr


def test_briefing_with_a_pair(homes: Path) -> None:
    runner = CliRunner()
    md = runner.invoke(cli, ["report", "--db", str(homes), "--date", "2026-11-19", "--pair", "KR-VN"])
    assert md.exit_code == 0, md.output
    section = md.stdout.split("## Mirror KR–VN", 1)[1]
    # 19 Nov (UTC): KR: Seoul Herald 01:00 and 11:30 name VN, Hankyeol 23:40 does not (2 of 3);
    # VN: Saigon Times 15:10 and Hanoi Daily 07:00 name KR, Hanoi Daily 04:15 does not (2 of 3).
    assert "| articles naming the other | 2 articles of 3 (67%) | 2 articles of 3 (67%) |" in section
    html = runner.invoke(cli, ["report", "--db", str(homes), "--date", "2026-11-19", "--pair", "KR-VN",
                               "--format", "html"])
    assert html.exit_code == 0 and "<h2>Mirror KR–VN</h2>" in html.stdout
    assert "## Mirror" not in runner.invoke(cli, ["report", "--db", str(homes), "--date", "2026-11-19"]).stdout
    bad = runner.invoke(cli, ["report", "--db", str(homes), "--pair", "KR"])
    assert bad.exit_code == 2 and "--pair" in bad.stderr
