"""``newsradar mirror A B``: A's outlets on B beside B's outlets on A."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..store.base import TrendFilter
from ..trends.mirror import TOP, country_code, outlet_mirror
from ..wording import count
from ._common import (
    BucketOption,
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
    err,
    explain_empty,
    out,
    parse_window,
)


def _pct(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or not share else f"{share:.1%}"


def _lines(items: list[str]) -> str:
    return "\n".join(items) or "—"


def side_rows(side: dict[str, Any]) -> list[tuple[str, str]]:
    """``(row label, cell)`` of one side, in the order the table prints them (escaped for rich)."""
    points = side["timeline"]
    span = f"\n{points[0]['bucket']} → {points[-1]['bucket']}" if points else ""
    return [
        ("articles", f"{count(side['articles'], 'article')} of {side['output']:,} ({_pct(side['share'])})"
         + (f"\n{side['undated']:,} undated: on no day" if side["undated"] else "")),
        ("share over time", (_spark([round(p["share"] * 1000) for p in points]) if points else "—") + span),
        ("outlets", _lines([f"{escape(o['source'])}: {o['articles']} of {o['output']} ({_pct(o['share'])})"
                            for o in side["outlets"]])
         + (f"\n… {side['outlets_total'] - len(side['outlets'])} more" if side["outlets_total"] > len(side["outlets"])
            else "")),
        ("top stories", _lines([f"{s['articles']}  {escape(s['title'])}" for s in side["stories"]])),
        ("topics", ", ".join(f"{escape(t['topic'])} {t['articles']}" for t in side["topics"]) or "—"),
        ("people", ", ".join(f"{escape(e['name'])} {e['articles']}" for e in side["people"]) or "—"),
        ("organisations", ", ".join(f"{escape(e['name'])} {e['articles']}" for e in side["organizations"]) or "—"),
        ("quoted", ", ".join(f"{escape(q['name'])} {q['quotes']}" for q in side["speakers"]) or "—"),
        ("only this side", _lines([f"{s['articles']}  {escape(s['title'])}" for s in side.get("only", [])])
         + (f"\n({side['only_total']} stories in all)" if side.get("only_total", 0) > len(side.get("only", []))
            else "")),
    ]


def print_mirror(data: dict[str, Any]) -> None:
    sides = data["sides"]
    table = Table(header_style="bold", show_lines=True, title_justify="left",
                  title=f"mirror {data['a']}–{data['b']}" + (" (domestic)" if data["domestic"] else "")
                  + f", per {data['bucket']}")
    table.add_column("")
    for side in sides:
        table.add_column(escape(side["label"]), overflow="fold", ratio=1)
    rows = [side_rows(side) for side in sides]
    for at, (label, _) in enumerate(rows[0]):
        if data["domestic"] and label == "only this side":
            continue
        table.add_row(label, *(r[at][1] for r in rows))
    _table_console().print(table)
    if data["domestic"]:
        return
    a, b = data["a"], data["b"]
    first = data["first_publisher"]
    out.print(f"shared stories: {data['shared_total']} — {a} first in {first[a]}, {b} first in {first[b]}"
              + (f", same time in {first['same']}" if first["same"] else "")
              + (f", no dated article on one side in {first['undated']}" if first["undated"] else ""))
    if data["shared"]:
        shared = Table(header_style="bold")
        for column in (a, b, "first", "lead (h)", "story"):
            shared.add_column(column, overflow="fold")
        for s in data["shared"]:
            shared.add_row(str(s["articles"][a]), str(s["articles"][b]), s["first_side"] or "—",
                           "—" if s["lead_hours"] is None else f"{s['lead_hours']:g}", escape(s["title"]))
        _table_console().print(shared)


@app.command()
def mirror(
    a: Annotated[str, typer.Argument(help="The first country (ISO code, e.g. KR): its outlets on the second.")],
    b: Annotated[str, typer.Argument(help="The second country (e.g. VN): its outlets on the first; the same code "
                                          "as the first for the domestic view.")],
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = None,
    bucket: BucketOption = "auto",
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=50, help="Entries per list.")] = TOP,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """How A's outlets cover B beside how B's outlets cover A: volume (share of each side's output), stories,
    topics, names, speakers, stories only one side carries and who published shared ones first."""
    try:
        first, second = country_code(a, "A"), country_code(b, "B")
    except ValueError as exc:
        raise _fail(str(exc)) from None
    store, _ = _open(db)
    with store:
        start, end = parse_window(store, since, until)
        data = outlet_mirror(store, first, second, TrendFilter(since=start, until=end, language=lang),
                             bucket=_bucket(bucket), top=top)
        if not as_json and not any(side["output"] for side in data["sides"]):
            for note in data["notes"]:
                err.print(f"[yellow]{escape(note)}[/yellow]")
            explain_empty(store, f"article by the outlets of {first} or {second}", start, end, filtered=bool(lang))
            return
    if as_json:
        _print_json(data)
        return
    for note in data["notes"]:
        err.print(f"[yellow]{escape(note)}[/yellow]")
    print_mirror(data)
