"""A polite HTTP client for polling: robots.txt, per-host pacing, conditional GET, retries.

Polling many outlets all day must never hammer one of them: every request to a
host waits for that host's gate (at most ``per_host`` requests in flight and
``host_delay`` seconds between two starts, or the site's own ``Crawl-delay``
when it asks for more), robots.txt is read once per host and obeyed, and a
feed that has not changed answers ``304`` to the validators we send back.
Timeouts, 5xx and 429 are retried with exponential backoff (honouring
``Retry-After``); a 4xx is final.  The client is thread-safe: one poller
shares it across its fetch threads, and the transport seam lets unit tests
use ``httpx.MockTransport``.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from ..errors import BadDocument, TransientError


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: the body (empty for ``304``) and the validators to send next time."""

    url: str  # after redirects
    status: int
    content: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class HostGate:
    """Per-host concurrency cap and minimum spacing between request starts."""

    def __init__(self, *, per_host: int, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.per_host = per_host
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A host's own pace (robots.txt ``Crawl-delay``), when slower than ours."""
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with semaphore:
            with self._lock:
                now = self._clock()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._delays.get(host, self.delay)
            if start > now:
                self._sleep(start - now)
            yield


class PoliteClient:
    """GETs for the poller; see the module docstring for the manners it keeps."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float = 20.0,
        retries: int = 3,
        max_bytes: int = 64 * 1024 * 1024,
        host_delay: float = 1.0,
        per_host: int = 2,
        backoff: float = 0.5,
        robots_ttl: float = 3600.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.user_agent = user_agent
        self.retries = retries
        self.max_bytes = max_bytes
        self.backoff = backoff
        self.robots_ttl = robots_ttl
        self._sleep = sleep
        self._clock = clock
        self.gate = HostGate(per_host=per_host, delay=host_delay, clock=clock, sleep=sleep)
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self._robots_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._client = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=timeout,
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt -----------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our User-Agent fetch ``url`` (read once per host, kept ``robots_ttl``)."""
        host = host_of(url)
        with self._robots_lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:  # one robots.txt fetch per host, even with many threads asking at once
            cached = self._robots.get(host)
            if cached is None or self._clock() - cached[0] > self.robots_ttl:
                cached = (self._clock(), self._read_robots(host))
                self._robots[host] = cached
        rules = cached[1]
        if rules is None:  # robots.txt unreachable (5xx, network): RFC 9309 says assume full disallow
            return False
        return rules.can_fetch(self.user_agent, url)

    def _read_robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        rules = urllib.robotparser.RobotFileParser(host + "/robots.txt")
        try:
            answer = self._request(host + "/robots.txt", {})
        except BadDocument:  # 4xx or too large: no usable rules, everything is allowed
            rules.parse([])
            return rules
        except TransientError:
            return None
        text = answer.content[:512 * 1024].decode("utf-8", errors="replace")
        rules.parse(text.splitlines())
        delay = rules.crawl_delay(self.user_agent)
        if delay:
            self.gate.set_delay(host, min(float(delay), 60.0))
        return rules

    # -- fetching -------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` politely; BadDocument for a final refusal, TransientError once retries are spent."""
        if not self.allowed(url):
            raise BadDocument(url, "robots.txt disallows fetching this URL (or could not be read)", stage="fetch")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        last: TransientError | None = None
        for attempt in range(max(1, self.retries)):
            try:
                return self._request(url, headers)
            except TransientError as exc:
                last = exc
                wait = exc.seconds if isinstance(exc, _RetryAfter) else self.backoff * 2 ** attempt
            if attempt + 1 < self.retries:
                self._sleep(min(60.0, wait))
        assert last is not None
        raise last

    def _request(self, url: str, headers: dict[str, str]) -> Fetched:
        with self.gate.slot(host_of(url)):
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    return self._read(url, response)
            except httpx.TimeoutException as exc:
                raise TransientError(url, f"timed out ({type(exc).__name__})") from exc
            except httpx.TooManyRedirects as exc:
                raise BadDocument(url, "too many redirects", stage="fetch") from exc
            except httpx.TransportError as exc:
                raise TransientError(url, f"connection failed ({exc})") from exc
            except httpx.InvalidURL as exc:
                raise BadDocument(url, f"invalid URL ({exc})", stage="fetch") from exc

    def _read(self, url: str, response: httpx.Response) -> Fetched:
        status = response.status_code
        if status >= 500 or status == 429:
            seconds = _retry_after(response.headers.get("retry-after"))
            if seconds is not None:
                raise _RetryAfter(url, f"server answered HTTP {status} (Retry-After {seconds:.0f} s)", seconds)
            raise TransientError(url, f"server answered HTTP {status}")
        if status >= 400:
            raise BadDocument(url, f"server answered HTTP {status}", stage="fetch")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise BadDocument(url, f"response larger than {self.max_bytes} bytes (Content-Length {declared})",
                              stage="fetch")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise BadDocument(url, f"response larger than {self.max_bytes} bytes", stage="fetch")
            chunks.append(chunk)
        return Fetched(
            url=str(response.url),
            status=status,
            content=b"".join(chunks),
            content_type=response.headers.get("content-type"),
            charset=response.charset_encoding,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


class _RetryAfter(TransientError):
    """A transient refusal that says how long to wait."""

    def __init__(self, origin: str, reason: str, seconds: float) -> None:
        super().__init__(origin, reason)
        self.seconds = seconds


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
