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
import re
from functools import cache
from types import ModuleType

SUPPORTED: tuple[str, ...] = ("vi", "ko", "zh", "en")


@cache
def resources(code: str | None) -> ModuleType | None:
    """The data module of language ``code``, or ``None`` when newsradar has none."""
    if not code or code not in SUPPORTED:
        return None
    return importlib.import_module(f"{__name__}.{code}")


def require(code: str) -> ModuleType:
    """The data module of a supported language (a bug if it is missing)."""
    module = resources(code)
    if module is None:
        raise KeyError(f"no language resources for {code!r}")
    return module


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


_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Letters only Vietnamese uses among the Latin-script languages newsradar reads.
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def script_hint(text: str) -> str | None:
    """A cheap guess of the language from its script, for reading naive dates in the right zone.

    Extraction runs before language identification; a Korean dump's
    "2026년 11월 18일 오후 3:20" is Seoul time, not UTC.  This is only a hint
    for that purpose, never stored as the article's language.
    """
    sample = text[:2000]
    counts = {
        "ko": len(_HANGUL.findall(sample)),
        "zh": len(_HAN.findall(sample)) if not _KANA.search(sample) else 0,
        "vi": len(_VIETNAMESE.findall(sample)),
    }
    code, count = max(counts.items(), key=lambda item: item[1])
    return code if count >= 3 else None
