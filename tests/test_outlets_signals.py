"""Outlet signals on the bundled sample against figures counted by hand, and the counts they are read from.

How the sample's figures were counted (src/newsradar/sample, 53 articles):

* articles per outlet — jsonl/articles.jsonl holds 21 records: Saigon Times Online 5 (lines 2, 4, 7, 9, 21),
  Seoul Herald 3, Hankyeol Ilbo 3, Asia Wire 2, Hanoi Daily Wire 2, Beijing Evening Post 2, Yonhap 1,
  Huanan Daily 1, 新华社 1, Tuoi Moi 1; html/ holds 10 pages (asiawire 2, bjeveningpost 2, hankyeol 1,
  hanoidaily 1, saigontimes 1, seoulherald 1, tuoimoi 1, vna 1 — its outlet line says "Vietnam News
  Agency"); feeds/ holds tuoimoi.xml and huanan.xml, 4 items each; dumps/ holds 14 texts, named by their
  sign-off: VNA/TTXVN 5, Yonhap/연합뉴스 3, Xinhua/新华社 3, none 3 (ko_chukgu, vi_bao_kaluma, zh_haerbin).
  So VNA = 5 + 1 = 6, Yonhap = 3 + 1 = 4, Xinhua = 3 + 1 = 4, Saigon Times 6, Tuoi Moi 4 + 1 + 1 = 6,
  Huanan 4 + 1 = 5, Asia Wire 4, Beijing Evening Post 4, Hankyeol 4, Seoul Herald 4, Hanoi Daily Wire 3,
  unknown outlet 3: 53 in all.
* the period — the earliest dated article is the VNA dump of "Thứ Hai, 16/11/2026" (midnight in Viet Nam,
  2026-11-15 17:00 UTC), the latest items are of 2026-11-20: six UTC days, so articles per day = articles / 6.
* wire copies — three texts appear twice or three times: the Typhoon Kaluma landfall report (vna html,
  08:40 +07 on 18 Nov, first; Saigon Times jsonl line 7 at 10:15 +07, crediting VNA; the English VNA dump
  dated 18/11 with no time, so after both), the chip-export report (Yonhap jsonl line 1, 11:00 KST on 17
  Nov, first; the Asia Wire page at 14:20 GMT+8, crediting Yonhap; the English Yonhap dump dated 18 Nov)
  and the China-ROK media forum report (新华社 jsonl line 16 at 19:20 +08 on 19 Nov, first; Huanan feed
  item 1 at 21:05 +08, "新华社北京11月19日电").  So VNA: 2 articles in shared groups, 1 first, 0 copies
  (its dump follows its own first); Yonhap likewise 2 / 1 / 0; Xinhua 1 / 1 / 0; Saigon Times, Asia Wire
  and Huanan Daily: 1 in a group, 0 first, 1 copy each.
* headline-only — every sample item has body text: 0 everywhere.
* quoted — read article by article for Xinhua (陈思远, 刘建平, Wang Lixin and 王立新 are quoted by name:
  4 of 4) and Yonhap (김도현 twice, Kim Do-hyun, 한정우: 4 of 4).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.outlets.directory import outlet_directory
from newsradar.outlets.report import SIGNALS, figure_articles, outlets_report
from newsradar.outlets.signals import OutletSignals, SignalsReport, day_bounds, outlet_signals
from newsradar.store import ArticleFilter, Store, open_store
from newsradar.store.sql.outlets import recount_queries

from .conftest import SAMPLE_OUTLETS

ARTICLES = {"Saigon Times Online": 6, "Tuoi Moi": 6, "VNA": 6, "Huanan Daily": 5, "Asia Wire": 4,
            "Beijing Evening Post": 4, "Hankyeol Ilbo": 4, "Seoul Herald": 4, "Xinhua": 4, "Yonhap": 4,
            "Hanoi Daily Wire": 3, "(unknown outlet)": 3}
#: outlet -> (articles in groups shared with another outlet, published first, copies of another outlet's first)
COPIES = {"VNA": (2, 1, 0), "Yonhap": (2, 1, 0), "Xinhua": (1, 1, 0), "Saigon Times Online": (1, 0, 1),
          "Asia Wire": (1, 0, 1), "Huanan Daily": (1, 0, 1)}
COUNTRIES = {"Saigon Times Online": "VN", "Tuoi Moi": "VN", "Hanoi Daily Wire": "VN", "VNA": "VN",
             "Seoul Herald": "KR", "Hankyeol Ilbo": "KR", "Yonhap": "KR", "Huanan Daily": "CN",
             "Beijing Evening Post": "CN", "Xinhua": "CN", "Asia Wire": None, "(unknown outlet)": None}


@pytest.fixture(scope="module")
def outlets_db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with its outlets file imported the way `make demo` does it."""
    from .postgres_mode import copy_store

    path = tmp_path_factory.mktemp("outlets") / "sample.db"
    copy_store(sample_db, path)
    done = CliRunner().invoke(app, ["outlets", "import", "--db", str(path), str(SAMPLE_OUTLETS)])
    assert done.exit_code == 0, done.output
    return path


