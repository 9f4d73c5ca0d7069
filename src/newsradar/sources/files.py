"""Turn what the user typed (files, folders, globs, URLs) into raw documents.

Reading never raises for a bad input: every problem is yielded as a
:class:`BadDocument` in the stream, in order, so the caller records it and the
rest of the run goes on.  Large JSONL and WARC files are streamed, never
loaded whole; so are compressed ones (gzip, bzip2, xz, zip: see :mod:`.archives`).
"""

from __future__ import annotations

import glob
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast
from urllib.parse import urljoin, urlsplit

from ..errors import BadDocument, TransientError
from ..model import RawDocument
from .archives import Member, is_gzipped_warc, iter_members, plain_name, sniff_compression
from .decode import decode_bytes, sniff_binary
from .feeds import iter_feed_entries, parse_opml
from .formats import Format, detect_format
from .records import iter_json, iter_jsonl
from .warc import iter_warc
from .web import Fetcher

Item = RawDocument | BadDocument


@dataclass
class ReadContext:
    """What every reader needs to know about this run."""

    source: str | None = None
    lang: str | None = None
    max_bytes: int = 64 * 1024 * 1024
    fetcher: Fetcher | None = None
    #: OPML files and feeds already expanded in this run (guards against loops).
    visited: set[str] = field(default_factory=set)


def is_url(spec: str) -> bool:
    try:
        return urlsplit(spec).scheme in ("http", "https")
    except ValueError:  # "http://[bad" is still meant as a URL: the fetch quarantines it with the reason
        return spec[:8].lower().startswith(("http://", "https://"))


