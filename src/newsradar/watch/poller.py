"""One polling cycle: read the due feeds, fetch the pages they link that are not stored yet, store them.

Fetching runs on a thread pool (the :class:`~.polite.PoliteClient` keeps each
host's pace); everything that touches the store runs on the calling thread, in
batches.  For each batch the articles are written first and the fetched URLs
recorded second, so a crash between the two costs one re-fetch of an article
that is then found unchanged -- never a lost or duplicated article.

A page that cannot be read for good (404, robots.txt, too large, no text) falls
back to the feed entry's own title and summary when the feed has one, so the
story is not lost; otherwise it is quarantined.  A page that fails for now
(timeout, 5xx) is retried in later cycles, ``max_page_attempts`` times at most.
A failing feed is reported, backs off, and never stops the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..errors import BadDocument, TransientError
from ..extract import extract_article
from ..model import Article, QuarantineEntry, RawDocument, utcnow
from ..pipeline import timezone_setting
from ..sources.files import ReadContext, read_bytes
from ..sources.formats import format_from_content
from ..store import Store
from ..store.monitor import FeedStatus, FetchRecord
from .discover import Discovery, Link, discover
from .polite import Fetched, PoliteClient, host_of

_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Children of a sitemap index read per poll: enough for a news site's daily sitemaps.
MAX_CHILD_SITEMAPS = 20


@dataclass(slots=True)
class PollReport:
    """What one cycle did."""

    feeds: int = 0
    feeds_failed: int = 0
    not_modified: int = 0
    links: int = 0
    pages: int = 0  # pages fetched (or given up on) this cycle
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    from_feed: int = 0  # articles kept from the feed entry because the page could not be read
    quarantined: int = 0
    to_retry: int = 0
    elapsed: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.new + self.updated

    @property
    def rate(self) -> float:
        """New or changed articles per second of the cycle."""
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(slots=True)
class _PageOutcome:
    link: Link
    article: Article | None = None
    error: BadDocument | TransientError | None = None


class FeedPoller:
    """Polls the feeds registered in a store; see the module docstring."""

    def __init__(
        self,
        store: Store,
        client: PoliteClient,
        *,
        interval: float,
        workers: int = 8,
        batch_size: int = 100,
        max_page_attempts: int = 3,
        max_bytes: int = 64 * 1024 * 1024,
        default_timezone: str = "UTC",
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.interval = interval
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.max_page_attempts = max(1, max_page_attempts)
        self.default_tz = timezone_setting(default_timezone)
        self.ctx = ReadContext(max_bytes=max_bytes)
        self.on_event = on_event or (lambda _message: None)

    # -- the cycle ------------------------------------------------------------------------------

    def due(self, now: datetime, *, force: bool = False) -> list[FeedStatus]:
        return [f for f in self.store.list_feeds() if force or f.next_poll is None or f.next_poll <= now]

    def poll(self, *, force: bool = False) -> PollReport:
        report = PollReport()
        started = time.perf_counter()
        now = utcnow()
        feeds = self.due(now, force=force)
        report.feeds = len(feeds)
        if not feeds and not self.store.pending_fetches(limit=1):
            report.elapsed = time.perf_counter() - started
            return report
        validated: list[tuple[FeedStatus, Fetched]] = []
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="newsradar-fetch") as pool:
            links = self._poll_feeds(pool, feeds, report, validated)
            self._fetch_pages(pool, links + self._pending(links), report)
        # Only now that every link is stored (or logged for retry) may the feed answer 304 next time:
        # a crash before this line re-reads the whole feed, and the stored links are skipped then.
        for status, fetched in validated:
            status.etag = fetched.etag or status.etag
            status.last_modified = fetched.last_modified or status.last_modified
            self.store.save_feed_status(status)
        report.elapsed = time.perf_counter() - started
        return report

    def _poll_feeds(self, pool: ThreadPoolExecutor, feeds: list[FeedStatus], report: PollReport,
                    validated: list[tuple[FeedStatus, Fetched]]) -> list[Link]:
        futures = {pool.submit(self._read_feed, f): f for f in feeds}
        links: dict[str, Link] = {}
        for future in as_completed(futures):
            status = futures[future]
            fetched, found, error = future.result()
            when = utcnow()
            status.last_polled = when
            if error is not None:
                status.errors += 1
                status.last_error = error.reason
                status.last_status = _status_of(error.reason)
                wait = self.interval * min(2 ** (status.errors - 1), 8)
                status.next_poll = when + timedelta(seconds=wait)
                report.feeds_failed += 1
                message = f"feed {status.url}: {error.reason}; retrying in {wait:.0f} s"
                report.problems.append(message)
                self.on_event(message)
            else:
                assert fetched is not None
                status.errors = 0
                status.last_error = None
                status.last_ok = when
                status.last_status = fetched.status
                status.next_poll = when + timedelta(seconds=self.interval)
                if fetched.not_modified:
                    report.not_modified += 1
                elif found is not None:
                    if found.skipped:
                        self.on_event(f"feed {status.url}: {found.skipped} links skipped (not http(s) addresses)")
                    status.kind = found.kind
                    status.title = status.title or found.title
                    status.entries = len(found.links)
                    for link in found.links:
                        links.setdefault(link.url, link)
                    validated.append((status, fetched))
            self.store.save_feed_status(status)
        report.links = len(links)
        return list(links.values())

    def _pending(self, found: list[Link]) -> list[Link]:
        """Pages that failed for now in an earlier cycle, whether or not their feed changed since."""
        seen = {link.url for link in found}
        pending = []
        for item in self.store.pending_fetches():
            if item.url in seen:
                continue
            entry = None
            if item.entry:
                entry = RawDocument(origin=f"{item.feed_url}#{item.url}", kind="record", fields=item.entry,
                                    url=item.url)
            pending.append(Link(item.url, item.feed_url or "", entry))
        return pending

    def _read_feed(self, status: FeedStatus) -> tuple[Fetched | None, Discovery | None,
                                                       BadDocument | TransientError | None]:
        """Runs on a fetch thread: GET the feed (conditionally), parse it, read a sitemap index's children."""
        try:
            fetched = self.client.get(status.url, etag=status.etag, last_modified=status.last_modified)
            if fetched.not_modified:
                return fetched, None, None
            found = discover(fetched.content, fetched.url)
            for child in found.sitemaps[:MAX_CHILD_SITEMAPS]:
                try:
                    found.links.extend(discover(self.client.get(child).content, child).links)
                except (BadDocument, TransientError) as exc:
                    self.on_event(f"sitemap {child} (listed by {status.url}): {exc.reason}")
            return fetched, found, None
        except (BadDocument, TransientError) as exc:
            return None, None, exc

    def _fetch_pages(self, pool: ThreadPoolExecutor, links: list[Link], report: PollReport) -> None:
        known = self.store.known_urls([link.url for link in links])
        todo = _round_robin([link for link in links if link.url not in known])
        attempts = self.store.fetch_attempts([link.url for link in todo])
        futures: list[Future[_PageOutcome]] = [pool.submit(self._fetch_page, link) for link in todo]
        done: list[_PageOutcome] = []
        for future in as_completed(futures):
            done.append(future.result())
            if len(done) >= self.batch_size:
                self._store(done, attempts, report)
                done = []
        self._store(done, attempts, report)

    def _fetch_page(self, link: Link) -> _PageOutcome:
        """Runs on a fetch thread: GET and extract (lxml parses outside the GIL), no store access."""
        try:
            fetched = self.client.get(link.url)
        except (BadDocument, TransientError) as exc:
            return _PageOutcome(link, error=exc)
        try:
            return _PageOutcome(link, article=self._page_article(fetched, link))
        except BadDocument as exc:
            return _PageOutcome(link, error=exc)

    # -- writing --------------------------------------------------------------------------------

    def _store(self, outcomes: Iterable[_PageOutcome], attempts: dict[str, int], report: PollReport) -> None:
        articles: list[Article] = []
        problems: list[QuarantineEntry] = []
        records: list[FetchRecord] = []
        for outcome in outcomes:
            report.pages += 1
            link = outcome.link
            error: BadDocument | TransientError | None = outcome.error
            article = outcome.article
            retry = isinstance(error, TransientError) and attempts.get(link.url, 0) + 1 < self.max_page_attempts
            if article is None and retry and error is not None:
                records.append(FetchRecord(link.url, link.feed_url, "retry", error=error.reason,
                                           entry=link.entry.fields if link.entry else None))
                report.to_retry += 1
                self.on_event(f"page {link.url}: {error.reason}; will retry next cycle")
                continue
            if article is None:
                reason = error.reason if error else "no article found in the page"
                article = self._entry_article(link, reason)
                if article is None:
                    problems.append(QuarantineEntry(origin=link.url, reason=reason, stage="fetch"))
                    records.append(FetchRecord(link.url, link.feed_url, "gone", error=reason))
                    self.on_event(f"page {link.url}: {reason}")
                    continue
                report.from_feed += 1
            articles.append(article)
            records.append(FetchRecord(link.url, link.feed_url, "stored", article_id=article.id,
                                       error=error.reason if error else None))
        if not records:
            return
        # articles, quarantine and the fetch log in one transaction: a kill leaves all or none of them
        counts = self.store.write_batch(articles, problems, records)
        report.new += counts.new
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.quarantined += counts.quarantined

    def _page_article(self, fetched: Fetched, link: Link) -> Article:
        fmt = format_from_content(fetched.content[:8192])
        ctype = (fetched.content_type or "").split(";", 1)[0].strip().lower()
        if fmt == "text" and ctype in _HTML_TYPES:
            fmt = "html"
        if fmt not in ("html", "text"):
            raise BadDocument(link.url, f"linked page is not an article page (looks like {fmt}, "
                                        f"served as {ctype or 'no content type'})", stage="fetch")
        items = list(read_bytes(fetched.content, link.url, fmt, self.ctx, base=fetched.url, url=fetched.url,
                                declared=fetched.charset))
        raw = next((i for i in items if isinstance(i, RawDocument)), None)
        if raw is None:
            bad = next((i for i in items if isinstance(i, BadDocument)), None)
            raise bad or BadDocument(link.url, "nothing readable in the page", stage="read")
        article = extract_article(raw, default_tz=self.default_tz)
        self._fill_from_entry(article, link)
        return article

    def _fill_from_entry(self, article: Article, link: Link) -> None:
        """What the page leaves out and the feed entry says: outlet, date, language, the link itself."""
        if link.entry is None:
            return
        try:
            entry = extract_article(link.entry, default_tz=self.default_tz)
        except BadDocument:
            return
        article.source = article.source or entry.source
        if article.published is None and entry.published is not None:
            article.published, article.published_raw = entry.published, entry.published_raw
        article.language = article.language or entry.language
        article.title = article.title or entry.title
        article.extra.setdefault("feed", link.feed_url)

    def _entry_article(self, link: Link, reason: str) -> Article | None:
        if link.entry is None:
            return None
        try:
            article = extract_article(link.entry, default_tz=self.default_tz)
        except BadDocument:
            return None
        article.extra["page_error"] = reason
        article.extra.setdefault("feed", link.feed_url)
        return article


def _round_robin(links: list[Link]) -> list[Link]:
    """Links interleaved host by host, so the fetch threads spread over outlets instead of all
    queueing behind one host's pace while the others wait."""
    by_host: dict[str, list[Link]] = {}
    for link in links:
        by_host.setdefault(host_of(link.url), []).append(link)
    queues = list(by_host.values())
    out: list[Link] = []
    for depth in range(max((len(q) for q in queues), default=0)):
        out += [q[depth] for q in queues if depth < len(q)]
    return out


def _status_of(reason: str) -> int | None:
    """The HTTP status a failure reason names (``server answered HTTP 503``), for the feeds table."""
    marker = "HTTP "
    if marker in reason:
        digits = reason.split(marker, 1)[1][:3]
        if digits.isdigit():
            return int(digits)
    return None
