"""Per-language tokens with real segmenters.

* Korean: kiwipiepy morphological analysis (its NNP tag also feeds entities).
* Chinese: jieba word segmentation with part-of-speech tags (``nr`` person,
  ``ns`` place, ``nt`` organisation).
* Vietnamese: pyvi word segmentation (``Việt_Nam`` is one word) and its tagger
  (``Np`` proper noun), run through :mod:`.vietnamese` (same labels, half the time).
* English and other spaced scripts: a Unicode word pattern.

A :class:`Segmenter` owns its models (loaded on first use, never at import,
never as module globals) so each process or Dask worker has its own.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..lang import resources
from .vietnamese import VietnameseTagger

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
#: Kiwi tags kept as content tokens: nouns, foreign words, hanja, roots of verbs/adjectives.
_KO_CONTENT = ("NNG", "NNP", "SL", "SH", "XR")
_ZH_CONTENT_PREFIX = ("n", "v", "a", "eng", "j", "l", "i")


@dataclass(slots=True)
class Token:
    """One word as the segmenter saw it, with its offsets in the analysed text."""

    text: str
    tag: str
    start: int
    end: int


class Segmenter:
    """Splits text into tokens for one language at a time; models load lazily."""

    def __init__(self) -> None:
        self._kiwi: Any = None
        self._jieba: Any = None
        self._pyvi: VietnameseTagger | None = None

    # -- models --------------------------------------------------------------------------------

    def _korean(self) -> Any:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi()
        return self._kiwi

    def _chinese(self) -> Any:
        if self._jieba is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            # jieba writes its dictionary cache next to the temp dir; keep it per user and writable.
            tokenizer.tmp_dir = os.environ.get("NEWSRADAR_CACHE_DIR") or tempfile.gettempdir()
            self._jieba = _posseg_tokenizer()(tokenizer)
        return self._jieba

    def _vietnamese(self) -> VietnameseTagger:
        if self._pyvi is None:
            self._pyvi = VietnameseTagger()
        return self._pyvi

    # -- segmentation --------------------------------------------------------------------------

    def tokenize(self, text: str, lang: str | None) -> list[Token]:
        if lang == "ko":
            return self._tokens_ko(text)
        if lang == "zh":
            return self._tokens_zh(text)
        if lang == "vi":
            return self._tokens_vi(text)
        return [Token(m.group(), "W", m.start(), m.end()) for m in _WORD.finditer(text)]

    def _tokens_ko(self, text: str) -> list[Token]:
        return [Token(t.form, t.tag, t.start, t.start + t.len) for t in self._korean().tokenize(text)]

    def _tokens_zh(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        pos = 0
        for pair in self._chinese().cut(text):
            word, flag = pair.word, pair.flag
            start = text.find(word, pos)
            if start < 0:
                start = pos
            pos = start + len(word)
            if word.strip():
                tokens.append(Token(word, flag, start, pos))
        return tokens

    def _tokens_vi(self, text: str) -> list[Token]:
        tagger = self._vietnamese()
        tokens: list[Token] = []
        append, find = tokens.append, text.find  # bound once: a news article has hundreds of words
        pos = 0
        for line in text.split("\n"):
            if not line.strip():
                pos += len(line) + 1
                continue
            words, tags = tagger.analyse(line)
            for word, tag in zip(words, tags, strict=False):
                surface = word.replace("_", " ")
                start = find(surface, pos)
                if start < 0:  # pyvi re-spaces punctuation; fall back to the first syllable
                    first = surface.split(" ")[0]
                    start = find(first, pos)
                    if start < 0:
                        continue
                    surface = first
                pos = start + len(surface)
                append(Token(surface, tag, start, pos))
        return tokens


#: Runs of characters jieba's word-and-tag HMM has labelled, kept for the next time the same run comes.
UNKNOWN_RUNS_KEPT = 10_000


def posseg_viterbi(obs: str, states: dict[str, Any], start_p: dict[Any, float], trans_p: dict[Any, dict[Any, float]],
                   emit_p: dict[Any, dict[str, float]]) -> tuple[float, list[Any]]:
    """``jieba.posseg.viterbi.viterbi``, same result, less Python work per step.

    Why: in Chinese enrichment this HMM (jieba's tagger for runs of characters
    its dictionary does not know: names, new words) took half the time, most
    of it building a (score, state) tuple per pair of states for ``max``.
    Here the pairs are scored in a plain loop with the same sums in the same
    order (``previous + transition + emission``) and the same choice among
    equal scores (the greater state, as tuple order made it); a state with no
    transition to the next one scores minus infinity there, so it is only
    looked at when no state has a finite score (then exactly as jieba does).
    """
    min_float, min_inf = -3.14e100, float("-inf")
    all_states = trans_p.keys()
    scores: list[dict[Any, float]] = [{}]
    paths: list[dict[Any, Any]] = [{}]
    for y in states.get(obs[0], all_states):
        scores[0][y] = start_p[y] + emit_p[y].get(obs[0], min_float)
        paths[0][y] = ""
    for t in range(1, len(obs)):
        previous = scores[t - 1]
        here: dict[Any, float] = {}
        path: dict[Any, Any] = {}
        scores.append(here)
        paths.append(path)
        prev_states = [x for x in paths[t - 1] if len(trans_p[x]) > 0]
        expect_next = {y for x in prev_states for y in trans_p[x]}
        obs_states: Any = set(states.get(obs[t], all_states)) & expect_next
        if not obs_states:
            obs_states = expect_next if expect_next else all_states
        char = obs[t]
        for y in obs_states:
            emit = emit_p[y].get(char, min_float)
            best = min_inf
            state: Any = None
            for y0 in prev_states:
                move = trans_p[y0].get(y)
                if move is None:
                    continue
                score = previous[y0] + move + emit
                if state is None or score > best or (score == best and y0 > state):
                    best, state = score, y0
            if state is None or best == min_inf:  # every score is minus infinity: jieba's own choice
                best, state = max((previous[y0] + trans_p[y0].get(y, min_inf) + emit, y0) for y0 in prev_states)
            here[y] = best
            path[y] = state
    prob, state = max((scores[-1][y], y) for y in paths[-1])
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route


@lru_cache(maxsize=UNKNOWN_RUNS_KEPT)
def labelled_run(run: str) -> tuple[Any, ...]:
    """jieba's ``POSTokenizer.__cut`` of a run of characters (its words and tags), with :func:`posseg_viterbi`.

    Remembered (a bounded, thread-safe memory): news repeats its names and new
    words, so a run of characters the dictionary does not know comes again (a
    third of the runs in 2,000 articles, half in 10,000), and its words and
    tags depend on the run alone (jieba's HMM tables are module-wide).
    """
    import jieba.posseg as posseg

    _prob, pos_list = posseg_viterbi(run, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    words: list[Any] = []
    begin, nexti = 0, 0
    for i, char in enumerate(run):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            words.append(posseg.pair(run[begin : i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            words.append(posseg.pair(char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(run):
        words.append(posseg.pair(run[nexti:], pos_list[nexti][1]))
    return tuple(words)


@cache
def _posseg_tokenizer() -> Any:
    """jieba's word-and-tag tokenizer, its HMM step (runs of unknown characters) done by :func:`labelled_run`."""
    import jieba.posseg as posseg

    class POSTokenizer(posseg.POSTokenizer):
        def _POSTokenizer__cut(self, sentence: str) -> Any:  # overrides jieba's private __cut (name-mangled)
            return iter(labelled_run(sentence))

    return POSTokenizer


def content_terms(tokens: list[Token], lang: str | None) -> list[str]:
    """The words that carry meaning: lower-cased, stopwords and punctuation out.

    These feed keywords, search and clustering; for Korean only nouns and
    foreign words are kept (particles and endings carry no topic).
    """
    module = resources(lang)
    stop: frozenset[str] = getattr(module, "STOPWORDS", frozenset()) if module else frozenset()
    terms: list[str] = []
    for token in tokens:
        if lang == "ko" and token.tag not in _KO_CONTENT:
            continue
        if lang == "zh" and not token.tag.startswith(_ZH_CONTENT_PREFIX):
            continue
        word = token.text.lower()
        if not _HAS_LETTER.search(word) or word in stop:
            continue
        if len(word) < 2 and not (lang == "zh" and token.tag.startswith("n")):
            continue
        terms.append(word)
    return terms


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
