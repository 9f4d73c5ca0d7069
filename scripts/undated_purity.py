"""Story purity on undated labelled corpora: are stories of undated articles events, or desks?

Each file is ingested into a temporary store, enriched and clustered with the default settings, as a
newsroom loading an archive without dates would.  For every story of ``--min-size`` (5) articles or
more it reports the share of its members carrying the story's most common category label; a story
is pure when that share is at least ``--pure`` (0.95).  It also reports the largest story as a share
of its file (an undated archive must not collapse into one "story" of everything on a subject).

The category labels are the corpora's desk labels (politics, economy, sport...), so a real event
reported from two desks (an inquiry into a casino run by a public company: economy and society)
counts as impure; the mixed stories are printed with their titles so each can be read.

    python scripts/undated_purity.py            # ko-moog303-news, zh-thucnews-cnews, en-bbc-news
    python scripts/undated_purity.py --json FILE.jsonl ...
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULT_FILES = ["ko-moog303-news.jsonl", "zh-thucnews-cnews.jsonl", "en-bbc-news.jsonl"]


def measure(path: Path, min_size: int = 5, pure: float = 0.95) -> dict[str, Any]:
    """Purity and size of the stories the default pipeline makes of one undated labelled file."""
    from newsradar.enrich import enrich_store
    from newsradar.pipeline import Ingestor
    from newsradar.settings import load_settings
    from newsradar.store import open_store
    from newsradar.store.base import ArticleFilter
    from newsradar.stories import params_from_settings, update_stories

    labels: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                category = (record.get("labels") or {}).get("category")
                if category is not None and record.get("id") is not None:
                    labels[str(record["id"])] = str(category)
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="newsradar-purity-") as tmp:
        store = open_store(str(Path(tmp) / "purity.db"))
        try:
            Ingestor(store, settings).run([str(path)])
            enrich_store(store)
            update_stories(store, params=params_from_settings(settings))
            members: dict[str, list[tuple[str, str]]] = defaultdict(list)
            articles = 0
            for article in store.list_articles(ArticleFilter(limit=None)):
                articles += 1
                story = store.story_of(article.id)
                label = labels.get(article.external_id or "")
                if story is not None and label is not None:
                    members[story].append((label, article.title or article.body[:60]))
        finally:
            store.close()
    stories = []
    for story, items in members.items():
        if len(items) < min_size:
            continue
        top, count = Counter(label for label, _ in items).most_common(1)[0]
        stories.append({"story": story, "size": len(items), "label": top, "share": count / len(items),
                        "labels": dict(Counter(label for label, _ in items)),
                        "titles": [title for _, title in items[:8]]})
    largest = max((len(items) for items in members.values()), default=0)
    return {"file": path.name, "articles": articles, "stories_min_size": len(stories),
            "pure": sum(s["share"] >= pure for s in stories), "largest": largest,
            "largest_share": largest / articles if articles else 0.0,
            "mixed": [s for s in stories if s["share"] < pure]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--min-size", type=int, default=5)
    parser.add_argument("--pure", type=float, default=0.95)
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    files = args.files or [CORPORA / name for name in DEFAULT_FILES]
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    results = [measure(path, args.min_size, args.pure) for path in files]
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for r in results:
        print(f"{r['file']}: {r['articles']} articles; stories of {args.min_size}+: {r['stories_min_size']}, "
              f"pure (>= {args.pure:.0%} one label): {r['pure']}; largest story {r['largest']} articles "
              f"({r['largest_share']:.1%} of the file)")
        for s in r["mixed"]:
            print(f"  mixed: {s['size']} articles, {s['labels']}")
            for title in s["titles"]:
                print(f"      {title[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
