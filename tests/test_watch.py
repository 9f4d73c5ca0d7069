"""Live monitoring against a real local HTTP server: polling, politeness, bad pages, alerts, webhook."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsradar.errors import BadDocument, ConfigError, TransientError
from newsradar.settings import Settings, load_settings
from newsradar.store import Store, open_store
from newsradar.watch.alerts import AlertChecker, make_watchlist
from newsradar.watch.polite import HostGate, PoliteClient
from newsradar.watch.runner import Watcher
from newsradar.watch.webhook import WebhookSender

from .feedfarm import FeedFarm, Route, article_page, atom, build_farm, opml, rss, sample_records, sitemap

UA = "newsradar-test/1.0 (+local)"


@pytest.fixture
def farm() -> Iterator[FeedFarm]:
    f = FeedFarm()
    f.start()
    yield f
    f.stop()


def watch_settings(db: Path, **extra: str) -> Settings:
    values = {"database_url": str(db), "user_agent": UA, "watch_host_delay": "0", "http_timeout": "1",
              "http_retries": "2", "watch_workers": "4", "max_input_bytes": "200000", **extra}
    return load_settings(values, env={})


def _records() -> list[dict[str, object]]:
    return [r for r in sample_records() if r.get("title") and r.get("text")]


def _messy_farm(farm: FeedFarm) -> dict[str, str]:
    """One RSS feed whose entries hit every kind of bad page, an Atom feed, a sitemap, and broken feeds."""
    records = _records()
    good = [farm.add(f"/news/good{i}.html", Route(article_page(str(r["title"]), str(r["text"]),
                                                              str(r.get("published") or ""), str(r.get("lang")))))
            for i, r in enumerate(records[:4])]
    r = records[4]
    text, title = str(r["text"]), str(r["title"])
    farm.add("/news/flaky.html", Route(article_page(title, text), fail_times=1))
    farm.add("/news/down.html", Route(b"", status=500, fail_times=0))
    farm.routes["/news/down.html"] = Route(b"", status=503)
    farm.add("/news/slow.html", Route(article_page("Slow page", text), delay=3.0))
    farm.add("/news/moved.html", Route(redirect=farm.url("/news/final.html")))
    farm.add("/news/final.html", Route(article_page(str(records[5]["title"]), str(records[5]["text"]))))
    farm.add("/news/octet.html", Route(article_page(str(records[6]["title"]), str(records[6]["text"])),
                                       "application/octet-stream"))
    farm.add("/news/huge.html", Route(article_page("Huge", "x " * 200_000)))
    cp1252 = article_page("Café politique à Paris", "Le président a déclaré que la coopération était « essentielle ». "
                          * 8).replace(b'charset="utf-8"', b'charset="windows-1252"')
    farm.add("/news/latin1.html", Route(cp1252.decode().encode("cp1252"), "text/html; charset=windows-1252"))
    farm.add("/news/binary.html", Route(bytes(range(256)) * 40, "text/html"))
    sentence = "베트남 기자협회 대표단이 서울을 방문해 언론 협력 방안을 논의했다. "
    korean = article_page("베트남 기자단 서울 방문", sentence * 10, lang="ko")
    farm.add("/news/euckr.html", Route(korean.decode().encode("euc-kr"), "text/html; charset=utf-8"))  # lies
    farm.add("/news/mixed.html", Route(korean[:400] + korean.decode()[200:].encode("euc-kr"), "text/html"))
    farm.add("/private/secret.html", Route(article_page("Secret", text)))
    farm.add("/robots.txt", Route(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    entries = [{"title": f"Entry {n}", "link": url, "summary": f"Summary of entry {n}, kept when the page fails."}
               for n, url in enumerate([*good[:2], farm.url("/news/flaky.html"), farm.url("/news/down.html"),
                                        farm.url("/news/slow.html"), farm.url("/news/moved.html"),
                                        farm.url("/news/octet.html"), farm.url("/news/huge.html"),
                                        farm.url("/news/latin1.html"), farm.url("/news/binary.html"),
                                        farm.url("/private/secret.html"), farm.url("/news/missing.html"),
                                        farm.url("/news/euckr.html"), farm.url("/news/mixed.html")])]
    feeds = {
        "rss": farm.add("/feeds/main.rss", Route(rss("Main Wire", entries), "text/plain",  # wrong type, still a feed
                                                 etag='"main-1"', last_modified="Thu, 19 Nov 2026 08:00:00 GMT")),
        "atom": farm.add("/feeds/atom.xml", Route(atom("Atom Times", [{"title": "Atom entry", "link": good[2]}]),
                                                  "application/atom+xml")),
        "sitemap": farm.add("/sitemap.xml", Route(sitemap([good[3], good[0]]), "application/xml")),
        "broken": farm.add("/feeds/broken.rss", Route(b"<html><body>not a feed</body></html>", "text/html")),
        "error": farm.add("/feeds/error.rss", Route(b"", status=502)),
    }
    return feeds


def test_poll_cycle_handles_every_kind_of_bad_page(farm: FeedFarm, tmp_path: Path) -> None:
    feeds = _messy_farm(farm)
    settings = watch_settings(tmp_path / "w.db")
    with open_store(settings.database_url) as store, Watcher(store, settings, interval=60) as watcher:
        assert watcher.add_sources(feeds.values()) == 5
        report = watcher.cycle()
        poll = report.poll
        assert poll.feeds == 5 and poll.feeds_failed == 2  # the HTML page and the 502 are reported...
        status = {f.url: f for f in store.list_feeds()}
        assert status[feeds["error"]].errors == 1 and "502" in (status[feeds["error"]].last_error or "")
        assert "not a readable RSS/Atom feed" in (status[feeds["broken"]].last_error or "")
        assert status[feeds["rss"]].errors == 0 and status[feeds["rss"]].etag == '"main-1"'  # ...the others go on
        assert status[feeds["sitemap"]].kind == "sitemap" and status[feeds["atom"]].kind == "feed"

        by_url = {a.url: a for a in store.list_articles(_all())}
        # good pages, a page that failed once (retried), a redirect, a page served with the wrong type
        for path in ("/news/good0.html", "/news/good1.html", "/news/good2.html", "/news/good3.html",
                     "/news/flaky.html", "/news/octet.html", "/news/latin1.html"):
            assert farm.url(path) in by_url, path
        assert farm.url("/news/final.html") in by_url  # stored under the address it redirected to
        assert "essentielle" in by_url[farm.url("/news/latin1.html")].body  # declared legacy encoding decoded
        assert "기자협회" in by_url[farm.url("/news/euckr.html")].body  # wrongly declared charset: detected
        assert "mixed encodings" in by_url[farm.url("/news/mixed.html")].extra["page_error"]  # no safe reading
        # pages that cannot be read for good keep the feed entry (title + summary) and say why
        for path, reason in (("/news/huge.html", "larger than"), ("/private/secret.html", "robots.txt"),
                             ("/news/missing.html", "HTTP 404"), ("/news/binary.html", "")):
            article = by_url[farm.url(path)]
            assert article.title.startswith("Entry") and reason in article.extra["page_error"]
        assert farm.hits["/private/secret.html"] == 0  # robots.txt obeyed: never requested
        assert farm.hits["/robots.txt"] == 1  # read once for the host
        # pages failing for now (503, timeout) are not stored yet: retried next cycle
        assert farm.url("/news/down.html") not in by_url and farm.url("/news/slow.html") not in by_url
        assert poll.to_retry == 2
        assert all(headers.get("user-agent") == UA for _, headers in farm.requests)
        stored = store.count_articles(_all())

        # second cycle, forced: the feed answers 304 to its validators; stored pages are not fetched again
        hits_before = dict(farm.hits)
        second = watcher.cycle(force=True)
        assert second.poll.not_modified >= 1
        main_requests = [h for p, h in farm.requests if p == "/feeds/main.rss"]
        assert main_requests[-1].get("if-none-match") == '"main-1"'
        assert main_requests[-1].get("if-modified-since") == "Thu, 19 Nov 2026 08:00:00 GMT"
        for path in ("/news/good0.html", "/news/flaky.html", "/news/final.html"):
            assert farm.hits[path] == hits_before[path]
        assert store.count_articles(_all()) == stored

        # the feed changes: only the pending pages are retried; after max attempts they fall back to the entry
        farm.routes["/feeds/main.rss"].etag = '"main-2"'
        farm.routes["/feeds/main.rss"].last_modified = None
        watcher.cycle(force=True)
        third = watcher.cycle(force=True)
        assert farm.hits["/news/good0.html"] == hits_before["/news/good0.html"]
        assert third.poll.to_retry == 0
        by_url = {a.url: a for a in store.list_articles(_all())}
        assert "HTTP 503" in by_url[farm.url("/news/down.html")].extra["page_error"]
        assert "timed out" in by_url[farm.url("/news/slow.html")].extra["page_error"]
        ids = [a.id for a in store.list_articles(_all())]
        assert len(ids) == len(set(ids))


def _all():  # type: ignore[no-untyped-def]
    from newsradar.store import ArticleFilter

    return ArticleFilter(limit=None)


def test_concurrency_cap_per_host_holds_under_many_pages(farm: FeedFarm, tmp_path: Path) -> None:
    records = _records()
    build_farm(farm, records, feeds=3, per_feed=6)
    for route in farm.routes.values():
        route.delay = 0.05  # slow enough that requests overlap
    settings = watch_settings(tmp_path / "w.db", watch_workers="8", watch_host_concurrency="2")
    with open_store(settings.database_url) as store, Watcher(store, settings) as watcher:
        watcher.add_sources([farm.url(f"/f{i}/rss.xml") for i in range(3)])
        report = watcher.cycle()
        assert report.poll.new == 18
        assert farm.max_inflight <= 2  # all on one host (127.0.0.1): never more than the cap in flight
        assert report.enriched == 18 and report.clustered == 18


def test_host_gate_spaces_request_starts() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    gate = HostGate(per_host=1, delay=2.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with gate.slot("http://a"):
            pass
    with gate.slot("http://b"):  # another host does not wait for the first
        pass
    assert slept == [2.0, 2.0]
    gate.set_delay("http://a", 5.0)  # a Crawl-delay longer than ours wins
    with gate.slot("http://a"):
        pass
    with gate.slot("http://a"):
        pass
    assert slept[-1] == 5.0


def test_polite_client_retry_after_robots_and_conditional_get() -> None:
    calls: list[httpx.Request] = []
    answers = {"/robots.txt": [httpx.Response(200, text="User-agent: *\nCrawl-delay: 3\nDisallow: /no/\n")],
               "/feed": [httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(304)],
               "/gone": [httpx.Response(410)]}

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        queue = answers[request.url.path]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    slept: list[float] = []
    client = PoliteClient(user_agent=UA, transport=httpx.MockTransport(handler), host_delay=0, retries=3,
                          sleep=slept.append, clock=lambda: 0.0)
    answer = client.get("http://site.test/feed", etag='"v1"')
    assert answer.not_modified and calls[-1].headers["if-none-match"] == '"v1"'
    assert 7.0 in slept  # Retry-After honoured
    with pytest.raises(BadDocument, match=r"robots\.txt"):
        client.get("http://site.test/no/page")
    with pytest.raises(BadDocument, match="HTTP 410"):
        client.get("http://site.test/gone")
    assert client.gate._delays["http://site.test"] == 3.0  # Crawl-delay taken


def test_robots_unreachable_means_disallow_and_timeouts_are_transient() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(500)
        raise httpx.ReadTimeout("slow", request=request)

    client = PoliteClient(user_agent=UA, transport=httpx.MockTransport(handler), host_delay=0, retries=2,
                          sleep=lambda _s: None)
    with pytest.raises(BadDocument, match=r"robots\.txt"):
        client.get("http://down.test/page")

    def no_robots(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        raise httpx.ReadTimeout("slow", request=request)

    client = PoliteClient(user_agent=UA, transport=httpx.MockTransport(no_robots), host_delay=0, retries=2,
                          sleep=lambda _s: None)
    with pytest.raises(TransientError, match="timed out"):
        client.get("http://slow.test/page")


def test_opml_registers_feeds_and_skips_local_paths(farm: FeedFarm, tmp_path: Path) -> None:
    farm.add("/list.opml", Route(opml([("One", "/f0/rss.xml"), ("Two", farm.url("/f1/rss.xml"))]), "text/x-opml"))
    local = tmp_path / "feeds.opml"
    local.write_bytes(opml([("Three", farm.url("/f2/rss.xml")), ("Local", "feeds/local.xml")]))
    events: list[str] = []
    settings = watch_settings(tmp_path / "w.db")
    with open_store(settings.database_url) as store, Watcher(store, settings, on_event=events.append) as watcher:
        assert watcher.add_sources([farm.url("/list.opml"), str(local)]) == 3
        assert watcher.add_sources([str(local)]) == 0  # idempotent
        assert {f.title for f in store.list_feeds()} == {"One", "Two", "Three"}
        assert any("feeds/local.xml" in e for e in events)
        with pytest.raises(ConfigError, match="no such file"):
            watcher.add_sources([str(tmp_path / "absent.opml")])


# -- alerts and webhook -------------------------------------------------------------------------


def _store_with_kaluma(farm: FeedFarm, tmp_path: Path, **extra: str) -> tuple[Store, Settings, list[tuple[str, str]]]:
    settings = watch_settings(tmp_path / "w.db", **extra)
    feeds = build_farm(farm, _records(), feeds=2, per_feed=len(_records()) // 2)
    return open_store(settings.database_url), settings, feeds


def test_watchlist_story_alert_is_recorded_once_and_sent_with_retries(farm: FeedFarm, tmp_path: Path) -> None:
    farm.post_failures = 1  # the receiver is down for the first attempt
    store, settings, feeds = _store_with_kaluma(farm, tmp_path, webhook_url=farm.url("/hook"), webhook_retries="3")
    with store, Watcher(store, settings, webhook_backoff=0) as watcher:
        store.add_watchlist(make_watchlist("keyword", "Kaluma"))
        store.add_watchlist(make_watchlist("pair", "vn-kr", name="Korea-Vietnam"))
        store.add_watchlist(make_watchlist("outlet", "Nobody Times"))
        watcher.add_sources([url for _, url in feeds])
        report = watcher.cycle()
        assert report.alerts >= 2
        total, alerts = store.list_alerts(limit=100)
        names = {a.watchlist for a in alerts}
        assert {"keyword:Kaluma", "Korea-Vietnam"} <= names and "outlet:Nobody Times" not in names
        kaluma = [a for a in alerts if a.watchlist == "keyword:Kaluma" and a.event == "story"]
        assert kaluma and all("kaluma" in json.dumps(a.detail).lower() for a in kaluma)
        stories = {a.subject for a in alerts if a.event == "story"}
        assert len(stories) == len([a for a in alerts if a.event == "story"])  # one alert per story and watchlist
        # the first POST failed (500): retried on the next delivery round, then sent; both attempts logged
        first = alerts[-1]
        assert report.delivery is not None and report.delivery.retrying >= 1
        again = WebhookSender(store, settings.webhook_url, user_agent=UA, backoff=0).deliver_due()
        assert again.sent >= 1
        attempts = {a.id: store.delivery_attempts(a.id) for a in store.list_alerts(limit=100)[1]}
        assert all(store_alert.delivery == "sent" for store_alert in store.list_alerts(limit=100)[1])
        assert sum(len(v) for v in attempts.values()) == total + 1
        assert any(att[0].status == 500 and att[1].status == 200 for att in attempts.values() if len(att) == 2)
        assert {p["alert"]["id"] for p in farm.posts} == {a.id for a in store.list_alerts(limit=100)[1]}
        assert first.id in {p["alert"]["id"] for p in farm.posts}
        # checking again (a restart, a second cycle) raises nothing new
        assert AlertChecker(store, webhook=True).check() == []
        assert watcher.cycle(force=True).alerts == 0
        assert store.list_alerts(limit=100)[0] == total


def test_webhook_gives_up_after_retries_and_on_a_refusal(farm: FeedFarm, tmp_path: Path) -> None:
    from newsradar.store.monitor import Alert

    with open_store(str(tmp_path / "w.db")) as store:
        store.record_alerts([Alert("w1", "w", "story", "s1", "a story"), Alert("w1", "w", "story", "s2", "another")])
        farm.post_failures = 10
        sender = WebhookSender(store, farm.url("/hook"), user_agent=UA, max_attempts=2, backoff=0)
        assert sender.deliver_due().retrying == 2
        assert sender.deliver_due().failed == 2
        assert sender.deliver_due().failed == 0  # nothing left to try
        assert all(a.delivery == "failed" and a.attempts == 2 for a in store.list_alerts()[1])
        store.record_alerts([Alert("w1", "w", "story", "s3", "refused")])
        refusing = WebhookSender(store, "http://127.0.0.1:9/", user_agent=UA, max_attempts=1, backoff=0)
        assert refusing.deliver_due().failed == 1  # nobody listening: logged as unreachable
        refused = next(a for a in store.list_alerts()[1] if a.subject == "s3")
        assert refused.delivery == "failed"
        assert "unreachable" in (store.delivery_attempts(refused.id)[0].error or "")


def test_burst_alert_when_a_watched_entity_surges(tmp_path: Path) -> None:
    from newsradar.enrich import enrich_store
    from newsradar.model import RawDocument
    from newsradar.pipeline import Ingestor
    from newsradar.stories import update_stories

    settings = load_settings({"database_url": str(tmp_path / "b.db")}, env={})
    docs = []
    topics = ["harbour dredging contract", "school lunch budget", "metro line delay", "rice export quota",
              "museum reopening", "tennis final", "bond yields", "bridge repairs"]
    for hour in range(24):
        for n in range(3):
            docs.append({"title": f"City council debates {topics[(hour + n) % len(topics)]}",
                         "text": f"Officials discussed the {topics[(hour + n) % len(topics)]} on day shift {hour}.",
                         "published": f"2026-11-18T{hour:02d}:10:00Z", "url": f"http://x.test/{hour}/{n}"})
    for n in range(6):
        docs.append({"title": f"Typhoon Kaluma nears the coast, report {n}",
                     "text": f"Typhoon Kaluma strengthened overnight; Da Nang ordered evacuations ({n}).",
                     "published": f"2026-11-19T00:{10 + n:02d}:00Z", "url": f"http://x.test/k/{n}"})
    with open_store(settings.database_url) as store:
        store.add_watchlist(make_watchlist("keyword", "Kaluma", name="kaluma"))
        raw = [RawDocument(origin=f"test#{i}", kind="record", fields=d, url=str(d["url"])) for i, d in enumerate(docs)]
        Ingestor(store, settings).run_documents(raw)
        enrich_store(store)
        update_stories(store)
        new = AlertChecker(store, bucket="hour", baseline=24).check()
        bursts = [a for a in new if a.event == "burst"]
        assert len(bursts) == 1 and bursts[0].detail["articles"] == 6 and bursts[0].detail["score"] >= 2
        assert bursts[0].subject == "hour:2026-11-19T00"
        assert AlertChecker(store, bucket="hour", baseline=24).check() == []


def test_make_watchlist_validates_and_normalises() -> None:
    assert make_watchlist("pair", "vn-kr").key == "KR-VN"
    assert make_watchlist("country", "vn").key == "VN"
    assert make_watchlist("entity", "Hà Nội").key == make_watchlist("entity", "Hanoi").key
    for kind, value in (("pair", "KR"), ("country", "Korea"), ("colour", "red"), ("keyword", " ")):
        with pytest.raises(ConfigError):
            make_watchlist(kind, value)


def test_run_loop_sleeps_until_feeds_are_due_and_stops(farm: FeedFarm, tmp_path: Path) -> None:
    import threading

    feeds = build_farm(farm, _records(), feeds=1, per_feed=2)
    settings = watch_settings(tmp_path / "w.db")
    reports = []
    with open_store(settings.database_url) as store, Watcher(store, settings, interval=1) as watcher:
        watcher.add_sources([feeds[0][1]])
        watcher.run(threading.Event(), cycles=2, on_cycle=reports.append)
        assert [r.poll.feeds for r in reports] == [1, 1]  # due again after its interval
        assert reports[0].poll.new == 2 and reports[1].poll.not_modified == 1
        stop = threading.Event()
        stop.set()
        watcher.run(stop, on_cycle=reports.append)  # asked to stop: returns without a cycle
        assert len(reports) == 2


def test_sitemap_index_and_news_sitemap(farm: FeedFarm, tmp_path: Path) -> None:
    from newsradar.watch.discover import discover

    records = _records()
    pages = [farm.add(f"/s/{i}.html", Route(article_page(str(r["title"]), str(r["text"]))))
             for i, r in enumerate(records[:3])]
    news = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>/s/2.html</loc><news:news>'
            b"<news:publication_date>2026-11-19T08:00:00Z</news:publication_date><news:title>News sitemap title"
            b"</news:title></news:news></url></urlset>")
    farm.add("/news-sitemap.xml", Route(news, "application/xml"))
    farm.add("/plain-sitemap.xml", Route(sitemap(pages[:2]), "application/xml"))
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{farm.url('/plain-sitemap.xml')}</loc></sitemap><sitemap><loc>/news-sitemap.xml</loc>"
             "</sitemap><sitemap><loc>/absent.xml</loc></sitemap></sitemapindex>").encode()
    farm.add("/sitemap-index.xml", Route(index, "application/xml"))
    found = discover(news, farm.url("/news-sitemap.xml"))
    assert found.links[0].url == pages[2] and found.links[0].entry is not None
    assert found.links[0].entry.fields["title"] == "News sitemap title"
    with pytest.raises(BadDocument, match="lists no http"):
        discover(b'<?xml version="1.0"?><urlset></urlset>', "http://x.test/s.xml")

    events: list[str] = []
    settings = watch_settings(tmp_path / "w.db")
    with open_store(settings.database_url) as store, Watcher(store, settings, on_event=events.append) as watcher:
        watcher.add_sources([farm.url("/sitemap-index.xml")])
        report = watcher.cycle()
        assert report.poll.new == 3 and report.poll.feeds_failed == 0
        assert any("absent.xml" in e and "404" in e for e in events)  # a bad child is reported, the rest read


def test_malformed_links_and_sources_are_refused_not_crashed(farm: FeedFarm, tmp_path: Path) -> None:
    records = _records()
    good = farm.add("/ok.html", Route(article_page(str(records[0]["title"]), str(records[0]["text"]))))
    links = ["http://[broken", "ftp://files.test/a", "javascript:alert(1)", good]
    farm.add("/odd.rss", Route(rss("Odd", [{"title": f"e{n}", "link": link} for n, link in enumerate(links)]),
                               "application/rss+xml"))
    events: list[str] = []
    settings = watch_settings(tmp_path / "w.db")
    with open_store(settings.database_url) as store, Watcher(store, settings, on_event=events.append) as watcher:
        with pytest.raises(ConfigError, match="well-formed"):
            watcher.add_sources(["http://[broken/feed"])
        watcher.add_sources([farm.url("/odd.rss")])
        report = watcher.cycle()
        assert report.poll.new == 1 and report.poll.links == 1
        assert any("3 links skipped" in e for e in events)


def test_a_page_batch_and_its_fetch_log_are_one_transaction(farm: FeedFarm, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash between storing a page's article and marking its URL ``stored`` must be impossible.

    The fetch log is made to fail: the batch's articles must roll back with it, so a restart fetches
    the pages again instead of holding articles whose URLs the log never saw (the crash test once
    found 120 articles against 110 ``stored`` URLs).
    """
    feeds = build_farm(farm, _records(), feeds=1, per_feed=3)
    settings = watch_settings(tmp_path / "w.db")
    with open_store(settings.database_url) as store, Watcher(store, settings, interval=1) as watcher:
        watcher.add_sources([feeds[0][1]])

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the fetch log could not be written")

        monkeypatch.setattr(store, "_record_fetches", broken)
        with pytest.raises(RuntimeError):
            watcher.cycle(force=True)
        monkeypatch.undo()
        assert store.summary().articles == 0  # rolled back with the fetch log
        report = watcher.cycle(force=True)
        assert report.poll.new == 3
        assert store.summary().articles == 3


