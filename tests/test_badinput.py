"""Every kind of bad input is quarantined with its reason, and the rest of the run goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsradar.pipeline import Ingestor
from newsradar.settings import Settings
from newsradar.store import ArticleFilter, Store

GOOD_DUMP = """Hanoi opens new metro line

HANOI, Nov. 17 (VNA) -- Hanoi opened its third metro line on Tuesday, linking the old quarter
with the western districts.

The line carries up to 30,000 passengers a day in its first phase, city officials said.

VNA
"""


def _warc(path: Path, body: str, cut: int | None = None) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n in (1, 2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://a.example/{n}", "response", payload=io.BytesIO(body.encode()), http_headers=headers
        ))
    data = buffer.getvalue()
    path.write_bytes(data[:cut] if cut else data)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "00_good.txt").write_text(GOOD_DUMP, encoding="utf-8")
    (d / "01_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "02_empty.txt").write_bytes(b"")
    (d / "03_broken.html").write_text("<html><body><div><a href='/'>Home</a></div><scr", encoding="utf-8")
    ko = "서울에서 한국과 베트남 언론인들이 인공지능 시대의 협력을 논의했다고 밝혔다. " * 3
    (d / "04_mixed.txt").write_bytes("Hội Nhà báo Việt Nam và Hàn Quốc hợp tác\n\n".encode() + ko.encode("euc-kr"))
    (d / "05_lines.jsonl").write_bytes(
        json.dumps({"title": "Good line", "text": "A fine record."}).encode() + b"\n"
        + b'"just a string"\n'
        + json.dumps({"title": "", "text": ""}).encode() + b"\n"
    )
    page = "<html><body><article><p>" + "Seoul and Hanoi signed a media accord. " * 20 + "</p></article></body></html>"
    _warc(d / "06_cut.warc", page, cut=900)
    (d / "07_undecodable.txt").write_bytes(bytes([0x81, 0x30, 0xFE, 0x20]) * 40)
    return d


EXPECTED_REASONS = {
    "01_binary.txt": "binary file (PNG image)",
    "02_empty.txt": "empty input",
    "03_broken.html": "no article text found in HTML page",
    "04_mixed.txt": "mixed encodings",
    "05_lines.jsonl#L2": "JSON value is a string, not an object",
    "05_lines.jsonl#L3": "record has no title and no body",
    "06_cut.warc#record=1": "truncated",
}


def test_each_bad_input_is_quarantined_and_the_run_goes_on(messy: Path, store: Store, settings: Settings) -> None:
    seen: list[str] = []
    from newsradar.pipeline import IngestHooks

    report = Ingestor(store, settings, hooks=IngestHooks(on_problem=lambda e: seen.append(e.origin))).run([str(messy)])
    stored = {a.title for a in store.list_articles(ArticleFilter(limit=None))}
    assert stored == {"Hanoi opens new metro line", "Good line"}
    quarantined = {Path(q.origin.split(" ")[0]).name: q.reason for q in store.list_quarantine()}
    for name, reason in EXPECTED_REASONS.items():
        assert name in quarantined, f"{name} not quarantined: {quarantined}"
        assert reason in quarantined[name]
    assert "07_undecodable.txt" in quarantined
    assert report.counts.quarantined == len(quarantined) == len(seen)
    assert report.counts.new == 2


def test_re_running_an_ingest_is_idempotent(messy: Path, store: Store, settings: Settings) -> None:
    first = Ingestor(store, settings).run([str(messy)])
    second = Ingestor(store, settings).run([str(messy)])
    assert second.counts.new == 0 and second.counts.updated == 0
    assert second.counts.unchanged == first.counts.new
    assert store.count_articles(ArticleFilter()) == first.counts.new
    assert all(q.attempts == 2 for q in store.list_quarantine())


def test_a_huge_file_is_refused_not_loaded(tmp_path: Path, store: Store, settings: Settings) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n" + "word " * 4000, encoding="utf-8")
    small = Settings({**settings.as_dict(), "max_input_bytes": 1000})
    report = Ingestor(store, small).run([str(big)])
    assert report.counts.quarantined == 1
    assert "larger than max_input_bytes" in store.list_quarantine()[0].reason


def test_a_crash_mid_run_keeps_complete_batches(tmp_path: Path, store: Store, settings: Settings,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(7):
        (folder / f"{n}.jsonl").write_text(json.dumps({"title": f"t{n}", "text": f"body {n}"}) + "\n")
    import newsradar.pipeline as pipeline

    calls = {"n": 0}
    real = pipeline.extract_article

    def dying(raw, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt  # the user pressing Ctrl-C, or the process being stopped
        return real(raw, **kw)

    monkeypatch.setattr(pipeline, "extract_article", dying)
    two_per_batch = Settings({**settings.as_dict(), "batch_size": 2})
    with pytest.raises(KeyboardInterrupt):
        Ingestor(store, two_per_batch).run([str(folder)])
    assert store.count_articles(ArticleFilter()) == 4  # two complete batches, nothing half-written
    monkeypatch.setattr(pipeline, "extract_article", real)
    report = Ingestor(store, two_per_batch).run([str(folder)])
    assert (report.counts.new, report.counts.unchanged) == (3, 4)
    assert store.count_articles(ArticleFilter()) == 7


def test_lone_surrogate_escapes_in_json_do_not_crash_the_run(tmp_path: Path, store: Store, settings: Settings) -> None:
    """JSON may escape half of a surrogate pair ("\\ud800"); no encoder takes it, so it becomes U+FFFD."""
    path = tmp_path / "broken.jsonl"
    path.write_text(
        '{"title": "Seoul \\ud800 summit", "text": "Editors met \\udc00 in Seoul on Tuesday.", "source": "X"}\n'
        '{"title": "Emoji \\ud83d\\ude00 pair", "text": "A valid pair stays one character.", "source": "X"}\n',
        encoding="utf-8")
    report = Ingestor(store, settings).run([str(path)])
    assert report.counts.new == 2 and report.counts.quarantined == 0
    titles = sorted(a.title for a in store.list_articles(ArticleFilter(limit=None)))
    assert titles == ["Emoji \U0001f600 pair", "Seoul \ufffd summit"]
