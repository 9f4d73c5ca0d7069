"""The cross-language gazetteer and the country list as lookups: what a name is known to be.

Why a module of its own: the rule-based recogniser (:mod:`.entities`) and the
statistical one (:mod:`.ner`) both ask it.  The CRF's features look names up
here (:mod:`.ner.english`, :mod:`.ner.vietnamese`, :mod:`.ner.korean`) and its
gold data and output count every country as a place (:func:`.ner.gold.country_label`),
while :mod:`.entities` runs the CRF.  Kept in :mod:`.entities`, these lookups
made the model import the recogniser that imports the model; here they sit
below both and import neither.  :mod:`.entities` re-exports every name, so
``from newsradar.enrich.entities import is_country, PERSON`` keeps working.
"""

from __future__ import annotations

from functools import cache

from ..lang.countries import country_names
from ..lang.names import ORGANIZATIONS, PLACES
from .folding import fold

#: The entity kinds newsradar stores (the gazetteer knows organisations and places).
PERSON, ORG, PLACE = "person", "organization", "place"


@cache
def gazetteer() -> dict[str, tuple[str, str]]:
    """Folded form -> (key, kind) for every gazetteer alias."""
    table: dict[str, tuple[str, str]] = {}
    for kind, entries in ((ORG, ORGANIZATIONS), (PLACE, PLACES)):
        for key, forms in entries.items():
            for form in (key, *forms):
                table[fold(form)] = (key, kind)
    return table


@cache
def _folded_countries() -> frozenset[str]:
    return frozenset(fold(name) for name in country_names())


def is_country(text: str) -> bool:
    return fold(text) in _folded_countries()