def test_webhook_posts_are_signed_when_a_secret_is_set(tmp_path: Path) -> None:
    """A receiver recomputes the HMAC of ``timestamp.body`` with the shared secret; a tampered body fails."""
    import hashlib
    import hmac

    from newsradar.store.monitor import Alert
    from newsradar.watch.webhook import signature

    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200)

    with open_store(str(tmp_path / "w.db")) as store:
        watchlist = store.add_watchlist(make_watchlist("keyword", "Kaluma"))
        alert = Alert(watchlist_id=watchlist.id, watchlist=watchlist.name, event="story", subject="s1",
                      title="Bão Kaluma", detail={"articles": 3})
        assert len(store.record_alerts([alert])) == 1
        sender = WebhookSender(store, "https://hooks.example/in", user_agent=UA, secret="s3cret",
                               transport=httpx.MockTransport(receiver))
        assert sender.deliver_due().sent == 1
    (request,) = received
    timestamp, sent = request.headers["x-newsradar-timestamp"], request.headers["x-newsradar-signature"]
    expected = hmac.new(b"s3cret", timestamp.encode() + b"." + request.content, hashlib.sha256).hexdigest()
    assert sent == f"sha256={expected}" == signature("s3cret", timestamp, request.content)
    assert json.loads(request.content)["alert"]["subject"] == "s1"
    assert signature("s3cret", timestamp, request.content + b" ") != sent
