"""The web dashboard: server-rendered pages over the same view builders as the API.

Pages are plain HTML with inline SVG charts (see :mod:`newsradar.trends.charts`), so
they work offline, print, and load fast on a phone; one small local script
adds legend toggling.  Bad query values render an error page with a 4xx
status, as the API does.
"""

from __future__ import annotations

from datetime import datetime
from math import ceil
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..enrich.entities import entity_key
from ..store import Store
from ..store.base import BUCKET_CHOICES as BUCKETS
from ..store.base import FACET_KINDS, TrendFilter
from ..trends import charts, network, pair_report, resolve_term, series, views
from ..wording import count
from .api import _pair, article_filter
from .cache import cached
from .deps import store_of, window_params

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_of)]
Opt = Annotated[str | None, Query(max_length=200)]

LANGUAGES = {"vi": "Tiếng Việt", "ko": "한국어", "zh": "中文", "en": "English"}

env = Environment(loader=PackageLoader("newsradar.web", "templates"), autoescape=select_autoescape(["html"]))


def _when(value: str | datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if not value:
        return "—"
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.strftime(fmt)


def web_link(url: str | None) -> str | None:
    """The URL if it may become a link (http or https only), else None: a record's ``javascript:`` or
    ``data:`` "url" is shown as text, never made clickable."""
    if not url:
        return None
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return url.strip() if scheme in ("http", "https") and url.strip().lower().startswith(("http://", "https://")) \
        else None


env.filters["when"] = _when
env.filters["web_link"] = web_link
env.filters["count"] = count
env.globals["languages"] = LANGUAGES
env.globals["svg"] = lambda text: Markup(text)  # charts.* escape every label they draw


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = env.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(page, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message, title=f"Error {status}")


def _lang(value: str | None) -> str | None:
    if value and value not in LANGUAGES and not (value.isascii() and value.isalpha() and len(value) in (2, 3)):
        raise HTTPException(422, detail=f"lang {value!r}: use a language code such as vi, ko, zh, en")
    return value or None


def _since_filter(store: Store, since: str | None, lang: str | None) -> TrendFilter:
    """The slice of a page with a ``since`` field: a relative one counts back from the newest dated article
    and then ends there (:func:`periods.window`)."""
    start, end = window_params(store, since or None, None, strict=False)
    return TrendFilter(since=start, until=end, language=_lang(lang))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, date: Opt = None, lang: Opt = None) -> HTMLResponse:
    def compute() -> tuple[dict[str, Any], str, str]:
        data = views.home_view(store, date or None, _lang(lang))
        for item in data["ranking"]:
            item["spark"] = charts.sparkline(item["sparkline"], label="articles per day, last 7 days")
        topics = charts.bar_chart([(t["label"], t["articles"]) for t in data["topics"]], label="topic mix")
        pairs = charts.bar_chart([(p["label"], p["weight"]) for p in data["pairs"]], label="country pairs by weight")
        return data, topics, pairs

    try:  # the day's view is kept until the store changes (web/cache.py): screens ask for it every few seconds
        data, topics, pairs = cached(request, store, ("home", date, lang), compute)
    except ValueError as exc:
        raise HTTPException(422, detail=f"date: {exc}") from None
    return render(request, "home.html", data=data, topics_chart=topics, pairs_chart=pairs,
                  date=date or "", lang=lang or "", title="Today")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, store: StoreDep) -> HTMLResponse:
    data = views.story_view(store, story_id[:64])
    if data is None:
        return error_page(request, 404, f"No story with id {story_id!r}.")
    timeline = charts.story_timeline(data["members"], label="articles by outlet over time")
    return render(request, "story.html", s=data, timeline=timeline, title=data["title"])


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
    article = store.get_article(article_id[:64])
    if article is None:
        return error_page(request, 404, f"No article with id {article_id!r}.")
    data = views.article_full(store, article)
    return render(request, "article.html", a=data, title=article.title)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: StoreDep, q: Opt = None, lang: Opt = None, source: Opt = None,
           topic: Opt = None, country: Opt = None, entity: Opt = None, pair: Opt = None, since: Opt = None,
           until: Opt = None, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    size = 25
    form = {"q": q or "", "lang": lang or "", "source": source or "", "topic": topic or "",
            "country": country or "", "entity": entity or "", "pair": pair or "", "since": since or "",
            "until": until or ""}
    flt = article_filter(store, since or None, until or None, _lang(lang), source, q, topic, country or None, entity,
                         pair or None, None, size, (page - 1) * size, strict=False)
    total = store.count_articles(article_filter(store, since or None, until or None, lang or None, source, q, topic,
                                                country or None, entity, pair or None, None, None, 0,
                                                strict=False))
    found = [views.article_brief(a, q) for a in store.list_articles(flt)]
    query = urlencode({k: v for k, v in form.items() if v})
    return render(request, "search.html", form=form, items=found, total=total, page=page,
                  pages=max(1, ceil(total / size)), query=query,
                  sources=store.source_counts(TrendFilter()), title="Search")


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, store: StoreDep, kind: Opt = "keyword", values: Opt = None, since: Opt = None,
                until: Opt = None, lang: Opt = None, bucket: Opt = "auto", measure: Opt = "articles") -> HTMLResponse:
    if kind not in FACET_KINDS:
        raise HTTPException(422, detail=f"kind {kind!r}: use one of {', '.join(FACET_KINDS)}")
    if bucket not in BUCKETS:
        raise HTTPException(422, detail=f"bucket {bucket!r}: use {', '.join(BUCKETS)}")
    if measure not in ("articles", "share"):
        raise HTTPException(422, detail=f"measure {measure!r}: use articles or share")
    start, end = window_params(store, since or None, until or None, strict=False)
    flt = TrendFilter(since=start, until=end, language=_lang(lang))
    wanted = [v.strip() for v in (values or "").split(",") if v.strip()][:8] or None
    if wanted and kind == "entity":
        wanted = [entity_key(v) for v in wanted]
    if wanted and kind == "pair":
        wanted = [_pair(v) for v in wanted]
    if wanted and kind == "country":
        wanted = [v.upper() for v in wanted]
    found = series(store, kind, flt, bucket=bucket, values=wanted, top=6)  # type: ignore[arg-type]
    index = 2 if measure == "share" else 1
    chart = charts.line_chart([{"label": s.label, "points": [(p[0], p[index]) for p in s.points]} for s in found],
                              percent=measure == "share",
                              label=f"{kind} {measure} per {found[0].bucket if found else 'day'}")
    form = {"kind": kind, "values": values or "", "since": since or "", "until": until or "", "lang": lang or "",
            "bucket": bucket, "measure": measure}
    return render(request, "trends.html", form=form, series=found, chart=chart, kinds=FACET_KINDS, buckets=BUCKETS,
                  title="Trends")


