"""A real HTTP server on 127.0.0.1 that serves feeds, sitemaps and article pages from memory.

Used by the watch tests, the crash test and the feed-farm benchmark: every
route can be slow, fail N times with a 500, redirect, send the wrong content
type, carry ETag/Last-Modified validators, or be huge.  The server counts hits
per path, keeps each request's headers, and tracks how many requests were in
flight at once, so politeness can be checked without timing anything.  A
small webhook receiver (POST) is here too.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsradar" / "sample"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering (a slow server)
    fail_times: int = 0  # answer 500 this many times first
    etag: str | None = None
    last_modified: str | None = None
    redirect: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    farm: FeedFarm

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, size cap) closes the socket mid-answer: expected here."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.farm._serve(self)

    def do_POST(self) -> None:
        self.server.farm._receive(self)


class FeedFarm:
    """Routes by path; ``start()`` returns the base URL (``http://127.0.0.1:PORT``)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host  # any 127.x.y.z is this machine: a farm per address makes separate "hosts"
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.posts: list[dict[str, Any]] = []
        self.post_failures = 0  # the webhook answers 500 this many times first
        self.inflight = 0
        self.max_inflight = 0
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    def start(self) -> str:
        server = _Server((self.host, 0), _Handler)
        server.farm = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        self.base = f"http://{self.host}:{server.server_address[1]}"
        return self.base

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def _serve(self, handler: _Handler) -> None:
        path = handler.path
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, {k.lower(): v for k, v in handler.headers.items()}))
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            route = self.routes.get(path)
            if route is None:
                return _answer(handler, 404, b"not found", "text/plain")
            if route.delay:
                time.sleep(route.delay)
            with self._lock:
                failing = route.fail_times > 0
                if failing:
                    route.fail_times -= 1
            if failing:
                return _answer(handler, 500, b"server error", "text/plain")
            if route.redirect:
                return _answer(handler, 301, b"", "text/plain", {"Location": route.redirect})
            if (route.etag and handler.headers.get("If-None-Match") == route.etag) or \
                    (route.last_modified and handler.headers.get("If-Modified-Since") == route.last_modified):
                return _answer(handler, 304, b"", None, _validators(route))
            headers = {**_validators(route), **route.headers}
            return _answer(handler, route.status, route.body, route.content_type, headers)
        finally:
            with self._lock:
                self.inflight -= 1

    def _receive(self, handler: _Handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        data = handler.rfile.read(length)
        with self._lock:
            failing = self.post_failures > 0
            if failing:
                self.post_failures -= 1
            else:
                self.posts.append(json.loads(data))
        _answer(handler, 500 if failing else 200, b"{}", "application/json")


def _validators(route: Route) -> dict[str, str]:
    out = {}
    if route.etag:
        out["ETag"] = route.etag
    if route.last_modified:
        out["Last-Modified"] = route.last_modified
    return out


def _answer(handler: _Handler, status: int, body: bytes, ctype: str | None,
            headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    if ctype:
        handler.send_header("Content-Type", ctype)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)) if status != 304 else "0")
    handler.end_headers()
    if status != 304:
        handler.wfile.write(body)


# -- content ---------------------------------------------------------------------------------------


def article_page(title: str, text: str, published: str | None = None, lang: str = "en",
                 site: str = "Farm Daily") -> bytes:
    """A plain news page with the metadata trafilatura reads."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta property="og:site_name" content="{html.escape(site)}">{meta}</head><body>'
            f'<nav><a href="/">Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article>'
            f"<footer>Back to top</footer></body></html>").encode()


def rss(title: str, items: Iterable[dict[str, str]], lang: str = "en") -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(i['title'])}</title><link>{html.escape(i['link'])}</link>"
        f"<guid>{html.escape(i['link'])}</guid><pubDate>{i.get('date', '')}</pubDate>"
        f"<description>{html.escape(i.get('summary', ''))}</description></item>"
        for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}'
            f"</title><link>http://example.invalid/</link><language>{lang}</language>{entries}</channel></rss>"
            ).encode()


def atom(title: str, items: Iterable[dict[str, str]]) -> bytes:
    entries = "".join(
        f"<entry><title>{html.escape(i['title'])}</title><link href=\"{html.escape(i['link'])}\"/>"
        f"<id>{html.escape(i['link'])}</id><updated>{i.get('iso', '2026-11-19T08:00:00Z')}</updated>"
        f"<summary>{html.escape(i.get('summary', ''))}</summary></entry>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{html.escape(title)}</title><id>urn:farm</id><updated>2026-11-19T08:00:00Z</updated>"
            f"{entries}</feed>").encode()


def sitemap(urls: Iterable[str]) -> bytes:
    body = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{body}</urlset>").encode()


def opml(feeds: Iterable[tuple[str, str]]) -> bytes:
    body = "".join(f'<outline text="{html.escape(t)}" title="{html.escape(t)}" type="rss" '
                   f'xmlUrl="{html.escape(u)}"/>' for t, u in feeds)
    head = '<?xml version="1.0"?><opml version="2.0"><head><title>farm</title></head>'
    return f"{head}<body>{body}</body></opml>".encode()


def sample_records() -> list[dict[str, Any]]:
    """The bundled sample's JSON Lines records (original text written for newsradar)."""
    lines = (SAMPLE / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def rfc2822(iso: str | None) -> str:
    from datetime import datetime

    if not iso:
        return ""
    try:
        return format_datetime(datetime.fromisoformat(iso))
    except ValueError:
        return ""


def build_farm(farm: FeedFarm, records: list[dict[str, Any]], *, feeds: int, per_feed: int,
               prefix: str = "") -> list[tuple[str, str]]:
    """``feeds`` RSS feeds of ``per_feed`` article pages each, from ``records`` (cycled); returns (title, url)."""
    out = []
    n = 0
    for f in range(feeds):
        items = []
        for _ in range(per_feed):
            record = records[n % len(records)]
            path = f"{prefix}/f{f}/a{n}.html"
            title = record.get("title") or (record.get("text") or "")[:60]
            text = record.get("text") or title
            if n >= len(records):  # a later pass over the same records: another article, not a copy
                title, text = f"{title} ({n})", f"{text}\nUpdate {n}."
            farm.add(path, Route(article_page(title, text, record.get("published"), record.get("lang") or "en",
                                              site=f"Outlet {f}")))
            items.append({"title": title, "link": farm.url(path), "date": rfc2822(record.get("published")),
                          "summary": text[:200]})
            n += 1
        feed_path = f"{prefix}/f{f}/rss.xml"
        farm.add(feed_path, Route(rss(f"Outlet {f}", items), "application/rss+xml", etag=f'"feed-{f}-v1"'))
        out.append((f"Outlet {f}", farm.url(feed_path)))
    return out
