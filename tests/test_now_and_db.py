""""Now" is the newest dated article, read commands refuse a store that is not there, listings say their
zone, and every --help reads without type placeholders."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperArgument, TyperOption
from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.settings import load_settings
from newsradar.store import open_store

from .postgres_mode import store_url

runner = CliRunner()

#: The dated articles' day: days before the wall clock, as in an archive or a demo run weeks later.
DAY = (datetime.now(UTC) - timedelta(days=5)).replace(hour=0, minute=0, second=0, microsecond=0)
UNDATED_TITLE = "Harbour authority posts undated notice on ferry timetable"
_PLUS8 = timezone(timedelta(hours=8))


def _records() -> list[dict[str, Any]]:
    at = DAY.replace(hour=6)
    typhoon = ("Typhoon Kaluma strengthened over the East Sea on {d} and forecasters expect it to reach the "
               "central coast of Viet Nam within two days. Provinces from Quang Binh to Quang Ngai ordered "
               "fishing boats back to port and prepared evacuation of coastal villages.")
    return [
        {"title": "Typhoon Kaluma nears Viet Nam's central coast", "text": typhoon.format(d="Thursday"),
         "published": at.isoformat(), "source": "Saigon Times Online", "lang": "en",
         "url": "https://example.org/a/typhoon-1"},
        {"title": "Central provinces brace for Typhoon Kaluma", "text": typhoon.format(d="Thursday morning"),
         # the same instant written in the outlet's own zone: listings must show it in UTC
         "published": (at + timedelta(hours=1)).astimezone(_PLUS8).isoformat(), "source": "Asia Wire",
         "lang": "en", "url": "https://example.org/a/typhoon-2"},
        {"title": "Seoul hosts Asian newsroom summit on data tools",
         "text": "Editors from twelve countries met in Seoul to compare newsroom data tools and agreed on a "
                 "joint statement on press freedom at the end of the two-day summit.",
         "published": (at + timedelta(hours=2)).isoformat(), "source": "Korea Daily", "lang": "en",
         "url": "https://example.org/a/summit"},
        # no publication date: it counts at the time it is ingested (now), and must not stand in for today
        {"title": UNDATED_TITLE, "text": "The harbour authority posted a notice about the winter ferry "
                                         "timetable for the islands, without saying when it was written.",
         "source": "Harbour Board", "lang": "en", "url": "https://example.org/a/notice"},
    ]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose newest dated article is days old, plus one undated article ingested now."""
    from newsradar.enrich import enrich_store
    from newsradar.pipeline import Ingestor
    from newsradar.stories import update_stories

    folder = tmp_path_factory.mktemp("archive")
    records = folder / "records.jsonl"
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _records()) + "\n", encoding="utf-8")
    path = folder / "archive.db"
    settings = load_settings({"database_url": str(path)}, env={})
    with open_store(str(path)) as s:
        Ingestor(s, settings).run([str(records)])
        assert s.count_undated() == 1
        enrich_store(s)
        update_stories(s)
    return path


def _run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


# -- A: "now" is the newest dated article --------------------------------------------------------


def test_default_ranking_is_the_newest_dated_day_not_the_undated_article(archive: Path) -> None:
    data = json.loads(_run("ranking", "--db", store_url(archive), "--json").stdout)
    titles = [s["title"] for s in data["stories"]]
    assert any("Kaluma" in t for t in titles), data
    assert UNDATED_TITLE not in titles
    assert data["since"] <= DAY.replace(hour=8).isoformat() < data["until"]
    table = _run("ranking", "--db", store_url(archive)).output
    assert "Kaluma" in table and UNDATED_TITLE[:20] not in table


def test_default_report_shows_the_dated_day(archive: Path) -> None:
    text = _run("report", "--db", store_url(archive)).stdout
    assert "Kaluma" in text and "Seoul" in text
    assert UNDATED_TITLE not in text
    assert f"{DAY:%Y-%m-%d}" in text.splitlines()[0]


def test_today_page_window_ends_at_the_newest_dated_article(archive: Path) -> None:
    from newsradar.trends.views import home_view

    with open_store(store_url(archive)) as s:
        view = home_view(s)
    assert view["until"] > DAY.replace(hour=8).isoformat() > view["since"]
    titles = [r["title"] for r in view["ranking"]]
    assert any("Kaluma" in t for t in titles) and UNDATED_TITLE not in titles


