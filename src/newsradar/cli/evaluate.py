"""``newsradar eval clustering`` and ``newsradar eval entities``: quality measured against gold data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import ConfigError
from ._common import CLI, JsonOption, _fail, _print_json, _table_console, app, out

eval_app = CLI(help="Measure quality against gold data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("clustering")
def eval_clustering(
    gold: Annotated[Path, typer.Option(
        "--gold", metavar="FILE", help="JSONL with id, title, text, published, labels.story.")],
    embeddings: Annotated[str | None, typer.Option(
        "--embeddings", metavar="MODEL",
        help="Blend in this embedding model (directory or package); default: the setting.")] = None,
    as_json: JsonOption = False,
) -> None:
    """BCubed and pairwise precision/recall/F1 of the pipeline's clustering on labelled articles."""
    from ..evaluation.clustering import evaluate_clustering
    from ..settings import load_settings

    if not gold.is_file():
        raise _fail(f"--gold {gold}: no such file")
    try:
        result = evaluate_clustering(gold, load_settings(), embeddings=embeddings)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    data = result.to_dict()
    if as_json:
        _print_json(data)
        return
    table = Table(header_style="bold", title=f"{gold.name}: {result.articles} articles, {result.stories} stories "
                  f"(gold {result.gold_stories})", title_justify="left")
    for column in ("measure", "precision", "recall", "F1"):
        table.add_column(column)
    for name in ("bcubed", "pairwise"):
        table.add_row(name, f"{data[name]['precision']:.3f}", f"{data[name]['recall']:.3f}", f"{data[name]['f1']:.3f}")
    for pair, score in data["cross_language"].items():
        name = "cross-language pairs" if pair == "all" else f"  {pair} pairs"
        table.add_row(name, f"{score['precision']:.3f}", f"{score['recall']:.3f}", f"{score['f1']:.3f}")
    _table_console().print(table)


@eval_app.command("entities")
def eval_entities(
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", metavar="CODE", help="Language to score (repeatable): en, vi, ko, zh. Default: all four.")] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", metavar="FOLDER",
        help="Folder with the CoNLL files (default: ../shared/corpora/ner beside the checkout).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N dev sentences.")] = None,
    rules: Annotated[bool, typer.Option("--rules", help="Score the rule-based recogniser instead of the models.")]
    = False,
    errors: Annotated[int, typer.Option("--errors", help="Also list the N most frequent misses and false alarms.")]
    = 0,
    as_json: JsonOption = False,
) -> None:
    """Exact entity precision/recall/F1 (PER, ORG, LOC; countries as places) on the dev sentences."""
    from ..enrich.ner.evaluate import evaluate_dev
    from ..enrich.ner.train import DATA, DEFAULT_DATA

    folder = data or DEFAULT_DATA
    if not folder.is_dir():
        raise _fail(f"--data {folder}: no such folder (the NER data lives in ../shared/corpora/ner)")
    languages = lang or list(DATA)
    unknown = [code for code in languages if code not in DATA]
    if unknown:
        raise _fail(f"--lang {', '.join(unknown)}: no entity data for it (choose from {', '.join(DATA)})")
    results = {code: evaluate_dev(code, folder, limit=limit, rules=rules, workers=2) for code in languages}
    if as_json:
        _print_json({code: r.as_dict() for code, r in results.items()})
        return
    table = Table(header_style="bold", title=f"entities on dev data ({'rules' if rules else 'models'})",
                  title_justify="left")
    for column in ("language", "sentences", "precision", "recall", "F1", "PER F1", "ORG F1", "LOC F1"):
        table.add_column(column)
    for code, r in results.items():
        table.add_row(code, str(r.sentences), f"{r.micro.precision:.3f}", f"{r.micro.recall:.3f}",
                      f"{r.micro.f1:.3f}", *(f"{r.per_type[t].f1:.3f}" for t in ("PER", "ORG", "LOC")))
    _table_console().print(table)
    for code, r in results.items():
        for (kind, label, surface), n in r.errors.most_common(errors):
            out.print(f"{code} {kind:6} {label} {escape(surface)} ×{n}")
