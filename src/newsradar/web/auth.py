"""Who may write: the API token, created on the first ``serve`` and kept with the user's settings.

Why closed by default: ``POST /api/ingest`` fetches URLs and fills the store, and watchlists change
what alerts go out; on a newsroom network an open write route is an open door.  ``serve`` therefore
creates a token the first time it starts (kept in ``api-token`` beside the config file, readable by
the user only) and prints it once; the ``api_token`` setting overrides it, and ``open_writes = true``
opens writes for a trusted single-user machine.  Reads stay open.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..settings import Settings, config_path


def token_path() -> Path:
    return config_path().parent / "api-token"


def ensure_write_token(settings: Settings) -> tuple[Settings, str | None]:
    """Settings with a write token (the configured one, the stored one, or a new stored one).

    Returns the settings and, when a token was created now, that token (for printing once).
    """
    if settings.api_token or settings.open_writes:
        return settings, None
    path = token_path()
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return Settings({**settings.as_dict(), "api_token": stored}), None
    token = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return Settings({**settings.as_dict(), "api_token": token}), token
