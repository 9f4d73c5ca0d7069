"""Fetching URLs over HTTP, behind a transport seam.

Every network input goes through :class:`Fetcher`; tests hand it an
``httpx.MockTransport`` (or point it at a local server) so no test touches the
internet.  Timeouts and 5xx answers are retried with exponential backoff; a
4xx is final.  The fetcher owns its connection pool, so a Dask worker or a
second thread makes its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from ..errors import BadDocument, TransientError
from ..model import utcnow


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    content: bytes
    content_type: str | None
    charset: str | None
    status: int
    fetched_at: datetime


class Fetcher:
    """A polite HTTP client: one User-Agent, bounded size, retries on transient failures."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float = 20.0,
        retries: int = 3,
        max_bytes: int = 64 * 1024 * 1024,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        guard: Callable[[str], None] | None = None,
    ) -> None:
        """``guard`` checks every request's URL, redirects included (:class:`~.guard.AddressGuard`)."""
        self.retries = retries
        self.max_bytes = max_bytes
        self._sleep = sleep
        hooks = {"request": [lambda request: guard(str(request.url))]} if guard else {}
        self._client = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=timeout,
            follow_redirects=True,
            transport=transport,
            event_hooks=hooks,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> FetchResult:
        """GET ``url``; raise BadDocument for a final failure, TransientError after the last retry."""
        last: TransientError | None = None
        for attempt in range(self.retries):
            if attempt:
                self._sleep(min(30.0, 0.5 * 2 ** (attempt - 1)))
            try:
                return self._get(url)
            except TransientError as exc:
                last = exc
        assert last is not None
        raise last

    def _get(self, url: str) -> FetchResult:
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 500 or response.status_code == 429:
                    raise TransientError(url, f"server answered HTTP {response.status_code}")
                if response.status_code >= 400:
                    raise BadDocument(url, f"server answered HTTP {response.status_code}", stage="fetch")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise BadDocument(url, f"response larger than {self.max_bytes} bytes", stage="fetch")
                    chunks.append(chunk)
                ctype = response.headers.get("content-type")
                return FetchResult(
                    url=str(response.url),
                    content=b"".join(chunks),
                    content_type=ctype,
                    charset=response.charset_encoding,
                    status=response.status_code,
                    fetched_at=utcnow(),
                )
        except httpx.TimeoutException as exc:
            raise TransientError(url, f"timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise TransientError(url, f"connection failed ({exc})") from exc
        except (httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: a host name IDNA cannot encode
            raise BadDocument(url, f"invalid URL ({exc})", stage="fetch") from exc
