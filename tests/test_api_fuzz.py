"""The OpenAPI schema tells the truth: schemathesis, every check, every phase, against a real server.

Schemathesis reads the API's own schema and sends examples, boundary values
(coverage), random valid and invalid requests (fuzzing) and stateful sequences
over the write endpoints with the token.  Every check is on: no 5xx, every status
code, content type and body as documented, schema-valid requests accepted and
schema-invalid ones refused, writes refused without the token.  The run is
bounded by a number of examples per operation and a fixed seed, so it is the same
run each time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("schemathesis")
import httpx

from newsradar.settings import load_settings
from newsradar.sources.guard import AddressGuard
from newsradar.sources.web import Fetcher
from newsradar.store import open_store
from newsradar.store.base import ArticleFilter, StoryFilter
from newsradar.web import create_app

from .servers import serve

TOKEN = "fuzz-token"


def _offline_resolve(host: str) -> list[str]:
    raise OSError("the fuzz run is offline")


@pytest.fixture(scope="module")
def server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real HTTP server (uvicorn) on a copy of the sample, offline, writes behind the token."""
    from .postgres_mode import copy_store

    copy = tmp_path_factory.mktemp("fuzz") / "fuzz.db"  # the run writes: never into the shared sample
    copy_store(sample_db, copy)
    settings = load_settings({"database_url": str(copy), "api_token": TOKEN}, env={})

    def offline(request: httpx.Request) -> httpx.Response:  # no test touches the network
        raise httpx.ConnectError("the fuzz run is offline", request=request)

    app = create_app(settings, fetcher=lambda: Fetcher(user_agent="newsradar-test", retries=1,
                                                        transport=httpx.MockTransport(offline)))
    app.state.guard = AddressGuard([], resolve=_offline_resolve)  # no DNS lookups either
    for base in serve(app):
        yield base, copy


def _config(store_path: Path, where: Path) -> Path:
    """Real ids and terms, so the fuzzer reaches an article, a story and a network, not only 404s."""
    with open_store(str(store_path)) as store:
        article = store.list_articles(ArticleFilter(limit=1))[0].id
        story = store.list_stories(StoryFilter(limit=1))[0].id
    config = where / "schemathesis.toml"
    config.write_text(
        "[parameters]\n"
        f'"path.article_id" = "{article}"\n'
        f'"path.story_id" = "{story}"\n'
        '"path.pair" = "KR-VN"\n'
        '"query.term" = "Da Nang"\n',
        encoding="utf-8",
    )
    return config


@pytest.mark.slow
def test_schema_tells_the_truth(server: tuple[str, Path], tmp_path: Path) -> None:
    base, store_path = server
    config = _config(store_path, tmp_path)
    env = {**os.environ, "NO_COLOR": "1"}
    st = Path(sys.executable).with_name("st")
    command = [str(st), "--config-file", str(config), "run", f"{base}/openapi.json", "--checks", "all",
               "--phases", "examples,coverage,fuzzing,stateful", "-H", f"Authorization: Bearer {TOKEN}",
               "--max-examples", "25", "--seed", "20261206", "--workers", "1", "--request-timeout", "60",
               "--no-color", "--report", "junit", "--report-dir", str(tmp_path / "report")]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    summary = done.stdout[-6000:]
    assert done.returncode == 0, f"schemathesis found failures:\n{summary}\n{done.stderr[-2000:]}"
    assert "23/23" in done.stdout or "Tested:" in done.stdout, summary
