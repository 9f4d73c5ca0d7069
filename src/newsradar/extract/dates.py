"""Publication dates as newsrooms write them, in four languages.

Two entry points:

* :func:`parse_date` reads a *structured* value (a feed's ``pubDate``, a JSON
  ``published`` field, a ``<meta>`` tag): ISO 8601, RFC 2822, or any of the
  written forms below.
* :func:`find_date` looks for a *complete* written date inside a short line of
  a scraped dump (``date 2022-11-23``, ``November 23, 2022``, ``23/11/2022``,
  ``2022년 11월 23일``, ``2022年11月23日``, ``ngày 23 tháng 11 năm 2022``).

Neither ever guesses a year: ``Nov. 23`` alone is not a publication date, so
it yields nothing rather than a wrong one.  A value without an offset is read
in the zone the caller passes (the article language's home zone).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:(?:[T\s,]|\s[-–|]\s)+(?:(?P<ampm_ko>오전|오후)\s*)?"
    r"(?P<h>\d{1,2})(?::|시\s*|h)(?P<mi>\d{2}|\d(?=\s*분))(?:(?::|분\s*)(?P<s>\d{2}))?"
    r"(?:\.\d+)?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*\(?(?P<tz>(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|Z|UTC|GMT)?\)?)?"
)
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # 2022-11-23, 2022/11/23, 2022.11.23 (ISO and East Asian numeric forms)
        r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)" + _TIME,
        # 2022년 11월 23일 (Korean), 2022年11月23日 (Chinese)
        r"(?P<y>\d{4})\s*[년年]\s*(?P<m>\d{1,2})\s*[월月]\s*(?P<d>\d{1,2})\s*[일日号]?(?:\s*\([^)]{1,3}\))?" + _TIME,
        # ngày 23 tháng 11 năm 2022 (Vietnamese)
        r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm|,)\s*(?P<y>\d{4})" + _TIME,
        # 23/11/2022, 23-11-2022, 23.11.2022 (day first, as in Vietnamese and most of the world)
        r"(?<![\d/.-])(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})(?!\d)" + _TIME,
        # November 23, 2022 / Nov. 23 2022 / Sept 3rd, 2022
        r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b" + _TIME,
        # 23 November 2022 / 23 Nov. 2022
        r"\b(?P<d>\d{1,2})\s+" + _MONTH + r",?\s+(?P<y>\d{4})\b" + _TIME,
    )
)
_FIRST_FORM_DAY_FIRST = 3  # index of the d/m/y pattern, where m > 12 means the writer was American


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date read from text: the aware value, how precise it was, and the text it came from."""

    value: datetime
    precision: str  # "day", "minute" or "second"
    text: str


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS[key[:4] if key.startswith("sept") else key[:3]]


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    upper = text.upper()
    if upper in ("Z", "UTC", "GMT"):
        return UTC
    parsed = dateutil_parser.parse("2000-01-01T00:00" + upper.replace("GMT", "").replace("UTC", ""))
    return parsed.tzinfo


def _build(match: re.Match[str], index: int, tz: tzinfo) -> FoundDate | None:
    g = match.groupdict()
    year, day = int(g["y"]), int(g["d"])
    month = _month_number(g["mon"]) if g.get("mon") else int(g["m"])
    if index == _FIRST_FORM_DAY_FIRST and month > 12 >= day:
        day, month = month, day
    hour = int(g["h"]) if g.get("h") else 0
    minute = int(g["mi"]) if g.get("mi") else 0
    second = int(g["s"]) if g.get("s") else 0
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if (ampm == "pm" or g.get("ampm_ko") == "오후") and hour < 12:
        hour += 12
    elif (ampm == "am" or g.get("ampm_ko") == "오전") and hour == 12:
        hour = 0
    try:
        zone = _offset(g.get("tz")) or tz
        value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except (ValueError, OverflowError):
        return None
    if not 1800 <= year <= 2200:
        return None
    precision = "second" if g.get("s") else "minute" if g.get("h") else "day"
    return FoundDate(value, precision, match.group(0).strip())


def find_date(text: str, *, tz: tzinfo = UTC) -> FoundDate | None:
    """The first complete written date (with a year) in ``text``, or ``None``."""
    text = unicodedata.normalize("NFKC", text)
    best: tuple[int, FoundDate] | None = None
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            found = _build(match, index, tz)
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
            if found:
                break
    return best[1] if best else None


def parse_date(text: str, *, tz: tzinfo = UTC) -> FoundDate | None:
    """A structured date value (ISO 8601, RFC 2822 or a written form) as an aware datetime."""
    raw = text.strip()
    if not raw or len(raw) > 100:
        return None
    iso = raw.replace("Z", "+00:00") if raw.endswith("Z") else raw
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        pass
    else:
        precision = "day" if len(raw) <= 10 else ("second" if value.second or raw.count(":") >= 2 else "minute")
        return FoundDate(value if value.tzinfo else value.replace(tzinfo=tz), precision, raw)
    if re.search(r"\d{1,2}:\d{2}", raw) and re.search(r"[A-Za-z]{3}", raw):
        try:
            rfc = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            rfc = None
        if rfc is not None:
            return FoundDate(rfc if rfc.tzinfo else rfc.replace(tzinfo=tz), "second", raw)
    found = find_date(raw, tz=tz)
    if found:
        return found
    if re.search(r"(?<!\d)\d{4}(?!\d)", raw):  # dateutil only when a year is written: it never invents one
        try:
            value = dateutil_parser.parse(raw, fuzzy=False)
        except (ValueError, OverflowError):
            return None
        precision = "minute" if value.hour or value.minute else "day"
        return FoundDate(value if value.tzinfo else value.replace(tzinfo=tz), precision, raw)
    return None
