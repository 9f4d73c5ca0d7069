"""The Vietnamese fast paths give the same words, tags and entity features as before (issue 18).

The pruned, remembered segmenter and tagger are compared with pyvi's
``tokenize``/``postagging``, and the entity features with the way they were
built before, on real sentences, read twice so the second reading comes
from the memories.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from pyvi.ViPosTagger import ViPosTagger
from pyvi.ViTokenizer import ViTokenizer

from newsradar.enrich import vietnamese
from newsradar.enrich.ner import vietnamese as ner_vi
from newsradar.enrich.ner.tagger import model_attributes, model_path
from newsradar.enrich.ner.units import Unit, add_known, shape
from newsradar.enrich.tokens import Segmenter, Token
from newsradar.enrich.vietnamese import VietnameseTagger

from .conftest import CORPORA

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

VLSP_DEV = CORPORA / "ner" / "vi-vlsp2016-dev.conll"
FALLBACK = [
    "Thủ tướng Nguyễn Xuân Phúc tiếp Đại sứ Hàn Quốc tại Hà Nội sáng 20/11.",
    "UBND TP.HCM cho biết 3,5 tỷ đồng đã được chuyển tới Bộ Y tế ==> ngay.",
    "ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIV khai mạc tại Thủ đô.",
    "Ông Tập Cận Bình và bà Park Geun-hye gặp nhau ở Bắc Kinh.",
]


def _vlsp_sentences(limit: int) -> list[str]:
    """Sentences of the VLSP 2016 dev set, its words' syllables joined by spaces as in running text."""
    if not VLSP_DEV.is_file():
        return FALLBACK
    sentences: list[str] = []
    words: list[str] = []
    with Path(VLSP_DEV).open(encoding="utf-8") as handle:
        for line in itertools.chain(handle, [""]):
            line = line.strip()
            if line:
                words.append(line.split("\t")[0].replace("_", " "))
            elif words:
                sentences.append(" ".join(words))
                words = []
                if len(sentences) >= limit:
                    break
    return sentences + FALLBACK


def _pyvi(line: str) -> tuple[list[str], list[str]]:
    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(line))
    return list(words), list(tags)


def test_pruned_and_remembered_path_gives_pyvis_words_and_tags() -> None:
    lines = _vlsp_sentences(400)
    assert len(lines) > 50
    tagger = VietnameseTagger()
    expected = [_pyvi(line) for line in lines]
    for _ in range(2):  # the second time from the line, syllable and word memories
        for line, (words, tags) in zip(lines, expected, strict=True):
            assert tagger.analyse(line) == (words, tags), line
            ours = tagger.segment(line)
            assert ours == words, line
            assert tagger.tag(ours) == tags, line
    assert tagger._lines and tagger._syllables and tagger._word_rows


def test_pruning_leaves_out_only_strings_the_models_never_saw() -> None:
    pruned, full = VietnameseTagger(score=False), VietnameseTagger(prune=False, remember=False, score=False)
    assert pruned._segment_known and "bias" in pruned._segment_known
    assert pruned._tag_known and "bias" in pruned._tag_known
    dropped = 0
    for line in _vlsp_sentences(200):
        _, syllables = ViTokenizer.sylabelize(line)
        for s in syllables:
            kept, every = pruned._syllable_features(s), full._syllable_features(s)
            for k, e in zip(kept[:3], every[:3], strict=True):
                assert [x for x in e if x.decode() in pruned._segment_known] == list(k)
                dropped += len(e) - len(k)
        words = pruned.segment(line)
        assert words == full.segment(line)
        for w in words:
            kept_w, every_w = pruned._word_features(w), full._word_features(w)
            for k, e in zip(kept_w, every_w, strict=True):
                assert [x for x in e if x.decode() in pruned._tag_known] == list(k)
                dropped += len(e) - len(k)
        assert pruned.tag(words) == full.tag(words)
    assert dropped > 0  # news has syllables and words pyvi's models never saw


class _NoCrfsuite:
    """Stands in for pyvi's python-crfsuite segmentation tagger where it must not be called."""

    def tag(self, items: object) -> list[str]:
        raise AssertionError("python-crfsuite was called")


