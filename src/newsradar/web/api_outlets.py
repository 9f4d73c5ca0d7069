"""Outlets in the API: the signals listing (JSON or CSV), one outlet, the articles behind a figure, edits.

Kept apart from ``api.py`` so the outlet views can grow without touching the core routes.  The listing
is computed from the store's per-day outlet counts and kept in the view cache until the data version
moves (an ingest, an enrichment or an outlet edit), so repeated requests cost a dictionary lookup.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator

from ..lang.countries import country_names
from ..outlets.directory import Outlet, OutletDirectory, outlet_directory
from ..outlets.records_file import parse_outlet
from ..outlets.report import COLUMNS, SIGNALS, figure_articles, figure_links, outlets_report, rows, select
from ..outlets.signals import SORTS, SignalsReport
from ..store import Store
from ..trends import views
from .api import Fmt, Lang, Limit, Offset, Since, Text, Until, _download
from .cache import cached
from .deps import DOWNLOAD_RESPONSES, PROBLEM_RESPONSES, page_links, require_token, store_of, window_params

router = APIRouter(prefix="/api", tags=["outlets"], responses=PROBLEM_RESPONSES)
StoreDep = Annotated[Store, Depends(store_of)]

#: An outlet's name in a path: no control characters, no space at either end (an alias names its outlet).
NAME_PATTERN = r"^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]{0,198}[^\x00-\x20\x7f])?$"
OutletName = Annotated[str, Path(max_length=200, pattern=NAME_PATTERN,
                                 description="The outlet's name or any of its names (VNA, TTXVN, 연합뉴스...).")]
#: ISO 3166-1 alpha-2 codes the service knows (CLDR's), so the schema lists exactly what a write accepts.
COUNTRY_CODES: list[str] = sorted(set(country_names().values()))
_CODES_SCHEMA: dict[str, Any] = {"enum": list(COUNTRY_CODES)}
CountryFilter = Annotated[str | None, Query(pattern=r"^([A-Za-z]{2}|none)$",
                                            description="Only outlets from this country (ISO code); none: unknown.")]
KindFilter = Annotated[Literal["agency", "newspaper", "broadcaster", "portal", "aggregator", "none"] | None,
                       Query(description="Only this kind of outlet; none: kind unknown.")]
SortQ = Annotated[Literal["articles", "per_day", "copy_share", "first_share", "quoted_share", "headline_share",
                          "median_chars", "name", "country"],
                  Query(description="Largest first (name and country A to Z).")]
SignalQ = Annotated[Literal["all", "copies", "first", "groups", "quoted", "headline_only"],
                    Query(description="Which figure's articles: " + "; ".join(f"{k}: {v}" for k, v in SIGNALS.items()))]
assert set(get_args(get_args(SortQ)[0])) == set(SORTS) and set(get_args(get_args(SignalQ)[0])) == set(SIGNALS)
ARTICLE_COLUMNS = ("id", "title", "source", "language", "published", "url", "agency", "author")
_ALIAS = Annotated[str, Field(min_length=1, max_length=200, pattern=NAME_PATTERN)]
_DOMAIN = Annotated[str, Field(max_length=253, pattern=r"^([A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}$")]
_LANGUAGE = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


class OutletUpdate(BaseModel):
    """Your record of an outlet: it beats what inputs declare, the bundled registry and the web domain.

    ``PUT`` replaces your whole record: a field left out is cleared (the other sources then apply).
    """

    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", json_schema_extra=_CODES_SCHEMA,
                                description="Home country, ISO 3166-1 alpha-2 (KR, VN, CN, GB...).")
    kind: Literal["agency", "newspaper", "broadcaster", "portal", "aggregator"] | None = None
    languages: list[_LANGUAGE] = Field(default_factory=list, max_length=50)
    domains: list[_DOMAIN] = Field(default_factory=list, max_length=50)
    aliases: list[_ALIAS] = Field(default_factory=list, max_length=100)

    @field_validator("country")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in COUNTRY_CODES:
            raise ValueError(f"{value!r} is not an ISO 3166 country code")
        return value


def _report(request: Request, store: Store, since: str | None, until: str | None,
            lang: str | None) -> SignalsReport:
    start, end = window_params(store, since, until)

    def compute() -> SignalsReport:
        return outlets_report(store, start, end, lang, directory=_directory(request, store))

    return cached(request, store, ("outlets", start, end, lang), compute)


def _directory(request: Request, store: Store) -> OutletDirectory:
    return cached(request, store, ("outlet-directory",), lambda: outlet_directory(store))


def _item(report: SignalsReport, item: Any) -> dict[str, Any]:
    return {**item.to_dict(), "links": figure_links(report, item, "/api/outlets"),
            "page": figure_links(report, item, "/outlets")["all"]}


@router.get("/outlets", responses=DOWNLOAD_RESPONSES)
def list_outlets(request: Request, store: StoreDep, since: Since = None, until: Until = None, lang: Lang = None,
                 country: CountryFilter = None, kind: KindFilter = None, sort: SortQ = "articles",
                 limit: Limit = None, offset: Offset = 0, format: Fmt = "json") -> Any:
    """Outlets with their quality signals over whole UTC days: articles, articles per day, wire-copy share,
    first-published share among copies, quoted share, headline-only share, median body length, languages
    and top topics.  Each item's ``links`` lead to the articles behind each figure."""
    report = _report(request, store, since, until, lang)
    if format != "json":
        items = select(report, country=country, kind=kind, sort=sort)
        return _download(rows(items[offset:offset + limit] if limit else items[offset:]), COLUMNS, format,
                         "outlets")

    def page() -> bytes:
        items = select(report, country=country, kind=kind, sort=sort)
        size = limit or 50
        return json.dumps({**page_links(request, len(items), size, offset), "period": report.period.to_dict(),
                           "language": lang, "items": [_item(report, s) for s in items[offset:offset + size]]},
                          ensure_ascii=False).encode("utf-8")

    # The encoded page is kept too: a newsroom's screens ask for the same listing again and again, and
    # sorting 4,000 outlets and encoding the page was most of a cached request's time.
    return Response(cached(request, store, ("outlets-page", str(request.url)), page), media_type="application/json")


