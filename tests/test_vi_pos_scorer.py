"""pyvi's part-of-speech model scored here (``TagScorer``) gives python-crfsuite's labels, every one.

The reference is the same model run by python-crfsuite on the feature strings
built the way they were before (``VietnameseTagger(score=False)``), on a
varied sample: real sentences and news lines (short and long), one-word lines,
digits, upper case, title case, pyvi's filtered words (punctuation), words the
model never saw.  Both ways the scorer reaches its labels are compared (the
runs decided apart, and the Viterbi that adds as crfsuite does), and its state
sums are compared bit for bit with a plain sum of the model's weights.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from pyvi.ViPosTagger import ViPosTagger

from newsradar.enrich import vietnamese
from newsradar.enrich.crfsuite_models import model_arrays, model_weights
from newsradar.enrich.vi_crf_scoring import TagScorer, _clear_best
from newsradar.enrich.vietnamese import SCORED_FROM, VietnameseTagger

from .conftest import CORPORA, SAMPLE
from .test_vietnamese_speed import _vlsp_sentences

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

#: Lines of the kinds the brief names: one word, digits, upper case, title case, filtered words, strangers.
VARIED = ["A", "Hà", ".", "...", "…", "“", "2026", "3,5", "HÀ NỘI", "Xyzzyqq", "x", "ĐÀ NẴNG", "Tp. Hồ Chí Minh",
          "Ngày 20/11/2026 có 3,5 tỷ đồng , 1.000 người và 12 % ( 40 ) “ lao động ” …",
          "ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIV KHAI MẠC TẠI HÀ NỘI",
          "Ông Nguyễn Văn A , Bà Trần Thị B Và Giáo Sư Lê C Đến Từ Đà Nẵng",
          "Mr. Trump và ThS. Lan ==> http://vnexpress.net/a-b.html ; email: ban.doc@vnexpress.net ! ? ' \" - _",
          "xyzzyqq blorft UBND FPT VNPT 3G 4.0 iPhone 15 Pro Max’ s ’ — – ‘ ’"]


def _news_lines(limit: int) -> list[str]:
    """Lines of real Vietnamese news: vi-baomoi's first articles, or the sample's Vietnamese records."""
    path = CORPORA / "vi-baomoi.jsonl"
    if not path.is_file():
        path = SAMPLE / "jsonl" / "articles.jsonl"
    lines: list[str] = []
    with Path(path).open(encoding="utf-8") as handle:
        for record in itertools.islice((json.loads(line) for line in handle if line.strip()), 2000):
            if record.get("lang", record.get("language")) == "vi":
                text = f"{record.get('title') or ''}\n{record.get('text') or record.get('body') or ''}"
                lines += [line for line in text.split("\n") if line.strip()]
                if len(lines) >= limit:
                    break
    return lines


def _sample() -> list[str]:
    sentences = _vlsp_sentences(300)
    # long lines too where no corpus is at hand: ten sentences a line
    joined = [" ".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    return [*VARIED, *sentences, *joined, *_news_lines(90)]


@pytest.fixture(scope="module")
def taggers() -> tuple[VietnameseTagger, VietnameseTagger]:
    scored, reference = VietnameseTagger(), VietnameseTagger(prune=False, remember=False, score=False)
    assert scored._tag_scorer is not None and reference._tag_scorer is None
    return scored, reference


def _rows(tagger: VietnameseTagger, words: list[str]) -> list[bytes]:
    scorer = tagger._tag_scorer
    assert scorer is not None
    return [scorer.word(w) for w in words]


def test_scorer_labels_are_python_crfsuites(taggers: tuple[VietnameseTagger, VietnameseTagger]) -> None:
    scored, reference = taggers
    scorer = scored._tag_scorer
    assert scorer is not None
    words_seen = long_lines = lines_with_choices = 0
    for line in _sample():
        words = scored.segment(line)
        expected = reference.tag(words)
        rows = _rows(scored, words)
        assert scorer.tags(rows) == expected, line
        scorer.decide = False  # every line by the Viterbi that adds as crfsuite does
        try:
            assert scorer.tags(rows) == expected, line
        finally:
            scorer.decide = True
        assert scored.tag(words) == expected, line  # short lines by python-crfsuite, long ones scored
        words_seen += len(words)
        long_lines += len(words) >= SCORED_FROM
        if len(words) > 1:
            score = scorer._scores(rows)
            best = score.argmax(axis=1)
            top = score.max(axis=1)
            kept = scorer._kept(score, best, top, len(words), scorer._margin(score, top, len(words)))
            lines_with_choices += bool((kept.sum(axis=1) > 1).any())
    assert words_seen > 5_000 and long_lines > 10 and lines_with_choices > 50


def test_state_sums_are_crfsuites_bit_for_bit(taggers: tuple[VietnameseTagger, VietnameseTagger]) -> None:
    """Each item's 19 state scores equal, exactly, the model's weights added one attribute at a time in the
    item's order from 0.0 (crfsuite's ``crf1dt_state_score``), read by the other reader (``model_weights``)."""
    scored, reference = taggers
    scorer = scored._tag_scorer
    assert scorer is not None
    read = model_weights(Path(ViPosTagger.model.modelfile.name).read_bytes())
    assert read is not None
    _labels, weights, _transitions = read
    items_seen = 0
    for line in [*VARIED, *_sample()[len(VARIED) :: 7]]:
        words = scored.segment(line)
        feats = [reference._word_features(w) for w in words]
        n = len(words)
        sums = scorer._scores(_rows(scored, words)).tolist()
        for t in range(n):
            item = list(feats[t][0])
            item += [b"BOS"] if t == 0 else [*feats[t - 1][1], *(feats[t - 2][2] if t > 1 else ())]
            item += [*feats[t + 1][3], *(feats[t + 2][4] if t < n - 2 else ())] if t < n - 1 else [b"EOS"]
            total = [0.0] * len(scorer.labels)
            for name in item:
                row = weights.get(name.decode())
                if row is not None:
                    total = [x + w for x, w in zip(total, row, strict=True)]
            assert sums[t] == total, (line, t)
            items_seen += 1
    assert items_seen > 2_000


def test_short_lines_give_python_crfsuite_the_same_attributes(
        taggers: tuple[VietnameseTagger, VietnameseTagger]) -> None:
    """The items built from the remembered row ids are the feature strings python-crfsuite would get, less
    those the model never saw (which it skips), in the same order."""
    scored, reference = taggers
    scorer = scored._tag_scorer
    assert scorer is not None
    known = set(model_weights(Path(ViPosTagger.model.modelfile.name).read_bytes())[1])  # type: ignore[index]
    for line in [*VARIED, *_vlsp_sentences(40)]:
        words = scored.segment(line)
        feats = [reference._word_features(w) for w in words]
        n = len(words)
        expected = []
        for t in range(n):
            item = list(feats[t][0])
            item += [b"BOS"] if t == 0 else [*feats[t - 1][1], *(feats[t - 2][2] if t > 1 else ())]
            item += [*feats[t + 1][3], *(feats[t + 2][4] if t < n - 2 else ())] if t < n - 1 else [b"EOS"]
            expected.append([s for s in (x.decode() for x in item) if s in known])
        assert scorer.items(_rows(scored, words)) == expected, line


class _NoCrfsuite:
    """Stands in for pyvi's python-crfsuite tagger where it must not be called."""

    def tag(self, items: object) -> list[str]:
        raise AssertionError("python-crfsuite was called")


