"""The mirror section of a briefing (``newsradar report --pair KR-VN``), in Markdown and HTML.

Short by design: a briefing says how much each side wrote about the other, what about, whom it
quoted, what only one side carried and who was first on shared stories; the dashboard's mirror page
has the rest.  Built from :func:`newsradar.trends.mirror.outlet_mirror` over the briefing's own window.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment, select_autoescape

from ..store import Store
from ..store.base import TrendFilter
from ..trends.mirror import country_code, outlet_mirror
from ..wording import count

#: Entries per list in the briefing.
BRIEF = 3


def pair_codes(value: str) -> tuple[str, str]:
    """``KR-VN`` (or ``KR–VN``, any case) as its two codes, in that order; ``ValueError`` naming ``--pair``."""
    parts = [p.strip() for p in value.replace("–", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"--pair: {value!r} is not two ISO country codes such as KR-VN")
    return country_code(parts[0], "--pair"), country_code(parts[1], "--pair")


def mirror_section(store: Store, pair: tuple[str, str], since: str, until: str,
                   language: str | None = None) -> dict[str, Any]:
    """The mirror of ``pair`` over the briefing's window (ISO times, as the briefing data holds them)."""
    flt = TrendFilter(since=datetime.fromisoformat(since), until=datetime.fromisoformat(until), language=language)
    return outlet_mirror(store, pair[0], pair[1], flt, top=BRIEF)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _side_cells(side: dict[str, Any]) -> list[str]:
    outlets = [o for o in side["outlets"] if o["articles"]]
    only = side.get("only", [])
    return [
        f"{count(side['articles'], 'article')} of {side['output']:,} ({side['share']:.0%})",
        ", ".join(f"{o['source']} {o['articles']}" for o in outlets) or "—",
        "; ".join(f"{s['title']} ({s['articles']})" for s in side["stories"]) or "—",
        ", ".join(f"{t['topic']} {t['articles']}" for t in side["topics"]) or "—",
        ", ".join(f"{e['name']} {e['articles']}" for e in side["people"] + side["organizations"]) or "—",
        ", ".join(f"{q['name']} {q['quotes']}" for q in side["speakers"]) or "—",
        (f"{count(side['only_total'], 'story')}: " + "; ".join(s["title"] for s in only)) if only else "—",
    ]


_ROWS = ("articles naming the other", "outlets", "top stories", "topics", "names", "quoted", "only this side")


def _rows(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """``(row label, one cell per side)``; a domestic view has no "only this side"."""
    cells = [_side_cells(s) for s in data["sides"]]
    return [(label, [c[at] for c in cells]) for at, label in enumerate(_ROWS)
            if not (data["domestic"] and label == "only this side")]


def _first_line(data: dict[str, Any]) -> str:
    a, b, first = data["a"], data["b"], data["first_publisher"]
    if not data["shared_total"]:
        return "No story has articles of both sides in the window."
    line = (f"{count(data['shared_total'], 'story')} both sides published in: {a} first in {first[a]}, "
            f"{b} first in {first[b]}")
    if first["same"]:
        line += f", at the same time in {first['same']}"
    if first["undated"]:
        line += f", undated on one side in {first['undated']}"
    return line + "."


def _lead(story: dict[str, Any]) -> str:
    if story["first_side"] in (None, "same"):
        return "same time" if story["first_side"] else "one side undated"
    return f"{story['first_side']} first by {story['lead_hours']:g} h"


def mirror_markdown(data: dict[str, Any]) -> list[str]:
    """The section's Markdown lines."""
    sides = data["sides"]
    title = f"{data['a']}–{data['b']}" + (" (domestic)" if data["domestic"] else "")
    lines = ["", f"## Mirror {title}", "",
             "Each side is the outlets whose home is that country; its articles that name the other country, "
             "as a share of all it published in the window.", ""]
    lines += [f"- {note}" for note in data["notes"]]
    lines += ["| | " + " | ".join(_cell(s["label"]) for s in sides) + " |", "|---" * (len(sides) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(_cell(v) for v in values) + " |" for label, values in _rows(data)]
    if not data["domestic"]:
        lines += ["", _first_line(data)]
        lines += [f"- **{s['title']}**: {data['a']} {s['articles'][data['a']]}, {data['b']} {s['articles'][data['b']]}"
                  f" — {_lead(s)}" for s in data["shared"]]
    return lines


_HTML = Environment(autoescape=select_autoescape(default_for_string=True)).from_string("""
<h2>Mirror {{ d.a }}–{{ d.b }}{% if d.domestic %} (domestic){% endif %}</h2>
<p class="meta">Each side is the outlets whose home is that country; its articles that name the other country, as a
share of all it published in the window.</p>
{% for note in d.notes %}<p class="meta">{{ note }}</p>{% endfor %}
<table><thead><tr><th></th>{% for s in d.sides %}<th>{{ s.label }}</th>{% endfor %}</tr></thead><tbody>
{% for label, values in rows %}<tr><th>{{ label }}</th>{% for v in values %}<td>{{ v }}</td>{% endfor %}</tr>
{% endfor %}
</tbody></table>
{% if not d.domestic %}<p>{{ first }}</p><ul>{% for s in d.shared %}<li><strong>{{ s.title }}</strong>:
{{ d.a }} {{ s.articles[d.a] }}, {{ d.b }} {{ s.articles[d.b] }} — {{ lead(s) }}</li>{% endfor %}</ul>{% endif %}
""")


def mirror_html(data: dict[str, Any]) -> str:
    """The section as an HTML fragment (every value escaped)."""
    return _HTML.render(d=data, rows=_rows(data), first=_first_line(data) if not data["domestic"] else "", lead=_lead)
