"""Aggregators, headline-only items and declared countries, through the CLI, the API and the pages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.outlets.report import outlets_report
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import open_store
from newsradar.web import create_app

TOKEN = "outlets-token"
#: Six records, counted by hand below: the aggregator's credited item goes to Tuổi Trẻ, its own two stay.
RECORDS = [
    {"title": "Giá vàng tăng", "body": "Giá vàng trong nước tăng mạnh sáng nay theo đà thế giới.",
     "source": "baomoi.com", "agency": "Tuổi Trẻ", "url": "https://baomoi.com/a1.epi",
     "published": "2026-11-18T08:00:00+07:00", "lang": "vi"},
    {"title": "Mưa lớn ở miền Trung", "body": "Mưa lớn kéo dài ở các tỉnh miền Trung.",
     "source": "baomoi.com", "url": "https://baomoi.com/a2.epi", "published": "2026-11-18T09:00:00+07:00",
     "lang": "vi"},
    {"title": "Tin nhanh: giá xăng giảm", "source": "baomoi.com", "url": "https://baomoi.com/a3.epi",
     "published": "2026-11-19T09:00:00+07:00", "lang": "vi"},
    {"title": "Giao thông Hà Nội", "body": "Hà Nội mở thêm tuyến xe buýt điện mới trong tháng này để giảm ùn tắc.",
     "source": "Tuoi Tre", "url": "https://tuoitre.vn/a4.htm", "published": "2026-11-19T10:00:00+07:00",
     "lang": "vi"},
    {"title": "부산항 물동량 증가", "source": "Busan Ilbo", "outlet_country": "KR", "outlet_kind": "newspaper",
     "url": "https://busan.example/a5", "published": "2026-11-19T10:00:00+09:00", "lang": "ko"},
    {"title": "No outlet at all", "body": "A record that names nobody.", "published": "2026-11-19T10:00:00+00:00",
     "lang": "en"},
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    store_path = tmp_path / "store.db"
    with open_store(str(store_path)) as store:
        Ingestor(store, load_settings(env={})).run([str(path)])
    return store_path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings({"database_url": str(db), "api_token": TOKEN}, env={}))) as c:
        yield c


def test_aggregators_headline_only_and_declared_countries(db: Path) -> None:
    with open_store(str(db)) as store:
        found = {s.outlet.name: s for s in outlets_report(store).outlets}
    # Tuổi Trẻ: its own article and the one Báo Mới credits to it; Báo Mới keeps its two uncredited items
    assert {n: s.articles for n, s in found.items()} == {"Tuổi Trẻ": 2, "Báo Mới": 2, "Busan Ilbo": 1,
                                                         "(unknown outlet)": 1}
    assert (found["Báo Mới"].headline_only, found["Báo Mới"].headline_share) == (1, 0.5)
    assert found["Báo Mới"].median_chars == len(RECORDS[1]["body"])  # the headline-only item has no length
    assert (found["Busan Ilbo"].outlet.country, found["Busan Ilbo"].outlet.origin) == ("KR", "input")
    assert (found["Busan Ilbo"].headline_share, found["Busan Ilbo"].median_chars) == (1.0, None)
    assert found["Tuổi Trẻ"].sources == ["Tuoi Tre", "baomoi.com"] and found["Tuổi Trẻ"].outlet.kind == "newspaper"
    # two days (18 and 19 November UTC... the 18th's items are at 01:00 and 02:00 UTC)
    assert found["Tuổi Trẻ"].per_day == 1.0 and found["Báo Mới"].per_day == 1.0


def test_listing_detail_and_figure_articles(client: TestClient) -> None:
    listing = client.get("/api/outlets", params={"sort": "headline_share"}).json()
    assert [i["name"] for i in listing["items"]][:2] == ["Busan Ilbo", "Báo Mới"]
    assert listing["total"] == 4 and listing["period"]["days"] == 2
    bao_moi = next(i for i in listing["items"] if i["name"] == "Báo Mới")
    headline = client.get(bao_moi["links"]["headline_only"]).json()
    assert [a["title"] for a in headline["items"]] == ["Tin nhanh: giá xăng giảm"]
    every = client.get(bao_moi["links"]["all"]).json()
    assert every["total"] == 2 and "Giá vàng tăng" not in [a["title"] for a in every["items"]]
    tuoi_tre = client.get("/api/outlets/tuoi%20tre").json()  # any spelling of any of its names
    assert tuoi_tre["outlet"]["name"] == "Tuổi Trẻ" and tuoi_tre["signals"]["articles"] == 2
    assert client.get("/api/outlets/Nobody%20Knows").status_code == 404
    assert client.get("/api/outlets", params={"country": "KR"}).json()["total"] == 1
    assert client.get("/api/outlets", params={"kind": "none"}).json()["items"][0]["name"] == "(unknown outlet)"
    assert client.get("/api/outlets", params={"sort": "loudness"}).status_code == 422


def test_csv_export(client: TestClient) -> None:
    response = client.get("/api/outlets", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["name"]: r["articles"] for r in rows} == {"Tuổi Trẻ": "2", "Báo Mới": "2", "Busan Ilbo": "1",
                                                        "(unknown outlet)": "1"}
    assert next(r for r in rows if r["name"] == "Báo Mới")["headline_share"] == "0.5"


def test_put_needs_the_token_and_round_trips(client: TestClient) -> None:
    body = {"country": "KR", "kind": "agency", "aliases": ["Busan Daily"], "languages": ["ko"]}
    assert client.put("/api/outlets/Busan%20Ilbo", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.put("/api/outlets/Busan%20Ilbo", json={"country": "XX"}, headers=auth).status_code == 422
    assert client.put("/api/outlets/Busan%20Ilbo", json={"kind": "blog"}, headers=auth).status_code == 422
    done = client.put("/api/outlets/Busan%20Ilbo", json=body, headers=auth)
    assert done.status_code == 200, done.text
    assert done.json()["outlet"] == {"name": "Busan Ilbo", "country": "KR", "kind": "agency", "languages": ["ko"],
                                     "domains": ["busan.example"], "aliases": ["Busan Daily"], "origin": "user"}
    # the cached listing follows the edit (an outlet write moves the data version)
    item = client.get("/api/outlets", params={"country": "KR"}).json()["items"][0]
    assert (item["kind"], item["origin"]) == ("agency", "user")
    assert client.get("/api/outlets/Busan%20Daily").json()["outlet"]["name"] == "Busan Ilbo"
    assert client.delete("/api/outlets/Busan%20Ilbo", headers=auth).json() == {"removed": "Busan Ilbo"}
    assert client.get("/api/outlets/Busan%20Ilbo").json()["outlet"]["origin"] == "input"  # the input's record again


def test_cli_set_show_and_listing(db: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["outlets", "set", "baomoi.com", "--country", "VN", "--kind", "portal", "--alias",
                               "BM", "--db", str(db)])
    assert done.exit_code == 0, done.output
    shown = json.loads(runner.invoke(app, ["outlets", "show", "BM", "--json", "--db", str(db)]).stdout)
    assert (shown["name"], shown["kind"], shown["origin"], shown["sources"]) == ("Báo Mới", "portal", "user",
                                                                                 ["baomoi.com"])
    listing = json.loads(runner.invoke(app, ["outlets", "--json", "--db", str(db)]).stdout)
    # no longer an aggregator: the credited item stays with Báo Mới
    assert {i["name"]: i["articles"] for i in listing["items"]}["Báo Mới"] == 3
    bad = runner.invoke(app, ["outlets", "set", "BM", "--country", "Atlantis", "--db", str(db)])
    assert bad.exit_code == 2 and "Atlantis" in bad.output
    table = runner.invoke(app, ["outlets", "--csv", "--db", str(db)])
    assert table.exit_code == 0 and table.stdout.startswith("name,country,kind,origin,articles,per_day")


def test_pages_render(client: TestClient) -> None:
    page = client.get("/outlets")
    assert page.status_code == 200
    assert 'class="sortable"' in page.text and "/api/outlets?format=csv" in page.text
    assert "/outlets/B%C3%A1o%20M%E1%BB%9Bi?signal=headline_only" in page.text
    assert 'title="Share of headline-only items (no body text)."' in page.text
    detail = client.get("/outlets/B%C3%A1o%20M%E1%BB%9Bi", params={"signal": "headline_only"})
    assert detail.status_code == 200 and "Tin nhanh: giá xăng giảm" in detail.text
    assert "Giao thông Hà Nội" not in detail.text
    by_headline = client.get("/outlets", params={"sort": "headline_share"}).text
    assert by_headline.index(">Busan Ilbo<") < by_headline.index(">Báo Mới<") < by_headline.index(">Tuổi Trẻ<")
    assert client.get("/outlets", params={"sort": "loudness"}).status_code == 422
    assert client.get("/outlets", params={"kind": "blog"}).status_code == 422
    assert client.get("/outlets/Nobody").status_code == 404
