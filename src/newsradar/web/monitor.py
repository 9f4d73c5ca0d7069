"""Live monitoring in the service: alerts, watchlists and feed status as API endpoints and one page.

Kept apart from ``api.py`` and ``pages.py`` so the monitoring views can grow
without touching the core browsing routes.  Writing a watchlist needs the API
token like every other write.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, StrictBool

from ..errors import ConfigError
from ..store import Store
from .deps import NO_NUL, PROBLEM_RESPONSES, page_links, require_token, store_of
from .pages import render

api = APIRouter(prefix="/api", tags=["monitoring"], responses=PROBLEM_RESPONSES)
page = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_of)]


@api.get("/alerts")
def list_alerts(request: Request, store: StoreDep,
                watchlist: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict[str, Any]:
    """Alerts raised by watchlists, newest first, with their webhook delivery state."""
    total, items = store.list_alerts(limit=limit, offset=offset, watchlist=watchlist)
    return {**page_links(request, total, limit, offset), "alerts": [a.to_dict() for a in items]}


@api.get("/watchlists")
def list_watchlists(store: StoreDep) -> dict[str, Any]:
    """Every watchlist: what it matches and whether it alerts on bursts."""
    return {"watchlists": [w.to_dict() for w in store.list_watchlists()]}


class _Watch(BaseModel):
    name: str | None = Field(default=None, max_length=200, pattern=NO_NUL, description="Defaults to kind:value.")
    bursts: StrictBool = Field(default=True, description="Also alert when it bursts above its usual share.")


class _TermWatch(_Watch):
    value: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")


class KeywordWatch(_TermWatch):
    kind: Literal["keyword"]


class EntityWatch(_TermWatch):
    """A person, organisation or place in any spelling: matched by its key across scripts."""

    kind: Literal["entity"]


class OutletWatch(_TermWatch):
    kind: Literal["outlet"]


class CountryWatch(_Watch):
    kind: Literal["country"]
    value: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO country code such as VN.")


class PairWatch(_Watch):
    """Two different countries: ``["KR", "VN"]`` (a list, so the schema can say the two differ)."""

    kind: Literal["pair"]
    value: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(
        min_length=2, max_length=2, description="Two different ISO codes such as [\"KR\", \"VN\"].",
        json_schema_extra={"uniqueItems": True})


#: What ``POST /api/watchlists`` takes: the value's form depends on the kind, and the schema says so.
WatchlistRequest = Annotated[KeywordWatch | EntityWatch | OutletWatch | CountryWatch | PairWatch,
                             Body(discriminator="kind")]


@api.post("/watchlists", status_code=201, dependencies=[Depends(require_token)])
def add_watchlist(body: WatchlistRequest, store: StoreDep) -> dict[str, Any]:
    """Add (or replace, by name) a watchlist."""
    from ..watch.alerts import make_watchlist

    try:
        value = "-".join(body.value) if isinstance(body.value, list) else body.value
        item = make_watchlist(body.kind, value, name=body.name, bursts=body.bursts)
    except ConfigError as exc:
        raise HTTPException(422, detail=str(exc)) from None
    return store.add_watchlist(item).to_dict()


@api.delete("/watchlists/{name}", dependencies=[Depends(require_token)])
def remove_watchlist(name: str, store: StoreDep) -> dict[str, Any]:
    """Remove a watchlist by name or id; its alerts stay."""
    if not store.remove_watchlist(name):
        raise HTTPException(404, detail=f"no watchlist {name!r}")
    return {"removed": name}


@api.get("/feeds")
def list_feeds(store: StoreDep) -> dict[str, Any]:
    """Feeds being polled: last poll, HTTP status, consecutive errors, next poll, articles brought in."""
    found = store.list_feeds()
    return {"feeds": [f.to_dict() for f in found], "failing": sum(1 for f in found if f.errors)}


@page.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, store: StoreDep,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    total, items = store.list_alerts(limit=50, offset=offset)
    return render(request, "alerts.html", title="Alerts", total=total, alerts=items,
                  watchlists=store.list_watchlists(), feeds=store.list_feeds(), offset=offset)
