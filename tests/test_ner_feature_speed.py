"""The Korean entity features, built word by word and morpheme by morpheme, are the features they replaced.

The tagger gives crfsuite every attribute string of every character, and the model's labels depend on
nothing else; so the faster code (``korean.features``, ``names.marks``, ``english.features``) must give
the same lists, in the same order.  The code it replaced is kept here as the reference.
"""

from __future__ import annotations

import gc
import random
import tracemalloc
from collections.abc import Sequence

import pytest

from newsradar.enrich.crfsuite_models import model_attributes
from newsradar.enrich.ner import english, korean
from newsradar.enrich.ner.clusters import word_clusters
from newsradar.enrich.ner.corpora import DEFAULT_DATA, load
from newsradar.enrich.ner.names import Names, marks, names_path, shipped
from newsradar.enrich.ner.tagger import model_path
from newsradar.enrich.ner.units import Features, Unit, add_known, covering, sentences
from newsradar.enrich.tokens import Segmenter, Token

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

SENTENCES = 300  # Korean dev sentences


# -- the reference: the per-character code the fast path replaced ---------------------------------------------


def _reference_marks(text: str, sentence: Sequence[Unit], names: Names) -> list[str]:
    lengths: dict[str, set[int]] = {}
    for surface in names.table:
        lengths.setdefault(surface[0], set()).add(len(surface))
    by_first = {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}
    out = [""] * len(sentence)
    ends = {u.end: i for i, u in enumerate(sentence)}
    table = names.table
    i = 0
    while i < len(sentence):
        start = sentence[i].start
        best = -1
        kind = ""
        for length in by_first.get(text[start], ()):
            j = ends.get(start + length)
            if j is not None and j >= i:
                found = table.get(text[start : start + length])
                if found:
                    best, kind = j, found
                    break
        if best < 0:
            i += 1
            continue
        out[i] = "B-" + kind
        for k in range(i + 1, best + 1):
            out[k] = "I-" + kind
        i = best + 1
    return out


def _reference_morphemes(sentence: list[Unit], tokens: Sequence[Token]) -> list[tuple[str, ...]]:
    clusters = word_clusters("ko")
    described: dict[int, tuple[str, ...]] = {}
    out: list[tuple[str, ...]] = []
    for u, t in zip(sentence, covering(sentence, tokens), strict=True):
        if t >= 0:
            tok = tokens[t]
            d = described.get(t)
            if d is None:
                prev = tokens[t - 1] if t > 0 else None
                nxt = tokens[t + 1] if t + 1 < len(tokens) else None
                here = clusters.get(tok.text.lower(), ("", ""))
                d = (tok.text if tok.tag in ("NNP", "NNG", "SL", "SH") else "",
                     prev.tag if prev else "<s>", nxt.tag if nxt else "</s>",
                     nxt.text if nxt and nxt.tag.startswith(("J", "XS")) else "",
                     prev.text if prev and prev.tag in ("NNG", "NNP", "NNB") else "",
                     here[0], here[1],
                     clusters.get(prev.text.lower(), ("", ""))[0] if prev else "<s>",
                     clusters.get(nxt.text.lower(), ("", ""))[0] if nxt else "</s>")
                described[t] = d
            length = tok.end - tok.start
            pos = "S" if length == 1 else "B" if u.start == tok.start else "E" if u.end == tok.end else "I"
            out.append((tok.tag, pos, *d))
        else:
            out.append(("_", "S", "", "_", "_", "", "", "", "", "", ""))
    return out


