"""The languages the CRF knows, as a table: code -> how its sentences become units and features.

Why this is not in :mod:`.units`: every language module (:mod:`.english`,
:mod:`.vietnamese`, :mod:`.korean`, :mod:`.chinese`) builds on the shared
pieces of :mod:`.units` (``Unit``, ``shape``, ``covering``), and the lookup
that picks a language module has to import those modules.  Kept in
:mod:`.units`, the lookup made each language module import the module that
imports it; here it sits one level up, and no language module imports it.
The tagger (run time) and the trainer (``make models``) both ask it, so the
two share one code path.  A new language is one import and one row of
:data:`LANGUAGES`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

from ..tokens import Token
from . import chinese, english, korean, vietnamese
from .units import Features, Unit


@dataclass(slots=True, frozen=True)
class Language:
    """How one language's sentences become units and features."""

    code: str
    units: Callable[[str, Sequence[Token]], list[Unit]]
    #: ``features(text, units, tokens, names=None)``: ``names`` overrides the shipped name list (training folds)
    features: Callable[..., Features]
    #: whether the tagger needs the shared segmenter's tokens for this language
    needs_tokens: bool
    #: whether the language's features use the list of names seen in training (:mod:`.names`)
    name_list: bool


#: Language code -> the module that gives its ``units``, ``features``, ``NEEDS_TOKENS`` and ``NAME_LIST``.
LANGUAGES: dict[str, ModuleType] = {"en": english, "vi": vietnamese, "ko": korean, "zh": chinese}


def language(code: str) -> Language:
    module = LANGUAGES.get(code)
    if module is None:
        raise KeyError(f"no entity model for language {code!r}")
    return Language(code, module.units, module.features, module.NEEDS_TOKENS, module.NAME_LIST)
