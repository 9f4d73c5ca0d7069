"""The monitoring commands and endpoints as a user and a script use them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.settings import load_settings

from .feedfarm import FeedFarm, Route, build_farm, opml, sample_records

runner = CliRunner()


@pytest.fixture
def farm() -> Iterator[FeedFarm]:
    f = FeedFarm()
    f.start()
    yield f
    f.stop()


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSRADAR_WATCH_HOST_DELAY", "0")
    monkeypatch.setenv("NEWSRADAR_HTTP_RETRIES", "1")


def test_watch_once_feeds_watchlist_and_alerts(farm: FeedFarm, tmp_path: Path, quick: None) -> None:
    records = [r for r in sample_records() if r.get("text")]
    feeds = build_farm(farm, records, feeds=2, per_feed=6)
    farm.add("/broken.rss", Route(b"", status=500))
    farm.add("/list.opml", Route(opml([*feeds, ("Broken", farm.url("/broken.rss"))]), "text/x-opml"))
    db = str(tmp_path / "cli.db")
    added = runner.invoke(app, ["watchlist", "add", "pair", "vn-kr", "--db", db, "--name", "Korea-Vietnam"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["watchlist", "add", "colour", "red", "--db", db]).exit_code == 2

    result = runner.invoke(app, ["watch", farm.url("/list.opml"), "--once", "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 new feeds registered" in result.output
    assert "12 new articles" in result.output and "1 failed" in result.output
    assert "retrying in" in result.output  # the failing feed is reported, the others went on

    listed = runner.invoke(app, ["feeds", "--db", db, "--json"])
    status = {f["url"]: f for f in json.loads(listed.stdout)}
    assert status[farm.url("/broken.rss")]["errors"] == 1 and status[farm.url("/broken.rss")]["last_status"] == 500
    assert status[feeds[0][1]]["articles"] == 6 and status[feeds[0][1]]["title"] == "Outlet 0"
    table = runner.invoke(app, ["feeds", "--db", db])
    assert "failing" in table.output and "2 feeds" not in table.output

    alerts = json.loads(runner.invoke(app, ["alerts", "--db", db, "--json"]).stdout)
    assert alerts and {a["watchlist"] for a in alerts} == {"Korea-Vietnam"}
    assert all(a["delivery"] == "off" for a in alerts)  # no webhook configured: recorded and shown only
    watchlists = json.loads(runner.invoke(app, ["watchlist", "list", "--db", db, "--json"]).stdout)
    assert watchlists[0]["key"] == "KR-VN"
    assert runner.invoke(app, ["watchlist", "remove", "Korea-Vietnam", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["watchlist", "remove", "Korea-Vietnam", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["feeds", "--remove", farm.url("/broken.rss"), "--db", db]).exit_code == 0

    again = runner.invoke(app, ["watch", "--once", "--db", db])  # the registered feeds, nothing new
    assert again.exit_code == 0 and "0 new articles" in again.output


def test_watch_usage_errors(tmp_path: Path, quick: None) -> None:
    db = str(tmp_path / "e.db")
    assert runner.invoke(app, ["watch", "--once", "--db", db]).exit_code == 2  # nothing to watch
    assert runner.invoke(app, ["watch", str(tmp_path / "absent.opml"), "--db", db]).exit_code == 2
    bad = runner.invoke(app, ["watch", "http://127.0.0.1:9/feed", "--every", "soon", "--db", db])
    assert bad.exit_code == 2 and "--every" in bad.output


def test_monitoring_api_and_alerts_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.store import open_store
    from newsradar.store.monitor import Alert
    from newsradar.web import create_app

    db = tmp_path / "api.db"
    settings = load_settings({"database_url": str(db), "api_token": "sesame"}, env={})
    with open_store(str(db)) as store:
        store.add_feeds([("http://feeds.test/rss", "Test Wire")])
        store.record_alerts([Alert("w1", "typhoons", "story", "story-1", "Typhoon <Kaluma> nears", {"story": None})])
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/alerts").json()["alerts"][0]["title"] == "Typhoon <Kaluma> nears"
        assert client.get("/api/feeds").json()["feeds"][0]["title"] == "Test Wire"
        body = {"kind": "entity", "value": "Hà Nội", "name": "hanoi"}
        assert client.post("/api/watchlists", json=body).status_code == 401  # writes need the token
        auth = {"Authorization": "Bearer sesame"}
        created = client.post("/api/watchlists", json=body, headers=auth)
        assert created.status_code == 201 and created.json()["key"] == "hanoi"
        assert client.post("/api/watchlists", json={"kind": "pair", "value": "KR"}, headers=auth).status_code == 422
        assert [w["name"] for w in client.get("/api/watchlists").json()["watchlists"]] == ["hanoi"]
        page = client.get("/alerts")
        assert page.status_code == 200 and "Typhoon &lt;Kaluma&gt; nears" in page.text and "Test Wire" in page.text
        assert client.delete("/api/watchlists/hanoi", headers=auth).json() == {"removed": "hanoi"}
        assert client.delete("/api/watchlists/hanoi", headers=auth).status_code == 404


@pytest.mark.slow
def test_serve_with_watch_polls_while_serving(farm: FeedFarm, tmp_path: Path) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    feeds = build_farm(farm, [r for r in sample_records() if r.get("text")], feeds=1, per_feed=5)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NEWSRADAR_CONFIG": str(tmp_path / "absent.toml"), "NEWSRADAR_WATCH_HOST_DELAY": "0",
           "NEWSRADAR_DATABASE_URL": str(tmp_path / "serve.db")}
    proc = subprocess.Popen([sys.executable, "-c", "from newsradar.cli import main; main()", "serve", "--port",
                             str(port), "--watch", feeds[0][1], "--every", "1h"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        total = 0
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and total < 5:
            time.sleep(0.5)
            try:
                total = httpx.get(f"http://127.0.0.1:{port}/api/articles?limit=1").json()["total"]
            except (httpx.HTTPError, ValueError, KeyError):
                continue
        assert total == 5
        feed = httpx.get(f"http://127.0.0.1:{port}/api/feeds").json()["feeds"][0]
        assert feed["articles"] == 5 and feed["errors"] == 0
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
