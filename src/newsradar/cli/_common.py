"""What every ``newsradar`` command module shares: the Typer ``app``, the common options, error
handling, opening the store, time windows and printing.

It exists so that the command modules (:mod:`.ingest`, :mod:`.articles`, :mod:`.stories`...) import
their helpers from here and never from :mod:`newsradar.cli`, the package ``__init__`` that imports
them all to register their commands: no module imports the one that assembles it, so the CLI sits in
no import cycle.  This module imports no command module.

Exit status: 0 when everything worked, 1 when some input was quarantined (the rest was still
stored), 2 for a usage or configuration error (:func:`_fail`).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ..errors import ConfigError
from ..model import Article
from ..periods import parse_time, window
from ..pipeline import IngestReport
from ..settings import _duration, load_settings
from ..store import ArticleFilter, Store, open_store, sqlite_path
from ..store.base import BUCKET_CHOICES


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
SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="WHEN", help="From: a date, an ISO time, or 24h / 7d before the newest dated article.")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", metavar="WHEN", help="Up to (exclusive): a date or an ISO time.")]
LangOption = Annotated[str | None, typer.Option("--lang", metavar="CODE", help="Only this language (vi, ko, zh, en).")]
BucketOption = Annotated[str, typer.Option(
    "--bucket", metavar="auto|hour|day|month",
    help="auto (hours for a few days, days up to a year, months beyond), hour, day or month.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", help="UTC day YYYY-MM-DD (default: the 24 hours up to the newest dated article).")]
_SPARK = "▁▂▃▄▅▆▇█"


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
    from ..trends import latest_time

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


def parse_every(every: str | None) -> float | None:
    """``--every`` of ``watch`` and ``serve --watch``: seconds, or ``10m`` / ``1h``; ``None`` for the setting."""
    if every is None:
        return None
    try:
        return _duration(every)
    except (ValueError, KeyError) as exc:
        raise _fail(f"--every {every!r}: {exc}") from None


def _bucket(value: str, *, auto: bool = True) -> Any:
    allowed = BUCKET_CHOICES if auto else BUCKET_CHOICES[1:]
    if value not in allowed:
        raise _fail(f"--bucket {value!r}: use {', '.join(allowed)}")
    return value


def _spark(values: list[int]) -> str:
    top = max(values, default=0)
    return "".join(_SPARK[min(7, int(v / top * 7))] if top else _SPARK[0] for v in values)


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


def closing_line(report: IngestReport) -> str:
    """The line ``ingest`` ends with, on either engine."""
    c = report.counts
    return (
        f"{report.articles} articles ({c.new} new, {c.updated} updated, {c.unchanged} unchanged), "
        f"{c.quarantined} quarantined, from {report.inputs} inputs in {report.elapsed:.1f} s "
        f"({report.rate:,.0f} articles/s)"
    )


def _article_or_exit(store: Store, article_id: str) -> Article:
    """The article a user named by id or prefix, or exit 1 with a message saying it is not there."""
    article = store.get_article(article_id)
    if article is None:
        err.print(f"[red]no article with id {escape(article_id)}[/red]")
        raise typer.Exit(code=1)
    return article


def run_story_update(store: Store, settings: Any, *, rebuild: bool = False, since: Any = None) -> None:
    """Place articles in stories (``enrich``, ``stories update``) or cluster them again (``stories rebuild``)."""
    from ..stories import embedder_from_settings, params_from_settings, rebuild_stories, update_stories

    try:
        embedder = embedder_from_settings(settings)
        # The command owns its process, so the articles may be read in a forked reader.
        kwargs: dict[str, Any] = {"params": params_from_settings(settings), "embedder": embedder,
                                  "read_ahead": True}
        report = rebuild_stories(store, since=since, **kwargs) if rebuild else update_stories(store, **kwargs)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    err.print(
        f"{report.articles} articles placed in stories: {report.opened} new stories opened, "
        f"{report.merged} merged, {report.stories} stories changed, in {report.elapsed:.1f} s "
        f"({report.rate:,.0f} articles/s)"
    )
