"""Commands that serve and share: ``newsradar serve`` (API + dashboard), ``report`` (briefing), ``export``."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ConfigError
from ..settings import load_settings
from ..store import ArticleFilter
from ..store.base import StoryFilter
from ._common import (
    DateOption,
    DbOption,
    LangOption,
    SinceOption,
    UntilOption,
    _fail,
    _open,
    app,
    check_store,
    err,
    explain_empty,
    parse_every,
    parse_window,
)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS",
                                      help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port to listen on.")] = 8000,
    db: DbOption = None,
    watch: Annotated[list[str] | None, typer.Option(
        "--watch", metavar="FEEDS", help="Also poll these feeds (OPML file/URL, feed or sitemap URL; repeatable); "
        "with it a missing store is created.")] = None,
    every: Annotated[str | None, typer.Option("--every", metavar="INTERVAL",
                                              help="Poll interval with --watch (e.g. 10m).")] = None,
) -> None:
    """Serve the web dashboard and the REST API (docs at /docs) on one port; --watch polls feeds alongside."""
    import uvicorn

    from ..web import create_app
    from ..web.auth import ensure_write_token, token_path

    try:
        settings = load_settings({"database_url": db})
        # Serving a store that does not exist is a typo; with --watch it fills one, as `watch` does.
        new = check_store(settings.database_url, db, create=bool(watch))
        settings, created = ensure_write_token(settings)
        application = create_app(settings)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"could not keep the API token in {token_path()}: {exc}") from exc
    if new is not None:
        err.print(f"created a new store at {escape(str(new))}")
    if created:
        err.print(f"write token created (shown once, kept in {token_path()}): {created}\n"
                  "send it as 'Authorization: Bearer TOKEN' to POST /api/ingest and the watchlist routes")
    elif settings.open_writes:
        err.print("[yellow]warning:[/yellow] open_writes is on: anyone who can reach this port can write")
    background = None
    if watch:
        from ..watch.runner import BackgroundWatch

        try:
            background = BackgroundWatch(settings, watch, interval=parse_every(every),
                                         on_event=lambda message: err.print(f"watch: {escape(message)}"))
        except ConfigError as exc:
            raise _fail(str(exc)) from exc
        background.start()
    err.print(f"newsradar on http://{host}:{port}/  (API docs: /docs, store: {settings.database_url})")
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    finally:
        if background:
            background.close()


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


@app.command()
def report(
    date: DateOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="md or html (charts embedded).")] = ReportFormat.md,
    out_path: Annotated[Path | None, typer.Option("--out", metavar="FILE",
                                                  help="Write here instead of standard output.")] = None,
    lang: LangOption = None,
    top: Annotated[int, typer.Option("--top", min=1, max=50, help="Stories in the ranking.")] = 10,
    pair: Annotated[str | None, typer.Option(
        "--pair", metavar="A-B", help="Add the mirror of this pair (e.g. KR-VN): each side's outlets on the "
        "other in the briefing's window.")] = None,
    db: DbOption = None,
) -> None:
    """The daily briefing: issue ranking, rising terms, country pairs and notable quotes."""
    from ..report.briefing import briefing_data, render_html, render_markdown
    from ..report.mirror import mirror_section, pair_codes

    try:
        codes = pair_codes(pair) if pair else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    store, _ = _open(db)
    with store:
        try:
            data = briefing_data(store, date, language=lang, top=top)
        except ValueError as exc:
            raise _fail(f"--date: {exc}") from None
        if codes:
            data["mirror"] = mirror_section(store, codes, data["since"], data["until"], lang)
        if not data["articles"]:
            explain_empty(store, "articles", datetime.fromisoformat(data["since"]),
                          datetime.fromisoformat(data["until"]), hint="--date", filtered=bool(lang))
    text = render_html(data) if fmt == ReportFormat.html else render_markdown(data)
    if out_path is None:
        sys.stdout.write(text)
        return
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"--out {out_path}: {exc.strerror or exc}") from None
    err.print(f"briefing written to {out_path}")


class ExportWhat(StrEnum):
    articles = "articles"
    stories = "stories"
    quotes = "quotes"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


@app.command("export")
def export_command(
    what: Annotated[ExportWhat, typer.Argument(help="articles, stories or quotes.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv or jsonl.")] = ExportFormat.csv,
    out_path: Annotated[Path | None, typer.Option("--out", metavar="FILE",
                                                  help="Write here instead of standard output.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME", help="Only this outlet.")] = None,
    query: Annotated[str | None, typer.Option(
        "--query", "-q", metavar="WORDS", help="Full-text search; for quotes: words in the quote.")] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", metavar="TOPIC", help="Only this topic of the desk taxonomy (e.g. politics).")] = None,
    country: Annotated[str | None, typer.Option("--country", metavar="CODE", help="ISO code, e.g. VN.")] = None,
    entity: Annotated[str | None, typer.Option(
        "--entity", metavar="NAME", help="A person, organisation or place.")] = None,
    pair: Annotated[str | None, typer.Option("--pair", metavar="PAIR", help="Country pair, e.g. KR-VN.")] = None,
    story: Annotated[str | None, typer.Option(
        "--story", metavar="ID", help="Only the articles (or quotes) of this story.")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", metavar="NAME", help="Quotes: by this speaker.")] = None,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Stories: at least this many articles.")] = 1,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")] = None,
    db: DbOption = None,
) -> None:
    """Export articles, stories or quotes as CSV or JSON Lines, with the API's filters."""
    from ..enrich.entities import entity_key
    from ..report import export

    store, _ = _open(db)
    story_id = None
    with store:
        if story:
            found = store.get_story(story)
            if found is None:
                raise _fail(f"--story {story!r}: no such story")
            story_id = found.id
        start, end = parse_window(store, since, until)
        flt = ArticleFilter(
            since=start, until=end, language=lang, source=source,
            query=query if what != ExportWhat.quotes else None, topic=topic,
            country=country.upper() if country else None, entity=entity_key(entity) if entity else None,
            pair="-".join(sorted(p.strip().upper() for p in pair.split("-"))) if pair else None,
            story=story_id, limit=limit,
        )
        columns: tuple[str, ...]
        if what == ExportWhat.articles:
            rows, columns = export.article_rows(store, flt), export.ARTICLE_COLUMNS
        elif what == ExportWhat.stories:
            rows = export.story_rows(store, StoryFilter(since=flt.since, until=flt.until, language=lang,
                                                        min_articles=min_articles, limit=limit))
            columns = export.STORY_COLUMNS
        else:
            rows = export.quote_rows(store, flt, speaker=speaker, text=query)
            columns = export.QUOTE_COLUMNS
        chunks = export.encode(rows, columns, fmt.value)
        try:
            if out_path is None:
                for chunk in chunks:
                    sys.stdout.write(chunk)
            else:
                out_path.parent.mkdir(parents=True, exist_ok=True)
                with out_path.open("w", encoding="utf-8", newline="") as handle:
                    for chunk in chunks:
                        handle.write(chunk)
                err.print(f"{what.value} written to {out_path}")
        except OSError as exc:
            raise _fail(f"--out {out_path}: {exc.strerror or exc}") from None
