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

Imports run one way, from the bottom up, so no two modules import each other:

* :mod:`.paths` (where the models ship), :mod:`.units` (what every language
  shares), :mod:`.gold` (annotated sentences) and, outside the package,
  :mod:`newsradar.enrich.gazetteer` (gazetteer and country lookups);
* :mod:`.names` and :mod:`.clusters` (files shipped beside the models), then
  the language modules :mod:`.english`, :mod:`.vietnamese`, :mod:`.korean`,
  :mod:`.chinese`;
* :mod:`.languages`, the table that picks a language module;
* :mod:`.tagger`, which :mod:`newsradar.enrich.entities` runs;
* :mod:`.corpora` (the corpus files), :mod:`.evaluate` and, on top, :mod:`.train`.

Nothing here imports :mod:`newsradar.enrich.entities` but :mod:`.evaluate`,
which scores it.
"""

from __future__ import annotations

from .tagger import NerTagger, Span

__all__ = ["NerTagger", "Span"]