def _reference_features(text: str, sentence: list[Unit], tokens: Sequence[Token], names: Names) -> Features:
    titles, org_suffixes, place_suffixes = korean._cues()
    listed = _reference_marks(text, sentence, names)
    chars = [text[u.start] for u in sentence]
    classes = [korean._char_class(c) for c in chars]
    space_before = [u.start == 0 or text[u.start - 1].isspace() for u in sentence]
    space_after = [u.end >= len(text) or text[u.end].isspace() for u in sentence]
    morph = _reference_morphemes(sentence, tokens)
    tags = [m[0] for m in morph]
    out: Features = []
    n = len(chars)
    words: list[str] = []
    stems: list[str] = []
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < n:
        j = i
        while j + 1 < n and not space_after[j]:
            j += 1
        words.extend(["".join(chars[i : j + 1])] * (j - i + 1))
        k = j
        while k > i and (tags[k].startswith(("J", "E")) or tags[k] in ("XSN", "VCP", "SF", "SP", "SS", "SO", "SW")):
            k -= 1
        stem = "".join(chars[i : k + 1]) if k < j else ""
        stems.extend([stem if len(stem) <= 8 else ""] * (j - i + 1))
        spans.append((i, j, k))
        i = j + 1
    eojeol: list[tuple[int, int, int, list[str]]] = []
    bare = ["".join(chars[s0 : k0 + 1]) for s0, _, k0 in spans]
    for w, (s0, e0, k0) in enumerate(spans):
        shared = korean._eojeol_features.__wrapped__(bare[w], words[s0], bare[w - 1] if w else "<s>",
                                                     bare[w + 1] if w + 1 < len(spans) else "</s>", e0 - s0 + 1)
        josa = "".join(chars[k0 + 1 : e0 + 1])
        eojeol.extend([(s0, e0, k0 if josa else -1, shared)] * (e0 - s0 + 1))
    cp = ["<s>", "<s>", *chars, "</s>", "</s>"]
    kp = ["<", *classes, ">"]
    tp = ["_", *tags, "_"]
    lp = ["<", *listed, ">"]
    for i, c in enumerate(chars):
        tag, pos, form, prev, nxt, after, before, fine, coarse, left, right = morph[i]
        k = i + 2
        a, b, d, e = cp[k - 2], cp[k - 1], cp[k + 1], cp[k + 2]
        f = ["b", "c=" + c, "k=" + classes[i], "t=" + tag, "tp=" + tag + pos, "tprev=" + prev, "tnext=" + nxt,
             "k-1k0k1=" + kp[i] + classes[i] + kp[i + 2], "c-2=" + a, "c-1=" + b, "c1=" + d, "c2=" + e,
             "t-1=" + tp[i], "t1=" + tp[i + 2], "c-1c0=" + b + c, "c0c1=" + c + d, "c-1c0c1=" + b + c + d,
             "c-2c-1c0=" + a + b + c, "c0c1c2=" + c + d + e, "nl-1nl1=" + lp[i] + "|" + lp[i + 2],
             "cl=" + fine, "cc=" + coarse, "cl-1=" + left, "cl+1=" + right, "clp=" + fine + pos]
        if space_before[i]:
            f.append("sb")
            f.append("wfirst")
            if c in korean.KOREAN_SURNAMES:
                f.append("surname")
        else:
            f.append("wp=" + words[i][:1] + "|" + c)
        if space_after[i]:
            f.append("sa")
        if form:
            f.append("m=" + form)
            if korean._is_place(form):
                f.append("gz=place")
        if pos in ("B", "S"):
            f.append("tn=" + tag + "|" + nxt)
            if before:
                f.append("mb=" + before)
        if pos in ("E", "S") and after:
            f.append("ma=" + after)
        if listed[i]:
            f.append("nl=" + listed[i])
        if c in korean.COMPOUND and (b == "·" or d == "·"):
            f.append("compound_country")
        word = words[i]
        if len(word) <= 6:
            f.append("wd=" + word)
        stem = stems[i]
        if stem:
            f.append("stem=" + stem)
            f.append("stemlen=" + str(min(len(stem), 5)))
        if space_before[i]:
            for j in (1, 2, 3):
                if len(word) > j and word[-j:] in titles:
                    f.append("title_end")
        if c in place_suffixes:
            f.append("place_suffix")
        if c in org_suffixes or b + c in org_suffixes:
            f.append("org_suffix")
        if i + 1 < n and "".join(chars[i + 1 : i + 3]) in titles:
            f.append("before_title")
        s0, e0, k0, shared = eojeol[i]
        f.append(korean._WPOS[min(i - s0, 3)][min(e0 - i, 3)])
        f.extend(shared)
        if k0 >= 0:
            if i < k0:
                f.append("instem")
            elif i == k0:
                f.extend(("instem", "stem_end", "stem_end_josa=" + words[i][k0 - s0 + 1 :]))
            else:
                f.append("injosa")
        f.extend(("c-2c-1=" + a + b, "c1c2=" + d + e))
        out.append(f)
    return out


