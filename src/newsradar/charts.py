"""Charts as plain SVG text: line charts, sparklines, bars, story timelines and term networks.

Drawn on the server so the dashboard shows them with no script and no CDN,
and the daily briefing embeds the same pictures as images.  Every mark has a
``<title>`` so hovering shows its value; legends carry ``data-series`` so the
dashboard's small script can toggle lines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

PALETTE = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563")
LANGUAGE_COLORS = {"vi": "#dc2626", "ko": "#2563eb", "zh": "#d97706", "en": "#059669"}
FONT = "system-ui, 'Noto Sans', 'Noto Sans CJK KR', 'Noto Sans CJK SC', 'Noto Sans CJK JP', sans-serif"


def _svg(width: int, height: int, body: list[str], label: str, css_class: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label={quoteattr(label)} '
            f'font-family={quoteattr(FONT)} font-size="11">' + "".join(body) + "</svg>")


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


def line_chart(series: Sequence[dict[str, Any]], *, width: int = 760, height: int = 260, percent: bool = False,
               label: str = "time series") -> str:
    """Several series over shared buckets: ``[{"label": str, "points": [(bucket, value), ...]}, ...]``."""
    left, right, top, bottom = 48, 12, 12, 46
    keys = list(dict.fromkeys(k for s in series for k, _ in s["points"]))
    body: list[str] = []
    if not keys:
        body.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#6b7280">no data</text>')
        return _svg(width, height, body, label, "chart line-chart")
    position = {k: i for i, k in enumerate(keys)}
    peak = _nice_max(max((v for s in series for _, v in s["points"]), default=0.0))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(key: str) -> float:
        return left + (position[key] / max(len(keys) - 1, 1)) * plot_w

    def y(value: float) -> float:
        return top + plot_h - (value / peak) * plot_h

    for i in range(5):
        value = peak * i / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                    f'stroke="#e5e7eb"/><text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                    f'fill="#6b7280">{_number(value, percent)}</text>')
    step = max(1, len(keys) // 6)
    ticks = list(range(0, len(keys), step))
    if ticks[-1] != len(keys) - 1:  # the newest bucket always gets a label; drop the one it would overlap
        ticks = ticks[:-1] if len(keys) - 1 - ticks[-1] < step and len(ticks) > 1 else ticks
        ticks.append(len(keys) - 1)
    for i in ticks:
        body.append(f'<text x="{x(keys[i]):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                    f'fill="#6b7280">{escape(keys[i])}</text>')
    for n, s in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in s["points"])
        marks = "".join(
            f'<circle cx="{x(k):.1f}" cy="{y(v):.1f}" r="2.5" fill="{color}">'
            f"<title>{escape(str(s['label']))} {escape(k)}: {_number(v, percent)}</title></circle>"
            for k, v in s["points"])
        body.append(f'<g class="series" data-series="{n}"><polyline fill="none" stroke="{color}" stroke-width="2" '
                    f'points="{points}"/>{marks}</g>')
    lx = left
    for n, s in enumerate(series):
        text = escape(str(s["label"]))
        body.append(f'<g class="legend" data-series="{n}" style="cursor:pointer"><rect x="{lx}" '
                    f'y="{height - 16}" width="10" height="10" fill="{PALETTE[n % len(PALETTE)]}"/>'
                    f'<text x="{lx + 14}" y="{height - 7}">{text}</text></g>')
        lx += 24 + 7 * len(str(s["label"]))
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
    """Horizontal bars, biggest first as given."""
    row, name_w = 20, 150
    height = max(row * len(items) + 4, 24)
    peak = max((v for _, v in items), default=0) or 1
    body = []
    for i, (name, value) in enumerate(items):
        w = (value / peak) * (width - name_w - 44)
        y = i * row + 2
        body.append(f'<text x="{name_w - 6}" y="{y + 13}" text-anchor="end">{escape(name[:24])}</text>'
                    f'<rect x="{name_w}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row - 6}" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(name)}: {_number(value, False)}</title>'
                    f'</rect><text x="{name_w + w + 4:.1f}" y="{y + 13}" fill="#374151">{_number(value, False)}'
                    "</text>")
    return _svg(width, height, body, label, "chart bars")


def story_timeline(members: Sequence[dict[str, Any]], *, width: int = 760, label: str = "story timeline") -> str:
    """One row per outlet, one dot per article at its publication time, coloured by language."""
    dated = [(datetime.fromisoformat(m["published"]), m) for m in members if m.get("published")]
    outlets = list(dict.fromkeys(m.get("source") or "(unknown)" for _, m in dated))
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
                    f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(outlet[:26])}</text>')
    for when, m in dated:
        x = left + (when - first).total_seconds() / span * (width - left - right)
        y = 14 + outlets.index(m.get("source") or "(unknown)") * row
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
                    f'{escape(node["label"][:22])}</text></a>')
    return _svg(size, size, body, label, "chart network")
