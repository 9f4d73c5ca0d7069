"""``newsradar ingest --engine dask``: the command-line side of :mod:`newsradar.dask.engine` (no command of
its own; :mod:`.ingest` calls it)."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import BadDocument, ConfigError
from ..pipeline import IngestHooks
from ..sources.web import Fetcher
from ..store import Store
from ._common import closing_line, err


def ingest_with_dask(
    inputs: list[str],
    *,
    store: Store,
    settings: Any,
    source: str | None,
    lang: str | None,
    fetcher: Fetcher | None,
    scheduler: str | None,
    workers: int | None,
    quiet: bool,
) -> int:
    """Run the Dask engine and print what it did; returns the exit status (1 if anything was quarantined)."""
    from ..dask.engine import DaskCluster, DaskIngestor

    progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"),
                        TextColumn("{task.fields[docs]} documents read"), TimeElapsedColumn(),
                        console=err, disable=quiet, transient=True)
    task = progress.add_task("ingesting on dask", total=None, docs=0)
    docs = 0

    def on_problem(exc: BadDocument) -> None:
        if not quiet:
            progress.console.print(f"[yellow]quarantined[/yellow] {escape(exc.origin)}: {escape(exc.reason)}")

    def on_document() -> None:
        nonlocal docs
        docs += 1
        if docs % 200 == 0:
            progress.update(task, docs=docs)

    address = scheduler or settings.dask_scheduler or None
    try:
        with progress, DaskCluster(address, workers=workers or settings.dask_workers) as cluster:
            where = address or f"a local cluster of {cluster.slots} worker processes"
            progress.console.print(f"dask: {escape(where)}")
            ingestor = DaskIngestor(store, settings, cluster, source=source, lang=lang, fetcher=fetcher,
                                    hooks=IngestHooks(on_problem=on_problem, on_document=on_document))
            report = ingestor.run(inputs)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(code=2) from exc
    err.print(closing_line(report.ingest))
    e = report.enrich
    err.print(f"{e.articles} articles enriched ({report.reused} on the workers, {report.recomputed} here), "
              f"{e.copies} found to be copies of earlier ones, in {e.elapsed:.1f} s")
    s = report.stories
    err.print(f"{s.articles} articles placed in stories: {s.opened} opened in partitions, {s.merged} merged, "
              f"{s.stories} stories saved, in {s.elapsed:.1f} s")
    err.print(f"dask engine: {report.ingest.articles} articles in {report.elapsed:.1f} s on {report.workers} "
              f"worker thread(s) ({report.rate:,.1f} articles/s, extraction to stories)")
    return 1 if report.ingest.counts.quarantined else 0
