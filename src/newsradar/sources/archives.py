"""Compressed inputs (gzip, bzip2, xz, zip) opened as streams of members.

Why a module of its own: dumps are shipped compressed (``dump.jsonl.gz``, a
``.zip`` of a day's pages), and were quarantined as binary files.  Reading them
is more than calling ``gzip.open``:

* compression is told by its magic bytes, not the name (``notes.txt`` may be
  gzip, ``x.jsonl.gz`` saved by a browser may already be plain);
* members are *streamed*: a JSONL or WARC member is never decompressed into
  memory whole, and the other formats are read up to ``max_input_bytes``, which
  also refuses a decompression bomb;
* damage is expected (downloads get cut off): what came before it is kept and
  the damage is reported once, naming the input.  A JSONL line cut in half is
  dropped, never stored.  A zip whose central directory is missing is read
  member by member from its local headers (stored or deflated), so the members
  before the cut still count;
* every member gets a stable origin, so re-ingesting changes nothing: the file
  itself for single-stream compressors (``dump.jsonl.gz#L12``), and
  ``archive.zip!inner/path.jsonl`` for zip members;
* one level of nesting (a ``.zip`` or ``.jsonl.gz`` inside a zip) is read,
  anything deeper is quarantined.

Like every reader, nothing here raises for a bad input: problems come out of
:func:`iter_members` as :class:`BadDocument` items.  The caller
(:mod:`.files`) picks the reader for each :class:`Member` and consumes its
stream before asking for the next item; damage found while it read is then
reported.  Only the standard library is used (gzip, bz2, lzma, zipfile, zlib).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Literal

from ..errors import BadDocument
from .formats import detect_format

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

Compression = Literal["gzip", "bzip2", "xz", "zip"]

#: Bytes of a member looked at to detect its format (what :mod:`.files` reads of a plain file).
HEAD_BYTES = 8192
#: An archive inside an archive is read; one inside that is not.
MAX_DEPTH = 2
_CHUNK = 1024 * 1024
#: Decompressed bytes kept behind the read position, so a reader (warcio) can seek back a little.
_WINDOW = 256 * 1024
#: A nested zip needs random access: it is copied to a temporary file, in memory up to this size.
_SPOOL_IN_MEMORY = 8 * 1024 * 1024
_LABELS: dict[str, str] = {"gzip": "gzip stream", "bzip2": "bzip2 stream", "xz": "xz stream", "zip": "zip member"}
_DATA_NAMES: dict[str, str] = {"gzip": "gzip data", "bzip2": "bzip2 data", "xz": "xz data", "zip": "zip member data"}
_SINGLE_SUFFIXES = {".gz": "", ".gzip": "", ".bz2": "", ".bzip2": "", ".xz": "",
                    ".tgz": ".tar", ".tbz": ".tar", ".tbz2": ".tar", ".txz": ".tar"}
#: ZIP containers that are documents, not archives of news files.
_DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar", ".apk")
#: What a damaged stream raises while it is read (BadGzipFile and bz2's "Invalid data stream" are OSErrors).
_DAMAGE = (EOFError, OSError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, NotImplementedError)

_LOCAL = b"PK\x03\x04"
_CENTRAL = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07", b"PK\x05\x05")
_DESCRIPTOR = b"PK\x07\x08"


def sniff_compression(head: bytes) -> Compression | None:
    """The compressor whose magic bytes start ``head``, or ``None``."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head[:3] == b"BZh" and head[3:4] in b"123456789" and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith((_LOCAL, b"PK\x05\x06")):
        return "zip"
    return None


def plain_name(name: str) -> str:
    """The name without a compression suffix: ``x.jsonl.gz`` -> ``x.jsonl``, ``x.tgz`` -> ``x.tar``."""
    lower = name.lower()
    for suffix, replacement in _SINGLE_SUFFIXES.items():
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + replacement
    return name


