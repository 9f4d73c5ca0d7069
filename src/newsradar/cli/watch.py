"""Commands of live monitoring: ``newsradar watch``, ``feeds``, ``watchlist`` (``add``, ``list``, ``remove``)
and ``alerts``."""

from __future__ import annotations

import signal
import threading
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import ConfigError
from ..store.monitor import WATCH_KINDS
from ._common import (
    CLI,
    DbOption,
    JsonOption,
    _fail,
    _open,
    _print_json,
    _table_console,
    app,
    err,
    out,
    parse_every,
    utc_text,
)

EveryOption = Annotated[str | None, typer.Option(
    "--every", metavar="INTERVAL", help="Poll interval: seconds or 10m / 1h (default: the watch_interval setting).")]


@app.command()
def watch(
    sources: Annotated[list[str] | None, typer.Argument(
        help="OPML files or URLs, feed or sitemap URLs; added to the feeds already registered.")] = None,
    every: EveryOption = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once (due or not), then stop.")] = False,
    cycles: Annotated[int | None, typer.Option("--cycles", min=1, help="Stop after this many cycles.")] = None,
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only one line per cycle.")] = False,
) -> None:
    """Poll RSS/Atom feeds and sitemaps, fetch new pages politely, enrich, cluster and alert as they arrive."""
    from ..watch.runner import Watcher

    interval = parse_every(every)
    store, settings = _open(db, create=True)

    def event(message: str) -> None:
        if not quiet:
            err.print(f"[yellow]{escape(message)}[/yellow]" if "alert" not in message[:6] else
                      f"[bold magenta]{escape(message)}[/bold magenta]")

    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        err.print(f"stopping after this step ({signal.Signals(signum).name})")
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    try:
        with store, Watcher(store, settings, interval=interval, on_event=event) as watcher:
            if sources:
                added = watcher.add_sources(sources)
                err.print(f"{added} new feeds registered")
            feeds = store.list_feeds()
            if not feeds:
                raise _fail("no feeds to watch: give an OPML file or feed URLs")
            err.print(f"watching {len(feeds)} feeds every {watcher.interval:.0f} s "
                      f"(store: {store.url}); Ctrl-C stops")

            def on_cycle(report: Any) -> None:
                err.print(report.line())

            if once:
                on_cycle(watcher.cycle(force=True))
            else:
                watcher.run(stop, cycles=cycles, on_cycle=on_cycle)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def feeds(
    remove: Annotated[str | None, typer.Option("--remove", metavar="URL", help="Stop polling this feed URL.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The feeds being watched: last poll, status, errors, next poll, articles brought in."""
    store, _ = _open(db)
    with store:
        if remove:
            if not store.remove_feed(remove):
                err.print(f"[red]no feed {escape(remove)}[/red]")
                raise typer.Exit(code=1)
            err.print(f"stopped watching {escape(remove)}")
            return
        found = store.list_feeds()
    if as_json:
        _print_json([f.to_dict() for f in found])
        return
    if not found:
        out.print("no feeds registered: newsradar watch FEEDS.opml")
        return
    def when(value: datetime | None) -> str:
        return utc_text(value)

    table = Table(header_style="bold")
    for name in ("feed", "kind", "status", "last poll (UTC)", "next poll (UTC)", "errors", "entries", "articles",
                 "last error"):
        table.add_column(name, overflow="fold")
    for f in found:
        if f.last_polled is None:
            state = "[dim]not polled[/dim]"
        elif f.errors:
            state = f"[red]failing[/red] ({f.last_status or 'no answer'})"
        else:
            state = f"[green]ok[/green] ({f.last_status})"
        table.add_row(escape(f.title or f.url) + (f"\n[dim]{escape(f.url)}[/dim]" if f.title else ""),
                      f.kind or "—", state, when(f.last_polled), when(f.next_poll), str(f.errors),
                      str(f.entries), str(f.articles), escape(f.last_error or ""))
    _table_console().print(table)
    failing = sum(1 for f in found if f.errors)
    err.print(f"{len(found)} feeds, {failing} failing")


watchlist_app = CLI(help="Watchlists: keywords, entities, countries, country pairs, outlets to alert on.",
                            no_args_is_help=True)
app.add_typer(watchlist_app, name="watchlist")


@watchlist_app.command("add")
def watchlist_add(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(WATCH_KINDS)}.")],
    value: Annotated[str, typer.Argument(help="Words, a name in any spelling, an ISO code, KR-VN, an outlet.")],
    name: Annotated[str | None, typer.Option(
        "--name", metavar="NAME", help="Name of the watchlist (default KIND:VALUE).")] = None,
    bursts: Annotated[bool, typer.Option("--bursts/--no-bursts", help="Also alert when the value bursts.")] = True,
    db: DbOption = None,
) -> None:
    """Alert when a matching story appears (and when the value bursts)."""
    from ..watch.alerts import make_watchlist

    try:
        item = make_watchlist(kind, value, name=name, bursts=bursts)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    store, _ = _open(db, create=True)  # a watchlist may come before the first `watch` fills the store
    with store:
        store.add_watchlist(item)
    err.print(f"watchlist {escape(item.name)} ({item.kind} = {escape(item.key)}) added")


@watchlist_app.command("list")
def watchlist_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The watchlists."""
    store, _ = _open(db)
    with store:
        items = store.list_watchlists()
    if as_json:
        _print_json([w.to_dict() for w in items])
        return
    if not items:
        out.print("no watchlists: newsradar watchlist add KIND VALUE")
        return
    table = Table(header_style="bold")
    for column in ("name", "kind", "value", "matched as", "bursts"):
        table.add_column(column)
    for w in items:
        table.add_row(escape(w.name), w.kind, escape(w.value), escape(w.key), "yes" if w.bursts else "no")
    out.print(table)


@watchlist_app.command("remove")
def watchlist_remove(name: Annotated[str, typer.Argument(help="Watchlist name or id.")], db: DbOption = None) -> None:
    """Remove a watchlist (its alerts stay)."""
    store, _ = _open(db)
    with store:
        if not store.remove_watchlist(name):
            err.print(f"[red]no watchlist {escape(name)}[/red]")
            raise typer.Exit(code=1)
    err.print(f"watchlist {escape(name)} removed")


@app.command()
def alerts(
    watchlist: Annotated[str | None, typer.Option(
        "--watchlist", metavar="NAME", help="Only this watchlist (name or id).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many alerts.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Alerts raised by the watchlists, newest first, with their webhook delivery state."""
    store, _ = _open(db)
    with store:
        total, items = store.list_alerts(limit=limit, watchlist=watchlist)
    if as_json:
        _print_json([a.to_dict() for a in items])
        return
    if not items:
        out.print("no alerts" + (f" for watchlist {escape(watchlist)}" if watchlist else "")
                  + ": alerts come from `newsradar watch` cycles that match a watchlist")
        return
    table = Table(header_style="bold")
    for column in ("when (UTC)", "watchlist", "event", "title", "delivery"):
        table.add_column(column, overflow="fold")
    for a in items:
        when = utc_text(a.created_at)
        delivery = a.delivery + (f" ({a.attempts} attempts)" if a.attempts else "")
        table.add_row(when, escape(a.watchlist), a.event, escape(a.title), delivery)
    _table_console().print(table)
    err.print(f"{len(items)} of {total} alerts")
