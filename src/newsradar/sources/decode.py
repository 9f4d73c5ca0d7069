"""Bytes to text, or a clear reason why not.

Scraped archives are full of legacy encodings (GBK, Big5, EUC-KR, CP1258,
Windows-1252) and of files where two encodings were pasted together.  The rule:

1. a byte-order mark decides;
2. valid UTF-8 is UTF-8;
3. an encoding declared by the page or the HTTP header is tried strictly;
4. bytes that are mostly valid UTF-8 with some invalid sequences are *mixed*
   and quarantined: any single-encoding guess would garble part of the text;
5. otherwise charset-normalizer picks the legacy encoding that reads as
   coherent text; if none does, the input is quarantined.

The result is NFC-normalised, because Vietnamese legacy text often carries
decomposed tone marks that would otherwise never match the same word typed
normally.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from ..errors import BadDocument

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media (WAV/AVI/WebP)"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"ID3", "MP3 audio"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: charset-normalizer's "chaos" (share of odd characters) above which a guess is rejected.
_MAX_CHAOS = 0.2
#: A mix needs at least this many UTF-8 words, and this share of all non-ASCII words.
_MIN_UTF8_WORDS = 3
_MIN_UTF8_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    #: True when the encoding was guessed (no BOM, not UTF-8, nothing declared).
    guessed: bool = False


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary content, or ``None`` when it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:8192]
    if b"\x00" in head and not any(head.startswith(bom) for bom, _ in _BOMS):
        return "binary data (NUL bytes)"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares for itself in its first 4 KB."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or re.search(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-.]+)""", head)
    return match.group(1).decode("ascii", "replace") if match else None


def _mixed_utf8(data: bytes) -> tuple[int, int] | None:
    """Tell UTF-8 with foreign bytes pasted in from a file in one legacy encoding.

    Counts the space-separated words that hold non-ASCII bytes: those that are
    valid UTF-8 and those that are not.  A legacy double-byte text forms a valid
    UTF-8 word only by accident (a percent or two of short Korean words, almost
    never a Chinese run); a real mix has whole UTF-8 passages.  Returns
    ``(utf8_words, foreign_words)`` for a mix, else ``None``.
    """
    good = bad = 0
    for word in data.split():
        if max(word) < 0x80:
            continue
        try:
            word.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    if good >= _MIN_UTF8_WORDS and bad and good / (good + bad) >= _MIN_UTF8_SHARE:
        return good, bad
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, origin: str, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` following the module's rules; raise :class:`BadDocument` when it cannot."""
    if not data.strip():
        raise BadDocument(origin, "empty input (no bytes or only whitespace)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise BadDocument(origin, f"byte-order mark says {encoding} but the bytes are not")
            return Decoded(unicodedata.normalize("NFC", text), encoding)
    kind = sniff_binary(data)
    if kind:
        raise BadDocument(origin, f"binary file ({kind}), not a text document")
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(unicodedata.normalize("NFC", text), "utf-8")
    for candidate in (declared, declared_charset(data)):
        if candidate and candidate.lower().replace("_", "-") not in ("utf-8", "utf8"):
            text = _strict(data, candidate)
            if text is not None:
                return Decoded(unicodedata.normalize("NFC", text), candidate.lower())
    mixed = _mixed_utf8(data)
    if mixed:
        good, bad = mixed
        raise BadDocument(
            origin,
            f"mixed encodings: {good} words are UTF-8 and {bad} are in another encoding; "
            "no single decoding is safe",
        )
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise BadDocument(origin, "undecodable text: not UTF-8 and no legacy encoding reads as coherent text")
    return Decoded(unicodedata.normalize("NFC", str(best)), best.encoding, guessed=True)
