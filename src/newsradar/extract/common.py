"""Helpers every extractor shares: dates with the right zone, language codes, titles."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from ..model import RawDocument
from .dates import FoundDate, find_date, parse_date

_SOURCE_TAIL = re.compile(r"(?:来源|來源|출처|nguồn|source|theo)\s*[:：]\s*\S.*$", re.IGNORECASE)
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_LANG = re.compile(r"^[a-zA-Z]{2,3}")
_TITLE_SUFFIX = re.compile(r"\s*[|\-–—:_]\s*([^|\-–—:_]{2,60})$")


def normalise_lang(value: str | None) -> str | None:
    """``"ko-KR"`` / ``"zh_CN"`` / ``"EN"`` -> ``"ko"`` / ``"zh"`` / ``"en"``; junk -> ``None``."""
    if not value:
        return None
    match = _LANG.match(value.strip())
    return match.group(0).lower() if match else None


def zone_for(lang: str | None, fallback: tzinfo) -> tzinfo:
    """The zone a naive date is read in: the language's home zone when it has one."""
    from ..lang import default_timezone

    name = default_timezone(lang) if lang else None
    return ZoneInfo(name) if name else fallback


def resolve_published(
    raw: str | None, lang: str | None, default_tz: tzinfo
) -> tuple[datetime | None, str | None]:
    """Parse a structured date string; returns ``(aware datetime, precision)`` or ``(None, None)``."""
    if not raw or not raw.strip():
        return None, None
    found = parse_date(raw.strip(), tz=zone_for(lang, default_tz))
    if found is None:
        return None, None
    return found.value, found.precision


def clean_title(title: str, site_name: str | None) -> str:
    """Drop a trailing site name (``"Headline | Seoul Herald"``) and normalise spaces."""
    title = " ".join(title.split())
    if site_name:
        match = _TITLE_SUFFIX.search(title)
        if match and match.group(1).strip().casefold() == site_name.strip().casefold():
            title = title[: match.start()].strip()
    return title


def provenance(raw: RawDocument) -> dict[str, Any]:
    """What the article's ``extra`` records about how its bytes were read."""
    extra: dict[str, Any] = {}
    if raw.encoding and raw.encoding not in ("utf-8", "utf-8-sig"):
        extra["encoding"] = raw.encoding
    if raw.fetched_at:
        extra["fetched_at"] = raw.fetched_at.isoformat()
    return extra


def metadata_date(line: str, tz: tzinfo) -> FoundDate | None:
    """The date of a page's or dump's metadata line (``2026年11月18日 09:30 来源：北京晚报网``).

    A line counts as metadata when it is short, states a complete date, and
    holds little else once the date, agency names and a ``source:`` tail are
    taken out; a body sentence that mentions a date is not metadata.
    """
    if len(line) > 100:
        return None
    found = find_date(line, tz=tz)
    if found is None:
        return None
    from ..lang.agencies import strip_agency_names

    rest = _SOURCE_TAIL.sub(" ", strip_agency_names(line.replace(found.text, " ", 1)))
    return found if len(_NOT_LETTERS.sub("", rest)) <= 20 else None
