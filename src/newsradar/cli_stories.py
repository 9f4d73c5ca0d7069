"""CLI commands for stories, trends and evaluation (registered on the main ``newsradar`` app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .cli import (
    CLI,
    DbOption,
    JsonOption,
    _fail,
    _open,
    _print_json,
    _table_console,
    app,
    data_now,
    err,
    explain_empty,
    out,
    parse_window,
    utc_text,
)
from .errors import ConfigError
from .store import Store
from .store.base import BUCKET_CHOICES, FACET_KINDS, StoryFilter, TrendFilter

SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="WHEN", help="From: a date, an ISO time, or 24h / 7d before the newest dated article.")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", metavar="WHEN", help="Up to (exclusive): a date or an ISO time.")]
LangOption = Annotated[str | None, typer.Option("--lang", metavar="CODE", help="Only this language (vi, ko, zh, en).")]
BucketOption = Annotated[str, typer.Option(
    "--bucket", metavar="auto|hour|day|month",
    help="auto (hours for a few days, days up to a year, months beyond), hour, day or month.")]
KindOption = Annotated[str, typer.Option("--kind", metavar="KIND", help="keyword, entity, topic, country or pair.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", help="UTC day YYYY-MM-DD (default: the 24 hours up to the newest dated article).")]
_SPARK = "▁▂▃▄▅▆▇█"


def _spark(values: list[int]) -> str:
    top = max(values, default=0)
    return "".join(_SPARK[min(7, int(v / top * 7))] if top else _SPARK[0] for v in values)


def _bucket(value: str, *, auto: bool = True) -> Any:
    allowed = BUCKET_CHOICES if auto else BUCKET_CHOICES[1:]
    if value not in allowed:
        raise _fail(f"--bucket {value!r}: use {', '.join(allowed)}")
    return value


def _kind(value: str) -> Any:
    if value not in FACET_KINDS:
        raise _fail(f"--kind {value!r}: use one of {', '.join(FACET_KINDS)}")
    return value


def run_story_update(store: Store, settings: Any, *, rebuild: bool = False, since: Any = None) -> None:
    from .stories import embedder_from_settings, params_from_settings, rebuild_stories, update_stories

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
    from .stories import story_detail

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


@app.command()
def trends(
    values: Annotated[list[str] | None, typer.Argument(help="Values to chart (default: the top ones).")] = None,
    kind: KindOption = "keyword",
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME", help="Only this outlet.")] = None,
    bucket: BucketOption = "auto",
    top: Annotated[int, typer.Option("--top", help="How many values when none are named.")] = 10,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Articles per hour/day/month for keywords, entities, topics, countries or country pairs, with their share."""
    from .trends import series

    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since, until)
        flt = TrendFilter(since=start, until=end, language=lang, source=source)
        found = series(store, _kind(kind), flt, bucket=_bucket(bucket), values=values or None, top=top)
        if not found and not as_json:
            explain_empty(store, f"{kind} trends", start, end, filtered=bool(lang or source or values))
            return
    if as_json:
        _print_json([s.to_dict() for s in found])
        return
    table = Table(header_style="bold")
    for column in (kind, "articles", "share (peak)", "trend", "from", "to"):
        table.add_column(column, overflow="fold")
    for s in found:
        counts = [n for _, n, _ in s.points]
        peak = max((share for _, _, share in s.points), default=0.0)
        table.add_row(escape(s.label), str(s.total), f"{peak:.1%}", _spark(counts[-30:]),
                      s.points[0][0] if s.points else "", s.points[-1][0] if s.points else "")
    _table_console().print(table)