@pytest.fixture
def store(outlets_db: Path) -> Iterator[Store]:
    with open_store(str(outlets_db)) as s:
        yield s


@pytest.fixture
def fresh(outlets_db: Path, tmp_path: Path) -> Iterator[Store]:
    from .postgres_mode import copy_store

    copy_store(outlets_db, tmp_path / "copy.db")
    with open_store(str(tmp_path / "copy.db")) as s:
        yield s


@pytest.fixture
def report(store: Store) -> SignalsReport:
    return outlets_report(store)


def _by_name(report: SignalsReport) -> dict[str, OutletSignals]:
    return {s.outlet.name: s for s in report.outlets}


def test_articles_countries_and_rate_counted_by_hand(report: SignalsReport) -> None:
    found = _by_name(report)
    assert {name: s.articles for name, s in found.items()} == ARTICLES
    assert {name: s.outlet.country for name, s in found.items()} == COUNTRIES
    assert (report.period.first, report.period.end, report.period.days) == ("2026-11-15", "2026-11-21", 6)
    # per day counts dated articles: VNA's dengue text dump (dumps/en_dengue_vaccination_southern_localities.txt)
    # carries no date, so VNA has 5 dated of 6
    dated = {**ARTICLES, "VNA": ARTICLES["VNA"] - 1}
    assert {name: s.per_day for name, s in found.items()} == {n: round(a / 6, 3) for n, a in dated.items()}
    assert found["VNA"].dated == 5
    assert found["VNA"].sources == ["VNA", "Vietnam News Agency"] and found["Xinhua"].sources == ["Xinhua", "新华社"]
    assert found["VNA"].languages == {"vi": 3, "en": 3}  # 3 TTXVN dumps; the English dumps and page
    assert {s.outlet.origin for n, s in found.items() if n in ("Tuoi Moi", "Seoul Herald")} == {"user"}
    assert found["Yonhap"].outlet.origin == "registry" and found["Asia Wire"].outlet.origin == "unknown"


def test_copies_and_first_published_counted_by_hand(report: SignalsReport) -> None:
    found = _by_name(report)
    assert {n: (s.in_copy_groups, s.first, s.copies) for n, s in found.items() if s.in_copy_groups} == COPIES
    assert found["VNA"].first_share == 0.5 and found["Xinhua"].first_share == 1.0
    assert found["Saigon Times Online"].copy_share == round(1 / 6, 4) and found["Huanan Daily"].copy_share == 0.2
    assert found["Tuoi Moi"].first_share is None and found["Tuoi Moi"].copy_share == 0.0


def test_headline_only_and_quotes_counted_by_hand(report: SignalsReport) -> None:
    found = _by_name(report)
    assert all(s.headline_only == 0 and s.headline_share == 0.0 for s in found.values())
    assert (found["Xinhua"].quoted, found["Yonhap"].quoted) == (4, 4)


def test_quotes_of_two_sentences_counted_by_hand(report: SignalsReport) -> None:
    found = _by_name(report)
    # all six Saigon Times items quote a named speaker (Le Trung Kien twice, Yoon Seo-yeon, Dinh Quang Huy,
    # Dang Van Thanh, Ngo Thanh Binh); all four Beijing Evening Post items do (陈光荣, 陈思远, 金度贤, 王立新)
    assert (found["Saigon Times Online"].quoted, found["Beijing Evening Post"].quoted) == (6, 4)


