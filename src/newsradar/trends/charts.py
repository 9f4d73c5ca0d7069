"""Charts as plain SVG text: line charts, sparklines, bars, story timelines and term networks.

Drawn on the server so the dashboard shows them with no script and no CDN,
and the daily briefing embeds the same pictures as images.  Every mark has a
``<title>`` so hovering shows its value; legends carry ``data-series`` so the
dashboard's small script can toggle lines.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..model import UNKNOWN_OUTLET

PALETTE = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563")
LANGUAGE_COLORS = {"vi": "#dc2626", "ko": "#2563eb", "zh": "#d97706", "en": "#059669"}
FONT = "system-ui, 'Noto Sans', 'Noto Sans CJK KR', 'Noto Sans CJK SC', 'Noto Sans CJK JP', sans-serif"


def _svg(width: int, height: int, body: list[str], label: str, css_class: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label={quoteattr(label)} '
            f'font-family={quoteattr(FONT)} font-size="11">' + "".join(body) + "</svg>")


def text_width(text: str, size: float = 11) -> float:
    """A generous estimate of ``text``'s drawn width in pixels at font ``size``: Han, Kana and Hangul are
    a full em, a digit or capital about 0.7 em, anything else 0.6 em (the widths of DejaVu Sans, the widest
    fallback a browser picks), so the room left for a label is never too small."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch.isdigit() or ch.isupper() or ch in "%mw@MW":
            width += 0.7
        else:
            width += 0.6
    return width * size