@router.get("/pairs", response_class=HTMLResponse)
def pairs_page(request: Request, store: StoreDep, pair: Opt = None, since: Opt = None,
               lang: Opt = None) -> HTMLResponse:
    flt = _since_filter(store, since, lang)
    ranked = views.pairs_view(store, flt, limit=25)
    for item in ranked:
        item["spark"] = charts.sparkline([p["articles"] for p in item["points"]][-30:],
                                         label=f"articles per {item['bucket']}")
    chosen = _pair(pair) if pair else (ranked[0]["pair"] if ranked else None)
    report = pair_report(store, chosen, flt) if chosen else None
    chart = ""
    if report:
        chart = charts.line_chart([{"label": report["pair"],
                                    "points": [(p["bucket"], p["articles"]) for p in report["timeline"]]}],
                                  label=f"{report['pair']} articles per {report['bucket'] or 'day'}")
    return render(request, "pairs.html", ranked=ranked, report=report, chart=chart, since=since or "",
                  lang=lang or "", title="Country pairs")


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, store: StoreDep, term: Opt = None, since: Opt = None,
                 lang: Opt = None) -> HTMLResponse:
    graph = None
    message = ""
    if term and term.strip():
        flt = _since_filter(store, since, lang)
        found = resolve_term(store, term.strip(), flt)
        if found is None:
            message = f"“{term}” appears in no article's keywords or entities."
        else:
            graph = network(store, found[0], found[1], flt, limit=20)
    chart = charts.network_chart(graph) if graph else ""
    labels = {n["id"]: n["label"] for n in graph["nodes"]} if graph else {}
    return render(request, "network.html", term=term or "", since=since or "", lang=lang or "", graph=graph,
                  chart=chart, labels=labels, message=message, title="Network")


@router.get("/copies", response_class=HTMLResponse)
def copies_page(request: Request, store: StoreDep, since: Opt = None, lang: Opt = None,
                page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    size = 30
    flt = _since_filter(store, since, lang)
    total, groups = store.list_copy_groups(flt, limit=size, offset=(page - 1) * size)
    return render(request, "copies.html", groups=[g.to_dict() for g in groups], total=total, page=page,
                  pages=max(1, ceil(total / size)), since=since or "", lang=lang or "", title="Wire copies")
