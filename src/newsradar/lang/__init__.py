"""Per-language resources, loaded lazily by ISO 639-1 code.

Each supported language has a data module here (``vi``, ``ko``, ``zh``,
``en``) holding plain constants: its home time zone, the phrases a scraped
page uses for navigation noise and photo credits, and (for the enrichment
stages) stopwords, quote verbs and titles.  Code never hard-codes a
language's words; it asks this package, so adding a language is adding one
data module.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

SUPPORTED: tuple[str, ...] = ("vi", "ko", "zh", "en")


@cache
def resources(code: str | None) -> ModuleType | None:
    """The data module of language ``code``, or ``None`` when newsradar has none."""
    if not code or code not in SUPPORTED:
        return None
    return importlib.import_module(f"{__name__}.{code}")


def default_timezone(code: str | None) -> str | None:
    """The IANA zone a naive date in this language is most likely written in."""
    module = resources(code)
    return getattr(module, "TIMEZONE", None) if module else None


def union(name: str) -> tuple[str, ...]:
    """One constant (e.g. ``BACK_TO_TOP``) gathered from every supported language.

    Text dumps do not say their language before extraction, so the cleaner
    looks for every language's noise at once.
    """
    found: list[str] = []
    for code in SUPPORTED:
        module = resources(code)
        found.extend(getattr(module, name, ()))
    return tuple(dict.fromkeys(found))