def _fit(text: str, room: float, size: float = 11) -> str:
    """``text``, cut with an ellipsis when it would be wider than ``room`` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _trimmed(series: Sequence[dict[str, Any]]) -> tuple[list[str], list[list[tuple[str, float]]]]:
    """The buckets from the first with data to the last with data, and each series' points among them.

    Empty buckets before and after the data are dropped (a chart of a year-old term does not open on
    four years of zeros); the empty buckets in between stay, they are part of the story.
    """
    keys = list(dict.fromkeys(k for s in series for k, _ in s["points"]))
    filled = {k for s in series for k, v in s["points"] if v}
    if filled:
        first = next(i for i, k in enumerate(keys) if k in filled)
        last = max(i for i, k in enumerate(keys) if k in filled)
        keys = keys[first : last + 1]
    kept = set(keys)
    return keys, [[(k, v) for k, v in s["points"] if k in kept] for s in series]


def line_chart(series: Sequence[dict[str, Any]], *, width: int = 760, height: int = 260, percent: bool = False,
               label: str = "time series") -> str:
    """Several series over shared buckets: ``[{"label": str, "points": [(bucket, value), ...]}, ...]``.

    The chart runs from the first bucket with data to the last (zeros in between are kept), and its
    margins are sized to its labels, so no tick or axis label is cut at the edges.  A value ``None``
    is a gap in its line (a share of a bucket with nothing to share), not a zero.
    """
    top, bottom = 12, 46
    keys, points = _trimmed(series)
    body: list[str] = []
    if not keys:
        body.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#6b7280">no data</text>')
        return _svg(width, height, body, label, "chart line-chart")
    position = {k: i for i, k in enumerate(keys)}
    peak = _nice_max(max((v for p in points for _, v in p if v is not None), default=0.0))
    steps = [peak * i / 4 for i in range(5)]
    # Room for the widest value label on the left and for half of the first and last tick labels.
    left = math.ceil(max(48, max(text_width(_number(v, percent)) for v in steps) + 12,
                         text_width(keys[0]) / 2 + 6))
    right = math.ceil(max(12, text_width(keys[-1]) / 2 + 6))
    # Legend entries wrap onto more rows when they would run past the right edge.
    legend: list[tuple[float, int]] = []
    lx, row = float(left), 0
    for s in series:
        item = 14 + text_width(str(s["label"])) + 12
        if lx > left and lx + item > width - 4:
            lx, row = float(left), row + 1
        legend.append((lx, row))
        lx += item
    height += 16 * row
    plot_w, plot_h = width - left - right, height - 16 * row - top - bottom

    def x(key: str) -> float:
        return left + (position[key] / max(len(keys) - 1, 1)) * plot_w

    def y(value: float) -> float:
        return top + plot_h - (value / peak) * plot_h

    for value in steps:
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                    f'stroke="#e5e7eb"/><text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                    f'fill="#6b7280">{_number(value, percent)}</text>')
    step = max(1, len(keys) // 6)
    ticks = list(range(0, len(keys), step))
    if ticks[-1] != len(keys) - 1:  # the newest bucket always gets a label; drop the one it would overlap
        ticks = ticks[:-1] if len(keys) - 1 - ticks[-1] < step and len(ticks) > 1 else ticks
        ticks.append(len(keys) - 1)
    axis = top + plot_h
    for i in ticks:
        body.append(f'<text class="tick" x="{x(keys[i]):.1f}" y="{axis + 16}" text-anchor="middle" '
                    f'fill="#6b7280">{escape(keys[i])}</text>')
    for n, (s, pts) in enumerate(zip(series, points, strict=True)):
        color = PALETTE[n % len(PALETTE)]
        # A value of None is no value (a share of nothing): the line breaks there instead of dropping to 0.
        runs: list[list[tuple[str, float]]] = [[]]
        for k, v in pts:
            if v is None:
                runs.append([])
            else:
                runs[-1].append((k, v))
        lines = "".join(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                        + " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in run) + '"/>' for run in runs if run)
        marks = "".join(
            f'<circle cx="{x(k):.1f}" cy="{y(v):.1f}" r="2.5" fill="{color}">'
            f"<title>{escape(str(s['label']))} {escape(k)}: {_number(v, percent)}</title></circle>"
            for k, v in pts if v is not None)
        body.append(f'<g class="series" data-series="{n}">{lines}{marks}</g>')
    for n, (s, (lx, row)) in enumerate(zip(series, legend, strict=True)):
        text = escape(_fit(str(s["label"]), width - lx - 18))
        ly = axis + 30 + 16 * row
        body.append(f'<g class="legend" data-series="{n}" style="cursor:pointer"><rect x="{lx:.0f}" '
                    f'y="{ly}" width="10" height="10" fill="{PALETTE[n % len(PALETTE)]}"/>'
                    f'<text x="{lx + 14:.0f}" y="{ly + 9}">{text}</text></g>')
    return _svg(width, height, body, label, "chart line-chart")


def sparkline(values: Sequence[float], *, width: int = 84, height: int = 20, label: str = "trend") -> str:
    top = max(values, default=0) or 1
    if not values:
        return _svg(width, height, [], label, "chart spark")
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values))
    title = escape(", ".join(_number(v, False) for v in values))
    return _svg(width, height, [f'<polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="{points}"/>'
                                f"<title>{title}</title>"], label, "chart spark")


def bar_chart(items: Sequence[tuple[str, float]], *, width: int = 380, label: str = "bars") -> str:
    """Horizontal bars, biggest first as given.

    The name column is as wide as the longest name needs (up to 45% of the chart; a longer name is
    cut with an ellipsis), so no name runs off the left edge, whatever its script.
    """
    row = 20
    names = [_fit(name, width * 0.45 - 10) for name, _ in items]
    name_w = math.ceil(max([60.0, *(text_width(n) + 10 for n in names)]))
    height = max(row * len(items) + 4, 24)
    peak = max((v for _, v in items), default=0) or 1
    body = []
    for i, (name, value) in enumerate(items):
        w = (value / peak) * (width - name_w - 44)
        y = i * row + 2
        body.append(f'<text x="{name_w - 6}" y="{y + 13}" text-anchor="end">{escape(names[i])}</text>'
                    f'<rect x="{name_w}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row - 6}" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(name)}: {_number(value, False)}</title>'
                    f'</rect><text x="{name_w + w + 4:.1f}" y="{y + 13}" fill="#374151">{_number(value, False)}'
                    "</text>")
    return _svg(width, height, body, label, "chart bars")


def story_timeline(members: Sequence[dict[str, Any]], *, width: int = 760, label: str = "story timeline") -> str:
    """One row per outlet, one dot per article at its publication time, coloured by language."""
    dated = [(datetime.fromisoformat(m["published"]), m) for m in members if m.get("published")]
    outlets = list(dict.fromkeys(m.get("source") or UNKNOWN_OUTLET for _, m in dated))
    left, right, row = 170, 16, 22
    height = row * len(outlets) + 40
    if not dated:
        return _svg(width, 40, ['<text x="10" y="24" fill="#6b7280">no dated articles</text>'], label,
                    "chart timeline")
    first = min(t for t, _ in dated)
    span = max((max(t for t, _ in dated) - first).total_seconds(), 3600.0)
    body = []
    for i, outlet in enumerate(outlets):
        y = 14 + i * row
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" stroke="#f3f4f6"/>'
                    f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(_fit(outlet, left - 12))}</text>')
    for when, m in dated:
        x = left + (when - first).total_seconds() / span * (width - left - right)
        y = 14 + outlets.index(m.get("source") or UNKNOWN_OUTLET) * row
        color = LANGUAGE_COLORS.get(m.get("language") or "", "#6b7280")
        body.append(f'<a href="/articles/{escape(m["id"])}"><circle cx="{x:.1f}" cy="{y}" r="5" fill="{color}">'
                    f'<title>{escape(when.strftime("%Y-%m-%d %H:%M"))} [{escape(m.get("language") or "?")}] '
                    f'{escape(m.get("title") or "")}</title></circle></a>')
    bottom = height - 10
    body.append(f'<text x="{left}" y="{bottom}" fill="#6b7280">{first:%Y-%m-%d %H:%M}</text>'
                f'<text x="{width - right}" y="{bottom}" text-anchor="end" fill="#6b7280">'
                f'{max(t for t, _ in dated):%Y-%m-%d %H:%M}</text>')
    return _svg(width, height, body, label, "chart timeline")


def network_chart(graph: dict[str, Any], *, size: int = 560, label: str = "association network") -> str:
    """The term in the middle, its associates on a circle (strongest first), links among them in grey."""
    nodes = graph.get("nodes", [])
    if not nodes:
        return _svg(size, 60, ['<text x="10" y="30" fill="#6b7280">no associations</text>'], label,
                    "chart network")
    center = nodes[0]
    others = nodes[1:]
    cx = cy = size / 2
    radius = size / 2 - 70
    place = {center["id"]: (cx, cy)}
    for i, node in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
        place[node["id"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    top_weight = max((e["weight"] for e in graph["edges"] if e["source"] == center["id"]), default=1) or 1
    body = []
    for edge in sorted(graph["edges"], key=lambda e: e["source"] == center["id"]):
        (x1, y1), (x2, y2) = place.get(edge["source"], (cx, cy)), place.get(edge["target"], (cx, cy))
        from_center = edge["source"] == center["id"]
        stroke = "#93c5fd" if from_center else "#e5e7eb"
        w = 1 + 5 * edge["weight"] / top_weight if from_center else 1
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
                    f'stroke-width="{w:.1f}"><title>{edge["articles"]} articles together</title></line>')
    most = max((n.get("articles", 1) for n in nodes), default=1) or 1
    for node in nodes:
        x, y = place[node["id"]]
        r = 6 + 14 * math.sqrt(node.get("articles", 1) / most)
        color = "#dc2626" if node is center else ("#7c3aed" if node["kind"] == "entity" else "#2563eb")
        href = f"/network?term={escape(node['label'])}"
        body.append(f'<a href={quoteattr(href)}><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}" '
                    f'fill-opacity="0.85"><title>{escape(node["label"])}: {node.get("articles", 0)} articles'
                    f'</title></circle><text x="{x:.1f}" y="{y + r + 12:.1f}" text-anchor="middle">'
                    f'{escape(_fit(node["label"], 2 * min(x, size - x) - 4))}</text></a>')
    return _svg(size, size, body, label, "chart network")
