"""Shared fixtures: a fresh store per test, the paths of shared data, a settings object."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsradar.settings import Settings, load_settings
from newsradar.store import Store, open_store

from .postgres_mode import SchemaPerPath, check_store_free, report_header, skip_on_postgres, stores_on_postgres

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPORA = SHARED / "corpora"
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = ROOT / "src" / "newsradar" / "sample"
#: The sample's outlets with their home countries, as `make demo` loads them (`newsradar outlets import`).
SAMPLE_OUTLETS = ROOT / "src" / "newsradar" / "data" / "sample_outlets.toml"


def pytest_report_header() -> str:
    return report_header()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip_on_postgres(items)


@pytest.fixture(scope="session", autouse=True)
def _store_backend() -> Iterator[SchemaPerPath | None]:
    """Every store a test opens is on PostgreSQL when NEWSRADAR_TEST_DATABASE_URL says so (postgres_mode.py)."""
    with stores_on_postgres() as schemas:
        yield schemas


@pytest.fixture(autouse=True)
def _store_free_checked(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked ``store_free`` fails if it opens a store (postgres_mode.check_store_free)."""
    with check_store_free(request.node):
        yield


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own config file or store."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEWSRADAR_CONFIG", str(home / "absent.toml"))
    monkeypatch.setenv("NEWSRADAR_DATABASE_URL", f"sqlite:///{home / 'default.db'}")


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{db_path}")
    yield s
    s.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample ingested, enriched and clustered once per run (read-only for the tests using it)."""
    from newsradar.enrich import enrich_store
    from newsradar.pipeline import Ingestor
    from newsradar.stories import update_stories

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    settings = load_settings({"database_url": str(path)}, env={})
    with open_store(str(path)) as s:
        Ingestor(s, settings).run([str(SAMPLE / n) for n in ("dumps", "html", "jsonl", "feeds.opml")])
        enrich_store(s)
        update_stories(s)
    return path
