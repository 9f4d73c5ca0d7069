"""Security headers on every response: a strict Content-Security-Policy, no framing, no sniffing.

Why: the dashboard shows text from any page or feed a newsroom ingests; a stored script must have
nowhere to run.  Scripts come only from the app's own ``/static`` files; an inline ``<script>`` runs
only when its exact text is hashed into the policy (the offline API docs at ``/docs`` and ``/redoc``
have one each, and they are hashed as they are served), so an injected one never does.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
BASE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def policy(html: bytes | None = None) -> str:
    """The CSP for a response; an HTML body's own inline scripts are allowed by their SHA-256 only."""
    hashes = []
    for script in _INLINE_SCRIPT.findall(html or b""):
        digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return f"{BASE_POLICY}; script-src 'self' {' '.join(hashes)}".rstrip()


async def add_security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    body: bytes | None = None
    if response.headers.get("content-type", "").startswith("text/html"):
        chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
        body = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
        response = Response(content=body, status_code=response.status_code, headers=dict(response.headers),
                            media_type=response.media_type, background=response.background)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["Content-Security-Policy"] = policy(body)
    return response
