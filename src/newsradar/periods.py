"""Reading the times people type: ``2026-11-17``, an ISO timestamp, or ``24h`` / ``7d`` / ``2w`` ago.

One parser for the CLI, the API and the dashboard, so ``since=7d`` means the
same thing everywhere.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .extract.dates import parse_date

_RELATIVE = re.compile(r"^(\d{1,6})\s*([hdw])$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_time(value: str | None, *, now: datetime | None = None) -> datetime | None:
    """The instant a user meant, timezone-aware; ``None`` for an empty value.

    Raises ``ValueError`` with a message fit for the user when the text is not a time.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    match = _RELATIVE.match(text)
    if match:
        return (now or datetime.now(UTC)) - int(match.group(1)) * _UNITS[match.group(2)]
    found = parse_date(text)
    if found is None:
        raise ValueError(f"{value!r} is not a time: use 2026-11-17, an ISO time such as 2026-11-17T08:00Z, "
                         "or 24h / 7d / 2w ago")
    return found.value


def parse_day(value: str) -> datetime:
    """Midnight UTC of a ``YYYY-MM-DD`` day (``ValueError`` otherwise)."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{value!r} is not a day: use YYYY-MM-DD") from None
