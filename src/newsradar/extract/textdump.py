"""Scraped plain-text dumps (the seed style) to clean articles.

A dump is what a scraper saved from a page: the headline on the first line,
sometimes a date line, paragraphs separated by blank lines (or hard-wrapped),
and the page's leftovers: image file names (``hoi-3.jpg``), photo captions
with their credits (``... (Photo: VNA)``, often printed twice), ``Back to top``
and the agency's sign-off (``VNA``).  The cleaner keeps the words of the
article in ``body``, moves captions to ``captions``, and reads the
publication date only from the header lines, never from the body: a body says
"from November 10 to 14" about the event, not about the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from ..errors import BadDocument
from ..lang import script_hint, union
from ..lang.agencies import canonical_agency, find_agency
from ..model import Article, RawDocument, article_id
from .bylines import take_leading, take_signoff
from .common import metadata_date, provenance, zone_for
from .dates import FoundDate, find_date
from .headline import title_or_derived
from .htmltext import clean_inline

_IMAGE_FILE = re.compile(r"^[\w.%~+-]+\.(?:jpe?g|png|gif|webp|bmp|svg|tiff?)(?:\?\S*)?$", re.IGNORECASE)
_CREDIT_WORDS = "|".join(re.escape(w) for w in sorted(union("PHOTO_CREDIT"), key=len, reverse=True))
#: A photo credit at the end of a line: "(Photo: VNA)", "(Ảnh: TTXVN)", "(사진=연합뉴스)", "（图：新华社）".
_CREDIT = re.compile(rf"\s*[(（\[]\s*(?:{_CREDIT_WORDS})\s*(?:by\s+)?[:=：]?\s*[^()（）\[\]]{{1,60}}[)）\]]\s*$", re.I)
_BACK_TO_TOP = {phrase.casefold() for phrase in union("BACK_TO_TOP")}
_DATE_PREFIX = re.compile(r"^\s*(?:date|dated|ngày|날짜|日期)\s*[:：]?\s*", re.IGNORECASE)
_SENTENCE_END = tuple(".!?。！？…\"”’'»)）:;")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
_BYLINE = re.compile(r"^(?:by|bởi|theo|글|기자)\s*[:：]?\s*(?P<name>[^\W\d_][\w .'-]{2,60})$", re.IGNORECASE)


@dataclass
class _Parts:
    """What the cleaner has found so far in one dump."""

    title: str = ""
    date: FoundDate | None = None
    agency: str | None = None
    author: str | None = None
    dateline: str | None = None
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def _is_noise(line: str) -> bool:
    bare = line.strip(" .-–—|>»").casefold()
    credit_only = bool(_CREDIT.match(line)) and not _CREDIT.sub("", line)
    return bare in _BACK_TO_TOP or bool(_IMAGE_FILE.match(line)) or credit_only


def _signoff_agency(line: str) -> str | None:
    """``"VNA"``, ``"(Xinhua)"``, ``"— Yonhap"``, ``"Source: VNA"``: the agency, else ``None``."""
    bare = re.sub(r"^(?:source|nguồn|출처|来源)\s*[:：]\s*", "", line.strip(" -–—/"), flags=re.IGNORECASE)
    return canonical_agency(bare)


def _read_header(lines: list[str], parts: _Parts, tz: tzinfo) -> list[str]:
    """Take title, date, agency and byline off the top; return the remaining lines."""
    lines = list(lines)
    while lines:
        first = lines[0]
        found = find_date(first, tz=tz) if len(first) <= 400 else None
        if found and parts.date is None:
            prefix = first[: first.find(found.text)]
            if _DATE_PREFIX.fullmatch(prefix) or not prefix.strip():
                # "date 2022-11-23 China, ROK hold ..." or a date line on its own
                parts.date = found
                rest = first[first.find(found.text) + len(found.text):].strip()
                if len(rest) < 8 and not _CJK.search(rest):
                    lines.pop(0)
                    while lines and not lines[0]:
                        lines.pop(0)
                    continue
                lines[0] = rest
        break
    if not lines:
        return []
    if len(lines[0]) <= 300:
        parts.title = lines.pop(0)
    for _ in range(3):  # a few metadata lines may follow the headline
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            break
        line = lines[0]
        dated = metadata_date(line, tz)
        byline = _BYLINE.match(line)
        if dated:
            parts.date = parts.date or dated
            parts.agency = parts.agency or find_agency(line)
        elif _signoff_agency(line):
            parts.agency = parts.agency or _signoff_agency(line)
        elif byline and len(line) <= 60:
            parts.author = byline.group("name").strip()
        else:
            break
        lines.pop(0)
    return lines


def _split_blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _join(previous: str, line: str) -> str:
    glue = "" if _CJK.search(previous[-1:]) and _CJK.search(line[:1]) else " "
    return previous + glue + line


def _clean_block(block: list[str], parts: _Parts) -> list[str]:
    """Paragraphs of one block, with captions moved out and noise dropped."""
    paragraphs: list[str] = []
    after_image = False
    for index, line in enumerate(block):
        repeated = line in block[index + 1 : index + 2] or line in block[max(index - 1, 0) : index]
        if _IMAGE_FILE.match(line):
            after_image = True
            continue
        if _is_noise(line):
            continue
        credited = _CREDIT.search(line)
        if credited or repeated or (after_image and len(line) <= 250):
            caption = _CREDIT.sub("", line).strip() if credited else line
            if caption:
                parts.captions.append(caption)
            after_image = False
            continue
        after_image = False
        if paragraphs and not paragraphs[-1].endswith(_SENTENCE_END):
            paragraphs[-1] = _join(paragraphs[-1], line)  # a hard-wrapped paragraph
        else:
            paragraphs.append(line)
    return paragraphs


def _take_signoff(paragraphs: list[str], parts: _Parts) -> None:
    signoff = take_signoff(paragraphs)
    if signoff is not None:
        parts.agency = parts.agency or signoff.agency
        parts.author = parts.author or signoff.author


def _take_dateline(paragraphs: list[str], parts: _Parts) -> None:
    """"(서울=연합뉴스) 김민수 기자 =", "新华社北京11月23日电（记者 张三）", "BEIJING, Nov. 23 (Xinhua) --"."""
    byline = take_leading(paragraphs)
    if byline is None:
        return
    parts.dateline = byline.dateline
    parts.agency = parts.agency or byline.agency
    parts.author = parts.author or byline.author


def extract_textdump(raw: RawDocument, *, default_tz: tzinfo) -> Article:
    tz = zone_for(raw.lang or script_hint(raw.text), default_tz)
    lines = [clean_inline(line) for line in raw.text.replace("\ufeff", "").splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    parts = _Parts()
    rest = _read_header(lines, parts, tz)
    for block in _split_blocks(rest):
        parts.paragraphs.extend(_clean_block(block, parts))
    _take_signoff(parts.paragraphs, parts)
    _take_dateline(parts.paragraphs, parts)
    body = "\n\n".join(parts.paragraphs)
    if not body:
        reason = "text dump has a title but no body text" if parts.title else "text dump holds no article text"
        raise BadDocument(raw.origin, reason, sample=raw.text[:200])
    source = raw.source or parts.agency
    extra: dict[str, Any] = {}
    if parts.date:
        extra["published_precision"] = parts.date.precision
    extra.update(provenance(raw))
    return Article(
        id=article_id(url=raw.url, title=parts.title, body=body, source=source),
        title=title_or_derived(parts.title, body, raw.lang, extra),
        body=body,
        origin=raw.origin,
        source=source,
        url=raw.url,
        captions=list(dict.fromkeys(parts.captions)),
        published=parts.date.value if parts.date else None,
        published_raw=parts.date.text if parts.date else None,
        language=raw.lang,
        author=parts.author,
        agency=parts.agency,
        dateline=parts.dateline,
        extra=extra,
    )