def _known(request: Request, store: Store, name: str) -> tuple[OutletDirectory, Outlet, list[str]]:
    directory = _directory(request, store)
    outlet = directory.outlet_of(name)
    gathered = directory.gathered(outlet)
    if gathered is None and not directory.is_known(name):
        raise HTTPException(404, detail=f"no outlet {name!r}: no article, record or registry entry names it")
    return directory, outlet, gathered or []


@router.get("/outlets/{name}")
def get_outlet(request: Request, name: OutletName, store: StoreDep, since: Since = None, until: Until = None,
               lang: Lang = None) -> dict[str, Any]:
    """One outlet: its record (and where its home country comes from), the stored names it gathers, and its
    signals over the period (``null`` when it has no article there)."""
    _, outlet, sources = _known(request, store, name)
    report = _report(request, store, since, until, lang)
    found = report.find(outlet.name)
    return {"outlet": outlet.to_dict(), "sources": sources, "period": report.period.to_dict(), "language": lang,
            "signals": _item(report, found) if found else None}


@router.get("/outlets/{name}/articles", responses=DOWNLOAD_RESPONSES)
def outlet_articles(request: Request, name: OutletName, store: StoreDep, signal: SignalQ = "all",
                    topic: Text = None, since: Since = None, until: Until = None, lang: Lang = None,
                    limit: Limit = None, offset: Offset = 0, format: Fmt = "json") -> Any:
    """The articles behind one of the outlet's figures over the same whole UTC days, newest first."""
    _, outlet, _ = _known(request, store, name)
    report = _report(request, store, since, until, lang)
    found = report.find(outlet.name)
    size = limit or (50 if format == "json" else 100_000)
    total, articles = (figure_articles(store, report, found, signal, topic=topic or None, limit=size,
                                       offset=offset) if found else (0, []))
    items = [views.article_brief(a) for a in articles]
    if format != "json":
        return _download(iter(items), ARTICLE_COLUMNS, format, "outlet-articles")
    return {**page_links(request, total, size, offset), "outlet": outlet.name, "signal": signal,
            "meaning": SIGNALS[signal], "period": report.period.to_dict(), "items": items}


@router.put("/outlets/{name}", dependencies=[Depends(require_token)])
def put_outlet(request: Request, name: OutletName, body: OutletUpdate, store: StoreDep) -> dict[str, Any]:
    """Set your record of an outlet (an alias edits the outlet it names); the answer is the outlet as it now
    resolves, with where its home country comes from."""
    canonical = _directory(request, store).canonical_name(name)
    try:
        record = parse_outlet(canonical, body.model_dump(exclude_none=True))
    except ValueError as exc:
        raise HTTPException(422, detail=f"body: {exc}") from None
    store.save_outlet(record)
    directory = outlet_directory(store)
    outlet = directory.outlet_of(canonical)
    return {"outlet": outlet.to_dict(), "sources": directory.gathered(outlet) or []}


@router.delete("/outlets/{name}", dependencies=[Depends(require_token)])
def delete_outlet(request: Request, name: OutletName, store: StoreDep) -> dict[str, Any]:
    """Remove your record of an outlet (what inputs declared, the registry and its domain apply again)."""
    canonical = _directory(request, store).canonical_name(name)
    if not store.delete_outlet(canonical):
        raise HTTPException(404, detail=f"no record of outlet {canonical!r} to remove")
    return {"removed": canonical}
