"""Benchmark inputs: the real corpora resampled to a size, or the bundled sample when they are absent.

Records are drawn with replacement (a fixed seed, so two runs read the same
input); a record drawn more than once gets a unique id and URL, so the store
keeps every draw as its own article, as it would keep a wire story that two
feeds delivered.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
SAMPLE_JSONL = REPO / "src" / "newsradar" / "sample" / "jsonl"
SAMPLE_GOLD = REPO / "tests" / "gold" / "sample_stories.json"
#: The labelled headlines the clustering peers are scored on.
LABELLED = "en-uci-headlines-dev.jsonl"
#: The labelled story sets the clustering peers run on, smallest first: the development headlines
#: (also what the single-pass TF-IDF baseline is tuned on) and the two newsroom-volume windows.
LABELLED_SETS = {"uci-3k": LABELLED, "uci-10k": "en-uci-window-dev-10k.jsonl", "uci-50k": "en-uci-window-dev-50k.jsonl"}


@dataclass(slots=True)
class Pool:
    """Every record the benchmark may draw from, and where they came from."""

    records: list[dict[str, Any]]
    origin: str  # "corpora" or "sample"
    files: list[str]


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_pool(corpora: Path | None = None) -> Pool:
    """The real corpora when present, else the bundled sample (so the harness runs anywhere)."""
    root = CORPORA if corpora is None else corpora
    files = sorted(root.glob("*.jsonl")) if root.is_dir() else []
    if not files:
        files = sorted(SAMPLE_JSONL.glob("*.jsonl"))
        origin = "sample"
    else:
        origin = "corpora"
    records = [r for f in files for r in _read_jsonl(f)]
    return Pool(records, origin, [f.name for f in files])


def with_query(url: str, parameter: str) -> str:
    """``url`` with one more query parameter, placed before any fragment (a URL holding "&#39;" has one:
    appended after it, the parameter was dropped with the fragment and the copy kept the original's URL)."""
    parts = urlsplit(url)
    query = f"{parts.query}&{parameter}" if parts.query else parameter
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def resample(pool: Pool, size: int, seed: int = 7) -> list[dict[str, Any]]:
    """``size`` records drawn with replacement; repeated draws get unique ids and URLs."""
    rng = random.Random(seed)
    seen: dict[int, int] = {}
    out = []
    for _ in range(size):
        index = rng.randrange(len(pool.records))
        copy = seen[index] = seen.get(index, 0) + 1
        record = dict(pool.records[index])
        if copy > 1:
            record["id"] = f"{record.get('id')}~{copy}"
            if record.get("url"):
                record["url"] = with_query(record["url"], f"bench_copy={copy}")
        out.append(record)
    return out


def write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def labelled_sets(corpora: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every labelled story set present (see ``LABELLED_SETS``); the sample's stories when none is."""
    root = CORPORA if corpora is None else corpora
    found = {name: [r for r in _read_jsonl(root / file) if (r.get("labels") or {}).get("story")]
             for name, file in LABELLED_SETS.items() if (root / file).is_file()}
    return found or {"sample": labelled_headlines(corpora)}


def labelled_headlines(corpora: Path | None = None) -> list[dict[str, Any]]:
    """Headlines with a gold story label: the UCI set, else the bundled sample's labelled records."""
    root = CORPORA if corpora is None else corpora
    path = root / LABELLED
    if path.is_file():
        return [r for r in _read_jsonl(path) if (r.get("labels") or {}).get("story")]
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))["stories"]
    story_of = {title: story for story, titles in gold.items() for title in titles}
    out = []
    for f in sorted(SAMPLE_JSONL.glob("*.jsonl")):
        for r in _read_jsonl(f):
            if r.get("title") in story_of:
                out.append({**r, "labels": {**(r.get("labels") or {}), "story": story_of[r["title"]]}})
    return out