def is_gzipped_warc(name: str, head: bytes, content_type: str | None = None) -> bool:
    """A gzip that warcio reads itself, one gzip member per record (``.warc.gz``, ``.arc.gz``)."""
    return sniff_compression(head) == "gzip" and detect_format(name, head, content_type) == "warc"


class Decompressed(io.RawIOBase):
    """A decompressed stream that turns damage into end of data plus a reason in :attr:`error`.

    It keeps the last bytes read, so a reader may look at the head and seek back
    to the start, or seek back a little (warcio does); further back, the inner
    stream is asked to seek (gzip, bz2, lzma and zip members can, by rewinding).
    """

    def __init__(self, inner: IO[bytes] | io.RawIOBase | io.BufferedIOBase, kind: Compression, *,
                 parent: Decompressed | None = None) -> None:
        super().__init__()
        self._inner = inner
        self.kind = kind
        self.parent = parent
        #: Why reading stopped early (truncation, corruption, a line too long), or ``None``.
        self.error: str | None = None
        #: Set once the error has been reported, so nested streams report one damage once.
        self.reported = False
        self.inherited = False
        self._eof = False
        self._window = bytearray()
        self._window_start = 0
        self._pos = 0

    @property
    def produced(self) -> int:
        """Decompressed bytes read from the inner stream so far."""
        return self._window_start + len(self._window)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._pos < self.produced:
            start = self._pos - self._window_start
            chunk: bytes | bytearray = self._window[start : start + len(view)]
        else:
            chunk = self._pull(len(view))
        size = len(chunk)
        view[:size] = chunk
        self._pos += size
        return size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence != io.SEEK_SET:
            raise io.UnsupportedOperation("a decompressed stream cannot seek from its end")
        offset = max(offset, 0)
        if offset < self._window_start and not self._rewind(offset):
            # Cannot go back that far (a zip member read from its local header): act as at the end.
            offset = self.produced
        while offset > self.produced and self._pull(min(_CHUNK, offset - self.produced)):
            pass
        self._pos = min(offset, self.produced)
        return self._pos

    def _rewind(self, offset: int) -> bool:
        seekable = getattr(self._inner, "seekable", None)
        if self.error is not None or seekable is None or not seekable():
            return False
        try:
            self._inner.seek(offset)
        except (*_DAMAGE, ValueError) as exc:
            self._fail(exc)
            return False
        self._window = bytearray()
        self._window_start = offset
        self._eof = False
        return True

    def _pull(self, size: int) -> bytes:
        """Up to ``size`` new bytes from the inner stream; ``b""`` at its end or at damage."""
        if self.error is not None or self._eof or size <= 0:
            return b""
        try:
            # read1: one chunk of the inner stream.  A read(size) that meets the damage would drop
            # everything it decompressed in that call.
            read1 = getattr(self._inner, "read1", None)
            data = read1(size) if read1 is not None else self._inner.read(size)
        except _DAMAGE as exc:
            self._fail(exc)
            return b""
        if not data:
            self._eof = True
            return b""
        self._window += data
        excess = len(self._window) - _WINDOW
        if excess > 0:
            del self._window[:excess]
            self._window_start += excess
        return data

    def _fail(self, exc: BaseException) -> None:
        if self.parent is not None and self.parent.error is not None:
            self.error, self.inherited = self.parent.error, True  # the outer stream broke first
            return
        if isinstance(exc, EOFError):
            self.error = (f"truncated {_LABELS[self.kind]}: ended after {self.produced:,} decompressed bytes; "
                          "the rest is lost")
        else:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if "crc" in detail.lower():  # read to its end, but what was read does not match its checksum
                self.error = f"corrupt {_DATA_NAMES[self.kind]}: checksum mismatch at its end ({detail})"
            else:
                self.error = (f"corrupt {_DATA_NAMES[self.kind]} after {self.produced:,} decompressed bytes "
                              f"({detail}); the rest is lost")

    def read_upto(self, limit: int) -> bytes:
        """At most ``limit`` bytes from the current position (fewer at the end or at damage)."""
        parts: list[bytes] = []
        size = 0
        while size < limit:
            chunk = self.read(min(_CHUNK, limit - size))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)

    def lines(self, max_line: int) -> Iterator[bytes]:
        """Every line, as a plain file's lines are split; a line cut off by damage is not yielded.

        A line longer than ``max_line`` bytes stops the member (a compressed line of zeros
        must not fill the memory); it is reported through :attr:`error`.
        """
        pending: list[bytes] = []
        pending_size = 0
        number = 0
        while True:
            chunk = self.read(_CHUNK)
            if not chunk:
                break
            start = 0
            while (end := chunk.find(b"\n", start)) >= 0:
                number += 1
                part = chunk[start : end + 1]
                line = b"".join([*pending, part]) if pending else part
                pending, pending_size = [], 0
                if len(line) > max_line:
                    self._too_long(number, max_line)
                    return
                yield line
                start = end + 1
            if start < len(chunk):
                pending.append(chunk[start:])
                pending_size += len(chunk) - start
                if pending_size > max_line:
                    self._too_long(number + 1, max_line)
                    return
        if pending and self.error is None:
            yield b"".join(pending)

    def _too_long(self, number: int, max_line: int) -> None:
        self.error = f"line {number} is larger than max_input_bytes ({max_line} bytes); the rest is not read"


