"""The suite's own marks: a test marked ``store_free`` really opens no store (postgres_mode.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.store import open_store

from .postgres_mode import check_store_free


class _Item:
    """The two things check_store_free reads of a test item."""

    def __init__(self, marked: bool) -> None:
        self.nodeid = "tests/test_x.py::test_y"
        self.marked = marked

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return pytest.mark.store_free.mark if self.marked and name == "store_free" else None


@pytest.mark.sqlite_only(reason="the check runs in the SQLite run, where the marked tests run")
def test_a_store_free_test_that_opens_a_store_fails(tmp_path: Path) -> None:
    failed = pytest.raises(AssertionError, match="marked store_free but opened a store")
    with failed, check_store_free(_Item(marked=True)):  # type: ignore[arg-type]
        open_store(str(tmp_path / "a.db")).close()
    with check_store_free(_Item(marked=False)):  # type: ignore[arg-type]
        open_store(str(tmp_path / "b.db")).close()
    with check_store_free(_Item(marked=True)):  # type: ignore[arg-type]
        pass