def expand_inputs(specs: list[str]) -> Iterator[str | BadDocument]:
    """Files, folders (recursive, sorted, hidden entries skipped), globs and URLs, in the order given."""
    for spec in specs:
        if is_url(spec):
            yield spec
            continue
        path = Path(spec).expanduser()
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    found = True
                    yield str(child)
            if not found:
                yield BadDocument(spec, "folder holds no files", stage="read")
        elif path.is_file():
            yield str(path)
        elif any(ch in spec for ch in "*?["):
            matches = sorted(m for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                yield BadDocument(spec, "pattern matches no files", stage="read")
            yield from matches
        elif path.exists():
            yield BadDocument(spec, "not a regular file or folder", stage="read")
        else:
            yield BadDocument(spec, "no such file or folder", stage="read")


def read_input(spec: str, ctx: ReadContext) -> Iterator[Item]:
    """All raw documents in one expanded input (a file path or a URL)."""
    if is_url(spec):
        yield from _read_url(spec, ctx)
    else:
        yield from read_path(Path(spec), ctx)


def read_path(path: Path, ctx: ReadContext) -> Iterator[Item]:
    origin = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
            if sniff_compression(head) and not is_gzipped_warc(path.name, head):
                handle.seek(0)
                yield from _read_compressed(handle, path.name, origin, ctx, base=str(path.resolve()))
                return
            fmt = detect_format(plain_name(path.name), head)  # x.jsonl.gz saved already decompressed
            if fmt in ("jsonl", "warc") and not (fmt == "jsonl" and sniff_binary(head)):
                handle.seek(0)
                if fmt == "jsonl":
                    yield from iter_jsonl(handle, origin, source=ctx.source, lang=ctx.lang)
                else:
                    yield from iter_warc(handle, origin, source=ctx.source, lang=ctx.lang, max_bytes=ctx.max_bytes)
                return
            rest = handle.read(max(ctx.max_bytes + 1 - len(head), 0))
    except OSError as exc:
        yield BadDocument(origin, f"cannot read file ({exc.strerror or exc})", stage="read")
        return
    data = head + rest
    if len(data) > ctx.max_bytes:
        yield BadDocument(origin, f"file larger than max_input_bytes ({ctx.max_bytes} bytes)", stage="read")
        return
    yield from read_bytes(data, origin, fmt, ctx, base=str(path.resolve()))


def read_bytes(
    data: bytes,
    origin: str,
    fmt: Format,
    ctx: ReadContext,
    *,
    base: str,
    url: str | None = None,
    declared: str | None = None,
) -> Iterator[Item]:
    """Dispatch bytes already in memory to the reader for ``fmt``.

    ``base`` is the file path or URL that relative links (OPML ``xmlUrl``)
    resolve against; ``url`` is the page address when the bytes came from the web.
    """
    if fmt == "warc":
        yield from iter_warc(io.BytesIO(data), origin, source=ctx.source, lang=ctx.lang, max_bytes=ctx.max_bytes)
        return
    if fmt == "jsonl":
        yield from iter_jsonl(io.BytesIO(data), origin, source=ctx.source, lang=ctx.lang)
        return
    if fmt == "feed":
        if sniff_binary(data) or not data.strip():
            yield _decode_failure(data, origin, declared)
            return
        yield from iter_feed_entries(data, origin, source=ctx.source, lang=ctx.lang)
        return
    if fmt == "opml":
        yield from _read_opml(data, origin, ctx, base)
        return
    try:
        decoded = decode_bytes(data, origin, declared=declared)
    except BadDocument as exc:
        yield exc
        return
    if fmt == "json":
        yield from iter_json(decoded.text, origin, source=ctx.source, lang=ctx.lang)
        return
    yield RawDocument(
        origin=origin,
        kind="html" if fmt == "html" else "text",
        text=decoded.text,
        url=url,
        source=ctx.source,
        lang=ctx.lang,
        encoding=decoded.encoding,
    )


def _read_compressed(
    handle: BinaryIO, name: str, origin: str, ctx: ReadContext, *, base: str, url: str | None = None,
    declared: str | None = None,
) -> Iterator[Item]:
    """Every member of a gzip, bzip2, xz or zip input, each read by the reader its name and head call for."""
    for item in iter_members(handle, name, origin, max_bytes=ctx.max_bytes):
        if isinstance(item, BadDocument):
            yield item
        elif item.path:  # a zip member: not the page at ``url``, and relative links resolve inside the zip
            yield from _read_member(item, ctx, base=f"{base}!{item.path}")
        else:
            yield from _read_member(item, ctx, base=base, url=url, declared=declared)


def _read_member(
    member: Member, ctx: ReadContext, *, base: str, url: str | None = None, declared: str | None = None
) -> Iterator[Item]:
    """Stream JSONL and WARC members; read the others whole, up to ``max_bytes`` decompressed."""
    fmt = detect_format(member.name, member.head)
    stream = cast(BinaryIO, member.stream)
    if fmt == "warc":
        yield from iter_warc(stream, member.origin, source=ctx.source, lang=ctx.lang, max_bytes=ctx.max_bytes)
        return
    if fmt == "jsonl" and not sniff_binary(member.head):
        yield from iter_jsonl(member.stream.lines(ctx.max_bytes), member.origin, source=ctx.source, lang=ctx.lang)
        return
    data = member.stream.read_upto(ctx.max_bytes + 1)
    if member.stream.error is not None:
        return  # a document cut short is not read; iter_members reports the damage
    if len(data) > ctx.max_bytes:
        yield BadDocument(member.origin, f"decompressed size larger than max_input_bytes ({ctx.max_bytes} bytes)",
                          stage="read")
        return
    yield from read_bytes(data, member.origin, fmt, ctx, base=base, url=url, declared=declared)


def _decode_failure(data: bytes, origin: str, declared: str | None) -> BadDocument:
    try:
        decode_bytes(data, origin, declared=declared)
    except BadDocument as exc:
        return exc
    return BadDocument(origin, "not a readable document", stage="read")


def _read_opml(data: bytes, origin: str, ctx: ReadContext, base: str) -> Iterator[Item]:
    if base in ctx.visited:
        return
    ctx.visited.add(base)
    try:
        refs = parse_opml(data, origin)
    except BadDocument as exc:
        yield exc
        return
    for ref in refs:
        target = ref.url
        if is_url(base) or is_url(target):
            target = urljoin(base, target)
            yield from _read_url(target, ctx)
        else:
            path = Path(target[len("file://"):] if target.startswith("file://") else target)
            if not path.is_absolute():
                path = Path(base).parent / path
            if not path.is_file():
                yield BadDocument(f"{origin} -> {ref.url}", "feed listed in OPML not found", stage="read")
                continue
            yield from read_path(path, ctx)


def _read_url(url: str, ctx: ReadContext) -> Iterator[Item]:
    if ctx.fetcher is None:
        yield BadDocument(url, "URL given but fetching is not available in this run", stage="fetch")
        return
    try:
        result = ctx.fetcher.fetch(url)
    except (BadDocument, TransientError) as exc:
        if isinstance(exc, TransientError):
            exc = BadDocument(url, f"{exc.reason}; gave up after retries, a re-run tries again", stage="fetch")
        yield exc
        return
    head = result.content[:8192]
    name = urlsplit(result.url).path.rsplit("/", 1)[-1]
    if sniff_compression(head) and not is_gzipped_warc(name, head, result.content_type):
        yield from _read_compressed(io.BytesIO(result.content), name, url, ctx, base=result.url, url=result.url,
                                    declared=result.charset)
        return
    fmt = detect_format(urlsplit(result.url).path, head, result.content_type)
    yield from read_bytes(
        result.content, url, fmt, ctx, base=result.url, url=result.url, declared=result.charset
    )
