"""``newsradar ingest``: read files, folders, globs and URLs into the store (``--engine dask``: :mod:`.backfill`)."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import BadDocument, ConfigError
from ..pipeline import IngestHooks, Ingestor
from ..sources.files import expand_inputs, is_url
from ..sources.web import Fetcher
from ._common import DbOption, _fail, _open, app, closing_line, err


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
        from .backfill import ingest_with_dask

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
