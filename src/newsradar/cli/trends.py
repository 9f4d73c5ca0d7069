"""``newsradar trends``, ``rising``, ``ranking``, ``network`` and ``pair``: what the coverage is about over time."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..store.base import FACET_KINDS, TrendFilter
from ._common import (
    BucketOption,
    DateOption,
    DbOption,
    JsonOption,
    LangOption,
    SinceOption,
    UntilOption,
    _bucket,
    _fail,
    _open,
    _print_json,
    _spark,
    _table_console,
    app,
    data_now,
    err,
    explain_empty,
    out,
    parse_window,
    utc_text,
)

KindOption = Annotated[str, typer.Option("--kind", metavar="KIND", help="keyword, entity, topic, country or pair.")]


def _kind(value: str) -> Any:
    if value not in FACET_KINDS:
        raise _fail(f"--kind {value!r}: use one of {', '.join(FACET_KINDS)}")
    return value



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
    from ..trends import series

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
    from ..trends import rising as find_rising

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
    from ..trends import day_window
    from ..trends import ranking as rank

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
    from ..trends import network as build
    from ..trends import resolve_term

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
    from ..trends import pair_report

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