@dataclass(slots=True)
class Member:
    """One document stream inside a compressed input, ready for the reader its format needs."""

    #: The name its format is detected from (``x.jsonl`` for ``x.jsonl.gz``; a zip member's own path).
    name: str
    origin: str
    stream: Decompressed
    #: Its first bytes (up to :data:`HEAD_BYTES`); the stream is still at its start.
    head: bytes
    #: The member's path inside the input (``inner/a.jsonl``, ``b.zip!c.html``); ``""`` when it is
    #: the whole input decompressed (gzip, bzip2, xz).
    path: str = ""


def iter_members(
    fh: IO[bytes], name: str, origin: str, *, max_bytes: int, depth: int = 1, path: str = "",
    parent: Decompressed | None = None,
) -> Iterator[Member | BadDocument]:
    """The members of the compressed input ``fh`` (positioned at its start), and its damage.

    Consume each member's stream before asking for the next item.
    """
    head = _peek(fh)
    kind = sniff_compression(head)
    if kind is None:
        yield BadDocument(origin, "not a compressed file (no gzip, bzip2, xz or zip signature)", stage="read")
    elif kind == "zip":
        yield from _iter_zip(fh, name, origin, max_bytes=max_bytes, depth=depth, path=path)
    else:
        with _open_single(fh, kind) as inner:
            stream = Decompressed(inner, kind, parent=parent)
            yield from _member(stream, plain_name(name), origin, max_bytes=max_bytes, depth=depth, path=path)


def _open_single(fh: IO[bytes], kind: Compression) -> io.BufferedIOBase:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=fh, mode="rb")
    if kind == "bzip2":
        return bz2.BZ2File(fh)
    return lzma.LZMAFile(fh)


def _peek(fh: IO[bytes] | Decompressed) -> bytes:
    start = fh.tell()
    head = fh.read(HEAD_BYTES) or b""
    fh.seek(start)
    return head


def _member(
    stream: Decompressed, name: str, origin: str, *, max_bytes: int, depth: int, path: str
) -> Iterator[Member | BadDocument]:
    """Yield ``stream`` as a member (or open it as a nested archive), then report its damage."""
    head = _peek(stream)
    nested = sniff_compression(head)
    if stream.error is not None and not head:
        pass  # broken from its first byte: only the damage is reported
    elif nested is not None and not is_gzipped_warc(name, head):
        if depth >= MAX_DEPTH:
            yield BadDocument(origin, f"{nested} archive nested inside another archive is not read "
                              "(only one level of nesting is); unpack it first", stage="read")
        elif nested == "zip":
            yield from _nested_zip(stream, name, origin, max_bytes=max_bytes, depth=depth + 1, path=path)
        else:
            yield from iter_members(cast_io(stream), name, origin, max_bytes=max_bytes, depth=depth + 1, path=path,
                                    parent=stream)
    elif len(head) > 262 and head[257:262] == b"ustar":
        yield BadDocument(origin, "tar archive: tar is not read, unpack it first", stage="read")
    else:
        yield Member(name=name, origin=origin, stream=stream, head=head, path=path)
    damage = report(stream, origin)
    if damage is not None:
        yield damage


