"""The outlets pages: every outlet's signals in a sortable table, and one outlet with the articles behind a figure.

Kept apart from ``pages.py`` (like the monitoring page) so the outlet views grow without touching the
core pages.  The figures come from the same cached report as ``/api/outlets``; each links to
``/outlets/{name}?signal=...``, which lists exactly the articles the figure counted.
"""

from __future__ import annotations

from math import ceil
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..outlets.registry import KINDS
from ..outlets.report import SIGNALS, figure_articles, figure_links, period_query, select
from ..outlets.signals import SORTS, SignalsReport
from ..store import Store
from ..trends import views
from .api_outlets import _known, _report
from .cache import cached
from .deps import store_of
from .pages import _lang, render

page = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_of)]
Opt = Annotated[str | None, Query(max_length=200)]

#: What each column means, shown as the header's title (the README's "Outlets" section says more).
HELP = {
    "articles": "Articles in the period (an aggregator's item that names its original outlet counts there).",
    "per_day": "Dated articles divided by the days of the period (every day, not only days it published); "
               "— for an outlet whose articles carry no date.",
    "copy_share": "Share of its articles that are wire copies: the first article of their copy group is another "
                  "outlet's.",
    "first_share": "Among its articles in copy groups shared with other outlets, the share it published first "
                   "(original reporting that others carried).",
    "quoted_share": "Share of its articles with at least one quote from a named person or organisation.",
    "headline_share": "Share of headline-only items (no body text).",
    "median_chars": "Median body length in characters, over its articles with a body (lengths kept in 2-5 % "
                    "buckets above 100 characters).",
    "languages": "Languages of its articles in the period, most used first.",
    "topics": "Its most frequent topics in the period.",
}


def _country(value: str | None) -> str | None:
    if value and not (value.lower() == "none" or (len(value) == 2 and value.isascii() and value.isalpha())):
        raise HTTPException(422, detail=f"country {value!r}: use an ISO code such as VN, or none")
    return value.upper() if value and value.lower() != "none" else (value or None)


#: Outlets per page: a store of 100k articles has thousands, and a table of all of them is megabytes of HTML.
PAGE_SIZE = 100


@page.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, store: StoreDep, since: Opt = None, until: Opt = None, lang: Opt = None,
                 country: Opt = None, kind: Opt = None, sort: Opt = "articles",
                 page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    if kind and kind not in (*KINDS, "none"):
        raise HTTPException(422, detail=f"kind {kind!r}: use one of {', '.join(KINDS)} or none")
    if sort not in SORTS:
        raise HTTPException(422, detail=f"sort {sort!r}: use one of {', '.join(SORTS)}")
    country_value = _country(country)
    report = _report(request, store, since or None, until or None, _lang(lang))
    return HTMLResponse(cached(request, store, ("outlets-html", str(request.url)), lambda: _listing(
        request, report, since, until, lang, country, country_value, kind, sort or "articles", page)))


def _listing(request: Request, report: SignalsReport, since: str | None, until: str | None, lang: str | None,
             country: str | None, country_value: str | None, kind: str | None, sort: str, page: int) -> str:
    """The listing page's HTML (kept in the view cache until the data changes, like the report it shows)."""
    items = select(report, country=country_value, kind=kind or None, sort=sort)
    shown = items[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    rows = [{"s": s, "links": figure_links(report, s, "/outlets")} for s in shown]
    form = {"since": since or "", "until": until or "", "lang": lang or "", "country": country or "",
            "kind": kind or "", "sort": sort or "articles"}
    query = urlencode({k: v for k, v in form.items() if v})
    csv = "/api/outlets?" + urlencode({"format": "csv", **period_query(report),
                                       **({"country": country} if country else {}),
                                       **({"kind": kind} if kind else {}), "sort": sort or "articles"})
    response = render(request, "outlets.html", rows=rows, total=len(items), report=report, form=form, kinds=KINDS,
                      sorts=SORTS, help=HELP, csv=csv, page=page, pages=max(1, ceil(len(items) / PAGE_SIZE)),
                      base=f"/outlets?{query}&" if query else "/outlets?", title="Outlets")
    return bytes(response.body).decode("utf-8")


@page.get("/outlets/{name}", response_class=HTMLResponse)
def outlet_page(request: Request, name: str, store: StoreDep, signal: Opt = "all", topic: Opt = None,
                since: Opt = None, until: Opt = None, lang: Opt = None,
                page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    if signal not in SIGNALS:
        raise HTTPException(422, detail=f"signal {signal!r}: use one of {', '.join(SIGNALS)}")
    _, outlet, sources = _known(request, store, name[:200])
    report = _report(request, store, since or None, until or None, _lang(lang))
    found = report.find(outlet.name)
    size = 25
    total, articles = (figure_articles(store, report, found, signal or "all", topic=topic or None, limit=size,
                                       offset=(page - 1) * size) if found else (0, []))
    base = f"{request.url.path}?" + urlencode({k: v for k, v in {"signal": signal, "topic": topic, "since": since,
                                                                 "until": until, "lang": lang}.items() if v})
    return render(request, "outlet.html", outlet=outlet, sources=sources, s=found, report=report,
                  links=figure_links(report, found, "/outlets") if found else {}, signal=signal, topic=topic or "",
                  meaning=SIGNALS[signal or "all"], help=HELP, items=[views.article_brief(a) for a in articles],
                  total=total, page=page, pages=max(1, ceil(total / size)), base=base + "&",
                  title=outlet.name)
