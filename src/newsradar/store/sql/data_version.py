"""The store's data version: a counter that every write changing what the views show moves.

Why: the dashboard keeps the answers of its costly day views (``web/cache.py``) and must tell, in one
cheap read, whether the store changed since, also when another process (an ``ingest``, a ``watch``)
wrote.  The counter is a row of ``monitor_markers`` bumped as the last statement of each write
transaction (articles, enrichments, stories), so it moves exactly when their rows commit; being last,
it holds its row lock only until that commit.
"""

from __future__ import annotations

from .dialect import Connection

#: The marker's name in ``monitor_markers``.
MARKER = "data_version"
_BUMP = ("INSERT INTO monitor_markers (name, value) VALUES ('data_version', '1') ON CONFLICT (name) DO UPDATE "
         "SET value = CAST(CAST(monitor_markers.value AS INTEGER) + 1 AS TEXT)")


def bump(db: Connection) -> None:
    """Move the data version, inside the caller's write transaction (its last statement)."""
    db.execute(_BUMP)
