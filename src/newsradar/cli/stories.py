"""``newsradar stories`` (list; ``update``, ``rebuild``) and ``newsradar story`` (one story and its articles)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..store.base import StoryFilter
from ._common import (
    CLI,
    DbOption,
    JsonOption,
    LangOption,
    SinceOption,
    UntilOption,
    _open,
    _print_json,
    _table_console,
    app,
    err,
    explain_empty,
    out,
    parse_window,
    run_story_update,
    utc_text,
)

stories_app = CLI(help="Stories: articles about one event, across outlets and languages.",
                          invoke_without_command=True)
app.add_typer(stories_app, name="stories")


@stories_app.callback()
def stories(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = None,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Hide smaller stories.")] = 1,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many stories.")] = 30,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stories, most recently active first (subcommands: update, rebuild)."""
    if ctx.invoked_subcommand is not None:
        return
    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since, until)
        found = store.list_stories(StoryFilter(since=start, until=end, language=lang,
                                               min_articles=min_articles, limit=limit))
        if not found and not as_json:
            explain_empty(store, "stories", start, end, filtered=bool(lang or min_articles > 1))
            return
    if as_json:
        _print_json([s.to_dict() for s in found])
        return
    table = Table(header_style="bold")
    for column in ("id", "last seen (UTC)", "articles", "outlets", "languages", "title"):
        table.add_column(column, overflow="fold")
    for s in found:
        table.add_row(s.id, utc_text(s.last_seen), str(s.articles), str(s.outlets),
                      ",".join(s.languages), escape(s.title))
    _table_console().print(table)


@stories_app.command("update")
def stories_update(db: DbOption = None) -> None:
    """Place enriched articles that are in no story yet (runs after `enrich` by itself)."""
    store, settings = _open(db)
    with store:
        run_story_update(store, settings)


@stories_app.command("rebuild")
def stories_rebuild(since: SinceOption = None, db: DbOption = None) -> None:
    """Forget the stories active since a time (all without --since) and cluster their articles again."""
    store, settings = _open(db)
    with store:
        run_story_update(store, settings, rebuild=True, since=parse_window(store, since)[0])


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (or prefix, or the id of a story merged into it).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One story: title, summary, outlets, languages, countries and its articles in order."""
    from ..stories import story_detail

    store, _ = _open(db)
    with store:
        found = story_detail(store, story_id)
    if found is None:
        err.print(f"[red]no story[/red] {escape(story_id)}")
        raise typer.Exit(code=1)
    s, members = found
    if as_json:
        data = s.to_dict()
        data["members"] = [{"id": a.id, "title": a.title, "source": a.source, "language": a.language,
                            "published": a.published.isoformat() if a.published else None,
                            "similarity": sim} for a, sim in members]
        _print_json(data)
        return
    out.print(f"[bold]{escape(s.title)}[/bold]  [dim]{s.id}[/dim]")
    out.print(f"{s.articles} articles from {s.outlets} outlets, "
              f"{utc_text(s.first_seen)} → {utc_text(s.last_seen)} UTC")
    out.print("languages: " + ", ".join(f"{k} {v}" for k, v in s.languages.items()))
    if s.countries:
        out.print("countries: " + ", ".join(f"{k} {v}" for k, v in list(s.countries.items())[:8]))
    if s.summary:
        out.print("\n[bold]summary[/bold]")
        for sentence in s.summary:
            out.print(f"  • {escape(sentence)}")
    table = Table(header_style="bold", title="articles", title_justify="left")
    for column in ("published (UTC)", "lang", "source", "sim", "id", "title"):
        table.add_column(column, overflow="fold")
    for a, sim in members:
        table.add_row(utc_text(a.published), a.language or "",
                      escape(a.source or ""), f"{sim:.2f}", a.id[:12], escape(a.title))
    _table_console().print(table)


