"""``newsradar outlets`` (list with quality signals; ``show``, ``set``, ``import``): outlet records and signals."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..outlets.declared import country_code
from ..outlets.directory import Outlet, outlet_directory
from ..outlets.records_file import parse_outlet, read_outlets_file
from ..outlets.registry import KINDS
from ..outlets.report import COLUMNS, outlets_report, rows, select
from ..outlets.signals import SORTS
from ..report import export
from ._common import (
    CLI,
    DbOption,
    JsonOption,
    LangOption,
    SinceOption,
    UntilOption,
    _fail,
    _open,
    _print_json,
    _table_console,
    err,
    explain_empty,
    out,
    parse_window,
)
from ._common import app as main_app

outlets_app = CLI(help="Outlets: home country, kind and names, and each outlet's quality signals.",
                          invoke_without_command=True, no_args_is_help=False)
main_app.add_typer(outlets_app, name="outlets")


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@outlets_app.callback()
def outlets(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = None,
    country: Annotated[str | None, typer.Option(
        "--country", metavar="CC", help="Only outlets from this country (ISO code; none: unknown).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND",
                                             help=f"Only this kind: {', '.join(KINDS)} (none: unknown).")] = None,
    sort: Annotated[str, typer.Option("--sort", metavar="FIGURE", help=f"Sort by {', '.join(SORTS)}.")] = "articles",
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many outlets (0: all).")] = 50,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print every outlet as CSV.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Outlets with their signals over whole UTC days (subcommands: set, import, show)."""
    if ctx.invoked_subcommand is not None:
        return
    if sort not in SORTS:
        raise _fail(f"--sort {sort!r}: use one of {', '.join(SORTS)}")
    if kind and kind != "none" and kind not in KINDS:
        raise _fail(f"--kind {kind!r}: use one of {', '.join(KINDS)} or none")
    if country and country.lower() != "none" and country_code(country) is None:
        raise _fail(f"--country {country!r}: use an ISO code such as VN, or none")
    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since, until)
        report = outlets_report(store, start, end, lang)
        items = select(report, country=country_code(country) if country and country.lower() != "none" else country,
                       kind=kind, sort=sort)
        if not items and not (as_json or as_csv):
            explain_empty(store, "outlet with articles", start, end, filtered=bool(lang or country or kind))
            return
    shown = items if as_csv or not limit else items[:limit]
    if as_csv:
        for chunk in export.encode(rows(shown), COLUMNS, "csv"):
            sys.stdout.write(chunk)
        return
    if as_json:
        _print_json({"period": report.period.to_dict(), "language": lang, "total": len(items),
                     "items": [s.to_dict() for s in shown]})
        return
    period = report.period
    title = (f"outlets, {period.first or '…'} → {period.end or '…'} (UTC days, {period.days} days)"
             f"{f', {lang}' if lang else ''}")
    table = Table(header_style="bold", title=title, title_justify="left")
    for column in ("outlet", "country", "kind", "articles", "per day", "wire copies", "first published",
                   "quoted", "headline only", "median chars", "languages", "topics"):
        table.add_column(column, overflow="fold", justify="right" if column in (
            "articles", "per day", "wire copies", "first published", "quoted", "headline only",
            "median chars") else "left")
    for s in shown:
        table.add_row(escape(s.outlet.name), s.outlet.country or "—", s.outlet.kind or "—", str(s.articles),
                      "—" if s.per_day is None else f"{s.per_day:.2f}", _share(s.copy_share),
                      f"{_share(s.first_share)} of {s.in_copy_groups}" if s.in_copy_groups else "—",
                      _share(s.quoted_share), _share(s.headline_share),
                      "—" if s.median_chars is None else str(s.median_chars),
                      ",".join(sorted(s.languages, key=lambda k: -s.languages[k])),
                      escape(", ".join(t for t, _ in s.topics)))
    _table_console().print(table)
    if len(items) > len(shown):
        err.print(f"{len(items) - len(shown)} more outlets: --limit 0 shows all, --csv exports all")


@outlets_app.command("show")
def outlets_show(
    name: Annotated[str, typer.Argument(help="The outlet's name or any of its names (VNA, TTXVN, 연합뉴스...).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One outlet's record: where its home country comes from, and the stored names it gathers."""
    store, _ = _open(db)
    with store:
        directory = outlet_directory(store)
    outlet = directory.outlet_of(name)
    sources = directory.gathered(outlet) or []
    if as_json:
        _print_json({**outlet.to_dict(), "sources": sources})
        return
    for label, value in (("name", outlet.name), ("country", f"{outlet.country or '—'} (from {outlet.origin})"),
                         ("kind", outlet.kind or "—"), ("languages", ", ".join(outlet.languages) or "—"),
                         ("domains", ", ".join(outlet.domains) or "—"), ("aliases", ", ".join(outlet.aliases) or "—"),
                         ("stored as", ", ".join(repr(s) for s in sources) or "no article yet")):
        out.print(f"[bold]{label:>10}[/bold]  {escape(value)}")


@outlets_app.command("set")
def outlets_set(
    name: Annotated[str, typer.Argument(help="The outlet (any of its names: an alias edits the outlet it names).")],
    country: Annotated[str | None, typer.Option("--country", metavar="CC",
                                                help="Home country, an ISO code such as KR (none: clear it).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND",
                                             help=f"{', '.join(KINDS)} (none: clear it).")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name it goes by (repeatable).")] = None,
    domain: Annotated[list[str] | None, typer.Option("--domain", help="A web domain of it (repeatable).")] = None,
    language: Annotated[list[str] | None, typer.Option("--language", help="A language it publishes in (repeatable).")]
    = None,
    db: DbOption = None,
) -> None:
    """Set an outlet's home country, kind, aliases, domains or languages (your record beats every other source)."""
    store, _ = _open(db)
    with store:
        directory = outlet_directory(store)
        canonical = directory.canonical_name(name)
        current = next((r for r in store.outlet_records() if r.name == canonical and r.origin == "user"), None)
        shown = directory.outlet_of(canonical)
        base = current or Outlet(canonical, None, None, origin="user")
        fields: dict[str, object] = {
            "country": base.country if country is None else (None if country.lower() == "none" else country),
            "kind": base.kind if kind is None else (None if kind == "none" else kind),
            "aliases": [*base.aliases, *(alias or [])], "domains": [*base.domains, *(domain or [])],
            "languages": [*base.languages, *(language or [])],
        }
        try:
            record = parse_outlet(canonical, {k: v for k, v in fields.items() if v is not None})
        except ValueError as exc:
            raise _fail(str(exc)) from None
        store.save_outlet(record)
        now = outlet_directory(store).outlet_of(canonical)
    err.print(f"{escape(canonical)}: country {shown.country or '—'} → {now.country or '—'} (from {now.origin}), "
              f"kind {shown.kind or '—'} → {now.kind or '—'}")


@outlets_app.command("import")
def outlets_import(
    path: Annotated[Path, typer.Argument(help='A TOML file of [outlets."Name"] tables (see the README).')],
    db: DbOption = None,
) -> None:
    """Save every outlet record of a file as your own (the sample ships src/newsradar/sample/outlets.toml)."""
    try:
        records = read_outlets_file(path)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    store, _ = _open(db)
    with store:
        directory = outlet_directory(store)
        for record in records:
            canonical = directory.canonical_name(record.name)
            store.save_outlet(record if canonical == record.name else
                              Outlet(canonical, record.country, record.kind, record.languages, record.domains,
                                     tuple(dict.fromkeys((*record.aliases, record.name))), record.origin))
    err.print(f"{len(records)} outlet records imported from {escape(str(path))}")
