"""The command line, as a user and a script use it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.model import Article
from newsradar.store import open_store

from .postgres_mode import TEST_DATABASE_URL

runner = CliRunner()

DUMP_EN = """Seoul hosts Asian newsroom summit

SEOUL, Nov. 17 (Yonhap) -- Editors from twelve countries met in Seoul on Tuesday to compare newsroom data tools.

The two-day summit ends on Wednesday with a joint statement on press freedom.

Yonhap
"""


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "summit.txt").write_text(DUMP_EN, encoding="utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"title": "越南代表团访问首尔", "text": "越南记者协会代表团访问了韩国。",
                    "published": "2026-11-18T09:00:00+08:00", "source": "Beijing Evening Post", "lang": "zh"},
                   ensure_ascii=False)
        + "\n" + json.dumps({"title": "Typhoon warning", "text": "Central provinces brace.", "published": "2026-11-16",
                             "source": "Saigon Times Online", "lang": "en"}) + "\n",
        encoding="utf-8",
    )
    return folder


def test_ingest_list_show_and_json(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(_inputs(tmp_path)), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 articles (3 new, 0 updated, 0 unchanged), 0 quarantined" in result.output
    assert "articles/s" in result.output

    listed = runner.invoke(app, ["articles", "--db", db, "--json"])
    assert listed.exit_code == 0
    records = json.loads(listed.stdout)
    titles = [r["title"] for r in records]
    assert titles == ["越南代表团访问首尔", "Typhoon warning", "Seoul hosts Asian newsroom summit"]
    assert set(records[0]) == set(Article.__dataclass_fields__)
    assert records[0]["body"] == "越南记者协会代表团访问了韩国。"

    zh = json.loads(runner.invoke(app, ["articles", "--db", db, "--json", "--lang", "zh"]).stdout)
    assert len(zh) == 1
    since = json.loads(runner.invoke(app, ["articles", "--db", db, "--json", "--since", "2026-11-17"]).stdout)
    assert [r["lang"] if "lang" in r else r["language"] for r in since] == ["zh"]
    found = json.loads(runner.invoke(app, ["articles", "--db", db, "--json", "-q", "访问"]).stdout)
    assert len(found) == 1
    args = ["articles", "--db", db, "--json", "--source", "saigon times online"]
    by_source = json.loads(runner.invoke(app, args).stdout)
    assert [r["title"] for r in by_source] == ["Typhoon warning"]

    summit = records[2]
    shown = runner.invoke(app, ["show", summit["id"][:10], "--db", db, "--json"])
    assert shown.exit_code == 0
    one = json.loads(shown.stdout)
    assert one["agency"] == "Yonhap" and one["dateline"] == "SEOUL, Nov. 17"
    text = runner.invoke(app, ["show", summit["id"], "--db", db])
    assert "Editors from twelve countries" in text.stdout and "Yonhap" in text.stdout

    table = runner.invoke(app, ["articles", "--db", db])
    assert table.exit_code == 0 and "Typhoon warning" in table.stdout


def test_quarantine_sets_the_exit_status_and_is_listed(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    folder = _inputs(tmp_path)
    (folder / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    result = runner.invoke(app, ["ingest", str(folder), str(tmp_path / "missing.txt"), "--db", db])
    assert result.exit_code == 1
    assert "photo.txt: binary file (JPEG image)" in result.output
    assert "missing.txt: no such file or folder" in result.output
    listed = json.loads(runner.invoke(app, ["quarantine", "--db", db, "--json"]).stdout)
    assert {Path(e["origin"]).name for e in listed} == {"photo.txt", "missing.txt"}
    assert runner.invoke(app, ["quarantine", "--db", db]).exit_code == 0


def test_database_url_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {"NEWSRADAR_DATABASE_URL": f"sqlite:///{db}"}
    assert runner.invoke(app, ["ingest", str(_inputs(tmp_path)), "-q"], env=env).exit_code == 0
    assert db.is_file() or TEST_DATABASE_URL, "the SQLite file the URL names"  # else: its PostgreSQL schema
    summary = json.loads(runner.invoke(app, ["summary", "--json"], env=env).stdout)
    assert summary["articles"] == 3 and summary["by_language"]["zh"] == 1


def test_summary_counts_the_articles_without_a_date(tmp_path: Path) -> None:
    db = str(tmp_path / "undated.db")
    folder = _inputs(tmp_path)
    (folder / "undated.jsonl").write_text(json.dumps({"title": "Archive item", "text": "No date was kept.",
                                                      "source": "Archive", "lang": "en"}) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(folder), "-q", "--db", db]).exit_code == 0
    # The text dump (a dateline without a year) and the archive item carry no publication date.
    assert json.loads(runner.invoke(app, ["summary", "--json", "--db", db]).stdout)["undated"] == 2
    assert "2 without a publication date" in runner.invoke(app, ["summary", "--db", db]).stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    assert runner.invoke(app, ["articles", "--db", db, "--since", "someday"]).exit_code == 2
    assert runner.invoke(app, ["ingest", "x.txt", "--lang", "korean", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["articles", "--db", "postgresql://h/db"]).exit_code == 2
    open_store(db).close()  # a store that exists but lacks the article (a missing store is refused: exit 2)
    missing = runner.invoke(app, ["show", "deadbeef", "--db", db])
    assert missing.exit_code == 1 and "no article with id deadbeef" in missing.output
