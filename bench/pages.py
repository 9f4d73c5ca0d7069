"""HTML pages for the extraction comparison: real article text inside a typical news-site page.

The corpora hold clean text, not pages, so each full-text record is placed in
one page layout with the clutter extractors must drop (navigation, a
"most read" list of other real headlines, share buttons, a footer).  Both
extractors read the same pages, and each is scored by how much of the known
body it returns (token-overlap F1), so speed is never bought with quality
unseen.
"""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path
from typing import Any

_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]")

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
</head><body>
<header><nav><ul>{nav}</ul></nav><div class="search"><form><input name="q"><button>Search</button></form></div>
</header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{paragraphs}
<div class="share">Share on Facebook | Share on X | Email this article</div>
</article>
<aside><h3>Most read</h3><ul>{related}</ul></aside></main>
<footer><p>About us | Contact | Advertise | Terms of use | Privacy</p><p>© {site}. All rights reserved.</p></footer>
</body></html>
"""


def _units(text: str) -> list[str]:
    """Words, with CJK text split into characters (no spaces to split on)."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        out.extend(list(token) if _CJK.search(token) else [token])
    return out


def overlap_f1(expected: str, got: str) -> float:
    """Bag-of-tokens F1 between the known body and an extractor's output."""
    from collections import Counter

    want, have = Counter(_units(expected)), Counter(_units(got))
    if not want and not have:
        return 1.0
    common = sum((want & have).values())
    if not common:
        return 0.0
    precision, recall = common / sum(have.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def build_pages(records: list[dict[str, Any]], count: int, seed: int = 11) -> list[dict[str, Any]]:
    """``count`` pages from the full-text records (body of at least 300 characters)."""
    rng = random.Random(seed)
    full = [r for r in records if len(r.get("text") or "") >= 300 and r.get("title")]
    if not full:
        return []
    headlines = [r["title"] for r in records if r.get("title")]
    pages = []
    for i in range(count):
        r = full[rng.randrange(len(full))]
        paragraphs = [p.strip() for p in r["text"].split("\n") if p.strip()]
        site = r.get("source") or "news.example"
        pages.append({
            "id": f"page-{i}",
            "url": f"https://news.example/{r.get('lang', 'xx')}/{i}",
            "body": "\n".join(paragraphs),
            "html": PAGE.format(
                lang=html.escape(r.get("lang") or "en"), title=html.escape(r["title"]), site=html.escape(site),
                published=html.escape(r.get("published") or "2026-11-20T08:00:00+00:00"),
                nav="".join(f"<li><a href='/s/{k}'>{s}</a></li>" for k, s in
                            enumerate(("Home", "World", "Business", "Sport", "Culture", "Opinion"))),
                paragraphs="\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
                related="".join(f"<li><a href='/r/{k}'>{html.escape(rng.choice(headlines))}</a></li>"
                                for k in range(6)),
            ),
        })
    return pages


def write_pages(pages: list[dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return path


def load_pages(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))
