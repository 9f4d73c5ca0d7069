"""The Vietnamese entity tagger's own item builder gives the model what the plain feature code gives it (issue 18).

``ner.vietnamese.ModelItems`` hands crfsuite, per syllable, the attributes of
``features(..., known=...)`` that the model has weights for, as UTF-8 bytes,
in the same order: crfsuite skips the others and sums the rest in order, so
the labels cannot change.  These tests hold the two paths to that on real
sentences and on edge cases (a "|" syllable inside a pair, abbreviations at a
sentence's end, a run cut without an end mark), and keep its memory bounded.
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from newsradar.enrich.entities import EntityRecognizer, Mention, _resolve, entity_key
from newsradar.enrich.ner import vietnamese as ner_vi
from newsradar.enrich.ner.corpora import DEFAULT_DATA, load
from newsradar.enrich.ner.tagger import NerTagger, model_attributes, model_path
from newsradar.enrich.ner.units import Unit, sentences
from newsradar.enrich.tokens import Segmenter, Token

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

SENTENCES = 400
EDGES = [
    "Thủ tướng Nguyễn Xuân Phúc tiếp Đại sứ Hàn Quốc tại Hà Nội sáng 20/11. Ông nói với TP. HCM rằng.",
    "UBND TP.HCM cho biết 3,5 tỷ đồng đã được chuyển tới Bộ Y tế ==> ngay. Anh Nh. nói thế. TP.",
    "ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIV khai mạc tại Thủ đô.\n\nBà Park Geun-hye gặp ông Tập Cận Bình.",
    "Giá | tăng || giảm | Bộ trưởng Bộ Công an | Tổng Bí thư Tô Lâm | tỉnh Quảng Ninh |",
    "Chủ tịch " + "Nguyễn Văn An và Trần Thị Bình cùng " * 30 + "đến Hà Nội",  # a run the sentence splitter cuts
    "Hội Nhà báo Việt Nam (VJA) và VJA. Ông A nói. Ông Lê Quốc Minh, Minh nói.",
    "", ".", "  \n ", "a", "Đ",
]
#: What the per-form memory of the item builder may hold when full, with its per-model tables (MiB).  It takes the
#: place of the feature code's per-syllable memory in tagging, which held ~630 bytes a form for up to 50,000 forms.
ITEMS_BUDGET_MIB = 12


@pytest.fixture(scope="module")
def texts_and_tokens() -> list[tuple[str, list[Token]]]:
    segmenter = Segmenter()
    texts = [s.text for s in load("vi", DEFAULT_DATA, "dev")[:SENTENCES]] + EDGES
    texts.append(" ".join(texts[:40]))  # many sentences in one text, as in an article
    return [(text, segmenter.tokenize(text, "vi")) for text in texts]


@pytest.fixture(scope="module")
def known() -> frozenset[str]:
    found = model_attributes(model_path("vi").read_bytes())
    assert found
    return found


def _plain_items(text: str, start: int, end: int, tokens: list[Token], known: frozenset[str]
                 ) -> tuple[list[tuple[int, int]], list[list[bytes]]]:
    """The plain path: units of the slice moved to the text's offsets, ``features`` with ``known``, then only
    what the model knows (what crfsuite keeps of it), encoded as crfsuite encodes it."""
    units = [Unit(a + start, b + start) for a, b in ner_vi.units(text[start:end])]
    features = ner_vi.features(text, units, tokens, known=known) if units else []
    return [(u.start, u.end) for u in units], [[a.encode() for a in f if a in known] for f in features]


def _sentence_tokens(text: str, start: int, end: int, tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.end > start and t.start < end]


def _check_same(builder: ner_vi.ModelItems, pairs: list[tuple[str, list[Token]]], known: frozenset[str]) -> int:
    """Every sentence's syllables and items from ``builder`` equal the plain path's; the attributes left out."""
    left_out = 0
    for text, tokens in pairs:
        for start, end in sentences(text):
            spans, records = builder.syllables(text, start, end)
            part = _sentence_tokens(text, start, end, tokens)
            plain_spans, plain = _plain_items(text, start, end, part, known)
            assert spans == plain_spans, text[start:end]
            if not spans:
                continue
            items = builder.items(spans, records, part)
            assert items == plain, text[start:end]
            units = [Unit(a, b) for a, b in spans]
            left_out += sum(map(len, ner_vi.features(text, units, part, known=known))) - sum(map(len, items))
    return left_out


def test_model_items_are_the_features_the_model_knows(texts_and_tokens: list[tuple[str, list[Token]]],
                                                      known: frozenset[str]) -> None:
    """Same syllables, same attributes in the same order, as bytes; fresh and from the per-form memory."""
    builder = ner_vi.ModelItems(known)
    fresh = _check_same(builder, texts_and_tokens, known)
    assert builder._forms, "nothing was remembered per form"
    warm = _check_same(builder, texts_and_tokens, known)
    assert fresh == warm > 0, "the builder left out nothing the model does not know"


def test_pairs_and_cues_are_found_whatever_the_syllables(texts_and_tokens: list[tuple[str, list[Token]]]) -> None:
    """A model that knows every attribute of the texts (pairs with a "|" syllable, cue words, gazetteer kinds), and
    one that knows every other one: the builder's pair index and cue test miss none and add none."""
    everything: set[str] = set()
    for text, tokens in texts_and_tokens:
        for start, end in sentences(text):
            units = [Unit(a + start, b + start) for a, b in ner_vi.units(text[start:end])]
            if units:
                for f in ner_vi.features(text, units, _sentence_tokens(text, start, end, tokens)):
                    everything.update(f)
    assert "s-1s0=giá||" in everything and "s0s1=||tăng" in everything and "after_title" in everything
    for model in (frozenset(everything), frozenset(sorted(everything)[::2])):
        _check_same(ner_vi.ModelItems(model), texts_and_tokens, model)


