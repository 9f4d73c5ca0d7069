"""The API and the dashboard count ``since=24h`` back from the newest dated article, as the CLI does.

An archive whose newest article is years old answered ``/api/articles?since=24h`` with nothing: the
API counted from the wall clock while the CLI, the Today page and the briefing counted from the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from newsradar.model import Article, Enrichment, article_id
from newsradar.periods import TimeParamError, window
from newsradar.settings import load_settings
from newsradar.store import open_store
from newsradar.web import create_app

#: The newest dated article: years before the wall clock, as in an archive.
NEWEST = datetime(2019, 3, 1, 8, 0, tzinfo=UTC)
TITLES = {"newest": "Korea and Vietnam sign a media accord", "older": "China and Japan hold port talks",
          "undated": "Harbour notice without a date"}


def _article(name: str, published: datetime | None, pair: str) -> tuple[Article, Enrichment]:
    title = TITLES[name]
    a = Article(id=article_id(url=None, title=title, body="", source="Wire"), title=title, body=f"{title}.",
                origin=f"test#{name}", source="Wire", language="en", published=published)
    e = Enrichment(language="en", version=4, countries={c: 1 for c in pair.split("-")}, pairs=[pair],
                   pair_weights={pair: 3.0}, keywords=[(name, 1.0)])
    return a, e


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    items = [_article("newest", NEWEST, "KR-VN"), _article("older", NEWEST - timedelta(hours=26), "CN-JP"),
             _article("undated", None, "FR-IT")]  # ingested now: never "now" itself
    with open_store(f"sqlite:///{path}") as s:
        s.write_batch([a for a, _ in items])
        s.write_enrichments(items)
    with TestClient(create_app(load_settings({"database_url": f"sqlite:///{path}"}, env={}))) as c:
        yield c


def _titles(client: TestClient, query: str) -> set[str]:
    answer = client.get(f"/api/articles?{query}")
    assert answer.status_code == 200, answer.text
    return {a["title"] for a in answer.json()["items"]}


def test_since_24h_in_the_api_counts_back_from_the_newest_dated_article(client: TestClient) -> None:
    assert _titles(client, "since=24h") == {TITLES["newest"]}
    assert _titles(client, "since=2d") == {TITLES["newest"], TITLES["older"]}
    assert _titles(client, "since=48h&until=24h") == {TITLES["older"]}
    assert _titles(client, "until=24h") == {TITLES["older"]}
    assert _titles(client, "since=2019-01-01") == {TITLES["newest"], TITLES["older"]}  # absolute: as written


def test_trends_pairs_and_other_listings_share_that_now(client: TestClient) -> None:
    pairs = client.get("/api/pairs?since=24h").json()["items"]
    assert [p["pair"] for p in pairs] == ["KR-VN"]
    trends = client.get("/api/trends?kind=pair&since=7d").json()["items"]
    assert {s["value"]: s["total"] for s in trends} == {"KR-VN": 1, "CN-JP": 1}
    sources = client.get("/api/sources?since=24h").json()["items"]
    assert [(x["source"], x["articles"]) for x in sources] == [("Wire", 1)]
    assert client.get("/api/pairs/KR-VN?since=24h").json()["articles"] == 1


def test_dashboard_pages_share_that_now(client: TestClient) -> None:
    page = client.get("/pairs?since=24h").text
    table = page[page.index('id="pair-ranking"'):page.index("</table>")]
    assert "KR-VN" in table and "CN-JP" not in table
    assert TITLES["newest"] in client.get("/search?since=24h").text
    assert "KR-VN" in client.get("/trends?kind=pair&since=7d").text


def test_a_bad_value_is_still_a_422_naming_the_parameter(client: TestClient) -> None:
    for query, name in (("since=yesterday", "since"), ("since=24h&until=later", "until"),
                        ("until=2026-02-30", "until")):
        answer = client.get(f"/api/articles?{query}")
        assert answer.status_code == 422, query
        assert answer.json()["detail"].startswith(f"{name}: "), answer.json()
    assert client.get("/pairs?since=later").status_code == 422


# -- periods.window ---------------------------------------------------------------------------------


def test_window_asks_for_now_only_for_a_relative_value() -> None:
    asked: list[int] = []

    def now_of() -> datetime:
        asked.append(1)
        return NEWEST

    assert window("2019-02-01", "2019-03-01", now_of) == (datetime(2019, 2, 1, tzinfo=UTC),
                                                          datetime(2019, 3, 1, tzinfo=UTC))
    assert window(None, None, now_of, strict=True) == (None, None)
    assert not asked
    # a relative since ends at the newest dated article (one second after it: until is exclusive)
    assert window("24h", None, now_of) == (NEWEST - timedelta(hours=24), NEWEST + timedelta(seconds=1))
    assert window("7d", None, now_of, strict=True) == (NEWEST - timedelta(days=7), NEWEST + timedelta(seconds=1))
    assert window("2019-01-01", "1w", now_of) == (datetime(2019, 1, 1, tzinfo=UTC), NEWEST - timedelta(weeks=1))
    assert len(asked) == 3


def test_window_falls_back_to_the_wall_clock_when_nothing_is_dated() -> None:
    start, end = window("24h", None, lambda: None)
    assert start is not None and end is None
    assert abs(start - (datetime.now(UTC) - timedelta(hours=24))) < timedelta(minutes=1)


def test_window_names_the_bad_parameter() -> None:
    with pytest.raises(TimeParamError) as caught:
        window("24h", "7 d", lambda: NEWEST, strict=True)  # the API's strict forms have no space
    assert caught.value.name == "until" and "is not a time" in str(caught.value)
    with pytest.raises(ValueError, match="is not a time"):
        window("soon", None, lambda: NEWEST)
