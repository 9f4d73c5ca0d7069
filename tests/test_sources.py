"""Readers: format detection, decoding, JSON/JSONL, WARC, feeds, OPML and URL fetching."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsradar.errors import BadDocument, TransientError
from newsradar.model import RawDocument
from newsradar.sources.decode import decode_bytes
from newsradar.sources.feeds import parse_opml
from newsradar.sources.files import ReadContext, expand_inputs, read_input
from newsradar.sources.formats import detect_format
from newsradar.sources.web import Fetcher

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Hanoi Daily Wire</title><link>https://hanoi.example/</link><language>vi-VN</language>
<item><title>Bão số 9 đổ bộ miền Trung</title><link>https://hanoi.example/bao-9</link>
<pubDate>Tue, 17 Nov 2026 09:30:00 +0700</pubDate><dc:creator>Trần Minh</dc:creator>
<description>Tóm tắt ngắn.</description>
<content:encoded><![CDATA[<p>Cơn bão số 9 đã đổ bộ vào các tỉnh miền Trung sáng nay.</p>
<figure><img src="a.jpg"/><figcaption>Người dân gia cố nhà cửa</figcaption></figure>
<p>Chính quyền đã sơ tán hàng nghìn hộ dân.</p>]]></content:encoded></item>
<item><title>Chỉ có tiêu đề</title><link>https://hanoi.example/tieu-de</link></item>
</channel></rss>"""

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>desk</title></head><body>
<outline text="Vietnam"><outline text="Hanoi Daily Wire" type="rss" xmlUrl="feeds/hanoi.xml"/></outline>
<outline text="Missing" type="rss" xmlUrl="feeds/missing.xml"/>
</body></opml>"""


def items(spec: str | Path, ctx: ReadContext | None = None) -> list[RawDocument | BadDocument]:
    return list(read_input(str(spec), ctx or ReadContext()))


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"Title\n\nBody", "text"),
        ("a.txt", b"<!DOCTYPE html><html>", "html"),
        ("12345", b"<html><body><p>x</p>", "html"),
        ("dump", b"Plain words", "text"),
        ("x.xml", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        ("x.xml", b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("list.xml", b"<?xml version='1.0'?><opml version='2.0'>", "opml"),
        ("crawl", b"WARC/1.0\r\n", "warc"),
        ("a.warc.gz", b"\x1f\x8b", "warc"),
        ("data", b'{"title": "a"}\n{"title": "b"}\n', "jsonl"),
        ("data", b'[{"title": "a"}]', "json"),
        ("page.php", b"<html>", "html"),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


def test_decode_recovers_legacy_encodings_and_rejects_mixed() -> None:
    zh = "新华社北京11月23日电 中韩媒体对话在北京举行，双方同意加强交流与合作。" * 2
    ko = "서울에서 한국과 베트남 언론인들이 인공지능 시대의 협력을 논의했다고 밝혔다." * 2
    got = decode_bytes(zh.encode("gbk"), "zh.txt")
    assert got.text == zh and got.guessed and got.encoding in ("gb18030", "gbk", "gb2312")
    got = decode_bytes(ko.encode("euc-kr"), "ko.txt")
    assert got.text == ko and got.guessed
    declared = decode_bytes("<meta charset='euc-kr'><p>한국</p>".encode("euc-kr"), "p.html")
    assert "한국" in declared.text and not declared.guessed
    with pytest.raises(BadDocument, match="mixed encodings"):
        decode_bytes("Hội Nhà báo Việt Nam ".encode() + ko.encode("euc-kr"), "mixed.txt")
    with pytest.raises(BadDocument, match="binary file \\(PNG image\\)"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "photo.txt")
    with pytest.raises(BadDocument, match="empty input"):
        decode_bytes(b"  \n ", "empty.txt")


def test_decode_normalises_decomposed_vietnamese() -> None:
    decomposed = "Vie\u0323\u0302t Nam"
    assert decode_bytes(decomposed.encode(), "vi.txt").text == "Việt Nam"


def test_jsonl_reports_each_bad_line_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        b'{"title": "one", "text": "first"}\n'
        b"[1, 2, 3]\n"
        b"{broken json\n"
        b"\n"
        b'{"title": "\xff\xfe"}\n'
        b'{"headline": "four", "body": "fourth"}\n'
    )
    got = items(path)
    good = [i for i in got if isinstance(i, RawDocument)]
    bad = [i for i in got if isinstance(i, BadDocument)]
    assert [g.fields.get("title") or g.fields.get("headline") for g in good] == ["one", "four"]
    assert [b.origin for b in bad] == [f"{path}#L2", f"{path}#L3", f"{path}#L5"]
    assert "an array, not an object" in bad[0].reason
    assert "not valid JSON" in bad[1].reason
    assert "not UTF-8" in bad[2].reason


def test_json_document_shapes(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"title": "solo", "text": "x"}))
    (tmp_path / "list.json").write_text(json.dumps([{"title": "a"}, "oops", {"title": "b"}]))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"title": "w1"}, {"title": "w2"}]}))
    assert len(items(tmp_path / "one.json")) == 1
    listed = items(tmp_path / "list.json")
    assert [type(i).__name__ for i in listed] == ["RawDocument", "BadDocument", "RawDocument"]
    assert [i.fields["title"] for i in items(tmp_path / "wrapped.json") if isinstance(i, RawDocument)] == ["w1", "w2"]


def _warc_bytes(pages: list[tuple[str, str, str]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, ctype, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def test_warc_yields_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc_bytes([
        ("https://a.example/1", "text/html; charset=utf-8", "<html><body><p>one</p></body></html>"),
        ("https://a.example/logo.png", "image/png", "not html"),
        ("https://a.example/2", "text/html", "<html><body><p>two</p></body></html>"),
    ]))
    docs = items(path)
    assert [d.url for d in docs if isinstance(d, RawDocument)] == ["https://a.example/1", "https://a.example/2"]
    assert all(isinstance(d, RawDocument) and d.kind == "html" for d in docs)


def test_truncated_warc_keeps_what_came_before(tmp_path: Path) -> None:
    data = _warc_bytes([
        ("https://a.example/1", "text/html", "<html><body><p>" + "one " * 200 + "</p></body></html>"),
        ("https://a.example/2", "text/html", "<html><body><p>" + "two " * 2000 + "</p></body></html>"),
    ])
    first_len = len(_warc_bytes([
        ("https://a.example/1", "text/html", "<html><body><p>" + "one " * 200 + "</p></body></html>"),
    ]))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: first_len + 60])
    docs = items(path)
    assert isinstance(docs[0], RawDocument) and docs[0].url == "https://a.example/1"
    assert isinstance(docs[-1], BadDocument) and "truncated or corrupt WARC" in docs[-1].reason


def test_warc_cut_inside_a_record_header_is_quarantined_not_a_crash(tmp_path: Path) -> None:
    """warcio raises AttributeError when a record ends before its WARC-Target-URI header."""
    one = ("https://a.example/1", "text/html", "<html><body><p>" + "one " * 200 + "</p></body></html>")
    first = gzip.decompress(_warc_bytes([one]))
    plain = gzip.decompress(_warc_bytes([one, ("https://a.example/2", "text/html", "<p>two</p>")]))
    uri_header = plain.index(b"WARC-Target-URI", len(first))
    path = tmp_path / "cut.warc"
    for cut in range(plain.index(b"WARC-Record-ID", len(first)), uri_header, 7):  # inside record 2 headers
        path.write_bytes(plain[:cut])
        docs = items(path)
        assert isinstance(docs[0], RawDocument) and docs[0].url == "https://a.example/1"
        assert isinstance(docs[-1], BadDocument) and "truncated or corrupt WARC" in docs[-1].reason, cut


def test_feed_entries_become_records(tmp_path: Path) -> None:
    path = tmp_path / "hanoi.xml"
    path.write_text(RSS, encoding="utf-8")
    docs = items(path)
    assert len(docs) == 2 and all(isinstance(d, RawDocument) for d in docs)
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert first.origin == f"{path}#entry=1"
    assert first.fields["source"] == "Hanoi Daily Wire"
    assert first.fields["language"] == "vi"
    assert "sơ tán" in first.fields["body_html"]


def test_broken_feed_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    docs = items(path)
    assert len(docs) == 1 and isinstance(docs[0], BadDocument)
    assert "not a readable RSS/Atom feed" in docs[0].reason


def test_opml_resolves_relative_feeds_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "hanoi.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "desk.opml").write_text(OPML, encoding="utf-8")
    docs = items(tmp_path / "desk.opml")
    assert sum(isinstance(d, RawDocument) for d in docs) == 2
    missing = [d for d in docs if isinstance(d, BadDocument)]
    assert len(missing) == 1 and "feeds/missing.xml" in missing[0].origin
    refs = parse_opml(OPML.encode(), "desk.opml")
    assert [r.title for r in refs] == ["Hanoi Daily Wire", "Missing"]


def test_expand_inputs(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.txt").write_text("b")
    (tmp_path / "d" / "sub" / "a.html").write_text("a")
    (tmp_path / "d" / ".hidden").write_text("h")
    (tmp_path / "empty").mkdir()
    got = list(expand_inputs([
        str(tmp_path / "d"), str(tmp_path / "d" / "*.txt"), str(tmp_path / "nope.txt"),
        str(tmp_path / "empty"), str(tmp_path / "*.none"), "https://a.example/x",
    ]))
    names = [g if isinstance(g, str) else f"BAD:{g.reason}" for g in got]
    assert names == [
        str(tmp_path / "d" / "b.txt"),
        str(tmp_path / "d" / "sub" / "a.html"),
        str(tmp_path / "d" / "b.txt"),
        "BAD:no such file or folder",
        "BAD:folder holds no files",
        "BAD:pattern matches no files",
        "https://a.example/x",
    ]


class _Script:
    """A transport seam answering from a script of (status, body, headers) per URL, counting calls."""

    def __init__(self, answers: dict[str, list[tuple[int, bytes, dict[str, str]] | Exception]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.calls.append(url)
        answer = self.answers[url].pop(0) if len(self.answers[url]) > 1 else self.answers[url][0]
        if isinstance(answer, Exception):
            raise answer
        status, body, headers = answer
        return httpx.Response(status, content=body, headers=headers)


def _fetcher(script: _Script) -> Fetcher:
    return Fetcher(user_agent="newsradar-test", retries=3, transport=httpx.MockTransport(script), sleep=lambda s: None)


def test_fetch_retries_transient_failures_then_succeeds() -> None:
    url = "https://news.example/a"
    html = b"<html><body><p>fine</p></body></html>"
    script = _Script({url: [
        httpx.ConnectTimeout("slow"),
        (503, b"busy", {}),
        (200, html, {"content-type": "text/html; charset=utf-8"}),
    ]})
    with _fetcher(script) as fetcher:
        result = fetcher.fetch(url)
    assert result.content == html and len(script.calls) == 3


def test_fetch_gives_up_and_does_not_retry_client_errors() -> None:
    down, gone = "https://news.example/down", "https://news.example/gone"
    script = _Script({down: [(500, b"", {})], gone: [(404, b"", {})]})
    with _fetcher(script) as fetcher:
        with pytest.raises(TransientError, match="HTTP 500"):
            fetcher.fetch(down)
        with pytest.raises(BadDocument, match="HTTP 404"):
            fetcher.fetch(gone)
    assert script.calls.count(down) == 3 and script.calls.count(gone) == 1


def test_urls_are_read_by_content_type_and_failures_quarantined() -> None:
    feed_url, page_url, bad_url = "https://hanoi.example/rss", "https://hanoi.example/p", "https://hanoi.example/x"
    script = _Script({
        feed_url: [(200, RSS.encode(), {"content-type": "application/rss+xml"})],
        page_url: [(200, "<html lang='ko'><body><p>본문</p></body></html>".encode("euc-kr"),
                    {"content-type": "text/html; charset=euc-kr"})],
        bad_url: [(502, b"", {})],
    })
    ctx = ReadContext(fetcher=_fetcher(script))
    assert len(items(feed_url, ctx)) == 2
    page = items(page_url, ctx)
    assert isinstance(page[0], RawDocument) and "본문" in page[0].text and page[0].url == page_url
    failed = items(bad_url, ctx)
    assert isinstance(failed[0], BadDocument) and "HTTP 502" in failed[0].reason


def test_gzip_is_told_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    """A gzip named like a text file is decompressed (it used to be quarantined as binary)."""
    path = tmp_path / "notes.txt"
    path.write_bytes(gzip.compress(b"hello"))
    docs = items(path)
    assert len(docs) == 1 and isinstance(docs[0], RawDocument)
    assert docs[0].text == "hello" and docs[0].origin == str(path)
