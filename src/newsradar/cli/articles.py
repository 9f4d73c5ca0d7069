"""``newsradar articles`` (list and search stored articles) and ``newsradar show`` (one article)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..model import Article
from ..store import ArticleFilter
from ._common import (
    DbOption,
    JsonOption,
    _article_or_exit,
    _open,
    _print_json,
    _table_console,
    app,
    err,
    explain_empty,
    out,
    parse_window,
    utc_text,
)


def _article_table(articles: list[Article]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for name in ("id", "published (UTC)", "lang", "source", "title"):
        table.add_column(name, overflow="fold" if name == "title" else "ellipsis", no_wrap=name != "title")
    for a in articles:
        table.add_row(a.id, utc_text(a.published), a.language or "—", escape(a.source or "—"),
                      escape(a.title or a.body[:80]))
    return table


@app.command()
def articles(
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", help="Published since: a date, an ISO time, or 24h / 7d / 2w before the "
        "newest dated article.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="CODE", help="Only this language code.")] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME", help="Only this outlet.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", metavar="WORDS",
                                              help="Full-text search (all words must match).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first (times in UTC)."""
    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since)
        flt = ArticleFilter(since=start, until=end, language=lang, source=source, query=query, limit=limit)
        found = store.list_articles(flt)
        total = store.count_articles(ArticleFilter(**{**_filter_fields(flt), "limit": None}))
        if not found and not as_json:
            explain_empty(store, "articles", start, end, filtered=bool(lang or source or query))
            return
    if as_json:
        _print_json([a.to_dict() for a in found])
        return
    _table_console().print(_article_table(found))
    err.print(f"{len(found)} of {total} matching articles")


def _filter_fields(flt: ArticleFilter) -> dict[str, Any]:
    return {name: getattr(flt, name) for name in ArticleFilter.__dataclass_fields__}


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or an unambiguous prefix of it).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article: metadata, clean body and captions."""
    store, _ = _open(db)
    with store:
        article = _article_or_exit(store, article_id)
    if as_json:
        _print_json(article.to_dict())
        return
    out.print(f"[bold]{escape(article.title)}[/bold]")
    for name in ("id", "source", "url", "published", "published_raw", "language", "author", "agency",
                 "dateline", "origin", "ingested_at"):
        value = getattr(article, name)
        if value:
            out.print(f"[dim]{name:>13}[/dim]  {escape(str(value))}")
    out.print()
    out.print(escape(article.body))
    if article.captions:
        out.print("\n[bold]captions[/bold]")
        for caption in article.captions:
            out.print(f"  • {escape(caption)}")
    if article.extra:
        out.print(f"\n[dim]extra: {escape(json.dumps(article.extra, ensure_ascii=False))}[/dim]")
    if article.enrichment:
        _print_enrichment(article)
    else:
        out.print("\n[dim]not enriched yet: run newsradar enrich[/dim]")


def _print_enrichment(article: Article) -> None:
    e = article.enrichment
    assert e is not None
    out.print(f"\n[bold]enrichment[/bold] (version {e.version})")
    lang = f"{e.language or '?'} ({e.language_confidence:.2f})"
    if e.other_languages:
        lang += f", also {', '.join(e.other_languages)}"
    out.print(f"  language      {escape(lang)}")
    if e.keywords:
        out.print(f"  keywords      {escape(', '.join(term for term, _ in e.keywords))}")
    if e.topics:
        out.print(f"  topics        {escape(', '.join(f'{t} ({s:.2f})' for t, s in e.topics))}")
    if e.countries:
        out.print(f"  {'countries':<14}{escape(', '.join(e.countries))}   pairs: {escape(', '.join(e.pairs) or '—')}")
    for kind in ("person", "organization", "place"):
        names = [f"{x.name}×{x.count}" if x.count > 1 else x.name for x in e.entities if x.kind == kind]
        if names:
            out.print(f"  {kind + 's':<14}{escape(', '.join(names))}")
    for q in e.quotes:
        out.print(f"  [italic]{q.kind}[/italic] {escape(q.speaker or '(unknown speaker)')}: “{escape(q.text)}”")
    for stage, reason in e.skipped.items():
        out.print(f"  [yellow]skipped {escape(stage)}[/yellow]: {escape(reason)}")