EDGE_LINES = ["A", "Hà", ".", "...", "20/11", "3,5 tỷ", "TP. HCM", "Ông Ba , bà Tư .", "ĐÀ NẴNG", "x_y z",
              "ÔNG NGUYỄN VĂN A (UBND) nói: “30-4”.", "Mr. Trump và ThS. Lan ==> http://vnexpress.net/a-b.html",
              "email: ban.doc@vnexpress.net -> 1.000.000 đồng", "Tp. Hồ Chí Minh", "Σ ΑΣ", "İstanbul"]


def test_segmenter_scored_here_gives_crfsuites_labels_without_calling_it() -> None:
    """The labels of the segmentation model scored here are python-crfsuite's on the same syllables, every one
    (not only where they change a word), and scoring calls python-crfsuite no more."""
    scored, reference = VietnameseTagger(), VietnameseTagger(prune=False, remember=False, score=False)
    assert scored._scorer is not None and reference._scorer is None
    scored._segment = _NoCrfsuite()
    lines = [*_vlsp_sentences(400), *EDGE_LINES]
    syllables_seen = 0
    for _ in range(2):  # the second time from the syllable memory
        for line in lines:
            _, syllables = ViTokenizer.sylabelize(line)
            assert vietnamese._SYLLABLE.findall(unicodedata.normalize("NFC", line)) == syllables, line
            if not syllables:
                continue
            inside, codes = scored._scored_labels(syllables)
            assert inside == reference._segment_labels(syllables), line
            assert codes == [vietnamese._joining(s) for s in syllables]
            assert scored.segment(line) == reference.segment(line) == ViTokenizer.tokenize(line).split(" "), line
            syllables_seen += len(syllables)
    assert syllables_seen > 10_000


def test_model_weights_are_the_model_files() -> None:
    """The weights read from pyvi's segmentation model are its labels, attributes and (to the six decimals
    crfsuite's dump prints) its state and transition weights."""
    import re
    import tempfile

    from newsradar.enrich.crfsuite_models import model_attributes as attributes_of
    from newsradar.enrich.crfsuite_models import model_weights

    data = Path(ViTokenizer.model.modelfile.name).read_bytes()
    read = model_weights(data)
    assert read is not None
    labels, state, transitions = read
    tagger = ViTokenizer.model.tagger_
    assert labels == tagger.labels() == ["B_W", "I_W"]
    assert frozenset(state) == attributes_of(data)
    assert model_weights(b"not a model") is None and model_weights(data[:1000]) is None
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.txt"
        tagger.dump(str(dump))
        text = dump.read_text(encoding="utf-8", errors="replace")
    checked = 0
    for kind, source, target, weight in re.findall(r"\((\d)\) (\S+) --> (\S+): (-?\d+\.\d+)", text):
        if kind == "1":
            assert abs(transitions[labels.index(source)][labels.index(target)] - float(weight)) <= 5e-7
        elif source in state:
            assert abs(state[source][labels.index(target)] - float(weight)) <= 5e-7
        checked += 1
    assert checked > 10_000


def test_syllable_memory_fits_its_budget() -> None:
    """A full memory of syllable rows, at the size real entries take (tracemalloc), stays within 12 MiB:
    less than the feature strings it replaced held (14 MiB at 30,000 syllables)."""
    import gc
    import tracemalloc

    lines = _vlsp_sentences(400)
    tagger = VietnameseTagger()
    tagger.segment(lines[0])
    tagger._syllables.clear()
    gc.collect()
    tracemalloc.start()
    try:
        for line in lines:
            tagger.segment(line)
        gc.collect()
        entries = len(tagger._syllables)
        held = tracemalloc.get_traced_memory()[0]
        tagger._syllables.clear()
        gc.collect()
        held -= tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert entries > 1000
    assert 150 < held / entries < 600, held / entries
    assert vietnamese.FORMS_KEPT * held / entries < 12 * 2**20


