"""Compressed inputs (gzip, bzip2, xz, zip) are ingested by streaming, and their damage is quarantined."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import zipfile
import zlib
from pathlib import Path

import httpx
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsradar.cli import app
from newsradar.pipeline import Ingestor
from newsradar.settings import Settings
from newsradar.sources.web import Fetcher
from newsradar.store import ArticleFilter, Store

DUMP = """Hanoi opens new metro line

HANOI, Nov. 17 (VNA) -- Hanoi opened its third metro line on Tuesday, linking the old quarter
with the western districts.

The line carries up to 30,000 passengers a day in its first phase, city officials said.

VNA
"""
PAGE = ("<html><head><title>Seoul media accord</title></head><body><article><h1>Seoul media accord</h1><p>"
        + "Seoul and Hanoi signed a media accord on Tuesday, the ministries said. " * 15
        + "</p></article></body></html>")


def _jsonl(count: int, prefix: str = "Story") -> bytes:
    return b"".join(
        json.dumps({"title": f"{prefix} {n}", "text": f"Body of {prefix.lower()} {n}. " * 8,
                    "url": f"https://news.example/{prefix.lower()}/{n}"}).encode() + b"\n"
        for n in range(count)
    )


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _warc(gz: bool, site: str = "a") -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for n in (1, 2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = PAGE.replace("Seoul media accord", f"Seoul media accord {site}{n}")
        writer.write_record(writer.create_warc_record(
            f"https://{site}.example/{n}", "response", payload=io.BytesIO(page.encode()), http_headers=headers))
    return buffer.getvalue()


def _origins(store: Store) -> set[str]:
    return {a.origin for a in store.list_articles(ArticleFilter(limit=None))}


def _titles(store: Store) -> set[str]:
    return {a.title for a in store.list_articles(ArticleFilter(limit=None))}


def test_gzip_bzip2_and_xz_inputs_are_read_with_the_file_as_origin(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    jsonl, json_doc, page = tmp_path / "dump.jsonl.gz", tmp_path / "export.json.bz2", tmp_path / "page.html.xz"
    jsonl.write_bytes(gzip.compress(_jsonl(3)))
    json_doc.write_bytes(bz2.compress(json.dumps({"articles": [
        {"title": "Bao so 9", "text": "Storm nine reached the coast."},
        {"title": "Typhoon warning", "text": "Central provinces brace."},
    ]}).encode()))
    page.write_bytes(lzma.compress(PAGE.encode()))

    report = Ingestor(store, settings).run([str(jsonl), str(json_doc), str(page)])

    assert (report.counts.new, report.counts.quarantined) == (6, 0), store.list_quarantine()
    assert _origins(store) == {f"{jsonl}#L1", f"{jsonl}#L2", f"{jsonl}#L3", f"{json_doc}#0", f"{json_doc}#1",
                               str(page)}
    assert "Seoul media accord" in _titles(store)


def _bundle(tmp_path: Path) -> Path:
    """A zip of a JSONL file in a folder and a text dump, plus entries that are not documents."""
    path = tmp_path / "bundle.zip"
    path.write_bytes(_zip({
        "day1/": b"",
        "day1/wire.jsonl": _jsonl(2, "Wire"),
        "dump.txt": DUMP.encode(),
        "__MACOSX/day1/._wire.jsonl": b"\x00\x05\x16\x07 resource fork",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
    }))
    return path


def test_zip_members_are_ingested_through_the_cli_each_with_its_origin(tmp_path: Path) -> None:
    archive = _bundle(tmp_path)
    db = str(tmp_path / "zip.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(archive), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 articles (3 new, 0 updated, 0 unchanged), 0 quarantined" in result.output
    records = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)
    assert {r["origin"] for r in records} == {f"{archive}!day1/wire.jsonl#L1", f"{archive}!day1/wire.jsonl#L2",
                                              f"{archive}!dump.txt"}
    assert "Hanoi opens new metro line" in {r["title"] for r in records}


def test_reingesting_compressed_inputs_adds_nothing(tmp_path: Path, store: Store, settings: Settings) -> None:
    archive = _bundle(tmp_path)
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress(_jsonl(4)))
    first = Ingestor(store, settings).run([str(archive), str(dump)])
    second = Ingestor(store, settings).run([str(archive), str(dump)])
    assert first.counts.new == 7
    assert (second.counts.new, second.counts.updated, second.counts.unchanged) == (0, 0, 7)
    assert store.count_articles(ArticleFilter()) == 7


def test_truncated_gzip_keeps_the_complete_lines_before_the_damage(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    data = gzip.compress(_jsonl(200))
    cut = data[: len(data) // 2]
    readable = zlib.decompressobj(wbits=31).decompress(cut)  # all that can be recovered from the cut file
    complete = readable.count(b"\n")
    assert 0 < complete < 200 and not readable.endswith(b"\n")  # the cut leaves a partial last line
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(cut)

    report = Ingestor(store, settings).run([str(path)])

    assert report.counts.new == complete
    assert _titles(store) == {f"Story {n}" for n in range(complete)}
    [problem] = store.list_quarantine()  # one report for the damage; the half line is not a bad record
    assert problem.origin == str(path)
    assert problem.reason.startswith("truncated gzip stream: ended after ")
    assert "the rest is lost" in problem.reason


def test_corrupt_bzip2_is_quarantined_with_its_reason(tmp_path: Path, store: Store, settings: Settings) -> None:
    data = bytearray(bz2.compress(_jsonl(50)))
    data[len(data) // 2] ^= 0xFF
    path = tmp_path / "broken.jsonl.bz2"
    path.write_bytes(bytes(data))
    report = Ingestor(store, settings).run([str(path)])
    assert report.counts.quarantined == 1
    [problem] = store.list_quarantine()
    assert problem.origin == str(path) and problem.reason.startswith("corrupt bzip2 data")


def test_zip_without_its_central_directory_keeps_the_complete_members(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    data = _zip({"first.jsonl": _jsonl(3, "First"), "second.txt": DUMP.encode()})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        second, directory = archive.getinfo("second.txt").header_offset, archive.start_dir
    cut_in_member, cut_at_directory = tmp_path / "cut.zip", tmp_path / "nodir.zip"
    cut_in_member.write_bytes(data[: second + 60])  # a download that stopped inside the second member
    cut_at_directory.write_bytes(data[:directory])  # every member there, the central directory gone

    Ingestor(store, settings).run([str(cut_in_member)])
    assert _origins(store) == {f"{cut_in_member}!first.jsonl#L{n}" for n in (1, 2, 3)}
    [problem] = store.list_quarantine()
    assert problem.origin == f"{cut_in_member}!second.txt" and "truncated" in problem.reason

    report = Ingestor(store, settings).run([str(cut_at_directory)])
    assert (report.counts.new, report.counts.unchanged) == (1, 3)  # first.jsonl's records are stored already
    assert f"{cut_at_directory}!second.txt" in _origins(store)
    reasons = {q.origin: q.reason for q in store.list_quarantine()}
    assert reasons[str(cut_at_directory)].startswith("truncated zip: no central directory")


def test_streamed_zip_without_its_central_directory(tmp_path: Path, store: Store, settings: Settings) -> None:
    """Zips written to a pipe carry sizes after the data (data descriptors): deflate finds each end."""

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = io.BytesIO()

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:  # type: ignore[no-untyped-def,override]
            return self.buffer.write(data)

    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.jsonl", _jsonl(2, "Piped"))
        archive.writestr("b.txt", DUMP)
    data = pipe.buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(info.flag_bits & 0x08 for info in archive.infolist())
        directory = archive.start_dir
    path = tmp_path / "piped.zip"
    path.write_bytes(data[:directory])
    report = Ingestor(store, settings).run([str(path)])
    assert report.counts.new == 3
    assert _origins(store) == {f"{path}!a.jsonl#L1", f"{path}!a.jsonl#L2", f"{path}!b.txt"}


def test_members_larger_than_max_input_bytes_are_refused(tmp_path: Path, store: Store, settings: Settings) -> None:
    small = Settings({**settings.as_dict(), "max_input_bytes": 2000})
    bomb = ("Title\n\n" + "word " * 100_000).encode()  # 500 KB that compresses to about 1 KB
    archive = tmp_path / "mixed.zip"
    archive.write_bytes(_zip({"big.txt": bomb, "dump.txt": DUMP.encode()}))
    single = tmp_path / "big.txt.gz"
    single.write_bytes(gzip.compress(bomb))
    long_line = tmp_path / "long.jsonl.gz"
    long_line.write_bytes(gzip.compress(_jsonl(1) + b'{"title": "x", "text": "' + b"y" * 100_000 + b'"}\n'))

    report = Ingestor(store, small).run([str(archive), str(single), str(long_line)])

    assert report.counts.new == 2  # dump.txt and the first line of long.jsonl.gz
    reasons = {q.origin: q.reason for q in store.list_quarantine()}
    assert set(reasons) == {f"{archive}!big.txt", str(single), str(long_line)}
    assert "larger than max_input_bytes (2000 bytes)" in reasons[f"{archive}!big.txt"]
    assert "larger than max_input_bytes" in reasons[str(single)]
    assert reasons[str(long_line)].startswith("line 2 is larger than max_input_bytes")


def test_url_serving_gzipped_jsonl_is_ingested(store: Store, settings: Settings) -> None:
    url = "https://data.example/exports/dump.jsonl.gz"
    body = gzip.compress(_jsonl(2, "Remote"))

    def answer(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == url
        return httpx.Response(200, content=body, headers={"content-type": "application/gzip"})

    with Fetcher(user_agent="newsradar-test", transport=httpx.MockTransport(answer), sleep=lambda s: None) as fetcher:
        report = Ingestor(store, settings, fetcher=fetcher).run([url])
    assert (report.counts.new, report.counts.quarantined) == (2, 0)
    assert _origins(store) == {f"{url}#L1", f"{url}#L2"}


def test_nested_archives_are_read_one_level_deep(tmp_path: Path, store: Store, settings: Settings) -> None:
    inner = _zip({"inner.jsonl": _jsonl(1, "Inner"), "deeper.zip": _zip({"deep.jsonl": _jsonl(1, "Deep")})})
    path = tmp_path / "outer.zip"
    path.write_bytes(_zip({"inner.zip": inner, "part.jsonl.gz": gzip.compress(_jsonl(1, "Part")),
                           "crawl.warc.gz": _warc(gz=True)}, method=zipfile.ZIP_STORED))

    Ingestor(store, settings).run([str(path)])

    assert _origins(store) == {f"{path}!inner.zip!inner.jsonl#L1", f"{path}!part.jsonl.gz#L1",
                               f"{path}!crawl.warc.gz#record=1", f"{path}!crawl.warc.gz#record=2"}
    [problem] = store.list_quarantine()
    assert problem.origin == f"{path}!inner.zip!deeper.zip" and "nested" in problem.reason


def test_encrypted_zip_member_is_quarantined(tmp_path: Path, store: Store, settings: Settings) -> None:
    data = bytearray(_zip({"secret.txt": DUMP.encode(), "open.txt": DUMP.replace("Hanoi", "Hue").encode()}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local, central = archive.getinfo("secret.txt").header_offset, archive.start_dir
    for flags_at in (local + 6, central + 8):  # the "encrypted" bit, in the local and the central header
        data[flags_at] |= 0x01
    path = tmp_path / "locked.zip"
    path.write_bytes(bytes(data))
    report = Ingestor(store, settings).run([str(path)])
    assert report.counts.new == 1 and _origins(store) == {f"{path}!open.txt"}
    [problem] = store.list_quarantine()
    assert problem.origin == f"{path}!secret.txt" and "encrypted" in problem.reason


def test_warc_compressed_as_a_whole_or_in_a_zip_is_read(tmp_path: Path, store: Store, settings: Settings) -> None:
    """.warc.gz keeps going to warcio as it is; a WARC in bzip2 or in a zip is read from the decompressed stream."""
    plain_gz, bzipped, zipped = tmp_path / "a.warc.gz", tmp_path / "b.warc.bz2", tmp_path / "c.zip"
    plain_gz.write_bytes(_warc(gz=True, site="a"))
    bzipped.write_bytes(bz2.compress(_warc(gz=False, site="b")))
    zipped.write_bytes(_zip({"crawl.warc": _warc(gz=False, site="c")}))
    report = Ingestor(store, settings).run([str(plain_gz), str(bzipped), str(zipped)])
    assert report.counts.quarantined == 0, store.list_quarantine()
    assert {o for o in _origins(store) if o.endswith("#record=1")} == {
        f"{plain_gz}#record=1", f"{bzipped}#record=1", f"{zipped}!crawl.warc#record=1"}
