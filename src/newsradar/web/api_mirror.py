"""The mirror of a country pair in the service: ``GET /api/mirror`` and the dashboard page ``/mirror``.

Kept apart from ``api.py`` and ``pages.py`` (as monitoring is) so the view can grow without touching
the core routes.  Both read :func:`newsradar.trends.mirror.outlet_mirror`; the outlet directory it needs is
kept in the app's view cache until the store changes (building it reads every outlet of the store,
about 0.2 s at 100k articles), the mirror itself is computed per request.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..store import Store
from ..store.base import BucketChoice, TrendFilter
from ..trends import charts
from ..trends.mirror import TOP, country_code, known_countries, outlet_mirror
from .api import BucketQ, Lang, Since, Until
from .cache import cached
from .deps import PROBLEM_RESPONSES, store_of, window_params
from .pages import BUCKETS, _lang, render

api = APIRouter(prefix="/api", tags=["countries"], responses=PROBLEM_RESPONSES)
page = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_of)]


def _known_codes_pattern() -> str:
    """A pattern matching exactly the codes :func:`country_code` takes, in either case, for the schema.

    Why: the schema must say which values are answered; ``^[A-Za-z]{2}$`` would promise an answer for
    ``AA``, which is refused (422).  Validation itself reads the short form and names the parameter.
    """
    return "^(" + "|".join(f"[{c[0]}{c[0].lower()}][{c[1]}{c[1].lower()}]" for c in sorted(known_countries())) + ")$"


CodeQ = Annotated[str | None, Query(
    pattern=r"^[A-Za-z]{2}$", description="ISO 3166 country code such as KR or VN (either case).",
    json_schema_extra={"anyOf": [{"type": "string", "pattern": _known_codes_pattern()}, {"type": "null"}]})]
Opt = Annotated[str | None, Query(max_length=200)]


def _codes(store: Store, flt: TrendFilter, a: str | None, b: str | None) -> tuple[str, str]:
    """The two countries asked for: one alone is its domestic view; neither, the top pair of the period.

    A code that is no country is a 422 naming its parameter; no pair in the period, a 404.
    """
    try:
        first = country_code(a, "a") if a else None
        second = country_code(b, "b") if b else None
    except ValueError as exc:
        raise HTTPException(422, detail=str(exc)) from None
    if first or second:
        return first or second or "", second or first or ""
    top = store.top_facets("pair", flt, 1)
    if not top:
        raise HTTPException(404, detail="no article of this period names two countries: give a and b "
                            "(ISO codes such as KR and VN)")
    left, _, right = top[0].partition("-")
    return left, right


def mirror_data(request: Request, store: Store, flt: TrendFilter, a: str | None, b: str | None,
                bucket: BucketChoice, top: int) -> dict[str, Any]:
    from ..outlets import outlet_directory

    first, second = _codes(store, flt, a, b)

    def compute() -> dict[str, Any]:
        directory = cached(request, store, ("outlet-directory",), lambda: outlet_directory(store))
        return outlet_mirror(store, first, second, flt, bucket=bucket, top=top, directory=directory)

    # Kept until the store changes, like the Today page: with 20 clients on two cores a mirror computed per
    # request (about 90 ms at 100k articles) queued to seconds.  The answer is read, never changed, by callers.
    key = ("mirror", first, second, flt.since, flt.until, flt.language, flt.source, bucket, top)
    return cached(request, store, key, compute)


@api.get("/mirror")
def get_mirror(request: Request, store: StoreDep, a: CodeQ = None, b: CodeQ = None, since: Since = None,
               until: Until = None, lang: Lang = None, bucket: BucketQ = "auto",
               top: Annotated[int, Query(ge=1, le=50, description="Entries per list.")] = TOP) -> dict[str, Any]:
    """How A's outlets cover B beside how B's outlets cover A (outlets by their home country).

    Per side: the articles naming the other country, the side's whole output and the share; the same
    per bucket of time and per outlet; top stories, topics, people, organisations and quoted speakers
    of those articles; stories only that side published in.  Then the stories both sides published in,
    with the side that published first.  ``a`` alone (or ``a`` = ``b``) is the domestic view, A's
    outlets on A; without either, the pair with the most articles in the period.
    """
    start, end = window_params(store, since, until)
    flt = TrendFilter(since=start, until=end, language=lang)
    return mirror_data(request, store, flt, a, b, bucket, top)


@page.get("/mirror", response_class=HTMLResponse)
def mirror_page(request: Request, store: StoreDep, a: Opt = None, b: Opt = None, since: Opt = None,
                until: Opt = None, lang: Opt = None, bucket: Opt = "auto") -> HTMLResponse:
    if bucket not in BUCKETS:
        raise HTTPException(422, detail=f"bucket {bucket!r}: use {', '.join(BUCKETS)}")
    start, end = window_params(store, since or None, until or None, strict=False)
    flt = TrendFilter(since=start, until=end, language=_lang(lang))
    form = {"a": a or "", "b": b or "", "since": since or "", "until": until or "", "lang": lang or "",
            "bucket": bucket}
    try:
        data = mirror_data(request, store, flt, (a or "").strip() or None, (b or "").strip() or None,
                           bucket, TOP)
    except HTTPException as exc:
        if exc.status_code != 404:
            raise
        return render(request, "mirror.html", data=None, form=form, chart="", message=str(exc.detail),
                      title="Mirror")
    # A bucket in which a side published nothing has no share: a gap in its line, not 0%.
    lines = [{"label": side["label"], "points": [(p["bucket"], p["share"] if p["output"] else None)
                                                 for p in side["timeline"]]} for side in data["sides"]]
    chart = charts.line_chart(lines, percent=True,
                              label=f"share of each side's articles naming the other country, per {data['bucket']}")
    form.update(a=data["a"], b=data["b"])
    return render(request, "mirror.html", data=data, form=form, chart=chart, message="",
                  title=f"Mirror {data['a']}–{data['b']}")