def report(stream: Decompressed, origin: str) -> BadDocument | None:
    """The damage found in ``stream``, once (a nested stream's damage is its parent's too)."""
    if stream.error is None or stream.reported:
        return None
    stream.reported = True
    if stream.inherited and stream.parent is not None:
        stream.parent.reported = True
    return BadDocument(origin, stream.error, stage="read")


def cast_io(stream: Decompressed) -> IO[bytes]:
    """:class:`Decompressed` used where a binary file is expected (it implements that interface)."""
    return stream  # type: ignore[return-value]


def _nested_zip(
    stream: Decompressed, name: str, origin: str, *, max_bytes: int, depth: int, path: str
) -> Iterator[Member | BadDocument]:
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
        size = 0
        while chunk := stream.read(min(_CHUNK, max_bytes + 1 - size)):
            spool.write(chunk)
            size += len(chunk)
            if size > max_bytes:
                yield BadDocument(origin, f"nested zip larger than max_input_bytes ({max_bytes} bytes); "
                                  "unpack it first", stage="read")
                return
        spool.seek(0)
        yield from _iter_zip(spool, name, origin, max_bytes=max_bytes, depth=depth, path=path)


def _skipped(name: str) -> bool:
    """Directories, hidden entries and macOS resource forks are not documents."""
    parts = [part for part in name.split("/") if part]
    return (name.endswith("/") or not parts or parts[0] == "__MACOSX"
            or any(part.startswith(".") for part in parts))


def _document_container(name: str, names: list[str] | None = None) -> str | None:
    """Why a .docx, .odt or .epub is refused: a zip too, but of markup no reader here makes sense of."""
    if name.lower().endswith(_DOCUMENT_SUFFIXES) or (
        names is not None and ("[Content_Types].xml" in names or names[:1] == ["mimetype"])
    ):
        return "binary file (Office, OpenDocument or EPUB document: a ZIP container), not a text document"
    return None


def _iter_zip(
    fh: IO[bytes], name: str, origin: str, *, max_bytes: int, depth: int, path: str
) -> Iterator[Member | BadDocument]:
    document = _document_container(name)
    if document is not None:
        yield BadDocument(origin, document, stage="read")
        return
    start = fh.tell()
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as exc:
        fh.seek(start)
        if fh.read(4) == _LOCAL:
            fh.seek(start)
            yield from _iter_local_headers(fh, origin, max_bytes=max_bytes, depth=depth, path=path)
        else:
            yield BadDocument(origin, f"corrupt zip archive ({exc})", stage="read")
        return
    with archive:
        infos = archive.infolist()
        document = _document_container(name, [info.filename for info in infos])
        if document is not None:
            yield BadDocument(origin, document, stage="read")
            return
        found = False
        for info in infos:
            if info.is_dir() or _skipped(info.filename) or stat.S_ISLNK(info.external_attr >> 16):
                continue
            found = True
            where = f"{origin}!{info.filename}"
            if info.flag_bits & 0x1:
                yield BadDocument(where, "encrypted zip member: it cannot be read without its password",
                                  stage="read")
                continue
            try:
                inner = archive.open(info)
            except (*_DAMAGE, RuntimeError, ValueError, struct.error) as exc:
                yield BadDocument(where, f"unreadable zip member ({exc})", stage="read")
                continue
            with inner:
                stream = Decompressed(inner, "zip")
                yield from _member(stream, info.filename, where, max_bytes=max_bytes, depth=depth,
                                   path=_join(path, info.filename))
        if not found:
            yield BadDocument(origin, "zip archive holds no files", stage="read")


