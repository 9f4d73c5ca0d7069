"""WARC (and ARC) archives: every HTML response record becomes a page to extract.

Crawls are often cut short, so a truncated or corrupt archive is read up to
the damage: the records before it are kept and the damage itself is reported
once, naming the record where reading stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..errors import BadDocument
from ..model import RawDocument
from .decode import decode_bytes

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _records(archive: Iterable[ArcWarcRecord]) -> Iterator[ArcWarcRecord]:
    """warcio's records; a record cut off inside its WARC headers becomes ArchiveLoadFailed.

    warcio then fails with ``AttributeError`` (no ``WARC-Target-URI`` read yet); only the step to
    the next record is guarded, so a bug in this module still fails loudly.
    """
    records = iter(archive)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except AttributeError as exc:
            raise ArchiveLoadFailed("the record is cut off inside its WARC headers") from exc
        yield record


def iter_warc(
    stream: BinaryIO, origin: str, *, source: str | None = None, lang: str | None = None, max_bytes: int
) -> Iterator[RawDocument | BadDocument]:
    """Yield one HTML document per ``response`` record with an HTML payload and a 2xx status."""
    index = 0
    seen_any = False
    archive = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in _records(archive):
            seen_any = True
            index += 1
            where = f"{origin}#record={index}"
            if record.rec_type != "response":
                continue
            headers = record.http_headers
            if headers is None:
                continue
            status = headers.get_statuscode() or ""
            ctype = (headers.get_header("Content-Type") or "").lower()
            if not status.startswith("2") or not any(t in ctype for t in _HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield BadDocument(where, f"page larger than {max_bytes} bytes", stage="read")
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield BadDocument(where, "truncated WARC: the record ends before its declared length", stage="read")
                return
            charset = ctype.split("charset=", 1)[1].strip() if "charset=" in ctype else None
            try:
                decoded = decode_bytes(payload, f"{where} ({url})", declared=charset)
            except BadDocument as exc:
                yield exc
                continue
            yield RawDocument(
                origin=where,
                kind="html",
                text=decoded.text,
                url=url,
                source=source,
                lang=lang,
                encoding=decoded.encoding,
                fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
            )
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError) as exc:
        where = f"{origin}#record={index + 1}"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        what = "truncated or corrupt WARC" if seen_any else "not a readable WARC archive"
        yield BadDocument(where, f"{what}: reading stopped here ({detail})", stage="read")
        return
    # warcio stops quietly at a cut-off gzip member: look for bytes it never turned into a record.
    end = sum(archive.member_info) if archive.member_info else archive.offset
    stream.seek(end)
    if stream.read(4096).strip():
        what = "truncated or corrupt WARC" if seen_any else "not a readable WARC archive"
        yield BadDocument(f"{origin}#record={index + 1}", f"{what}: unreadable bytes after byte {end}", stage="read")
