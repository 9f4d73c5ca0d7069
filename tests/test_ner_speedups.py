"""The fast paths of tagging give what the plain paths give: same attributes to the model, same labels, same words.

Each test also fails when its fast path is gone: the pruned attribute lists
must be shorter than the plain ones, and the Chinese tokenizer must answer a
repeated run from its memory.
"""

from __future__ import annotations

import pytest

from newsradar.enrich.ner.corpora import DEFAULT_DATA, load
from newsradar.enrich.ner.tagger import NerTagger, model_attributes, model_path
from newsradar.enrich.ner.train import DATA
from newsradar.enrich.ner.units import Unit
from newsradar.enrich.tokens import Segmenter, labelled_run, posseg_viterbi

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

SENTENCES = 400  # dev sentences per language: enough to meet every kind of attribute, quick to tag


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize("lang", sorted(DATA))
def test_model_attributes_are_crfsuite_own(lang: str) -> None:
    """The attribute table read from the model file is the one crfsuite's own dump lists."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path(lang)))
    assert model_attributes(model_path(lang).read_bytes()) == frozenset(tagger.info().attributes)


def test_model_attributes_refuse_what_is_not_a_model() -> None:
    assert model_attributes(b"") is None
    assert model_attributes(b"not a crfsuite model at all, but long enough to unpack a header") is None
    data = bytearray(model_path("en").read_bytes())
    data[0:4] = b"XXXX"
    assert model_attributes(bytes(data)) is None


@pytest.mark.parametrize("lang", sorted(DATA))
def test_pruned_features_give_the_model_the_same_attributes(lang: str, segmenter: Segmenter) -> None:
    """Whatever the fast path leaves out is unknown to the model, what it keeps keeps its order, and the labels
    are the same; for the languages whose feature code prunes, something is left out."""
    tagger = NerTagger()
    crf = tagger._tagger(lang)
    spec = tagger._languages[lang]
    known = tagger._known[lang]
    model_known = model_attributes(model_path(lang).read_bytes())
    assert model_known
    names = tagger._names(lang) if spec.name_list else None
    plain_total = fast_total = 0
    for sentence in load(lang, DEFAULT_DATA, "dev")[:SENTENCES]:
        units = spec.units(sentence.text, ())
        if not units:
            continue
        tokens = segmenter.tokenize(sentence.text, lang) if spec.needs_tokens else []
        plain = spec.features(sentence.text, units, tokens, names=names)
        fast = plain if known is None else spec.features(sentence.text, units, tokens, names=names, known=known)
        for full, pruned in zip(plain, fast, strict=True):
            assert [a for a in full if a in model_known] == [a for a in pruned if a in model_known]
            assert all(a in full for a in pruned)
            plain_total += len(full)
            fast_total += len(pruned)
        assert crf.tag(plain) == crf.tag(fast)
    if lang in ("en", "vi", "zh"):
        assert known is not None
        assert fast_total < plain_total * 0.95, "the fast path left nothing out"


def test_tagger_spans_are_the_same_with_and_without_pruning(segmenter: Segmenter) -> None:
    fast, plain = NerTagger(), NerTagger(prune=False)
    for lang in sorted(DATA):
        texts = [s.text for s in load(lang, DEFAULT_DATA, "dev")[:150]]
        text = "\n".join(texts)
        tokens = segmenter.tokenize(text, lang)
        assert fast.spans(text, tokens, lang) == plain.spans(text, tokens, lang)
        assert plain._known[lang] is None


def test_units_are_named_tuples() -> None:
    """Made once or twice per character of every article: a tuple is three times quicker to make."""
    unit = Unit(3, 5)
    assert isinstance(unit, tuple) and (unit.start, unit.end) == (3, 5)


def test_chinese_words_are_jiebas_own(segmenter: Segmenter) -> None:
    """The quicker HMM and the memory of labelled runs give jieba's words and tags, and the memory is used."""
    import jieba.posseg as posseg

    fast = segmenter._chinese()
    plain = posseg.POSTokenizer(fast.tokenizer)
    labelled_run.cache_clear()
    texts = [s.text for s in load("zh", DEFAULT_DATA, "dev")[:SENTENCES]]
    texts += ["习近平主席会见了来访的越南国家主席阮富仲。", "张伟和李娜在深圳市南山区创办了云帆科技有限公司。",
              "Apple公司CEO库克2024年访问北京，与王小明会面。"]
    for text in texts * 2:  # the second time round, runs come from memory
        assert [(p.word, p.flag) for p in fast.cut(text)] == [(p.word, p.flag) for p in plain.cut(text)]
    assert labelled_run.cache_info().hits > 0, "no labelled run was remembered"
    args = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    for run in ("阮富仲", "云帆科技", "库克", "王小明会面", "中", "一二三四五六七八九十"):
        assert posseg_viterbi(run, *args) == posseg.viterbi(run, *args)


def test_quote_mentions_are_found_where_the_regex_found_them() -> None:
    """The mention search without a compiled pattern per name finds what ``re.finditer`` found."""
    import random
    import re

    from newsradar.enrich.quotes import _occurrences

    texts = ["Kim said Kim's Kimchi, _Kim Kim2 Kim-Jong (Kim) 김Kim Kim", "aaaa aa aaa", "Lê Văn Lêa Lê_ Lê Lê",
             "習近平 習近平主席 習近平習近平", "", "U.S. U.S.A. the U.S.", "Nguyễn Văn An nói. An, Ân an AN"]
    forms = ["Kim", "aa", "a", "Lê", "習近平", "U.S.", "An", "", "Kim Kim", "S."]
    rng = random.Random(7)
    alphabet = "aK _-.Lê習平2"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    forms += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(30)]
    for text in texts:
        for form in forms:
            for bounded in (True, False):
                pattern = rf"(?<!\w){re.escape(form)}(?!\w)" if bounded else re.escape(form)
                expected = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
                assert _occurrences(form, text, bounded=bounded) == expected, (form, text, bounded)
