"""Statistical named-entity recognition: one CRF sequence labeller per language.

Why a CRF: the rule-based recogniser found names only where a title, a
"said" or a gazetteer entry stood next to them (exact F1 0.27-0.53 on public
test sets).  A linear-chain CRF trained on public annotated news
(CoNLL-2003, VLSP-2016, KLUE-NER, MSRA; see ``models/ner/*.json``) learns
what names look like from word shape, affixes, neighbouring words and the
segmenters' own tags, and tags in microseconds per token in C (python-crfsuite).

Training and inference share one code path: :mod:`.units` turns a sentence
into labelled units (words for English, syllables for Vietnamese,
characters for Korean and Chinese) and their features, both when
``make models`` trains and when an article is enriched.
"""

from __future__ import annotations

from .tagger import NerTagger, Span

__all__ = ["NerTagger", "Span"]
