"""What every request needs: a store connection of its own thread, parsed filters, the write token.

SQLite connections must not be shared by threads that use them at once, so
each worker thread of the server opens its own connection to the same file
(WAL mode lets them read while one writes).  A store that says it is
thread-safe (PostgreSQL, with its connection pool) is opened once and shared.  The provider closes them all at
shutdown.
"""

from __future__ import annotations

import hmac
import threading
from datetime import datetime
from typing import Any, cast

from fastapi import HTTPException, Request
from pydantic import BaseModel

from ..periods import TimeParamError, window
from ..settings import Settings
from ..store import Store, open_store
from ..trends import latest_time

#: Free text: anything but a NUL character (which no store keeps; a NUL anywhere in a query is a 422).
NO_NUL = r"^[^\x00]*$"


class ProblemItem(BaseModel):
    """One invalid part of a request: where (``["query", "limit"]``), what is wrong, and its kind."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """Every 4xx answer: ``detail`` is one line naming the parameter and the reason; a request that
    failed validation also lists each invalid part in ``errors``."""

    detail: str
    errors: list[ProblemItem] | None = None


#: Declared on every API router: any 4xx (bad parameter, missing token, unknown id) has this body.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": Problem, "description": "A client error: the reason, naming the parameter."},
}
#: Declared on the listings that download: ``format=csv`` or ``format=jsonl`` answer with these types.
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "A page of JSON, or the whole listing as CSV or JSON Lines (format=csv / jsonl).",
          "content": {"text/csv": {"schema": {"type": "string"}},
                      "application/x-ndjson": {"schema": {"type": "string"}}}},
}


class StoreProvider:
    """One open store per thread (or one shared, if thread-safe), all on the same database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._generation = 0
        self._shared: Store | None = None
        open_store(url).close()  # create and migrate once, up front, so a bad URL fails at start

    def get(self) -> Store:
        if self._shared is not None:
            return self._shared
        store: Store | None = getattr(self._local, "store", None)
        if store is None or getattr(self._local, "generation", -1) != self._generation:
            # A thread outlives an app shutdown (worker pools are reused): after ``close`` its old
            # connection is closed, so it opens a new one instead of failing on a closed database.
            store = open_store(self.url)
            with self._lock:
                if store.thread_safe:  # one pooled store serves every thread (PostgreSQL)
                    if self._shared is not None:  # another thread got there first
                        store.close()
                        return self._shared
                    self._shared = store
                self._all.append(store)
            if store.thread_safe:
                return store
            self._local.store = store
            self._local.generation = self._generation
        return store

    def close(self) -> None:
        with self._lock:
            self._generation += 1
            self._shared = None
            for store in self._all:
                store.close()
            self._all.clear()


class _ThreadStore:
    """The store of whichever thread calls it, looked up at each use.

    FastAPI resolves a sync dependency in one worker thread and runs the endpoint (and a streamed
    download's iterations) in others; a connection handed out by the dependency's thread would then be
    used by two threads at once, and two writes on one SQLite connection collide ("cannot start a
    transaction within a transaction").  Looking the store up per call keeps each connection on its thread.
    """

    __slots__ = ("_provider",)

    def __init__(self, provider: StoreProvider) -> None:
        self._provider = provider

    def __getattr__(self, name: str) -> Any:
        return getattr(self._provider.get(), name)


def store_of(request: Request) -> Store:
    provider: StoreProvider = request.app.state.stores
    return cast(Store, _ThreadStore(provider))


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def window_params(store: Store, since: str | None, until: str | None, *,
                  strict: bool = True) -> tuple[datetime | None, datetime | None]:
    """``since``/``until`` query values as a window, or a 422 naming the parameter.

    A relative value (``24h``, ``7d``) counts back from the newest dated article, as in the CLI and the
    Today page (:func:`periods.window`; the wall clock only when no article is dated), and a relative
    ``since`` without ``until`` ends there.  The store is asked only when a value is relative.  Strict
    (the API) takes exactly the forms the OpenAPI schema declares; the dashboard's forms are not strict,
    so a person may type ``17/11/2026``.
    """
    try:
        return window(since, until, lambda: latest_time(store), strict=strict)
    except TimeParamError as exc:
        raise HTTPException(status_code=422, detail=f"{exc.name}: {exc}") from None


def require_token(request: Request) -> None:
    """Refuse a write that does not carry the API token; with no token configured, refuse every write
    unless ``open_writes`` says this is a trusted single-user machine."""
    settings = settings_of(request)
    if settings.open_writes:
        return
    token: str = settings.api_token
    if not token:
        raise HTTPException(status_code=403, detail="writes are closed: no API token is configured (set api_token, "
                            "or start `newsradar serve`, which creates one; open_writes=true opens them)")
    sent = request.headers.get("authorization", "")
    given = sent[7:].strip() if sent.lower().startswith("bearer ") else request.headers.get("x-api-token", "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(status_code=401, detail="this endpoint needs the API token: "
                            "send 'Authorization: Bearer TOKEN'", headers={"WWW-Authenticate": "Bearer"})


def page_links(request: Request, total: int, limit: int, offset: int) -> dict[str, Any]:
    """Pagination fields of a listing: totals and the URL of the next page, if any."""
    nxt = None
    if offset + limit < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"total": total, "limit": limit, "offset": offset, "next": nxt}