def test_long_lines_are_scored_without_python_crfsuite(taggers: tuple[VietnameseTagger, VietnameseTagger]) -> None:
    _, reference = taggers
    tagger = VietnameseTagger()
    tagger._tag = _NoCrfsuite()
    long_line = " ".join(_vlsp_sentences(30))
    words = tagger.segment(long_line)
    assert len(words) >= SCORED_FROM
    assert tagger.tag(words) == reference.tag(words)
    with pytest.raises(AssertionError, match="python-crfsuite was called"):
        tagger.tag(tagger.segment("Hà Nội mùa thu"))


def test_unreadable_model_file_falls_back_to_python_crfsuite(monkeypatch: pytest.MonkeyPatch,
                                                           taggers: tuple[VietnameseTagger, VietnameseTagger]) -> None:
    _, reference = taggers
    monkeypatch.setattr(vietnamese, "_model_file", lambda model: None)
    tagger = VietnameseTagger()
    assert tagger._tag_scorer is None and tagger._scorer is None
    for line in [*VARIED, " ".join(_vlsp_sentences(30))]:
        words = tagger.segment(line)
        assert tagger.tag(words) == reference.tag(words), line
    assert tagger._words and not tagger._word_rows


def test_model_arrays_are_the_model_file() -> None:
    data = Path(ViPosTagger.model.modelfile.name).read_bytes()
    arrays, weights = model_arrays(data), model_weights(data)
    assert arrays is not None and weights is not None
    labels, names, state, transitions = arrays
    assert labels == weights[0] == ViPosTagger.model.tagger_.labels() and len(labels) == 19
    assert names == list(weights[1]) and state.shape == (len(names), 19)
    assert all(tuple(row) == weights[1][name] for name, row in zip(names, state.tolist(), strict=True))
    assert transitions.tolist() == weights[2]
    assert model_arrays(b"not a model") is None and model_arrays(data[:1000]) is None
    assert model_arrays(data[: len(data) // 2]) is None


def test_word_memory_entries_are_compact(taggers: tuple[VietnameseTagger, VietnameseTagger]) -> None:
    """A remembered word is 21 int32 row ids (84 bytes), whatever its attributes."""
    scorer = taggers[0]._tag_scorer
    assert scorer is not None
    for w in ["A", "Hà_Nội", "ĐÀ_NẴNG", "2026", "…", "xyzzyqq", "3,5"]:
        assert len(scorer.word(w)) == 84


def test_close_choices_are_left_to_the_exact_viterbi() -> None:
    assert _clear_best((3, 5), [1.0, 1.0], 1e-9) is None
    assert _clear_best((3, 5), [1.0, 1.0 + 1e-12], 1e-9) is None
    assert _clear_best((3, 5), [1.0, 2.0], 1e-9) == 5
    assert _clear_best((7,), [1.0], 1e-9) == 7
    widths = sum(TagScorer.WIDTHS)
    assert len(TagScorer.SLOTS) == widths + 2 and widths + 1 == TagScorer.COLUMNS
