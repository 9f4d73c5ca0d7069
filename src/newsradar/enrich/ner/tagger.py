"""Run the shipped CRF models over article text: sentences -> units -> features -> BIO labels -> spans."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..crfsuite_models import model_attributes
from ..tokens import Token
from .gold import country_label
from .languages import LANGUAGES, Language, language
from .names import shipped
from .paths import MODEL_DIR
from .units import Unit, sentences

KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}
#: Spans whose country test :meth:`NerTagger._country_labelled` keeps (a bounded memory: a few hundred kB).
LABELS_KEPT = 4096


@dataclass(slots=True, frozen=True)
class Span:
    start: int
    end: int
    label: str  # PER | ORG | LOC


def decode(units: Sequence[Unit] | Sequence[tuple[int, int]], tags: Sequence[str]) -> list[Span]:
    """BIO labels to spans; an I- without its B- opens a span (the CRF rarely does it, but never drop a name).

    ``units`` may be plain (start, end) pairs: a language's fast path (:class:`.vietnamese.ModelItems`) makes
    no :class:`Unit` for its syllables."""
    spans: list[Span] = []
    start = end = -1
    kind = ""
    for (unit_start, unit_end), tag in zip(units, tags, strict=True):
        if tag == "O" or tag.startswith("B-") or tag[2:] != kind:
            if kind:
                spans.append(Span(start, end, kind))
            kind = "" if tag == "O" else tag[2:]
            start, end = unit_start, unit_end
        else:
            end = unit_end
    if kind:
        spans.append(Span(start, end, kind))
    return spans


def model_path(lang: str) -> Path:
    return MODEL_DIR / f"{lang}.crfsuite"


def model_card(lang: str) -> dict[str, Any] | None:
    card = MODEL_DIR / f"{lang}.json"
    return json.loads(card.read_text(encoding="utf-8")) if card.exists() else None


class NerTagger:
    """Owns one crfsuite tagger per language, opened on first use (each process/worker its own)."""

    def __init__(self, model_dir: Path | None = None, *, prune: bool = True) -> None:
        self._dir = model_dir or MODEL_DIR
        self._taggers: dict[str, Any] = {}
        self._languages: dict[str, Language] = {}
        #: per language: the model's attribute names, when its feature code can leave the others out
        self._known: dict[str, frozenset[str] | None] = {}
        #: per language: the builder of the model's own items (``ModelItems``), when its module has one
        self._items: dict[str, Any] = {}
        #: (surface, label, language) -> country_label of a person or organisation span (names recur; the country
        #: test folds the surface each time), emptied when full
        self._country_labels: dict[tuple[str, str, str], str] = {}
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
            known = self._known[lang] = model_attributes(path.read_bytes()) if prunes else None
            builder = getattr(LANGUAGES[lang], "ModelItems", None)
            if builder is not None and known is not None and not spec.name_list:
                self._items[lang] = builder(known)
            self._taggers[lang] = tagger
            self._languages[lang] = spec
        return tagger

    def _names(self, lang: str) -> Any:
        return shipped(lang, self._dir)

    def needs_tokens(self, lang: str) -> bool:
        return language(lang).needs_tokens

    def spans(self, text: str, tokens: Sequence[Token], lang: str) -> list[Span]:
        """Entity spans in ``text``; ``tokens`` are the shared segmenter's tokens of the same text.

        A language whose module has an item builder (``ner.vietnamese.ModelItems``) hands crfsuite only what
        the model knows, as bytes, and makes no :class:`Unit` for its syllables; the others build
        :func:`features` lists.  The sentences, the tokens that go with each and the labels are the same.
        """
        tagger = self._tagger(lang)
        items = self._items.get(lang)
        spec = self._languages[lang]
        known = self._known[lang]
        names = self._names(lang) if spec.name_list else None
        found: list[Span] = []
        t = 0
        count = len(tokens)
        for start, end in sentences(text):
            if items is not None:
                offsets, records = items.syllables(text, start, end)
                units: Sequence[tuple[int, int]] = offsets
            else:
                sentence = spec.units(text[start:end], ())
                if start:
                    sentence = [Unit(a + start, b + start) for a, b in sentence]
                units = sentence
            if not units:
                continue
            while t < count and tokens[t].end <= start:
                t += 1
            first = t
            while t < count and tokens[t].start < end:
                t += 1
            if items is not None:
                xseq = items.items(offsets, records, tokens[first:t])
            elif known is None:
                xseq = spec.features(text, sentence, tokens[first:t], names=names)
            else:
                xseq = spec.features(text, sentence, tokens[first:t], names=names, known=known)
            found.extend(self._country_labelled(span, text, lang) for span in decode(units, tagger.tag(xseq)))
        return found

    def _country_labelled(self, span: Span, text: str, lang: str) -> Span:
        """``span`` relabelled a place when it names a country (:func:`country_label`), remembered for person and
        organisation spans (names recur; the country test folds the surface each time)."""
        if span.label == "LOC":  # country_label leaves a place a place
            return span
        labels = self._country_labels
        key = (text[span.start : span.end], span.label, lang)
        label = labels.get(key)
        if label is None:
            if len(labels) >= LABELS_KEPT:
                labels.clear()
            label = labels[key] = country_label(*key)
        return span if label == span.label else Span(span.start, span.end, label)