# -- data --------------------------------------------------------------------------------------------------------


def _tagger_sentences(texts: list[str]) -> list[tuple[str, list[Unit], list[Token]]]:
    """The texts cut as the tagger cuts an article: per sentence, its characters at the text's offsets and the
    tokens that overlap it."""
    segmenter = Segmenter()
    out = []
    for text in texts:
        tokens = segmenter.tokenize(text, "ko")
        t = 0
        for start, end in sentences(text):
            units = [Unit(a + start, b + start) for a, b in korean.units(text[start:end], ())]
            if not units:
                continue
            while t < len(tokens) and tokens[t].end <= start:
                t += 1
            first = t
            while t < len(tokens) and tokens[t].start < end:
                t += 1
            out.append((text, units, tokens[first:t]))
    return out


@pytest.fixture(scope="module")
def dev_sentences() -> list[tuple[str, list[Unit], list[Token]]]:
    try:
        gold = load("ko", DEFAULT_DATA, "dev")[:SENTENCES]
    except (FileNotFoundError, OSError):
        pytest.skip("no Korean dev data")
    if not gold:
        pytest.skip("no Korean dev data")
    texts = [s.text for s in gold]
    # a few articles' worth: sentences joined, so that a sentence starts after another (offsets, spaces)
    texts += ["  ".join(texts[i : i + 6]) for i in range(0, 60, 6)]
    texts += ["김도현 장관은 서울 서초구에서 관계자들을 만났다.\n\n삼성 그룹·LG 그룹과 한국·미국 정상이 만났다.",
              "「국회」에서 이재명 대표(59)는 'AI 기본법'을 말했다… 서울特別市 12,000원.", "", "   ", "ㄱ ㅏ 가"]
    return _tagger_sentences(texts)


# -- the comparisons ---------------------------------------------------------------------------------------------


def test_korean_features_are_the_reference_features_on_dev_sentences(
        dev_sentences: list[tuple[str, list[Unit], list[Token]]]) -> None:
    """Every character's attribute list, with the shipped name list and with none: equal, string for string."""
    assert sum(len(units) for _, units, _ in dev_sentences) > 10_000
    for names in (shipped("ko"), Names({})):
        for text, units, tokens in dev_sentences:
            assert korean.features(text, units, tokens, names=names) == _reference_features(text, units, tokens,
                                                                                            names), text


def test_korean_features_without_tokens_are_the_reference_features(
        dev_sentences: list[tuple[str, list[Unit], list[Token]]]) -> None:
    """No token covers a character (the segmenter gave none): the same placeholders as before."""
    names = shipped("ko")
    for text, units, _tokens in dev_sentences[:50]:
        assert korean.features(text, units, [], names=names) == _reference_features(text, units, [], names)


