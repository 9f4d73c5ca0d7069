"""The fast Vietnamese path gives pyvi's own words and tags, line for line."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from pyvi.ViPosTagger import ViPosTagger
from pyvi.ViTokenizer import ViTokenizer

from newsradar.enrich.vietnamese import VietnameseTagger

from .conftest import CORPORA, SAMPLE

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

GOLD_VI = Path(__file__).parent / "gold" / "enrich" / "enrich_vi.jsonl"
#: Lines that exercise pyvi's edge rules: digits, abbreviations, URLs, e-mail, capitals, punctuation runs.
EDGE_LINES = [
    "TP.HCM: Ông Nguyễn Văn A nói “không” với 3,5 tỷ đồng...",
    "Xem chi tiết tại https://vnexpress.net/a-b.html hoặc gửi thư tới ban@baomoi.com ==> ngay",
    "UBND TP. Hà Nội, Mr. Smith và ThS. Lê Thị B (Bộ Y tế) -> họp lúc 14h30 ngày 20/11/2026!!",
    "ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIV",
    "a",
    "   ",
    "Việt Nam – Hàn Quốc: 30 năm quan hệ ngoại giao (1992-2022) >> chi tiết",
]


def _lines(records: list[dict[str, str]]) -> list[str]:
    out: list[str] = []
    for record in records:
        text = f"{record.get('title') or ''}\n{record.get('text') or record.get('body') or ''}"
        out.extend(line for line in text.split("\n") if line.strip())
    return out


def _read_jsonl(path: Path, limit: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = (json.loads(line) for line in handle if line.strip())
        return [r for r in itertools.islice(rows, limit) if r.get("lang", r.get("language")) in (None, "vi")]


def _assert_same_as_pyvi(lines: list[str]) -> None:
    tagger = VietnameseTagger()
    for line in lines:
        words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(line))
        ours = tagger.segment(line)
        assert ours == list(words), line
        assert tagger.tag(ours) == list(tags), line


def test_same_words_and_tags_as_pyvi_on_gold_and_edge_lines() -> None:
    lines = _lines(_read_jsonl(GOLD_VI, 100)) + [line for line in EDGE_LINES if line.strip()]
    sample = SAMPLE / "jsonl" / "articles.jsonl"
    lines += _lines([r for r in _read_jsonl(sample, 10_000) if r.get("lang", r.get("language")) == "vi"])
    assert len(lines) > 50
    _assert_same_as_pyvi(lines)


@pytest.mark.skipif(not (CORPORA / "vi-baomoi.jsonl").is_file(), reason=f"vi-baomoi not found in {CORPORA}")
def test_same_words_and_tags_as_pyvi_on_real_news() -> None:
    _assert_same_as_pyvi(_lines(_read_jsonl(CORPORA / "vi-baomoi.jsonl", 300)))
