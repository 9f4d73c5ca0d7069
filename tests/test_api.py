"""The REST API, in-process with FastAPI's TestClient, over the enriched bundled sample."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from newsradar.enrich.entities import entity_key
from newsradar.settings import load_settings
from newsradar.web import create_app

from .postgres_mode import copy_store


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    app = create_app(load_settings({"database_url": str(sample_db)}, env={}))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def writable(sample_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "w.db"
    copy_store(sample_db, copy)  # the file, or its PostgreSQL schema
    return copy


def test_health_reports_the_store(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["articles"] == 53 and body["schema_version"] >= 3


def test_articles_page_through_every_article_once(client: TestClient) -> None:
    seen: list[str] = []
    url: str | None = "/api/articles?limit=20"
    pages = 0
    while url:
        body = client.get(url).json()
        assert body["total"] == 53
        seen += [a["id"] for a in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 53


@pytest.mark.parametrize(("query", "check"), [
    ("lang=ko", lambda a, full: a["language"] == "ko"),
    ("country=KR", lambda a, full: "KR" in full["enrichment"]["countries"]),
    ("pair=VN-KR", lambda a, full: "KR-VN" in full["enrichment"]["pairs"]),
    ("entity=Hà Nội", lambda a, full: any(e["key"] == "hanoi" for e in full["enrichment"]["entities"])),
    ("q=Kaluma", lambda a, full: "kaluma" in (full["title"] + full["body"]).lower()),
    ("since=2026-11-19&until=2026-11-20", lambda a, full: a["published"] and full["published"][:10] >= "2026-11-19"),
])
def test_article_filters_return_only_matching_articles(client: TestClient, query: str, check: object) -> None:
    body = client.get(f"/api/articles?{query}&limit=100").json()
    assert body["total"] == len(body["items"]) > 0
    assert body["total"] < 53
    for item in body["items"]:
        full = client.get(f"/api/articles/{item['id']}").json()
        assert check(item, full), (query, item["title"])  # type: ignore[operator]


def test_topic_filter_matches_the_topic_facet(client: TestClient) -> None:
    topic = client.get("/api/trends?kind=topic&top=1").json()["items"][0]["value"]
    items = client.get(f"/api/articles?topic={topic}&limit=100").json()["items"]
    assert items and all(topic in a["topics"] for a in items)


def test_article_detail_carries_enrichment_story_and_copies(client: TestClient) -> None:
    group = client.get("/api/copies").json()["items"][0]
    body = client.get(f"/api/articles/{group['first']['id']}").json()
    assert body["enrichment"]["language"] and body["story"]
    assert body["copies"]["first"] == group["first"]["id"]
    assert len(body["copies"]["members"]) == group["members"] >= 2


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/articles/does-not-exist", 404, "no article"),
    ("/api/stories/zzzz", 404, "no story"),
    ("/api/articles?since=yesterday-ish", 422, "since"),
    ("/api/articles?lang=KOREAN", 422, "lang"),
    ("/api/articles?limit=0", 422, "limit"),
    ("/api/articles?limit=100000", 422, "limit"),
    ("/api/articles?pair=KRVN", 422, "pair"),
    ("/api/articles?country=Korea", 422, "country"),
    ("/api/trends?kind=color", 422, "kind"),
    ("/api/stories/ranking?date=19-11-2026", 422, "date"),
    ("/api/network?term=zzzzqqq", 404, "appears in no article"),
    ("/api/pairs/K1-VN", 422, "pair"),
])
def test_bad_requests_get_a_clear_4xx(client: TestClient, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert words in json.dumps(response.json()["detail"]).lower()


def test_csv_and_jsonl_exports_hold_every_matching_row(client: TestClient) -> None:
    total = client.get("/api/articles?lang=vi").json()["total"]
    response = client.get("/api/articles?lang=vi&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total and all(r["language"] == "vi" for r in rows)
    assert any("Việt" in r["body"] or "Hà Nội" in r["body"] for r in rows)  # UTF-8 intact
    lines = client.get("/api/stories?format=jsonl").text.splitlines()
    assert len(lines) == client.get("/api/stories").json()["total"]
    assert all(json.loads(line)["id"] for line in lines)
    quotes = client.get("/api/quotes?format=csv&limit=5").text
    assert quotes.startswith("article_id,published,source,language,speaker")


def test_stories_ranking_detail_and_members(client: TestClient) -> None:
    ranking = client.get("/api/stories/ranking?date=2026-11-19").json()
    assert ranking["since"].startswith("2026-11-19")
    top = ranking["items"][0]
    assert client.get("/api/trends/ranking?date=2026-11-19").json() == ranking
    story = client.get(f"/api/stories/{top['id']}").json()
    assert story["title"] and story["summary"] and len(story["by_language"]) >= 2
    members = client.get(f"/api/stories/{top['id']}/articles").json()
    assert members["total"] == story["articles"] == len(story["members"])
    listing = client.get("/api/stories?min_articles=2").json()
    assert listing["items"] and all(s["articles"] >= 2 for s in listing["items"])


def test_trends_series_rising_entities_quotes_pairs_network_sources(client: TestClient) -> None:
    series = client.get("/api/trends?kind=entity&value=Bão Kaluma&value=Hà Nội").json()["items"]
    assert [s["value"] for s in series] == [entity_key("Bão Kaluma"), "hanoi"] and series[1]["total"] > 0
    assert "items" in client.get("/api/trends/rising?kind=entity").json()
    people = client.get("/api/entities?kind=person&limit=5").json()
    assert people["items"] and all(e["kind"] == "person" for e in people["items"])
    found = client.get("/api/entities?q=kaluma").json()["items"]
    # name search, folded accents: every hit names Kaluma, in whichever script
    assert entity_key("Typhoon Kaluma") in {e["value"] for e in found}
    assert all("kalu" in e["label"].lower() or "칼루마" in e["label"] for e in found), found
    speaker = client.get("/api/quotes?limit=1").json()["items"][0]["speaker"]
    by_speaker = client.get("/api/quotes", params={"speaker": speaker}).json()["items"]
    assert by_speaker and all(q["speaker"] == speaker for q in by_speaker)
    pairs = client.get("/api/pairs").json()["items"]
    assert pairs[0]["pair"] == "KR-VN"
    pair = client.get("/api/pairs/vn-kr").json()
    assert pair["pair"] == "KR-VN" and pair["articles"] == pairs[0]["articles"]
    graph = client.get("/api/network?term=Kaluma").json()
    assert graph["nodes"][0]["label"].lower() == "kaluma" and graph["edges"]
    sources = client.get("/api/sources").json()["items"]
    assert sum(s["articles"] for s in sources) == 53


def test_openapi_lists_every_resource(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
                 "/api/stories/ranking", "/api/trends", "/api/trends/rising", "/api/entities", "/api/quotes",
                 "/api/pairs", "/api/network", "/api/copies", "/api/sources", "/api/ingest", "/api/health"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_ingest_needs_the_token_and_is_idempotent(writable: Path) -> None:
    settings = load_settings({"database_url": str(writable), "api_token": "s3cret"}, env={})
    doc = {"title": "Hanoi opens new metro line to Ha Dong", "url": "https://example.vn/metro-line",
           "published": "2026-11-21T08:00:00+07:00", "source": "Example VN",
           "body": "Hanoi opened a new metro line on Saturday. " * 5}
    with TestClient(create_app(settings)) as c:
        assert c.post("/api/ingest", json={"documents": [doc]}).status_code == 401
        assert c.post("/api/ingest", json={"documents": [doc]},
                      headers={"Authorization": "Bearer wrong"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        first = c.post("/api/ingest", json={"documents": [doc, {"title": ""}, "not an object"]}, headers=auth)
        assert first.status_code == 422  # the whole request is refused: a document must be an object
        first = c.post("/api/ingest", json={"documents": [doc, {"title": "", "body": ""}]}, headers=auth).json()
        assert first["new"] == 1 and first["quarantined"] == 1 and first["problems"][0]["reason"]
        assert first["enriched"] == 1 and first["placed_in_stories"] == 1
        again = c.post("/api/ingest", json={"documents": [doc]}, headers=auth).json()
        assert again["new"] == 0 and again["unchanged"] == 1
        assert c.get("/api/health").json()["articles"] == 54
        found = c.get("/api/articles?q=metro").json()["items"]
        assert found[0]["title"] == doc["title"]


def test_ingest_urls_fetches_pages_and_refuses_unfetchable_ones(writable: Path) -> None:
    import httpx

    from newsradar.sources.web import Fetcher

    page = ("<html><head><title>Da Nang reopens its airport after the typhoon</title>"
            '<meta property="article:published_time" content="2026-11-21T09:00:00+07:00"></head><body><article>'
            "<h1>Da Nang reopens its airport after the typhoon</h1>"
            + "<p>Da Nang International Airport reopened on Saturday after Typhoon Kaluma passed.</p>" * 4
            + "</article></body></html>")

    def site(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/gone":
            return httpx.Response(404)
        return httpx.Response(200, html=page)

    settings = load_settings({"database_url": str(writable), "open_writes": "true",
                              "fetch_allow_hosts": "news.example.vn"}, env={})
    app = create_app(settings, fetcher=lambda: Fetcher(user_agent="t", retries=1,
                                                       transport=httpx.MockTransport(site)))
    with TestClient(app) as c:
        bad = c.post("/api/ingest", json={"urls": ["https://[broken/a", "https://" + "x" * 70 + ".vn/"]})
        assert bad.status_code == 422 and "not a fetchable URL" in bad.json()["detail"]
        done = c.post("/api/ingest", json={"urls": ["https://news.example.vn/airport", "https://news.example.vn/gone"],
                                           "enrich": False}).json()
        assert done["new"] == 1 and done["quarantined"] == 1
        assert "404" in done["problems"][0]["reason"]


def test_cors_only_for_configured_origins(sample_db: Path) -> None:
    settings = load_settings({"database_url": str(sample_db), "cors_origins": "https://desk.example"}, env={})
    with TestClient(create_app(settings)) as c:
        ok = c.get("/api/health", headers={"Origin": "https://desk.example"})
        assert ok.headers.get("access-control-allow-origin") == "https://desk.example"
        other = c.get("/api/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(("url", "marker"), [
    ("/", "Issue ranking"), ("/?date=2026-11-19", "class=\"story-link\""), ("/search?q=Kaluma", "Kaluma"),
    ("/trends?kind=pair", "<svg"), ("/trends?kind=entity&values=Kaluma&measure=share", "polyline"),
    ("/pairs", "KR-VN"), ("/network?term=Kaluma", "<circle"), ("/copies", "first published"),
])
def test_dashboard_pages_render(client: TestClient, url: str, marker: str) -> None:
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert marker in response.text


def test_dashboard_bad_input_renders_an_error_page(client: TestClient) -> None:
    for url, status in (("/?date=soon", 422), ("/stories/nope", 404), ("/trends?kind=x", 422), ("/nowhere", 404),
                        ("/search?since=whenever", 422)):
        response = client.get(url)
        assert response.status_code == status and "<h1>" + str(status) in response.text


def test_store_provider_reopens_after_a_shutdown(sample_db: Path) -> None:
    """Worker threads outlive an app shutdown; after it they must open a fresh store, not reuse a closed one."""
    from newsradar.web.deps import StoreProvider

    provider = StoreProvider(str(sample_db))
    assert provider.get().summary().articles == 53
    provider.close()
    assert provider.get().summary().articles == 53
    provider.close()


def test_nul_in_a_parameter_is_a_clear_422(client: TestClient) -> None:
    answer = client.get("/api/trends?kind=pair&source=%00")
    assert answer.status_code == 422 and "source" in answer.json()["detail"] and "NUL" in answer.json()["detail"]
    assert client.get("/search?q=a%00b").status_code == 422


def test_ingest_keeps_a_document_with_lone_surrogates(writable: Path) -> None:
    with TestClient(create_app(load_settings({"database_url": str(writable), "open_writes": "true"}, env={}))) as c:
        doc = '{"enrich": false, "documents": [{"title": "Half \\udc00 a pair", "body": "Text."}]}'
        answer = c.post("/api/ingest", content=doc, headers={"Content-Type": "application/json"})
        assert answer.status_code == 200 and answer.json()["new"] == 1
        bad = c.post("/api/ingest", content='{"source": "Outlet \\ud800"}',
                     headers={"Content-Type": "application/json"})
        assert bad.status_code == 422 and "source" in bad.json()["detail"]


def test_story_pages_name_no_sentence_fragments(client: TestClient) -> None:
    """"Who and where" on every sample story lists names, never fragments a rule once took for one."""
    import re

    fragments = {"Hanoi on Thursday", "MOU", "两国", "外国", "先生", "祝贺", "Tuy bây giờ mới"}
    stories = client.get("/api/stories", params={"limit": 200}).json()["items"]
    assert stories
    for story in stories:
        page = client.get(f"/stories/{story['id']}").text
        section = page[page.index('id="entities"') : page.index("<h2>Countries</h2>")]
        links = re.findall(r'<a href="/search\?entity=[^"]*">(.*?)</a>', section)
        names = {re.sub(r"<[^>]+>", "", n).strip() for n in links}
        assert not names & fragments, (story["id"], names & fragments)
        speakers = re.findall(r"<cite>(.*?) · ", page)
        assert not set(speakers) & fragments


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1000-01-01", "9998-12-31", "2026-02-30"])
@pytest.mark.parametrize("path", ["/api/stories/ranking", "/api/trends/ranking", "/api/trends/rising", "/"])
def test_extreme_days_are_answered_never_a_server_error(client: TestClient, path: str, day: str) -> None:
    """``date=9999-12-31`` once overflowed the ranking (a 500 on the Today page); any day is a 200 or a 422."""
    response = client.get(path, params={"date": day})
    assert response.status_code in (200, 422), (path, day, response.status_code)
    if response.status_code == 422 and path.startswith("/api/"):
        assert response.json()["detail"].startswith("date")


def test_writes_are_closed_without_a_token_unless_opened(writable: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """No token configured: every write is refused (a 403 saying why); ``serve`` creates and keeps a token."""
    from newsradar.web.auth import ensure_write_token, token_path

    doc = {"documents": [{"title": "Unasked", "body": "Nobody may write this."}], "enrich": False}
    with TestClient(create_app(load_settings({"database_url": str(writable)}, env={}))) as c:
        refused = c.post("/api/ingest", json=doc)
        assert refused.status_code == 403 and "no API token" in refused.json()["detail"]
        assert c.post("/api/watchlists", json={"kind": "keyword", "value": "x"}).status_code == 403
        assert c.get("/api/articles").status_code == 200  # reads stay open
    monkeypatch.setenv("NEWSRADAR_CONFIG", str(tmp_path / "config" / "newsradar.toml"))
    settings, created = ensure_write_token(load_settings({"database_url": str(writable)}, env={}))
    assert created and settings.api_token == created and token_path().read_text().strip() == created
    assert token_path().stat().st_mode & 0o077 == 0  # readable by the user only
    again, created_again = ensure_write_token(load_settings({"database_url": str(writable)}, env={}))
    assert created_again is None and again.api_token == created  # kept, not printed twice
    with TestClient(create_app(settings)) as c:
        assert c.post("/api/ingest", json=doc).status_code == 401
        assert c.post("/api/ingest", json=doc, headers={"Authorization": f"Bearer {created}"}).status_code == 200


def _local_site(pages: dict[str, tuple[int, dict[str, str], bytes]]) -> tuple[Any, str]:
    """An HTTP server on 127.0.0.1 (a host only the server can reach) answering ``pages``."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = pages.get(self.path, (404, {}, b""))
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_ingest_refuses_urls_of_internal_hosts(writable: Path) -> None:
    """SSRF: a page only the server can reach must not become searchable through the API."""
    secret = (b"<html><head><title>Internal salary table</title></head><body><article>"
              + b"<p>The internal salary table of the newsroom, never meant to leave the building.</p>" * 5
              + b"</article></body></html>")
    server, base = _local_site({"/secret.html": (200, {}, secret)})
    try:
        auth = {"Authorization": "Bearer t0ken"}
        settings = load_settings({"database_url": str(writable), "api_token": "t0ken"}, env={})
        with TestClient(create_app(settings)) as c:
            for url in (f"{base}/secret.html", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x",
                        "http://10.1.2.3/x", "ftp://example.org/x"):
                refused = c.post("/api/ingest", json={"urls": [url], "enrich": False}, headers=auth)
                assert refused.status_code in (403, 422), (url, refused.status_code)
                if refused.status_code == 403:
                    assert "refused" in refused.json()["detail"]
            assert "loopback" in c.post("/api/ingest", json={"urls": [f"{base}/secret.html"]},
                                        headers=auth).json()["detail"]
            assert c.get("/api/articles", params={"q": "salary"}).json()["items"] == []
        allowed = load_settings({"database_url": str(writable), "api_token": "t0ken",
                                 "fetch_allow_hosts": "127.0.0.0/8"}, env={})
        with TestClient(create_app(allowed)) as c:  # a newsroom's own intranet, allowed by name
            done = c.post("/api/ingest", json={"urls": [f"{base}/secret.html"], "enrich": False}, headers=auth)
            assert done.status_code == 200 and done.json()["new"] == 1
    finally:
        server.shutdown()


