"""A real uvicorn server for tests that talk HTTP (a browser, schemathesis): one place that starts it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` on a free local port for as long as the caller iterates; yields its base URL."""
    uvicorn = pytest.importorskip("uvicorn")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def serving(db: Path) -> Iterator[str]:
    """The service (dashboard and API) over the store at ``db``, served as :func:`serve` does."""
    from newsradar.settings import load_settings
    from newsradar.web import create_app

    yield from serve(create_app(load_settings({"database_url": str(db)}, env={})))
