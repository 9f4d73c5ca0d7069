"""What an editor looks at, as JSON-ready dicts: one builder per page.

The REST API returns these, the dashboard renders them and the daily
briefing prints them, so the three never disagree about what the day's top
story is.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from ..extract.headline import title_is_derived
from ..model import Article
from ..store import Store
from ..store.base import TrendFilter
from ..store.fulltext import snippet, snippet_html
from . import day_window, ranking, rising, series


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_brief(article: Article, query: str | None = None) -> dict[str, Any]:
    """The fields a listing shows; for a full-text ``query``, also the body around its first match.

    With a query: ``snippet`` (plain text, ~180 characters, never markup), ``highlights`` (the
    ``[start, end)`` code-point offsets in it of the matched words) and ``snippet_html`` (the same,
    HTML-escaped, each match in ``<mark>``: the only tags it can hold).
    """
    e = article.enrichment
    extra: dict[str, Any] = {}
    if query and query.strip():
        text, marks = snippet(article.body or "", query)
        extra = {"snippet": text, "highlights": [list(m) for m in marks], "snippet_html": snippet_html(text, marks)}
    return {
        "id": article.id, "title": article.title, "title_derived": title_is_derived(article.extra),
        "source": article.source, "language": article.language,
        "published": iso(article.published), "url": article.url, "agency": article.agency,
        "author": article.author, "dateline": article.dateline,
        "topics": [t for t, _ in e.topics] if e else [],
        "countries": list(e.countries) if e else [],
        **extra,
    }


def article_full(store: Store, article: Article) -> dict[str, Any]:
    """Every field and enrichment, plus the story it belongs to and its wire-copy group."""
    data = article.to_dict()
    data["title_derived"] = title_is_derived(article.extra)  # the title is the body's first sentence
    data["story"] = store.story_of(article.id)
    group = store.copy_group_of(article.id)
    data["copies"] = copies_view(store, group) if group else None
    return data


def copies_view(store: Store, group_id: str) -> dict[str, Any]:
    members = store.copy_group(group_id)
    return {"group": group_id, "first": members[0][0].id if members else None,
            "members": [{**article_brief(a), "similarity": sim} for a, sim in members]}


def story_view(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story page: summary, members by language and outlet, entities, quotes, countries, copies."""
    from ..stories import story_detail

    found = story_detail(store, story_id)
    if found is None:
        return None
    story, members = found
    data = story.to_dict()
    # The thread across days: the story this one continues (merged since, perhaps) and its own continuations.
    earlier = store.get_story(story.continues) if story.continues else None
    data["continues"] = {"id": earlier.id, "title": earlier.title} if earlier is not None else None
    data["continued_by"] = [{"id": s.id, "title": s.title} for s in store.continuations(story.id)]
    entities: dict[str, dict[str, Any]] = {}
    quotes: list[dict[str, Any]] = []
    pairs: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    groups: dict[str, list[str]] = {}
    rows = []
    # One query for the members' copy groups: one per member was a fifth of a 6,000-article story's page.
    copy_groups = store.copy_groups_of([article.id for article, _ in members])
    for article, similarity in members:
        row = {**article_brief(article), "similarity": round(similarity, 3)}
        group = copy_groups.get(article.id)
        row["copy_group"] = group
        if group:
            groups.setdefault(group, []).append(article.id)
        rows.append(row)
        e = article.enrichment
        if e is None:
            continue
        for x in e.entities:
            slot = entities.setdefault(x.key, {"key": x.key, "name": x.name, "kind": x.kind, "articles": 0})
            slot["articles"] += 1
        quotes += [{"speaker": q.speaker, "text": q.text, "kind": q.kind, "article": article.id,
                    "source": article.source, "language": article.language} for q in e.quotes]
        pairs.update(e.pairs)
        topics.update(t for t, _ in e.topics)
    data["members"] = rows
    by_language: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_language.setdefault(row["language"] or "und", []).append(row)
    data["by_language"] = by_language
    data["entities"] = sorted(entities.values(), key=lambda x: (-x["articles"], x["name"]))[:40]
    data["quotes"] = quotes[:60]
    data["pairs"] = dict(pairs.most_common(10))
    data["topics"] = dict(topics.most_common(8))
    data["copy_groups"] = [{"group": g, "members": ids} for g, ids in groups.items() if len(ids) > 1]
    return data


def home_view(store: Store, day: str | None = None, language: str | None = None,
              limit: int = 15) -> dict[str, Any]:
    """The day at a glance: issue ranking, rising keywords and entities, topic mix, country pairs.

    ``day`` is a UTC day (YYYY-MM-DD); by default the 24 hours up to the newest article.
    Raises ``ValueError`` for a malformed day.
    """
    since, until = day_window(day, store)
    window = TrendFilter(since=since, until=until, language=language)
    ranked = ranking(store, since=since, until=until, language=language, limit=limit)
    topic_mix = series(store, "topic", window, top=12)
    pairs = store.pair_weights(window, 10)
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "language": language,
        "articles": store.count_in(window),
        "undated": store.count_undated(),
        "ranking": [r.to_dict() for r in ranked],
        "rising_keywords": [r.to_dict() for r in rising(store, "keyword", TrendFilter(language=language),
                                                          now=until, limit=12)],
        "rising_entities": [r.to_dict() for r in rising(store, "entity", TrendFilter(language=language),
                                                          now=until, limit=12)],
        "topics": [{"value": s.value, "label": s.label, "articles": s.total} for s in topic_mix if s.total],
        # heaviest first: where the two countries meet (title, lead, one sentence) weighs, not just how often
        "pairs": [{"value": pair, "label": pair, "articles": n, "weight": round(weight, 2)}
                  for pair, weight, n in pairs],
    }


def pairs_view(store: Store, flt: TrendFilter, limit: int = 20) -> list[dict[str, Any]]:
    """Country pairs ranked by their summed weight in the slice, with a count line (bucket fitted to the span).

    A pair weighs where its two countries meet in an article: the title over the lead over one later
    sentence (``enrich.geo``); ``articles`` is how many articles name it, ``weight`` the sum over them.
    """
    ranked = store.pair_weights(flt, limit)
    if not ranked:
        return []
    lines = {s.value: s for s in series(store, "pair", flt, values=[pair for pair, _, _ in ranked])}
    items = []
    for pair, weight, articles in ranked:
        line = lines.get(pair)
        items.append({"pair": pair, "articles": articles, "weight": round(weight, 2),
                      "bucket": line.bucket if line else "day", "points": line.to_dict()["points"] if line else []})
    return items
