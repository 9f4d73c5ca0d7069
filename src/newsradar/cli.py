"""The ``newsradar`` command: a thin layer that maps arguments to library calls.

Exit status: 0 when everything worked, 1 when some input was quarantined (the
rest was still stored), 2 for a usage or configuration error.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .errors import BadDocument, ConfigError
from .model import Article
from .periods import parse_time, window
from .pipeline import IngestHooks, Ingestor, IngestReport
from .settings import load_settings
from .sources.files import expand_inputs, is_url
from .sources.web import Fetcher
from .store import ArticleFilter, Store, open_store, sqlite_path


class _PlainArgument(TyperArgument):
    """An argument whose help shows its name and description, not a ``<list[str]>`` type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _plain_help(params: list[Any]) -> None:
    """Help without Typer's ``<str>`` / ``<int range>`` / ``<bool>`` placeholders.

    An option reads like a man page: its own ``metavar`` when it has one (``DATE``, ``URL``...), else
    ``N`` for a number, the choices for a choice, ``TEXT`` otherwise, and nothing for a flag.
    """
    for param in params:
        if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
            param.__class__ = _PlainArgument  # the same object, only its type column is left out
        elif isinstance(param, TyperOption) and param.metavar is None:
            desc = param.type_descriptor
            if param.is_flag:
                param.metavar = ""
            elif desc.is_choice:
                param.metavar = "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
            elif desc.annotation in (int, float):
                param.metavar = "N"
            elif desc.is_path:
                param.metavar = "PATH"
            else:
                param.metavar = "TEXT"


class _PlainHelp:
    """Mixed into Typer's command and group classes: their options, ``--help`` too, without placeholders."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_help(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        _plain_help([option] if option is not None else [])
        return option


class _Command(_PlainHelp, TyperCommand):
    pass


class _Group(_PlainHelp, TyperGroup):
    pass


class CLI(typer.Typer):
    """The ``newsradar`` app and its sub-apps: every command's help without type placeholders."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", _Group)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = CLI(
    name="newsradar",
    help="Information-trend analysis for multilingual newsrooms (vi, ko, zh, en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", metavar="URL", show_default=False,
                 help="Store URL or SQLite file path (overrides NEWSRADAR_DATABASE_URL); it must exist, except "
                 "for the commands that fill one (ingest, watch, watchlist add, serve --watch)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print full records as JSON.")]


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code=2)


