"""Reading the times people type: ``2026-11-17``, an ISO timestamp, or ``24h`` / ``7d`` / ``2w`` ago.

One parser for the CLI, the API and the dashboard, so ``since=7d`` means the
same thing everywhere: :func:`window` counts a relative time back from "now" in
data time, the newest dated article (the wall clock only when no article is
dated).  The API reads it *strictly*: exactly the three forms its OpenAPI
schema declares (an RFC 3339 date, an RFC 3339 date-time, or a number of
hours/days/weeks), so what the schema promises and what the server accepts are
the same set; the CLI and the dashboard's forms also take the looser forms a
person types (``17/11/2026``, ``2026-11-17 08:00``, ``7 d``).

Every instant is clamped into what a timezone-aware ``datetime`` can hold, so
``0001-01-01T00:00:00+05:00`` or ``999999w`` is a time before all articles, not
an overflow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from .extract.dates import parse_date

_RELATIVE = re.compile(r"^(\d{1,6})\s*([hdw])$")
#: The strict forms (the API's schema declares the same three).
RELATIVE_PATTERN = r"^[0-9]{1,6}[hdw]$"
_STRICT_RELATIVE = re.compile(RELATIVE_PATTERN)
_STRICT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STRICT_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
#: The earliest and latest instants kept (a day inside ``datetime``'s range, so a day's window fits).
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
_HELP = "use 2026-11-17, an ISO time such as 2026-11-17T08:00:00Z, or 24h / 7d / 2w ago"
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_time(value: str | None, *, now: datetime | None = None, strict: bool = False) -> datetime | None:
    """The instant a user meant, timezone-aware (UTC); ``None`` for an empty value.

    ``strict`` accepts only the API's three forms, unstripped.  Raises ``ValueError`` with a
    message fit for the user when the text is not a time.
    """
    if value is None or value == "":
        return None
    if strict:
        return _strict_time(value, now)
    if not value.strip():
        return None
    text = value.strip()
    match = _RELATIVE.match(text)
    if match:
        return _ago(int(match.group(1)), match.group(2), now)
    found = parse_date(text)
    if found is None:
        raise ValueError(f"{value!r} is not a time: {_HELP}")
    return _clamped(found.value)


class TimeParamError(ValueError):
    """A ``since``/``until`` value that is no time; ``name`` says which of the two."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def is_relative(value: str | None, *, strict: bool = False) -> bool:
    """Whether ``value`` is a time before "now" (``24h``, ``7d``, ``2w``) in the forms :func:`parse_time` reads."""
    if not value:
        return False
    return bool(_STRICT_RELATIVE.match(value) if strict else _RELATIVE.match(value.strip()))


def window(since: str | None, until: str | None, now_of: Callable[[], datetime | None], *,
           strict: bool = False) -> tuple[datetime | None, datetime | None]:
    """``since`` / ``until`` as instants, a relative one (``24h``, ``7d``) counted back from ``now_of()``.

    ``now_of`` gives "now" in data time, the newest dated article (``trends.latest_time``); it is
    called only when a value is relative, and ``None`` from it means the wall clock.  A relative
    ``since`` without ``until`` also ends at that article (one second after it: times are stored to
    the second and ``until`` is exclusive), so an undated article, which counts at the time it was
    ingested, never stands in for the latest news.  Raises :class:`TimeParamError` (a
    ``ValueError`` naming the parameter) for a value that is no time.
    """
    relative_since = is_relative(since, strict=strict)
    now = now_of() if relative_since or is_relative(until, strict=strict) else None
    found: dict[str, datetime | None] = {}
    for name, value in (("since", since), ("until", until)):
        try:
            found[name] = parse_time(value, now=now, strict=strict)
        except ValueError as exc:
            raise TimeParamError(name, str(exc)) from None
    start, end = found["since"], found["until"]
    if end is None and now is not None and relative_since:
        try:
            end = now + timedelta(seconds=1)
        except OverflowError:  # the last instant datetime holds
            end = now
    return start, end


def _strict_time(value: str, now: datetime | None) -> datetime:
    if _STRICT_RELATIVE.match(value):
        return _ago(int(value[:-1]), value[-1], now)
    try:
        if _STRICT_DATE.match(value):
            return _clamped(datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC))
        if _STRICT_DATE_TIME.match(value):
            # fromisoformat keeps six fraction digits at most; RFC 3339 allows any number
            text = re.sub(r"(\.\d{6})\d+", r"\1", value.replace("t", "T").replace("z", "Z"))
            return _clamped(datetime.fromisoformat(text))
    except ValueError:
        pass  # 2026-02-30, 25:00:00...: the pattern matched, the calendar did not
    raise ValueError(f"{value!r} is not a time: {_HELP}")


def _ago(count: int, unit: str, now: datetime | None) -> datetime:
    try:
        return _clamped((now or datetime.now(UTC)) - count * _UNITS[unit])
    except OverflowError:
        return EARLIEST


def _clamped(when: datetime) -> datetime:
    """``when`` in UTC, inside [EARLIEST, LATEST] (an offset can push year 1 or 9999 past the range)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        utc = when.astimezone(UTC)
    except OverflowError:
        return EARLIEST if when.year < 5000 else LATEST
    return min(max(utc, EARLIEST), LATEST)


def parse_day(value: str) -> datetime:
    """Midnight UTC of a ``YYYY-MM-DD`` day (``ValueError`` otherwise)."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{value!r} is not a day: use YYYY-MM-DD") from None
