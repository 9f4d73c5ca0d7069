"""Every setting is documented, and settings resolve in the documented order."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.errors import ConfigError
from newsradar.settings import SETTINGS, load_settings

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert missing == []
    assert all(s.help for s in SETTINGS)


def test_the_settings_table_is_one_whole_table() -> None:
    """Every setting is a row of the one table under "## Settings", in the table's three columns;
    rows of it once sat after the PostgreSQL subsection, where no reader of the table saw them."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Settings"):]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| setting |"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    table = lines[start + 2:end]
    names = [row.split("|")[1].strip().strip("`") for row in table]
    assert sorted(names) == sorted(s.name for s in SETTINGS)
    assert all(row.count("|") - row.count("\\|") == 4 for row in table), [r for r in table if r.count("|") != 4]
    stray = [line for line in section.splitlines()[end:] if line.startswith("| `") and
             line.split("|")[1].strip().strip("`") in names]
    assert stray == []


def test_precedence_flag_env_file_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "newsradar.toml"
    config.write_text('batch_size = 7\nhttp_timeout = 3.5\ndefault_timezone = "Asia/Seoul"\n')
    monkeypatch.setenv("NEWSRADAR_CONFIG", str(config))
    monkeypatch.setenv("NEWSRADAR_BATCH_SIZE", "11")
    s = load_settings({"http_timeout": 9})
    assert s.batch_size == 11          # environment beats the file
    assert s.http_timeout == 9.0       # a flag beats everything
    assert s.default_timezone == "Asia/Seoul"  # from the file
    assert s.http_retries == 3         # default


def test_bad_values_are_config_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSRADAR_BATCH_SIZE", "-4")
    with pytest.raises(ConfigError, match="batch_size from NEWSRADAR_BATCH_SIZE"):
        load_settings()
    monkeypatch.delenv("NEWSRADAR_BATCH_SIZE")
    config = tmp_path / "bad.toml"
    config.write_text("no_such_setting = 1\n")
    monkeypatch.setenv("NEWSRADAR_CONFIG", str(config))
    with pytest.raises(ConfigError, match="unknown settings"):
        load_settings()