def test_since_24h_counts_back_from_the_newest_dated_article(archive: Path) -> None:
    listed = json.loads(_run("articles", "--db", store_url(archive), "--since", "24h", "--json").stdout)
    titles = {a["title"] for a in listed}
    assert {"Typhoon Kaluma nears Viet Nam's central coast", "Seoul hosts Asian newsroom summit on data tools"} \
        <= titles
    assert UNDATED_TITLE not in titles
    stories = json.loads(_run("stories", "--db", store_url(archive), "--since", "24h", "--json").stdout)
    story_titles = [s["title"] for s in stories]
    assert any("Kaluma" in t for t in story_titles) and UNDATED_TITLE not in story_titles


def test_an_empty_window_says_why_and_what_to_try(archive: Path) -> None:
    later = (DAY + timedelta(days=2)).strftime("%Y-%m-%d")
    result = _run("ranking", "--db", store_url(archive), "--date", later)
    assert f"try --date {DAY:%Y-%m-%d}" in result.output
    assert "┏" not in result.output  # no bare headers


# -- B: a read of a store that is not there ------------------------------------------------------

READS = [["articles"], ["summary"], ["ranking"], ["report"], ["stories"], ["trends"], ["rising"], ["quarantine"],
         ["show", "deadbeef"], ["feeds"], ["alerts"], ["watchlist", "list"], ["enrich", "-q"],
         ["export", "articles"], ["serve", "--port", "9"]]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", READS, ids=[" ".join(c) for c in READS])
def test_reads_refuse_a_missing_store_and_create_nothing(command: list[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)  # today's serve would start on the typo
    monkeypatch.setenv("NEWSRADAR_CONFIG", str(tmp_path / "absent.toml"))
    for db in (tmp_path / "newsradr.db", tmp_path / "nonexistent" / "dir" / "x.db"):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2, result.output
        assert str(db) in result.output.replace("\n", "")
        assert not db.exists() and not db.parent.parent.joinpath("nonexistent").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.sqlite_only
def test_ingest_creates_a_store_and_says_where(tmp_path: Path) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps(_records()[0]) + "\n", encoding="utf-8")
    db = tmp_path / "new" / "store.db"
    result = runner.invoke(app, ["ingest", str(records), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert f"created a new store at {db}" in result.output.replace("\n", "")
    again = runner.invoke(app, ["ingest", str(records), "--db", str(db), "-q"])
    assert "created a new store" not in again.output
    assert runner.invoke(app, ["articles", "--db", str(db)]).exit_code == 0


# -- C: listing times carry their zone -------------------------------------------------------------


def test_listing_times_are_utc_and_say_so(archive: Path) -> None:
    table = _run("articles", "--db", store_url(archive)).stdout
    assert "published (UTC)" in table
    rows = [line for line in table.splitlines() if "Typhoon" in line or "Central provinces" in line
            or "Seoul hosts" in line]
    # 06:00Z, 07:00Z (written as 15:00+08:00) and 08:00Z, listed newest first in the times shown
    shown = [re.search(r"\d{4}-\d\d-\d\d (\d\d:\d\d)", line).group(1) for line in rows]  # type: ignore[union-attr]
    assert shown == ["08:00", "07:00", "06:00"], table
    story_id = json.loads(_run("ranking", "--db", store_url(archive), "--json").stdout)["stories"][0]["id"]
    detail = _run("story", story_id, "--db", store_url(archive)).stdout
    assert "published (UTC)" in detail and "15:00" not in detail


# -- D: help ---------------------------------------------------------------------------------------


def _commands(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _commands(sub, [*path, name])
    return found


def test_every_help_has_descriptions_and_no_type_placeholders() -> None:
    walked = _commands(typer.main.get_command(app), [])
    assert len(walked) > 25
    problems = []
    for path, command in walked:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        placeholder = re.search(r"<[a-z][^>\n]*>", result.output)
        if placeholder:
            problems.append(f"{' '.join(path) or 'newsradar'}: placeholder {placeholder.group(0)}")
        for param in command.params:
            if isinstance(param, TyperOption | TyperArgument) and not param.help and not param.hidden:
                problems.append(f"{' '.join(path)}: {param.opts[0]} has no description")
    assert not problems, "\n".join(problems)