def _join(path: str, inner: str) -> str:
    return f"{path}!{inner}" if path else inner


class _Cursor:
    """Forward reading over a file with bytes pushed back (deflate reads past a member's end)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self._back = b""
        self.pos = 0

    def read(self, size: int) -> bytes:
        parts: list[bytes] = []
        want = size
        if self._back:
            parts.append(self._back[:want])
            self._back = self._back[want:]
            want -= len(parts[-1])
        while want > 0:
            chunk = self._fh.read(want)
            if not chunk:
                break
            parts.append(chunk)
            want -= len(chunk)
        data = b"".join(parts)
        self.pos += len(data)
        return data

    def unread(self, data: bytes) -> None:
        self._back = data + self._back
        self.pos -= len(data)

    def skip(self, size: int) -> bool:
        """Skip ``size`` bytes; ``False`` when the file ends first."""
        while size > 0:
            chunk = self.read(min(size, _CHUNK))
            if not chunk:
                return False
            size -= len(chunk)
        return True


@dataclass(slots=True)
class _LocalHeader:
    name: str
    flags: int
    method: int
    crc: int
    compressed: int | None  # None: unknown until the data descriptor after the data
    zip64: bool

    @property
    def has_descriptor(self) -> bool:
        return bool(self.flags & 0x08)


def _read_local_header(cursor: _Cursor) -> _LocalHeader | None:
    """The header after a ``PK\\x03\\x04`` signature already read; ``None`` when the file ends inside it."""
    fixed = cursor.read(26)
    if len(fixed) < 26:
        return None
    _, flags, method, _, _, crc, csize, usize, name_len, extra_len = struct.unpack("<HHHHHIIIHH", fixed)
    raw_name = cursor.read(name_len)
    extra = cursor.read(extra_len)
    if len(raw_name) < name_len or len(extra) < extra_len:
        return None
    name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
    zip64 = False
    offset = 0
    while offset + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + size]
        if tag == 0x0001:
            zip64 = True
            values = [struct.unpack_from("<Q", body, n)[0] for n in range(0, len(body) - 7, 8)]
            if usize == 0xFFFFFFFF and values:
                values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
        offset += 4 + size
    known = not (flags & 0x08) or csize not in (0, 0xFFFFFFFF) or (name.endswith("/") and method == 0)
    return _LocalHeader(name=name, flags=flags, method=method, crc=crc, compressed=csize if known else None,
                        zip64=zip64)


class _LocalMember(io.RawIOBase):
    """A member's data read from its local header (stored or deflated), checked against its CRC-32."""

    def __init__(self, cursor: _Cursor, header: _LocalHeader) -> None:
        super().__init__()
        self._cursor = cursor
        self._header = header
        self._left = header.compressed
        self._inflate = zlib.decompressobj(-15) if header.method == zipfile.ZIP_DEFLATED else None
        self._pending = b""
        self._crc = 0
        self._done = False
        self._failure: Exception | None = None
        #: The data and its descriptor were read to their end: the next header is where the file now is.
        self.delimited = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure
        if self._done:
            return 0
        view = memoryview(buffer).cast("B")
        out = self._stored(len(view)) if self._inflate is None else self._inflated(len(view))
        self._crc = zlib.crc32(out, self._crc)
        if self._done:
            self._finish(check=True)
        view[: len(out)] = out
        return len(out)

    def _stored(self, size: int) -> bytes:
        assert self._left is not None  # a stored member of unknown size is refused before reading
        data = self._cursor.read(min(size, self._left))
        if self._left and not data:
            raise EOFError("the zip ends inside this member")
        self._left -= len(data)
        self._done = self._left == 0
        return data

    def _inflated(self, size: int) -> bytes:
        assert self._inflate is not None
        while True:
            if not self._pending:
                want = _CHUNK if self._left is None else min(_CHUNK, self._left)
                self._pending = self._cursor.read(want)
                if self._left is not None:
                    self._left -= len(self._pending)
                if not self._pending:
                    raise EOFError("the zip ends inside this member")
            out = self._inflate.decompress(self._pending, size)
            self._pending = self._inflate.unconsumed_tail
            if self._inflate.eof:
                unused = self._inflate.unused_data + self._pending
                self._pending = b""
                if unused:
                    self._cursor.unread(unused)
                    if self._left is not None:
                        self._left += len(unused)
                self._done = True
                return out
            if out:
                return out

    def skip_rest(self) -> None:
        """Move past the rest of the data without decompressing it when its size is known."""
        if self._done:
            return
        if self._left is not None:
            if self._pending:
                self._cursor.unread(self._pending)
                self._left += len(self._pending)
                self._pending = b""
            if not self._cursor.skip(self._left):
                raise EOFError("the zip ends inside this member")
            self._left = 0
            self._done = True
            self._finish(check=False)
            return
        while self.read(_CHUNK):
            pass

    def _finish(self, *, check: bool) -> None:
        """Skip what is left of the data, read the data descriptor, compare the CRC-32."""
        if self._left:
            self._cursor.skip(self._left)
            self._left = 0
        expected = self._header.crc
        if self._header.has_descriptor:
            signature = self._cursor.read(4)
            if signature != _DESCRIPTOR:
                self._cursor.unread(signature)
            descriptor = self._cursor.read(20 if self._header.zip64 else 12)
            if len(descriptor) < 4:
                self._failure = EOFError("the zip ends inside this member's data descriptor")
                return
            expected = struct.unpack_from("<I", descriptor)[0]
        self.delimited = True
        if check and expected != self._crc:
            self._failure = zipfile.BadZipFile(f"bad CRC-32: {self._crc:08x}, expected {expected:08x}")