def missing_store(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist (a PostgreSQL URL is never checked here)."""
    path = sqlite_path(url)
    return path if path is not None and str(path) != ":memory:" and not path.exists() else None


def check_store(url: str, db: str | None, *, create: bool) -> Path | None:
    """Refuse a store that does not exist unless the command fills one (``create``): a read of a
    mistyped ``--db`` would otherwise make an empty store, folders included, and print empty tables.
    Returns the path of the store about to be created, if any."""
    path = missing_store(url)
    if path is not None and not create:
        given = "--db" if db else "the database_url setting"
        raise _fail(f"no store at {path} (from {given}): check the path; `newsradar ingest` or "
                    "`newsradar watch` creates a store")
    return path


def _open(db: str | None, *, create: bool = False) -> tuple[Store, Any]:
    """The store and settings; a missing SQLite file is an error unless the command fills stores (``create``)."""
    try:
        settings = load_settings({"database_url": db})
        new = check_store(settings.database_url, db, create=create)
        store = open_store(settings.database_url)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    if new is not None:
        err.print(f"created a new store at {escape(str(new))}")
    return store, settings


def data_now(store: Store) -> datetime | None:
    """"Now" in data time: the newest dated article (``trends.latest_time``); ``None`` if none is dated."""
    from .trends import latest_time

    return latest_time(store)


def parse_since(value: str | None, *, now: datetime | None = None) -> datetime | None:
    """``2026-11-17``, an ISO timestamp, or a relative ``24h`` / ``7d`` / ``2w`` before ``now``."""
    try:
        return parse_time(value, now=now)
    except ValueError as exc:
        raise _fail(str(exc)) from None


def parse_window(store: Store, since: str | None, until: str | None = None) -> tuple[datetime | None, datetime | None]:
    """``--since`` / ``--until`` as instants, relative ones (``24h``, ``7d``) counted back from the newest
    dated article rather than the wall clock.  A relative ``--since`` without ``--until`` also ends there,
    so an undated article (it counts at the time it was ingested) never stands in for the latest news.
    The same rule as the API's and the dashboard's (:func:`periods.window`)."""
    try:
        return window(since, until, lambda: data_now(store))
    except ValueError as exc:
        raise _fail(str(exc)) from None


def utc_text(value: datetime | None) -> str:
    """A listing's time: in UTC (the order listings sort by), to the minute; the column header says UTC."""
    if value is None:
        return "—"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    except OverflowError:
        return value.strftime("%Y-%m-%d %H:%M%z")


def _span(since: datetime | None, until: datetime | None) -> str:
    if since and until:
        return f" between {utc_text(since)} and {utc_text(until)} UTC"
    if since:
        return f" since {utc_text(since)} UTC"
    return f" before {utc_text(until)} UTC" if until else ""


def explain_empty(store: Store, what: str, since: datetime | None = None, until: datetime | None = None, *,
                  hint: str = "--since", filtered: bool = False) -> None:
    """Say why a listing came out empty and what to try, instead of printing bare headers."""
    if not store.count_articles(ArticleFilter(limit=None)):
        err.print(f"[yellow]no {what}: the store {escape(store.url)} holds no articles yet[/yellow] "
                  "(newsradar ingest PATH, then newsradar enrich)")
        return
    newest = data_now(store)
    message = f"no {what}{_span(since, until)}{' with these filters' if filtered else ''}"
    if newest is None:
        message += "; no article in the store has a publication date"
    else:
        message += f"; the newest article is from {utc_text(newest)} UTC"
        if hint and (since or until) and not (since and until and since <= newest < until):
            message += f" — try {hint} {newest:%Y-%m-%d}"
    err.print(f"[yellow]{escape(message)}[/yellow]")


def _table_console() -> Console:
    """The terminal's own width; 160 columns when piped, so tables stay greppable."""
    return out if out.is_terminal else Console(file=sys.stdout, width=160, soft_wrap=True)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs or http(s) URLs.")],
    source: Annotated[str | None, typer.Option(
        "--source", metavar="NAME", help="Outlet name for everything in this run.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="CODE", help="Language code for everything in this run.")] = None,
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the closing line.")] = False,
    engine: Annotated[str, typer.Option(
        "--engine", metavar="local|dask", help="local, or dask: extract and enrich on a Dask cluster, "
        "then cluster stories (see docs/dask.md).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --engine dask); without it a local "
        "cluster starts.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Worker processes of that local "
                                                "cluster (default: dask_workers).")] = None,
) -> None:
    """Read inputs into the store; bad inputs are quarantined with a reason and the run goes on."""
    if lang is not None and not re.fullmatch(r"[A-Za-z]{2,3}", lang):
        raise _fail(f"--lang {lang!r}: use a two- or three-letter language code such as vi, ko, zh, en")
    if engine not in ("local", "dask"):
        raise _fail(f"--engine {engine!r}: use local or dask")
    store, settings = _open(db, create=True)
    fetcher = None
    if any(is_url(i) for i in inputs) or any(i.lower().endswith(".opml") for i in inputs):
        fetcher = Fetcher(
            user_agent=settings.user_agent,
            timeout=settings.http_timeout,
            retries=settings.http_retries,
            max_bytes=settings.max_input_bytes,
        )
    if engine == "dask":
        from .cli_dask import ingest_with_dask

        try:
            status = ingest_with_dask(inputs, store=store, settings=settings, source=source, lang=lang,
                                      fetcher=fetcher, scheduler=scheduler, workers=workers, quiet=quiet)
        finally:
            if fetcher:
                fetcher.close()
            store.close()
        if status:
            err.print("see [bold]newsradar quarantine[/bold] for what was not ingested")
            raise typer.Exit(code=status)
        return
    total = sum(1 for item in expand_inputs(inputs) if not isinstance(item, BadDocument))
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("inputs · {task.fields[docs]} documents"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    task = progress.add_task("ingesting", total=total, docs=0)
    docs = 0

    def on_problem(exc: BadDocument) -> None:
        if not quiet:
            progress.console.print(f"[yellow]quarantined[/yellow] {escape(exc.origin)}: {escape(exc.reason)}")

    def on_input(_: str) -> None:
        progress.advance(task)  # counts inputs started; the bar completes when the run ends

    def on_document() -> None:
        nonlocal docs
        docs += 1
        if docs % 200 == 0:
            progress.update(task, docs=docs)

    try:
        with progress:
            report = Ingestor(
                store,
                settings,
                source=source,
                lang=lang,
                fetcher=fetcher,
                hooks=IngestHooks(on_problem=on_problem, on_input=on_input, on_document=on_document),
            ).run(inputs)
            progress.update(task, completed=total, docs=docs)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    finally:
        if fetcher:
            fetcher.close()
        store.close()
    err.print(closing_line(report))
    if report.counts.quarantined:
        err.print("see [bold]newsradar quarantine[/bold] for what was not ingested")
        raise typer.Exit(code=1)


def closing_line(report: IngestReport) -> str:
    c = report.counts
    return (
        f"{report.articles} articles ({c.new} new, {c.updated} updated, {c.unchanged} unchanged), "
        f"{c.quarantined} quarantined, from {report.inputs} inputs in {report.elapsed:.1f} s "
        f"({report.rate:,.0f} articles/s)"
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


def _article_or_exit(store: Store, article_id: str) -> Article:
    """The article a user named by id or prefix, or exit 1 with a message saying it is not there."""
    article = store.get_article(article_id)
    if article is None:
        err.print(f"[red]no article with id {escape(article_id)}[/red]")
        raise typer.Exit(code=1)
    return article


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


@app.command()
def enrich(
    all_: Annotated[bool, typer.Option("--all", help="Re-enrich every article, not only new or changed ones.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", help="Only articles published since: a date, or 24h / 7d before the newest "
        "dated article.")] = None,
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the closing line.")] = False,
    stories: Annotated[bool, typer.Option("--stories/--no-stories", help="Then place new articles in stories.")] = True,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Processes for the per-article stages (default: one per core when there are "
        "hundreds of articles to enrich, else 1).")] = None,
) -> None:
    """Language, tokens, keywords, entities, countries, quotes, topics and wire copies; then stories."""
    from .enrich import enrich_store

    store, settings = _open(db)
    cutoff = parse_window(store, since)[0]
    progress = Progress(SpinnerColumn(), TextColumn("[bold]enriching"), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet, transient=True)
    with store:
        with progress:
            task = progress.add_task("enrich", total=None)
            report = enrich_store(store, everything=all_, since=cutoff, workers=workers,
                                  on_article=lambda *_: progress.advance(task))
        err.print(
            f"{report.articles} articles enriched, {report.copies} found to be copies of earlier ones, "
            f"{report.skipped_stages} stage(s) skipped with a reason, in {report.elapsed:.1f} s "
            f"({report.rate:,.0f} articles/s"
            + (f", {report.workers} worker processes)" if report.workers > 1 else ")")
        )
        if stories:
            from .cli_stories import run_story_update

            run_story_update(store, settings)


@app.command()
def copies(
    article_id: Annotated[str, typer.Argument(help="Article id (or prefix) whose wire-copy group to show.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The wire-copy group of an article: who published it first, and who carried copies."""
    store, _ = _open(db)
    with store:
        article = _article_or_exit(store, article_id)
        group_id = store.copy_group_of(article.id)
        members = store.copy_group(group_id) if group_id else []
    if as_json:
        _print_json({"article": article.id, "group": group_id, "first": members[0][0].id if members else None,
                     "members": [{"id": a.id, "title": a.title, "source": a.source, "agency": a.agency,
                                  "published": a.published.isoformat() if a.published else None,
                                  "similarity": sim} for a, sim in members]})
        return
    if not members:
        out.print(f"{escape(article.title)}: no copies found (run newsradar enrich first if you have not)")
        return
    table = Table(header_style="bold", title=f"wire-copy group of {article.id}", title_justify="left")
    for name in ("", "id", "published (UTC)", "source", "similarity", "title"):
        table.add_column(name, overflow="fold")
    for n, (member, sim) in enumerate(members):
        table.add_row("first" if n == 0 else "copy", member.id, utc_text(member.published),
                      escape(member.source or "—"),
                      f"{sim:.2f}", escape(member.title))
    _table_console().print(table)


@app.command()
def quarantine(
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What could not be ingested, and why (newest first)."""
    store, _ = _open(db)
    with store:
        entries = store.list_quarantine(limit)
    if as_json:
        _print_json([e.to_dict() for e in entries])
        return
    if not entries:
        out.print("quarantine is empty")
        return
    table = Table(header_style="bold")
    for name in ("origin", "stage", "reason", "attempts", "last seen (UTC)"):
        table.add_column(name, overflow="fold")
    for e in entries:
        table.add_row(escape(e.origin), e.stage, escape(e.reason), str(e.attempts), utc_text(e.last_seen))
    out.print(table)


@app.command()
def summary(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the store holds: languages, outlets, days."""
    store, _ = _open(db)
    with store:
        s = store.summary()
        url = store.url
    if as_json:
        data = {
            "store": url,
            "articles": s.articles,
            "quarantined": s.quarantined,
            "by_language": s.by_language,
            "by_source": s.by_source,
            "by_day": s.by_day,
            "first_published": s.first_published.isoformat() if s.first_published else None,
            "last_published": s.last_published.isoformat() if s.last_published else None,
            "undated": s.undated,
        }
        _print_json(data)
        return
    out.print(f"[bold]{s.articles}[/bold] articles, {s.quarantined} quarantined inputs in {escape(url)}")
    if s.undated:
        out.print(f"{s.undated} without a publication date: kept out of time windows, charts and trend baselines "
                  "(counted in totals only), and joined to a story only on a close match")
    for title, counts in (("language", s.by_language), ("source", s.by_source), ("day", s.by_day)):
        table = Table(title=f"by {title}", header_style="bold", title_justify="left")
        table.add_column(title)
        table.add_column("articles", justify="right")
        for key, count in counts.items():
            table.add_row(escape(key), str(count))
        out.print(table)


def main() -> None:
    app()


# Registers the stories, trends, eval, serve, report and export commands on ``app`` (they import the helpers above).
from . import cli_mirror as _cli_mirror  # noqa: E402, F401  (mirror: one country's outlets on another)
from . import cli_outlets as _cli_outlets  # noqa: E402, F401  (outlets: records and quality signals)
from . import cli_serve, cli_stories  # noqa: E402, F401
from . import cli_watch as _cli_watch  # noqa: E402, F401  (watch, feeds, watchlist, alerts: live monitoring)