def test_memories_are_bounded_and_answers_are_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vietnamese, "LINES_KEPT", 3)
    monkeypatch.setattr(vietnamese, "FORMS_KEPT", 5)
    tagger = VietnameseTagger()
    lines = _vlsp_sentences(20)
    for line in lines:
        words, _tags = tagger.analyse(line)
        words.append("x")  # a caller changing its lists does not change the memory
        assert tagger.analyse(line) == _pyvi(line)
        assert len(tagger._lines) <= 3 and len(tagger._syllables) <= 5 and len(tagger._word_rows) <= 5
        assert not tagger._words  # the words' feature strings are for python-crfsuite's path alone


def test_segmenter_tokens_unchanged_by_the_memories() -> None:
    text = "\n".join(_vlsp_sentences(60))
    fresh = Segmenter()
    fresh._pyvi = VietnameseTagger(prune=False, remember=False, score=False)
    first = Segmenter().tokenize(text, "vi")
    warm = Segmenter()
    warm.tokenize(text, "vi")
    assert first == fresh.tokenize(text, "vi") == warm.tokenize(text, "vi")


def _features_before(text: str, sentence: list[Unit], tokens: Sequence[Token], known: frozenset[str] | None
                     ) -> list[list[str]]:
    """The entity features as they were built before the per-syllable memory, kept here as the reference."""
    surnames, titles, heads, place_cues = ner_vi._cues()
    syl = [text[u.start : u.end] for u in sentence]
    lower = [s.lower() for s in syl]
    caps = ["T" if s[:1].isupper() else "d" if s[:1].isdigit() else "x" for s in syl]
    words = ner_vi._word_info(sentence, tokens)
    n = len(syl)
    lp = ["<s>", "<s>", *lower, "</s>", "</s>"]
    bare = ["", "", *lower, "", ""]
    cp = ["<", "<", *caps, ">", ">"]
    tp = ["_", *(w[1] for w in words), "_"]
    out: list[list[str]] = []
    for i, s in enumerate(syl):
        low = lower[i]
        word, tag, pos, _ = words[i]
        k = i + 2
        c = caps[i]
        f = ["b", "s=" + low, "sh=" + shape(s), "c=" + c, "t=" + tag, "tp=" + tag + pos, "wd=" + word,
             "c-1c0c1=" + cp[k - 1] + c + cp[k + 1], "c-2c-1c0=" + cp[k - 2] + cp[k - 1] + c,
             "c0c1c2=" + c + cp[k + 1] + cp[k + 2], "s-2=" + lp[k - 2], "s-1=" + lp[k - 1], "s1=" + lp[k + 1],
             "s2=" + lp[k + 2], "t-1=" + tp[i], "t1=" + tp[i + 2]]
        add_known(f, known, "s-1s0=" + lp[k - 1] + "|" + low, "s0s1=" + low + "|" + lp[k + 1])
        if len(s) > 1 and s.isupper():
            f.append("up")
        if word:
            g = ner_vi._gazetteer_kind(word)
            if g:
                f.append("gz=" + g)
        if i == 0:
            f.append("first")
        if i + 1 >= n:
            f.append("last")
        if low in surnames:
            f.append("surname")
        one, two = bare[k - 1], (bare[k - 2] + " " + bare[k - 1]).strip()
        if one in titles or two in titles:
            f.append("after_title")
        if one in heads or two in heads:
            f.append("after_orghead")
        if one in place_cues or two in place_cues:
            f.append("after_placecue")
        out.append(f)
    return out


def test_entity_features_same_as_before_the_syllable_memory() -> None:
    known = model_attributes(model_path("vi").read_bytes())
    segmenter = Segmenter()
    lines = [*_vlsp_sentences(300), "A", "Hà", "TP. HCM", "ÔNG NGUYỄN VĂN A (UBND) nói: “30-4”."]
    for _ in range(2):  # the second time from the memory
        for line in lines:
            tokens = segmenter.tokenize(line, "vi")
            sentence = ner_vi.units(line)
            for pruned in (known, None):
                assert ner_vi.features(line, sentence, tokens, known=pruned) == _features_before(
                    line, sentence, tokens, pruned), line
