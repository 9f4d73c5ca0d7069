"""``newsradar quarantine`` (what could not be ingested) and ``newsradar summary`` (what the store holds)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ._common import DbOption, JsonOption, _open, _print_json, app, out, utc_text


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