def _iter_local_headers(
    fh: IO[bytes], origin: str, *, max_bytes: int, depth: int, path: str
) -> Iterator[Member | BadDocument]:
    """A zip without (a readable) central directory, read member by member from the local headers."""
    cursor = _Cursor(fh)
    read = 0
    while True:
        at = cursor.pos
        signature = cursor.read(4)
        if signature in _CENTRAL:
            yield BadDocument(origin, f"zip central directory is damaged; {read} member(s) were read from their "
                              "local headers", stage="read")
            return
        if not signature:
            yield BadDocument(origin, f"truncated zip: no central directory (a cut-off download?); {read} "
                              f"complete member(s) read, anything after byte {at:,} is lost", stage="read")
            return
        if signature != _LOCAL:
            yield BadDocument(origin, f"corrupt zip data at byte {at:,}; {read} member(s) read, the rest is lost",
                              stage="read")
            return
        header = _read_local_header(cursor)
        if header is None:
            yield BadDocument(origin, f"truncated zip: the file ends inside a member header at byte {at:,}; "
                              f"{read} complete member(s) read, the rest is lost", stage="read")
            return
        where = f"{origin}!{header.name}"
        problem: str | None = None
        if header.flags & 0x1:
            problem = "encrypted zip member: it cannot be read without its password"
        elif header.method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problem = f"zip compression method {header.method} cannot be read without the central directory"
        if header.compressed is None and (header.method != zipfile.ZIP_DEFLATED or problem):
            yield BadDocument(where, (problem + "; " if problem else "")
                              + "its size is only in the missing central directory, so the rest of the zip "
                              "cannot be read", stage="read")
            return
        if problem is not None:
            yield BadDocument(where, problem, stage="read")
        member = _LocalMember(cursor, header)
        stream = Decompressed(member, "zip")
        if problem is None and not _skipped(header.name):
            read += 1
            yield from _member(stream, header.name, where, max_bytes=max_bytes, depth=depth,
                               path=_join(path, header.name))
        if stream.error is None:
            try:
                member.skip_rest()
            except _DAMAGE as exc:
                stream._fail(exc)
        if stream.error is not None:
            damage = report(stream, where)
            if damage is not None:
                yield damage
            if not member.delimited:  # the damage hides where the next member starts
                return