def test_ingest_refuses_a_redirect_to_an_internal_host(writable: Path) -> None:
    server, base = _local_site({"/go": (302, {"Location": "http://127.0.0.2:9/secret"}, b"")})
    try:
        settings = load_settings({"database_url": str(writable), "open_writes": "true",
                                  "fetch_allow_hosts": "localhost"}, env={})
        port = base.rsplit(":", 1)[1]
        with TestClient(create_app(settings)) as c:
            done = c.post("/api/ingest", json={"urls": [f"http://localhost:{port}/go"], "enrich": False}).json()
        assert done["new"] == 0 and done["quarantined"] == 1
        assert "127.0.0.2" in done["problems"][0]["reason"] and "loopback" in done["problems"][0]["reason"]
    finally:
        server.shutdown()


@pytest.mark.parametrize("value", ["x2024-01-31", "2024-01-31x", "2024-1-01", "17/11/2026", "7 d", " 7d",
                                   "2024-01-31T10:00", "2026-02-30", "null"])
def test_api_times_take_exactly_the_forms_the_schema_declares(client: TestClient, value: str) -> None:
    """The API's since/until are a date, an RFC 3339 time or 24h/7d/2w: a lenient read of ``x2024-01-31``
    once answered 200 for a value the schema calls invalid."""
    response = client.get("/api/articles", params={"since": value})
    assert response.status_code == 422 and response.json()["detail"].startswith("since:"), response.text


