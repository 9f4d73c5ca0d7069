"""``newsradar enrich`` (enrichment, then stories) and ``newsradar copies`` (the wire-copy group it found)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ._common import (
    DbOption,
    JsonOption,
    _article_or_exit,
    _open,
    _print_json,
    _table_console,
    app,
    err,
    out,
    parse_window,
    run_story_update,
    utc_text,
)


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
    from ..enrich import enrich_store

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


