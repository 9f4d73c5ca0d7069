"""The monitoring loop: poll due feeds, enrich and cluster what arrived, raise and send alerts, sleep.

``newsradar watch`` runs it in the foreground and ``newsradar serve --watch``
on a background thread next to the web server; both stop cleanly between two
steps when asked.  Each step commits its own work, so a loop killed at any
point resumes where the store says it stopped (see :mod:`.poller`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..enrich import enrich_store
from ..errors import BadDocument, ConfigError, TransientError
from ..model import utcnow
from ..settings import Settings
from ..sources.feeds import parse_opml
from ..sources.files import is_url
from ..store import Store
from ..stories import embedder_from_settings, params_from_settings, update_stories
from .alerts import AlertChecker, bucket_setting
from .discover import web_address
from .polite import PoliteClient
from .poller import FeedPoller, PollReport
from .webhook import DeliveryReport, WebhookSender


@dataclass(slots=True)
class CycleReport:
    poll: PollReport = field(default_factory=PollReport)
    enriched: int = 0
    clustered: int = 0
    alerts: int = 0
    delivery: DeliveryReport | None = None
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        """New or changed articles per second, the whole cycle (fetch, extract, enrich, cluster) counted."""
        return self.poll.articles / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        p = self.poll
        text = (f"{p.feeds} feeds polled ({p.feeds_failed} failed, {p.not_modified} unchanged), "
                f"{p.links} links, {p.pages} pages fetched: {p.new} new articles, {p.updated} updated"
                f"{f', {p.from_feed} from the feed entry' if p.from_feed else ''}, {p.quarantined} quarantined, "
                f"{p.to_retry} to retry; {self.enriched} enriched, {self.clustered} placed in stories, "
                f"{self.alerts} alerts; {self.elapsed:.1f} s ({self.rate:,.1f} articles/s)")
        if self.delivery and (self.delivery.sent or self.delivery.retrying or self.delivery.failed):
            d = self.delivery
            text += f"; webhook: {d.sent} sent, {d.retrying} to retry, {d.failed} failed"
        return text


class Watcher:
    """Owns the polite client, the poller, the alert checker and the webhook sender of one store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        interval: float | None = None,
        transport: httpx.BaseTransport | None = None,
        webhook_transport: httpx.BaseTransport | None = None,
        webhook_backoff: float = 30.0,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.interval = float(interval or settings.watch_interval)
        self.on_event = on_event or (lambda _message: None)
        self.client = PoliteClient(
            user_agent=settings.user_agent, timeout=settings.http_timeout, retries=settings.http_retries,
            max_bytes=settings.max_input_bytes, host_delay=settings.watch_host_delay,
            per_host=settings.watch_host_concurrency, transport=transport,
        )
        self.poller = FeedPoller(
            store, self.client, interval=self.interval, workers=settings.watch_workers,
            batch_size=min(settings.batch_size, 100), max_bytes=settings.max_input_bytes,
            default_timezone=settings.default_timezone, on_event=self.on_event,
        )
        bucket = bucket_setting(settings.alert_bucket)
        self.checker = AlertChecker(store, bucket=bucket, baseline=24 if bucket == "hour" else 7,
                                    webhook=bool(settings.webhook_url))
        self.sender = WebhookSender(
            store, settings.webhook_url, user_agent=settings.user_agent, max_attempts=settings.webhook_retries,
            backoff=webhook_backoff, transport=webhook_transport, secret=settings.webhook_secret,
        ) if settings.webhook_url else None
        self.embedder = embedder_from_settings(settings)

    def close(self) -> None:
        self.client.close()
        if self.sender:
            self.sender.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources --------------------------------------------------------------------------------

    def add_sources(self, specs: Iterable[str]) -> int:
        """Register feeds, sitemaps and OPML lists (files or URLs); returns how many feeds were new."""
        feeds: list[tuple[str, str | None]] = []
        for spec in specs:
            if "://" in spec:
                if web_address("", spec) is None:
                    raise ConfigError(f"{spec}: not a well-formed http(s) URL")
                if not spec.lower().split("?", 1)[0].endswith(".opml"):
                    feeds.append((spec, None))
                    continue
            feeds += self._opml_feeds(spec)
        return self.store.add_feeds(feeds)

    def _opml_feeds(self, spec: str) -> list[tuple[str, str | None]]:
        try:
            if is_url(spec):
                fetched = self.client.get(spec)
                data, base = fetched.content, fetched.url
            else:
                path = Path(spec).expanduser()
                if not path.is_file():
                    raise ConfigError(f"{spec}: no such file (give an OPML file, or a feed or sitemap URL)")
                data, base = path.read_bytes(), ""
            refs = parse_opml(data, spec)
        except (BadDocument, TransientError) as exc:
            raise ConfigError(f"{spec}: {exc.reason}") from exc
        feeds = []
        for ref in refs:
            url = web_address(base, ref.url) if base else web_address("", ref.url)
            if url is None:
                self.on_event(f"{spec}: feed {ref.url} is not an http(s) URL; watch polls web feeds only "
                              "(use `newsradar ingest` for local files)")
                continue
            feeds.append((url, ref.title))
        return feeds

    # -- the loop -------------------------------------------------------------------------------

    def cycle(self, *, force: bool = False) -> CycleReport:
        """One pass: poll what is due, enrich, cluster, check watchlists, deliver alerts."""
        report = CycleReport()
        started = time.perf_counter()
        report.poll = self.poller.poll(force=force)
        report.enriched = enrich_store(self.store).articles
        report.clustered = update_stories(self.store, params=params_from_settings(self.settings),
                                          embedder=self.embedder).articles
        for alert in self.checker.check():
            report.alerts += 1
            self.on_event(f"alert [{alert.watchlist}] {alert.event}: {alert.title}")
        if self.sender:
            report.delivery = self.sender.deliver_due()
        report.elapsed = time.perf_counter() - started
        return report

    def seconds_to_next(self) -> float:
        """Until the earliest feed is due (at most one interval; a pending webhook retry counts too)."""
        now = utcnow()
        waits = [(f.next_poll - now).total_seconds() for f in self.store.list_feeds() if f.next_poll]
        if self.sender:
            waits += [0.0 for _ in self.store.alerts_to_deliver(now, limit=1)]
        return max(1.0, min([self.interval, *waits]))

    def run(self, stop: threading.Event, *, cycles: int | None = None,
            on_cycle: Callable[[CycleReport], None] | None = None) -> None:
        """Cycle until ``stop`` is set (or ``cycles`` passes are done), sleeping until the next feed is due."""
        done = 0
        while not stop.is_set():
            report = self.cycle()
            done += 1
            if on_cycle:
                on_cycle(report)
            if cycles is not None and done >= cycles:
                return
            stop.wait(self.seconds_to_next())


class BackgroundWatch:
    """The loop on a daemon thread with its own store connection (``serve --watch``)."""

    def __init__(self, settings: Settings, sources: Iterable[str], *, interval: float | None = None,
                 on_event: Callable[[str], None] | None = None) -> None:
        from ..store import open_store

        self.stop = threading.Event()
        self.on_event = on_event or (lambda _message: None)
        self.store = open_store(settings.database_url)
        self.watcher = Watcher(self.store, settings, interval=interval, on_event=self.on_event)
        self.watcher.add_sources(list(sources))  # a bad OPML fails here, before the server starts
        self.thread = threading.Thread(target=self._run, name="newsradar-watch", daemon=True)

    def _run(self) -> None:
        try:
            self.watcher.run(self.stop, on_cycle=lambda report: self.on_event(report.line()))
        finally:
            self.watcher.close()
            self.store.close()

    def start(self) -> None:
        self.thread.start()

    def close(self, timeout: float = 30.0) -> None:
        self.stop.set()
        self.thread.join(timeout)