@pytest.mark.parametrize("value", ["2026-11-17", "2026-11-17T08:00:00Z", "2026-11-17t08:00:00.123456789+07:00",
                                   "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "999999w", "24h", ""])
def test_api_times_in_any_declared_form_are_answered(client: TestClient, value: str) -> None:
    for path in ("/api/articles", "/api/trends", "/api/pairs", "/api/entities"):
        response = client.get(path, params={"since": value, "until": value})
        assert response.status_code == 200, (path, value, response.text[:200])


def test_errors_have_the_documented_shape_and_allow_names_every_method(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    problem = schema["components"]["schemas"]["Problem"]
    assert problem["properties"]["detail"]["type"] == "string"
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert "4XX" in operation["responses"], path
    downloads = schema["paths"]["/api/articles"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(downloads)
    missing = client.get("/api/stories/no-such-story")
    assert missing.status_code == 404 and isinstance(missing.json()["detail"], str)
    refused = client.put("/api/watchlists")
    assert refused.status_code == 405 and set(refused.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_watchlist_bodies_are_checked_by_kind(writable: Path) -> None:
    """A pair is two different codes (a list, so the schema can say so); a country is one code."""
    settings = load_settings({"database_url": str(writable), "api_token": "t"}, env={})
    auth = {"Authorization": "Bearer t"}
    with TestClient(create_app(settings)) as c:
        made = c.post("/api/watchlists", json={"kind": "pair", "value": ["VN", "KR"]}, headers=auth)
        assert made.status_code == 201 and made.json()["key"] == "KR-VN"
        for body in ({"kind": "pair", "value": ["KR", "KR"]}, {"kind": "pair", "value": "KR-VN"},
                     {"kind": "country", "value": "Korea"}, {"kind": "keyword", "value": "   "},
                     {"kind": "keyword", "value": "x", "bursts": 0}, {"kind": "Keyword", "value": "x"}):
            refused = c.post("/api/watchlists", json=body, headers=auth)
            assert refused.status_code == 422 and isinstance(refused.json()["detail"], str), body


def test_a_store_is_used_on_the_thread_that_calls_it(sample_db: Path) -> None:
    """FastAPI resolves a sync dependency on one worker thread and runs the endpoint on another; two
    requests then shared one SQLite connection, and two writes collided (a 500 under load)."""
    import threading

    from newsradar.web.deps import StoreProvider, store_of

    provider = StoreProvider(str(sample_db))

    class Request:
        class app:  # the shape of request.app.state.stores
            class state:
                stores = provider

    handed = store_of(Request())  # type: ignore[arg-type]
    used: list[object] = []
    thread = threading.Thread(target=lambda: used.append(handed.count_articles.__self__))  # type: ignore[attr-defined]
    thread.start()
    thread.join()
    assert used[0] is not provider.get() or provider.get().thread_safe  # the other thread's own store
    provider.close()
