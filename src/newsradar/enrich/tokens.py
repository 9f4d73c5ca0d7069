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
            self._jieba = jieba.posseg.POSTokenizer(tokenizer)
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
        pos = 0
        for line in text.split("\n"):
            if not line.strip():
                pos += len(line) + 1
                continue
            words = tagger.segment(line)
            tags = tagger.tag(words)
            for word, tag in zip(words, tags, strict=False):
                surface = word.replace("_", " ")
                start = text.find(surface, pos)
                if start < 0:  # pyvi re-spaces punctuation; fall back to the first syllable
                    first = surface.split(" ")[0]
                    start = text.find(first, pos)
                    if start < 0:
                        continue
                    surface = first
                pos = start + len(surface)
                tokens.append(Token(surface, str(tag), start, pos))
        return tokens


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
