"""Run the shipped CRF models over article text: sentences -> units -> features -> BIO labels -> spans."""

from __future__ import annotations

import inspect
import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tokens import Token
from .gold import country_label
from .languages import Language, language
from .names import shipped
from .paths import MODEL_DIR
from .units import Unit, sentences

KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}


@dataclass(slots=True, frozen=True)
class Span:
    start: int
    end: int
    label: str  # PER | ORG | LOC


def decode(units: Sequence[Unit], tags: Sequence[str]) -> list[Span]:
    """BIO labels to spans; an I- without its B- opens a span (the CRF rarely does it, but never drop a name)."""
    spans: list[Span] = []
    start = end = -1
    kind = ""
    for unit, tag in zip(units, tags, strict=True):
        if tag == "O" or tag.startswith("B-") or tag[2:] != kind:
            if kind:
                spans.append(Span(start, end, kind))
            kind = "" if tag == "O" else tag[2:]
            start, end = unit.start, unit.end
        else:
            end = unit.end
    if kind:
        spans.append(Span(start, end, kind))
    return spans


def model_path(lang: str) -> Path:
    return MODEL_DIR / f"{lang}.crfsuite"


def model_card(lang: str) -> dict[str, Any] | None:
    card = MODEL_DIR / f"{lang}.json"
    return json.loads(card.read_text(encoding="utf-8")) if card.exists() else None


def model_attributes(data: bytes) -> frozenset[str] | None:
    """The attribute names a crfsuite model has weights for, read from the model file's bytes.

    Why: crfsuite silently skips every attribute its model does not know, but
    only after python-crfsuite has converted it (UTF-8 bytes, C++ strings, a
    dictionary lookup), and that conversion was more than half of
    ``Tagger.tag``'s time.  A quarter to two fifths of the feature strings of
    news text are such strangers, word and character pairs above all (nineteen
    in twenty of them), so the feature code of a language that takes ``known``
    leaves out the pairs the model does not know before the call; the labels
    cannot change, since the model never saw them.  Read from the file (crfsuite's CQDB attribute table,
    ``crf1dm_model`` layout) in milliseconds, where ``Tagger.info()`` would
    dump and parse every weight.  ``None`` when the bytes are not a model
    this reader knows: then nothing is left out.
    """
    try:
        magic, _size, kind, _version, _features, _labels, count, _f, _l, offset = struct.unpack_from(
            "<4sI4sIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            return None
        chunk, _csize, _flag, _order, size, backward = struct.unpack_from("<4sIIIII", data, offset)
        if chunk != b"CQDB" or size != count:
            return None
        names: list[str] = []
        for number, position in enumerate(struct.unpack_from(f"<{size}I", data, offset + backward)):
            record, length = struct.unpack_from("<II", data, offset + position)
            if record != number or length < 1:
                return None
            start = offset + position + 8
            names.append(data[start : start + length - 1].decode("utf-8"))
    except (struct.error, UnicodeDecodeError):
        return None
    return frozenset(names)


class NerTagger:
    """Owns one crfsuite tagger per language, opened on first use (each process/worker its own)."""

    def __init__(self, model_dir: Path | None = None, *, prune: bool = True) -> None:
        self._dir = model_dir or MODEL_DIR
        self._taggers: dict[str, Any] = {}
        self._languages: dict[str, Language] = {}
        #: per language: the model's attribute names, when its feature code can leave the others out
        self._known: dict[str, frozenset[str] | None] = {}
        self._prune = prune
        self._available: set[str] = set()

    def available(self, lang: str | None) -> bool:
        """Whether a model ships for ``lang`` (a found one is remembered: asked once per article)."""
        if not lang:
            return False
        if lang in self._available:
            return True
        if (self._dir / f"{lang}.crfsuite").exists():
            self._available.add(lang)
            return True
        return False

    def _tagger(self, lang: str) -> Any:
        tagger = self._taggers.get(lang)
        if tagger is None:
            import pycrfsuite

            path = self._dir / f"{lang}.crfsuite"
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            spec = language(lang)
            prunes = self._prune and "known" in inspect.signature(spec.features).parameters
            self._known[lang] = model_attributes(path.read_bytes()) if prunes else None
            self._taggers[lang] = tagger
            self._languages[lang] = spec
        return tagger

    def _names(self, lang: str) -> Any:
        return shipped(lang, self._dir)

    def needs_tokens(self, lang: str) -> bool:
        return language(lang).needs_tokens

    def spans(self, text: str, tokens: Sequence[Token], lang: str) -> list[Span]:
        """Entity spans in ``text``; ``tokens`` are the shared segmenter's tokens of the same text."""
        tagger = self._tagger(lang)
        spec = self._languages[lang]
        known = self._known[lang]
        found: list[Span] = []
        t = 0
        for start, end in sentences(text):
            sentence = spec.units(text[start:end], ())
            if start:
                sentence = [Unit(a + start, b + start) for a, b in sentence]
            if not sentence:
                continue
            while t < len(tokens) and tokens[t].end <= start:
                t += 1
            first = t
            while t < len(tokens) and tokens[t].start < end:
                t += 1
            names = self._names(lang) if spec.name_list else None
            xseq = (spec.features(text, sentence, tokens[first:t], names=names) if known is None else
                    spec.features(text, sentence, tokens[first:t], names=names, known=known))
            for span in decode(sentence, tagger.tag(xseq)):
                label = country_label(text[span.start : span.end], span.label, lang)
                found.append(span if label == span.label else Span(span.start, span.end, label))
        return found
