"""Stores behind one interface; :func:`open_store` picks the implementation from a URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import ConfigError
from .base import ArticleFilter, Store, StoreSummary, WriteCounts

__all__ = ["ArticleFilter", "Store", "StoreSummary", "WriteCounts", "open_store", "sqlite_path"]


def sqlite_path(url: str) -> Path | None:
    """The file an SQLite URL (``sqlite:///rel``, ``sqlite:////abs``) or a plain path names."""
    if "://" not in url:
        return Path(url).expanduser()
    parts = urlsplit(url)
    if parts.scheme != "sqlite":
        return None
    # SQLAlchemy's convention: sqlite:///relative.db and sqlite:////absolute/path.db
    path = unquote(url[len("sqlite://"):]).removeprefix("/")
    return Path(path).expanduser() if path else None


def open_store(url: str) -> Store:
    """Open (creating and migrating if needed) the store a URL names."""
    scheme = urlsplit(url).scheme if "://" in url else "sqlite"
    if scheme == "sqlite":
        path = sqlite_path(url)
        if path is None:
            raise ConfigError(f"database URL {url!r} names no file; use sqlite:///path/to/newsradar.db")
        from .sqlite.store import SQLiteStore

        return SQLiteStore(path)
    if scheme in ("postgresql", "postgres"):
        try:
            from .postgres.store import PostgresStore
        except ImportError as exc:  # the optional extra is not installed
            raise ConfigError(f"the PostgreSQL store needs the 'postgres' extra ({exc}): "
                              "pip install 'newsradar[postgres]'") from exc
        return PostgresStore(url)
    raise ConfigError(f"unknown database URL scheme {scheme!r} in {url!r}; use sqlite:///PATH or postgresql://...")