@app.command()
def rising(
    kind: KindOption = "keyword",
    bucket: Annotated[str, typer.Option("--bucket", metavar="hour|day|month", help="hour, day or month.")] = "day",
    baseline: Annotated[int, typer.Option("--baseline", help="Earlier buckets to compare with.")] = 7,
    lang: LangOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many values.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What is rising now: values whose share of the newest bucket stands out against the baseline."""
    from .trends import rising as find_rising

    store, _ = _open(db)
    with store:
        found = find_rising(store, _kind(kind), TrendFilter(language=lang), bucket=_bucket(bucket, auto=False),
                            baseline=baseline, limit=limit)
        if not found and not as_json:
            now = data_now(store)
            if now is None:
                explain_empty(store, f"rising {kind}s")
            else:
                err.print(f"[yellow]nothing rising: no {escape(kind)} stands out in the {escape(bucket)} of the "
                          f"newest dated article ({utc_text(now)} UTC) against the {baseline} before it[/yellow]")
            return
    if as_json:
        _print_json([r.to_dict() for r in found])
        return
    table = Table(header_style="bold")
    for column in (kind, "score", "articles", "expected", "rising since"):
        table.add_column(column)
    for r in found:
        table.add_row(escape(r.label), f"{r.score:.1f}", str(r.articles), f"{r.expected:.1f}", r.since)
    _table_console().print(table)


@app.command()
def ranking(
    date: DateOption = None,
    lang: LangOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many stories.")] = 15,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The day's issue ranking: top stories by articles, outlets, language spread and growth."""
    from .trends import day_window
    from .trends import ranking as rank

    store, _ = _open(db)
    with store:
        try:
            start, end = day_window(date, store)
        except ValueError:
            raise _fail(f"--date {date!r}: use YYYY-MM-DD") from None
        found = rank(store, since=start, until=end, language=lang, limit=limit)
        if not found and not as_json:
            explain_empty(store, "story with articles", start, end, hint="--date", filtered=bool(lang))
            return
    if as_json:
        _print_json({"since": start.isoformat(), "until": end.isoformat(), "stories": [r.to_dict() for r in found]})
        return
    table = Table(header_style="bold", title=f"issue ranking {start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M} UTC",
                  title_justify="left")
    for column in ("#", "score", "articles", "outlets", "story langs", "growth", "7 days", "id", "title"):
        table.add_column(column, overflow="fold")
    for i, r in enumerate(found, 1):
        table.add_row(str(i), f"{r.score:.2f}", str(r.articles), str(r.outlets), ",".join(r.story.languages),
                      "new" if r.new else f"{r.growth:+.0%}", _spark(r.sparkline), r.story.id, escape(r.story.title))
    _table_console().print(table)


@app.command()
def network(
    term: Annotated[str, typer.Argument(help="A keyword or an entity name (any language).")],
    since: SinceOption = None,
    lang: LangOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many associated terms.")] = 25,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Terms and entities that appear with TERM, weighted (exportable as JSON nodes/edges)."""
    from .trends import network as build
    from .trends import resolve_term

    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since)
        flt = TrendFilter(since=start, until=end, language=lang)
        found = resolve_term(store, term, flt)
        if found is None:
            err.print(f"[yellow]{escape(term)!s} appears in no article's keywords or entities[/yellow]")
            raise typer.Exit(code=1)
        graph = build(store, found[0], found[1], flt, limit=limit)
    if as_json:
        _print_json(graph)
        return
    out.print(f"[bold]{escape(term)}[/bold] ({found[0]}) in {graph['articles']} articles")
    table = Table(header_style="bold")
    for column in ("associated", "kind", "together", "weight"):
        table.add_column(column)
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    for edge in graph["edges"]:
        if edge["source"] == graph["center"]:
            table.add_row(escape(labels[edge["target"]]), edge["target"].split(":", 1)[0], str(edge["articles"]),
                          f"{edge['weight']:.2f}")
    _table_console().print(table)


@app.command()
def pair(
    countries: Annotated[str, typer.Argument(help="Two ISO codes, e.g. KR-VN.")],
    since: SinceOption = None,
    bucket: BucketOption = "auto",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """How a country pair is covered: timeline, outlets, languages and topics."""
    from .trends import pair_report

    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since)
        report = pair_report(store, countries, TrendFilter(since=start, until=end), bucket=_bucket(bucket))
    if as_json:
        _print_json(report)
        return
    out.print(f"[bold]{report['pair']}[/bold]: {report['articles']} articles")
    points = report["timeline"]
    span = f"  {points[0]['bucket']} → {points[-1]['bucket']}" if points else ""
    out.print("timeline: " + _spark([p["articles"] for p in points]) + span)
    for title in ("outlets", "languages", "topics"):
        out.print(f"{title}: " + ", ".join(f"{escape(k)} {v}" for k, v in report[title].items()))


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
    from .evaluation import evaluate_clustering
    from .settings import load_settings

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
    from .enrich.ner.evaluate import evaluate_dev
    from .enrich.ner.train import DATA, DEFAULT_DATA

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