def test_name_marks_are_the_reference_marks_on_random_text() -> None:
    """Overlapping names, names of one character, names that end inside a unit and units of several
    characters (as another language's words would be): the longest listed name still wins where it did."""
    rng = random.Random(7)
    alphabet = "가나다라마 ab"
    for _ in range(300):
        table = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))).strip() or "가":
                 rng.choice(("PER", "ORG", "LOC")) for _ in range(rng.randint(1, 25))}
        names = Names(table)
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        chars = [Unit(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]
        words = [Unit(i, min(i + rng.randint(1, 3), len(text))) for i in range(0, len(text), 3)]
        for units in (chars, words):
            assert marks(text, units, names) == _reference_marks(text, units, names), (text, table)


def test_the_name_index_stays_small() -> None:
    """The two-character index of the shipped Korean name list is a fraction of a MiB (each enrichment worker
    holds one), and the features keep nothing between sentences beyond the caches they already had."""
    path = names_path("ko")
    if not path.exists():
        pytest.skip("no Korean name list")
    lines = path.read_text(encoding="utf-8").splitlines()
    table = dict(line.split("\t", 1) for line in lines if "\t" in line)
    gc.collect()
    tracemalloc.start()
    try:
        names = Names(table)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(names.lengths) > 1000  # indexed by two characters (by one, 513 starts)
    assert held < 2**20, f"{held} bytes"  # the table and its index (0.31 MiB; the table and a one-character one, 0.18)


def test_features_keep_nothing_new_between_sentences(
        dev_sentences: list[tuple[str, list[Unit], list[Token]]]) -> None:
    """After a run over the dev sentences, what stays (beyond the bounded caches the features had before) is
    well under 2 MiB."""
    names = shipped("ko")
    for text, units, tokens in dev_sentences[:50]:
        korean.features(text, units, tokens, names=names)  # tables and models load here, not below
    caches = (korean._eojeol_features, korean._is_place, korean._char_class)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for text, units, tokens in dev_sentences:
            korean.features(text, units, tokens, names=names)
        for cache in caches:
            cache.cache_clear()
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 2**20 // 2, f"{kept} bytes"


def _reference_english(text: str, sentence: list[Unit], known: frozenset[str] | None) -> Features:
    words = [text[u.start : u.end] for u in sentence]
    lower = [w.lower() for w in words]
    letters = [w for w in words if w.isalpha()]
    headline = bool(letters) and sum(w.isupper() for w in letters) / len(letters) > 0.6
    n = len(words)
    lp = ["<s>", "<s>", *lower, "</s>", "</s>"]
    sp = ["_", "_", *(english._shape(w) for w in words), "_", "_"]
    out: Features = []
    for i, w in enumerate(words):
        low = lower[i]
        k = i + 2
        f = list(english._word_features(w))
        if headline:
            f.append("headline")
            f.append("hw=" + low)
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        if i + 1 < n and w[:1].isupper():
            g2 = english._gazetteer_kind(low + " " + lower[i + 1])
            if g2:
                f.append("gz2=" + g2)
        f += ("w-2=" + lp[k - 2], "sh-2=" + sp[k - 2], "w-1=" + lp[k - 1], "sh-1=" + sp[k - 1],
              "w1=" + lp[k + 1], "sh1=" + sp[k + 1], "w2=" + lp[k + 2], "sh2=" + sp[k + 2])
        add_known(f, known, "w-1w0=" + lp[k - 1] + "|" + low, "w0w1=" + low + "|" + lp[k + 1])
        f.append("sh-1sh0sh1=" + sp[k - 1] + "|" + sp[k] + "|" + sp[k + 1])
        out.append(f)
    return out


def test_english_features_are_the_reference_features_on_dev_sentences() -> None:
    """With the model's attributes (tagging) and without (training): the same lists, string for string."""
    try:
        gold = load("en", DEFAULT_DATA, "dev")[:1500]
    except (FileNotFoundError, OSError):
        pytest.skip("no English dev data")
    if not gold or not model_path("en").exists():
        pytest.skip("no English dev data or model")
    known = model_attributes(model_path("en").read_bytes())
    assert known
    texts = [s.text for s in gold] + ["  ".join(s.text for s in gold[i : i + 5]) for i in range(0, 50, 5)]
    texts += ["SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", "Kim Jong-un met Xi Jinping in Beijing."]
    checked = 0
    for text in texts:
        for start, end in sentences(text):
            units = [Unit(a + start, b + start) for a, b in english.units(text[start:end], ())]
            for attributes in (known, None):
                assert english.features(text, units, (), known=attributes) == _reference_english(text, units,
                                                                                                 attributes), text
            checked += len(units)
    assert checked > 20_000