def test_median_body_length_matches_the_bodies(store: Store, report: SignalsReport) -> None:
    """The median from the length buckets against the median of the stored bodies, read one by one."""
    directory = outlet_directory(store)
    lengths: dict[str, list[int]] = {}
    for article in store.list_articles(ArticleFilter(limit=None)):
        if article.body:
            lengths.setdefault(directory.outlet_of_article(article.source, article.agency).name, []).append(
                len(article.body))
    for item in report.outlets:
        exact = statistics.median(lengths[item.outlet.name])
        assert item.median_chars is not None
        assert abs(item.median_chars - exact) <= exact * 0.01, (item.outlet.name, item.median_chars, exact)
    assert _by_name(report)["VNA"].median_chars == 896  # (891 + 901) / 2: both in buckets of one length


def test_a_window_counts_whole_utc_days(store: Store) -> None:
    from datetime import UTC, datetime

    # 2026-11-18 05:30 to 2026-11-18 06:00 UTC widens to the UTC day of 18 November
    since, until = datetime(2026, 11, 18, 5, 30, tzinfo=UTC), datetime(2026, 11, 18, 6, tzinfo=UTC)
    assert day_bounds(since, until) == ("2026-11-18", "2026-11-19")
    found = _by_name(outlet_signals(store, since, until))
    # on 18 Nov UTC: VNA's page (01:40), its English dump (dated 18/11) and the TTXVN dump of 19/11 (17:00 UTC
    # on the 18th); Huanan's feed items 2-4; Saigon Times lines 7 and 9; no Xinhua or Seoul Herald item
    assert (found["VNA"].articles, found["Huanan Daily"].articles, found["Saigon Times Online"].articles) == (3, 3, 2)
    assert "Xinhua" not in found and "Seoul Herald" not in found
    assert found["VNA"].per_day == 3.0 and found["VNA"].in_copy_groups == 2
    vietnamese = _by_name(outlet_signals(store, language="vi"))
    assert vietnamese["VNA"].articles == 3 and vietnamese["VNA"].in_copy_groups == 0


def test_every_figure_lists_exactly_the_articles_it_counted(store: Store, report: SignalsReport) -> None:
    for item in report.outlets:
        expected = {"all": item.articles, "copies": item.copies, "first": item.first, "groups": item.in_copy_groups,
                    "quoted": item.quoted, "headline_only": item.headline_only}
        for signal in SIGNALS:
            total, page = figure_articles(store, report, item, signal, limit=100)
            assert total == expected[signal] == len(page), (item.outlet.name, signal)
    total, page = figure_articles(store, report, _by_name(report)["Saigon Times Online"], "copies")
    assert [a.title for a in page] == ["Typhoon Kaluma slams into Da Nang, leaving three dead and 1,200 homes damaged"]


def _table(store: Store, table: str) -> set[tuple[object, ...]]:
    columns = {"outlet_days": "day, source, credit, language, articles, headline_only, quoted, chars",
               "outlet_lengths": "day, source, credit, language, bucket, articles, chars",
               "outlet_copies": "article_id, group_id, seq, day, source, credit, language"}[table]
    where = " WHERE articles <> 0" if table != "outlet_copies" else ""
    db = store._db  # type: ignore[attr-defined]
    return {tuple(r) for r in db.execute(f"SELECT {columns} FROM {table}{where}")}


def _recounted(store: Store, table: str) -> set[tuple[object, ...]]:
    db = store._db  # type: ignore[attr-defined]
    return {tuple(r) for r in db.execute(recount_queries()[table])}


def test_counts_kept_in_the_write_transactions_equal_a_recount(fresh: Store) -> None:
    store = fresh
    for table in ("outlet_days", "outlet_lengths", "outlet_copies"):
        assert _table(store, table) == _recounted(store, table), table
    # a deletion takes the first of a copy group away: the others' order and counts follow
    first = next(a for a in store.list_articles(ArticleFilter(limit=None, source="Vietnam News Agency")))
    before = store.data_version()
    store.delete_articles([first.id])
    assert store.data_version() != before
    for table in ("outlet_days", "outlet_lengths", "outlet_copies"):
        assert _table(store, table) == _recounted(store, table), table
    found = _by_name(outlets_report(store))
    # the group is now Saigon Times (first) and the VNA dump (a copy of it, as far as the store can tell)
    assert (found["VNA"].articles, found["VNA"].first, found["VNA"].copies) == (5, 0, 1)
    assert (found["Saigon Times Online"].first, found["Saigon Times Online"].copies) == (1, 0)

