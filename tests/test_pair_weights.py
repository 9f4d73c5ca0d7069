"""Country pairs ranked by their weight: where the two countries meet (title, lead, one sentence), not how often.

An article keeps its heaviest pairs with their weights (``Enrichment.pair_weights``), the store
keeps each weight beside the pair (``article_pairs.weight``, migration 12) and sums them per pair
(``Store.pair_weights``), and the Country pairs page, ``/api/pairs`` and the Today page's chart
rank by that sum: one article about Korea and Vietnam in its title outweighs two that mention
China and Japan in passing.  Runs on both stores.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsradar.enrich import VERSION, Enricher, enrich_store
from newsradar.model import Article, Enrichment, article_id
from newsradar.store import Store, open_store
from newsradar.store.base import TrendFilter
from newsradar.trends.views import home_view, pairs_view

from .schema_rewind import rewind

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

DAY = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
TITLE = "Korea and Vietnam sign a media accord"
BODY = ("The accord was signed on Tuesday. It covers training and exchanges. "
        "China and Japan signed a similar accord last year.")


def _item(n: int, weights: dict[str, float], *, published: datetime | None = DAY, lang: str = "en",
          stored_weights: bool = True) -> tuple[Article, Enrichment]:
    a = Article(id=article_id(url=None, title=f"t{n}", body="", source="Wire", external_id=str(n)),
                title=f"title {n}", body=f"body {n}", origin=f"test#{n}", source="Wire", language=lang,
                published=published + timedelta(minutes=n) if published else None)
    e = Enrichment(language=lang, version=VERSION, countries={c: 1 for p in weights for c in p.split("-")},
                   pairs=list(weights), pair_weights=dict(weights) if stored_weights else {})
    return a, e


def _write(store: Store, items: list[tuple[Article, Enrichment]]) -> None:
    store.write_batch([a for a, _ in items])
    store.write_enrichments(items)


#: One article pairs Korea and Vietnam in its title (3); two pair China and Japan in a late sentence (1 each).
HEAVY_FEW_LIGHT_MANY = [
    ({"KR-VN": 3.0}, "title"),
    ({"CN-JP": 1.0}, "sentence"),
    ({"CN-JP": 1.0}, "sentence"),
]


def _fill(store: Store) -> None:
    _write(store, [_item(n, weights) for n, (weights, _) in enumerate(HEAVY_FEW_LIGHT_MANY)])


# -- enrichment ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def test_a_title_meeting_weighs_more_than_a_late_sentence(enricher: Enricher) -> None:
    e, _ = enricher.process(Article(id="accord", title=TITLE, body=BODY, origin="t", language="en"))
    assert e.version == VERSION >= 5  # pair weights came with version 4
    assert e.pairs == ["KR-VN", "CN-JP"]
    assert e.pair_weights == {"KR-VN": 3.0, "CN-JP": 1.0}
    assert list(e.pair_weights) == e.pairs, "a weight for each pair, in the same order"


def test_weights_are_shared_among_the_countries_of_one_place(enricher: Enricher) -> None:
    e, _ = enricher.process(Article(id="summit", title="Leaders of Korea, Japan and China meet", body="Talks began.",
                                    origin="t", language="en"))
    assert sorted(e.pairs) == ["CN-JP", "CN-KR", "JP-KR"]
    assert set(e.pair_weights.values()) == {1.5}, "the title's 3 shared by three countries"


def test_weights_survive_serialisation_and_old_results_still_load() -> None:
    e = Enrichment(pairs=["KR-VN", "CN-JP"], pair_weights={"KR-VN": 3.0, "CN-JP": 0.333}, version=VERSION)
    again = Enrichment.from_dict(e.to_dict())
    assert again.pair_weights == {"KR-VN": 3.0, "CN-JP": 0.333}
    old = e.to_dict()
    del old["pair_weights"]  # a version 3 result, stored before pairs had weights
    assert Enrichment.from_dict(old).pair_weights == {} and Enrichment.from_dict(old).pairs == ["KR-VN", "CN-JP"]


def test_enrichment_writes_the_weights_to_the_store(store: Store) -> None:
    article = Article(id=article_id(url=None, title=TITLE, body=BODY, source="Wire"), title=TITLE, body=BODY,
                      origin="test#accord", source="Wire", language="en", published=DAY)
    store.write_batch([article])
    enrich_store(store)
    stored = store.get_article(article.id)
    assert stored is not None and stored.enrichment is not None
    assert stored.enrichment.pair_weights == {"KR-VN": 3.0, "CN-JP": 1.0}
    assert store.pair_weights(TrendFilter(), 10) == [("KR-VN", 3.0, 1), ("CN-JP", 1.0, 1)]


# -- the store -------------------------------------------------------------------------------------


def test_the_store_sums_weights_heaviest_first(store: Store) -> None:
    _fill(store)
    assert store.pair_weights(TrendFilter(), 10) == [("KR-VN", 3.0, 1), ("CN-JP", 2.0, 2)]
    assert store.pair_weights(TrendFilter(), 1) == [("KR-VN", 3.0, 1)]
    stored = store.get_article(_item(0, {})[0].id)
    assert stored is not None and stored.enrichment is not None
    assert stored.enrichment.pair_weights == {"KR-VN": 3.0}


def test_ties_go_to_more_articles_then_to_the_pair(store: Store) -> None:
    _write(store, [
        _item(0, {"KR-VN": 3.0}), _item(1, {"DE-FR": 1.5}), _item(2, {"DE-FR": 1.5}), _item(3, {"AU-NZ": 3.0}),
        # 0.1 + 0.2 is 0.30000000000000004 in floating point: no reason to rank above 0.15 + 0.15
        _item(4, {"GB-IE": 0.1}), _item(5, {"GB-IE": 0.2}), _item(6, {"FR-IT": 0.15}), _item(7, {"FR-IT": 0.15}),
    ])
    assert store.pair_weights(TrendFilter(), 10) == [
        ("DE-FR", 3.0, 2), ("AU-NZ", 3.0, 1), ("KR-VN", 3.0, 1), ("FR-IT", 0.3, 2), ("GB-IE", 0.3, 2)]


def test_the_slice_filters_and_a_window_leaves_out_undated_articles(store: Store) -> None:
    _write(store, [
        _item(0, {"KR-VN": 3.0}),
        _item(1, {"KR-VN": 2.0}, lang="vi"),
        _item(2, {"KR-VN": 1.0}, published=None),  # undated: in no time window
        _item(3, {"CN-JP": 1.0}, published=DAY - timedelta(days=3)),
        _item(4, {"CN-JP": 2.0}, stored_weights=False),  # a result from before weights: each pair weighs 1
    ])
    assert store.pair_weights(TrendFilter(), 10) == [("KR-VN", 6.0, 3), ("CN-JP", 2.0, 2)]
    since = DAY - timedelta(hours=1)
    assert store.pair_weights(TrendFilter(since=since), 10) == [("KR-VN", 5.0, 2), ("CN-JP", 1.0, 1)]
    assert store.pair_weights(TrendFilter(until=since), 10) == [("CN-JP", 1.0, 1)]
    assert store.pair_weights(TrendFilter(language="vi"), 10) == [("KR-VN", 2.0, 1)]
    assert store.pair_weights(TrendFilter(source="WIRE", language="en", since=since), 10) == \
        [("KR-VN", 3.0, 1), ("CN-JP", 1.0, 1)]
    assert store.pair_weights(TrendFilter(since=DAY + timedelta(days=1)), 10) == []


def test_re_enrichment_replaces_the_weights(store: Store) -> None:
    _fill(store)
    _write(store, [_item(0, {"KR-VN": 0.5})])
    assert store.pair_weights(TrendFilter(), 10) == [("CN-JP", 2.0, 2), ("KR-VN", 0.5, 1)]


# -- the views -------------------------------------------------------------------------------------


def test_pairs_view_ranks_fewer_heavier_articles_above_more_lighter_ones(store: Store) -> None:
    """By article count CN-JP (2) would lead KR-VN (1); by weight KR-VN (3) leads CN-JP (2)."""
    _fill(store)
    ranked = pairs_view(store, TrendFilter())
    assert [(p["pair"], p["weight"], p["articles"]) for p in ranked] == [("KR-VN", 3.0, 1), ("CN-JP", 2.0, 2)]
    for item in ranked:  # the count line is still the articles per bucket
        assert sum(point["articles"] for point in item["points"]) == item["articles"]
        assert item["bucket"] == "hour"
    assert pairs_view(store, TrendFilter(), limit=1)[0]["pair"] == "KR-VN"
    assert pairs_view(store, TrendFilter(since=DAY + timedelta(days=2))) == []


def test_the_today_page_charts_pairs_by_weight(store: Store) -> None:
    _fill(store)
    pairs = home_view(store)["pairs"]
    assert pairs == [{"value": "KR-VN", "label": "KR-VN", "articles": 1, "weight": 3.0},
                     {"value": "CN-JP", "label": "CN-JP", "articles": 2, "weight": 2.0}]


# -- migration 12 ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_migration_12_adds_the_weight_to_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(f"sqlite:///{path}") as s:
        _fill(s)
    rewind(path, before=12)  # as the release before pair weights left it
    db = sqlite3.connect(path)
    assert "weight" not in [c[1] for c in db.execute("PRAGMA table_info(article_pairs)")]
    db.close()
    with open_store(f"sqlite:///{path}") as s:
        assert s.schema_version() >= 12
        # pairs written before weights weigh 1 each, until they are enriched again
        assert s.pair_weights(TrendFilter(), 10) == [("CN-JP", 2.0, 2), ("KR-VN", 1.0, 1)]
        _fill(s)
        assert s.pair_weights(TrendFilter(), 10) == [("KR-VN", 3.0, 1), ("CN-JP", 2.0, 2)]


# -- the page and the API --------------------------------------------------------------------------


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsradar.settings import load_settings
    from newsradar.web import create_app

    with open_store(f"sqlite:///{db_path}") as s:
        _fill(s)
    with TestClient(create_app(load_settings({"database_url": f"sqlite:///{db_path}"}, env={}))) as c:
        yield c


def test_the_pairs_page_shows_the_weight_and_ranks_by_it(client: TestClient) -> None:
    page = client.get("/pairs")
    assert page.status_code == 200
    html = page.text
    assert "<th>weight</th>" in html and "Ranked by weight" in html
    table = html[html.index('id="pair-ranking"'):html.index("</table>")]
    assert table.index("KR-VN") < table.index("CN-JP")
    assert '<td class="num">3.00</td><td class="num">1</td>' in table
    assert '<td class="num">2.00</td><td class="num">2</td>' in table
    items = client.get("/api/pairs").json()["items"]
    assert [(p["pair"], p["weight"], p["articles"]) for p in items] == [("KR-VN", 3.0, 1), ("CN-JP", 2.0, 2)]
    home = client.get("/?date=2026-11-18")
    assert home.status_code == 200 and "by weight" in home.text
