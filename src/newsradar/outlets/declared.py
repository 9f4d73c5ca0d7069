"""What an input says about its own outlet: ``outlet_country`` / ``outlet_kind`` fields of a record.

Why: a CMS export or a scraper often knows where its outlet is from (``"outlet_country": "KR"``); a
field that no article field takes is kept in ``Article.extra`` (see ``extract/records.py``), and the
ingest turns it into an outlet record with origin ``input``, below a user's own record and above the
bundled registry.  A value that is not a country (or not a kind) is ignored rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..lang.countries import country_names
from .directory import Outlet
from .registry import KINDS

#: Record keys naming the outlet's home country, tried in order.
COUNTRY_KEYS: tuple[str, ...] = ("outlet_country", "source_country", "publisher_country", "media_country")
#: Record keys naming the outlet's kind.
KIND_KEYS: tuple[str, ...] = ("outlet_kind", "source_kind", "outlet_type", "source_type", "media_type")


def country_code(value: Any) -> str | None:
    """``"kr"``, ``"KR"``, ``"South Korea"``, ``"Hàn Quốc"`` -> ``"KR"``; anything else -> ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    names = country_names()
    if len(text) == 2 and text.isalpha():
        code = text.upper()
        return code if code in names.values() else None
    return names.get(text) or next((c for n, c in names.items() if n.casefold() == text.casefold()), None)


def outlet_kind(value: Any) -> str | None:
    """A kind from :data:`KINDS` (any case, ``"news agency"`` too); anything else -> ``None``."""
    if not isinstance(value, str):
        return None
    text = value.strip().casefold().removeprefix("news ").removesuffix(" outlet")
    return text if text in KINDS else None


def declared_outlet(source: str | None, extra: Mapping[str, Any]) -> Outlet | None:
    """The record an article's input declares about its outlet, or ``None`` when it declares nothing usable."""
    if not source or not source.strip():
        return None
    country = next((c for c in (country_code(extra.get(k)) for k in COUNTRY_KEYS) if c), None)
    kind = next((k for k in (outlet_kind(extra.get(k)) for k in KIND_KEYS) if k), None)
    if country is None and kind is None:
        return None
    return Outlet(name=source.strip(), country=country, kind=kind, origin="input")
