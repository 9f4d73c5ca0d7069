"""The daily briefing: a day's issue ranking, rising terms, country pairs and notable quotes.

Markdown for mail and chat, or a self-contained HTML page whose charts are
SVG images embedded as data URIs (it opens offline and survives forwarding).
Built from the same :mod:`newsradar.trends.views` as the dashboard's home page.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..model import UNKNOWN_OUTLET
from ..store import ArticleFilter, Store
from ..store.base import TrendFilter
from ..trends import charts, views
from ..wording import count
from .mirror import mirror_html, mirror_markdown

ReportFormat = Literal["md", "html"]


def briefing_data(store: Store, day: str | None, *, language: str | None = None, top: int = 10) -> dict[str, Any]:
    """Everything the briefing shows; ``ValueError`` for a malformed day."""
    data = views.home_view(store, day, language, limit=top)
    since, until = datetime.fromisoformat(data["since"]), datetime.fromisoformat(data["until"])
    for item in data["ranking"]:
        found = views.story_view(store, item["id"])
        item["summary"] = found["summary"][:2] if found else []
    _, hits = store.search_quotes(ArticleFilter(since=since, until=until, language=language, limit=400))
    # Notable: quotes from named speakers, the longest per speaker, most quoted speakers first.
    by_speaker: dict[str, list[Any]] = {}
    for hit in hits:
        if hit.speaker and 30 <= len(hit.text) <= 400:
            by_speaker.setdefault(hit.speaker_key or hit.speaker, []).append(hit)
    ranked = sorted(by_speaker.values(), key=lambda group: (-len(group), group[0].speaker or ""))
    data["quotes"] = [max(group, key=lambda h: len(h.text)).to_dict() for group in ranked[:8]]
    window = TrendFilter(since=since, until=until, language=language)
    data["languages"] = {x.label: x.articles for x in store.source_counts(window)}
    return data


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")




def render_markdown(data: dict[str, Any]) -> str:
    lines = [f"# Daily briefing: {data['since'][:16].replace('T', ' ')} → {data['until'][:16].replace('T', ' ')} UTC",
             "", f"{count(data['articles'], 'article')} in the window.", "", "## Top stories", ""]
    if not data["ranking"]:
        lines.append("No story had articles in this window.")
    for n, r in enumerate(data["ranking"], 1):
        langs = ", ".join(r["languages"])
        growth = "new" if r["new"] else f"{r['growth']:+.0%}"
        lines.append(f"{n}. **{r['title']}** — "
                     f"{count(r['window_articles'], 'article')}, "
                     f"{count(r['window_outlets'], 'outlet')}, "
                     f"languages: {langs}, growth {growth} (story `{r['id']}`)")
        lines += [f"   - {sentence}" for sentence in r.get("summary", [])]
    lines += ["", "## Rising", ""]
    rising = data["rising_keywords"][:8] + data["rising_entities"][:8]
    lines += [f"- {r['label']} ({r['kind']}): {count(r['articles'], 'article')}, expected {r['expected']}, "
              f"rising since {r['since']}" for r in rising] or ["Nothing stands out against the past week."]
    lines += ["", "## Country pairs", ""]
    lines += [f"- {p['label']}: weight {p['weight']:g}, {count(p['articles'], 'article')}" for p in data["pairs"]] \
        or ["No pair in this window."]
    lines += ["", "## Notable quotes", ""]
    for q in data["quotes"]:
        lines.append(f"> “{q['text']}”  ")
        lines.append(f"> — {q['speaker']}, {q['source'] or UNKNOWN_OUTLET} ({q['language'] or '?'})")
        lines.append("")
    if not data["quotes"]:
        lines.append("No attributed quotes in this window.")
    if data.get("mirror"):  # newsradar report --pair KR-VN
        lines += mirror_markdown(data["mirror"])
    return "\n".join(lines).rstrip() + "\n"


def render_html(data: dict[str, Any]) -> str:
    env = Environment(loader=PackageLoader("newsradar", "web/templates"), autoescape=select_autoescape(["html"]))
    env.filters["count"] = count
    ranking_chart = charts.bar_chart([(r["title"][:24], r["window_articles"]) for r in data["ranking"]],
                                     width=560, label="articles per top story")
    pairs_chart = charts.bar_chart([(p["label"], p["weight"]) for p in data["pairs"]], label="country pairs by weight")
    for r in data["ranking"]:
        r["spark_uri"] = _data_uri(charts.sparkline(r["sparkline"], label="articles per day"))
    return env.get_template("report.html").render(
        d=data, ranking_chart=_data_uri(ranking_chart), pairs_chart=_data_uri(pairs_chart),
        css=(charts.FONT), mirror=Markup(mirror_html(data["mirror"])) if data.get("mirror") else "",
    )


def briefing(store: Store, day: str | None, fmt: ReportFormat = "md", *, language: str | None = None,
             top: int = 10) -> str:
    data = briefing_data(store, day, language=language, top=top)
    return render_html(data) if fmt == "html" else render_markdown(data)