def test_tagger_spans_are_the_same_through_the_builder(texts_and_tokens: list[tuple[str, list[Token]]]) -> None:
    """The tagger's fast loop finds the spans its plain loop finds, over whole texts of many sentences."""
    fast, plain = NerTagger(), NerTagger()
    plain._tagger("vi")
    plain._items.clear()  # the plain loop: features() with known, str attributes
    fast._tagger("vi")
    assert isinstance(fast._items.get("vi"), ner_vi.ModelItems)
    found = 0
    for text, tokens in texts_and_tokens:
        spans = fast.spans(text, tokens, "vi")
        assert spans == plain.spans(text, tokens, "vi"), text
        found += len(spans)
    assert found > 100


def test_form_memory_is_bounded(texts_and_tokens: list[tuple[str, list[Token]]], known: frozenset[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-form memory is emptied when full, and what is made again is the same."""
    monkeypatch.setattr(ner_vi, "FORMS_KEPT", 50)
    builder = ner_vi.ModelItems(known)
    _check_same(builder, texts_and_tokens[:60], known)
    assert 0 < len(builder._forms) <= 50


def test_form_memory_fits_its_budget(texts_and_tokens: list[tuple[str, list[Token]]], known: frozenset[str]) -> None:
    """A full per-form memory, at the size real entries take, with the builder's tables, stays within the budget;
    and tagging no longer fills the feature code's own per-syllable memory (made for training)."""
    ner_vi.ModelItems(known)  # the cue words load here, not in the measurement
    gc.collect()
    tracemalloc.start()
    try:
        builder = ner_vi.ModelItems(known)
        tables = tracemalloc.get_traced_memory()[0]
        for text, _ in texts_and_tokens:
            for start, end in sentences(text):
                builder.syllables(text, start, end)
        gc.collect()
        entries = len(builder._forms)
        per_form = (tracemalloc.get_traced_memory()[0] - tables) / entries
    finally:
        tracemalloc.stop()
    assert entries > 1000, "too few distinct syllables to measure an entry"
    assert 100 < per_form < 1000, per_form
    assert (tables + ner_vi.FORMS_KEPT * per_form) < ITEMS_BUDGET_MIB * 2**20, (tables, per_form)
    ner_vi._syllable.cache_clear()
    tagger = NerTagger()
    for text, tokens in texts_and_tokens[:50]:
        tagger.spans(text, tokens, "vi")
    assert ner_vi._syllable.cache_info().currsize == 0


def test_resolve_of_disjoint_mentions_is_the_same(texts_and_tokens: list[tuple[str, list[Token]]]) -> None:
    """Told the mentions are disjoint already (as ``mentions`` gives them), ``_resolve`` gives the same entities,
    and an acronym defined in the text takes the key of the name it stands for."""
    recogniser = EntityRecognizer()
    for text, tokens in texts_and_tokens[:200] + texts_and_tokens[-12:]:
        mentions = recogniser.mentions(text, tokens, "vi")
        assert _resolve(mentions, text, disjoint=True) == _resolve(mentions, text)
    text = "Hiệp hội Nhà báo Hà Tiên (HNBX) họp. HNBX cho biết."
    mentions = [Mention("Hiệp hội Nhà báo Hà Tiên", "organization", 0, 24), Mention("HNBX", "organization", 37, 41)]
    entities = _resolve(mentions, text, disjoint=True)
    assert [(e.key, e.count) for e in entities] == [(entity_key("Hiệp hội Nhà báo Hà Tiên"), 2)]
    assert entity_key("HNBX") != entity_key("Hiệp hội Nhà báo Hà Tiên")


def test_origin_is_chosen_as_with_kiwi_asked_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kiwi is asked only when its answer changes the likeliest origin, and the origin is the one it would give;
    the names of Sino-Vietnamese, Chinese and Korean people, and the keys of Vietnamese names."""
    from newsradar.enrich import identity

    names = ["陈大光", "孙兴慜", "金妍儿", "习近平", "阮富仲", "潘文凯", "李明博", "朴槿惠", "黎光明", "王小明",
             "武文赏", "张伟", "金正恩", "文在寅", "崔顺实", "范明正", "吴庭艳", "胡志明", "周恩来", "宋仲基",
             "洪吉童", "裴清"]
    asked: list[str] = []
    knows = identity._kiwi_knows
    monkeypatch.setattr(identity, "_kiwi_knows", lambda hangul: asked.append(hangul) or knows(hangul))
    for han in names:
        for lang in ("vi", "ko", "zh", "en"):
            always = identity._kiwi_scores(*identity._origin_evidence(han, lang), knows(identity._hanja_reading(han)))
            assert identity._likeliest(han, lang) == max((identity.CN, identity.KO, identity.VN),
                                                         key=lambda o: always[o]), (han, lang)
    assert 0 < len(asked) < 4 * len(names) * 0.9, "Kiwi was asked for every name, or for none"
    vietnamese = ["Tập Cận Bình", "Trần Đại Quang", "Phác Cận Huệ", "Văn Tại Dần", "Nguyễn Xuân Phúc", "Lý Hiển Long",
                  "Kim Chính Ân", "Thái Anh Văn", "Ôn Gia Bảo", "Lê Quốc Minh", "Vương Nghị", "Hồ Cẩm Đào"]
    identity.identity_key.cache_clear()
    fast = [identity.identity_key(n, "person", lang) for n in vietnamese for lang in ("vi", None)]
    identity.identity_key.cache_clear()
    monkeypatch.setattr(identity, "_likeliest", lambda han, lang, then=lambda s: s: max(
        (identity.CN, identity.KO, identity.VN),
        key=lambda o: then(identity._kiwi_scores(*identity._origin_evidence(han, lang),
                                                 knows(identity._hanja_reading(han))))[o]))
    assert fast == [identity.identity_key(n, "person", lang) for n in vietnamese for lang in ("vi", None)]
    identity.identity_key.cache_clear()


def test_kiwi_is_loaded_before_workers_fork() -> None:
    """``Enricher.load`` leaves identity's Kiwi loaded in full (its first analysis done), so forked workers share
    it, though none of the names it keys needs Kiwi's answer now."""
    from newsradar.enrich import Enricher, identity

    Enricher().load()
    assert identity._kiwi.cache_info().currsize == 1


def test_small_memories_fit_their_budget(texts_and_tokens: list[tuple[str, list[Token]]]) -> None:
    """The romanised pieces and the country tests of name spans are kept within their bounds, under 3 MiB together
    when full, and what comes from them is what is made afresh."""
    import itertools

    from newsradar.enrich import identity
    from newsradar.enrich.ner import tagger as tagger_module

    syllables = ["".join(p) for p in itertools.product(["k", "ch", "s", "h", "y", "j", "p", "m"],
                                                         ["a", "eo", "i", "u", "yeo", "ae", "o"], ["", "n", "ng", "m"])]
    pieces = [a + b for a in syllables for b in ["", "in", "ho", "su", "hee", "won", "xq", "jae", "min", "seok", "woo",
                                                  "yeon", "hyun", "gyu", "dong", "chul", "sik", "rae", "bin", "tae"]]
    assert len(pieces) > identity.PIECES_KEPT
    identity._korean_romanisation.cache_clear()
    fresh = [identity._korean_romanisation.__wrapped__(p, False) for p in pieces]
    gc.collect()
    tracemalloc.start()
    try:
        kept = [identity.korean_romanisation(p) for p in pieces]
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept == [None if f is None else list(f) for f in fresh]
    assert identity._korean_romanisation.cache_info().currsize == identity.PIECES_KEPT
    identity._korean_romanisation.cache_clear()
    per_label = 3 * 80 + 100  # a (surface, label, language) key, its dict slot and its answer: about this much
    assert held + tagger_module.LABELS_KEPT * per_label < 3 * 2**20, held
    tagger = NerTagger()
    for text, tokens in texts_and_tokens:
        tagger.spans(text, tokens, "vi")
    assert 0 < len(tagger._country_labels) <= tagger_module.LABELS_KEPT
    assert all(tagger_module.country_label(*key) == label for key, label in tagger._country_labels.items())
