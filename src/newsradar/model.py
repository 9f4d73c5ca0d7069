"""Typed records that flow one way through the stages.

A source yields :class:`RawDocument` values (bytes already decoded to text, or a
structured record such as a JSON object or a feed entry).  An extractor turns a
raw document into an :class:`Article`.  Later stages add sub-records to the
article; nothing flows backwards.  Records are plain dataclasses serialised as
JSON (never pickle) so that they survive a store, a process boundary or a Dask
worker unchanged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DocumentKind = Literal["text", "html", "record"]

#: Query parameters that only track clicks; they never change which article a URL names.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|spm)$", re.I)
_SPACE = re.compile(r"\s+")


#: How an article without an outlet is shown everywhere (CLI, API, dashboard, briefings, exports).
UNKNOWN_OUTLET = "(unknown outlet)"


@dataclass(slots=True)
class RawDocument:
    """One unit of input before extraction.

    ``origin`` names where it came from precisely enough to find it again
    (``dump.txt``, ``feed.xml#entry=3``, ``batch.jsonl#L12``, ``crawl.warc.gz#record=7``).
    ``kind`` picks the extractor: ``text`` (a scraped plain-text dump), ``html``
    (a page), or ``record`` (already structured fields: a JSON object or a feed
    entry, in ``fields``).
    """

    origin: str
    kind: DocumentKind
    text: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    source: str | None = None
    lang: str | None = None
    encoding: str | None = None
    fetched_at: datetime | None = None


@dataclass(slots=True)
class Article:
    """A clean news article, the record every later stage reads and extends.

    ``id`` is stable across re-ingests (see :func:`article_id`), so storing the
    same input twice updates one row instead of adding a second.
    ``published`` is timezone-aware or ``None``; ``published_raw`` keeps the
    string it was read from, so a wrong parse can be seen and fixed.
    """

    id: str
    title: str
    body: str
    origin: str
    source: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    published: datetime | None = None
    published_raw: str | None = None
    language: str | None = None
    author: str | None = None
    agency: str | None = None
    dateline: str | None = None
    external_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ingested_at: datetime | None = None
    updated_at: datetime | None = None
    enrichment: Enrichment | None = None

    @property
    def content_hash(self) -> str:
        """Hash of everything extraction produced; tells a changed input from a re-run."""
        parts = [
            self.title,
            self.body,
            "\x1e".join(self.captions),
            self.source or "",
            self.url or "",
            self.published.isoformat() if self.published else "",
            self.published_raw or "",
            self.language or "",
            self.author or "",
            self.agency or "",
            self.dateline or "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (datetimes as ISO 8601 strings)."""
        data = asdict(self)
        for key in ("published", "ingested_at", "updated_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["enrichment"] = self.enrichment.to_dict() if self.enrichment else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        values = dict(data)
        for key in ("published", "ingested_at", "updated_at"):
            value = values.get(key)
            values[key] = datetime.fromisoformat(value) if isinstance(value, str) else value
        if isinstance(values.get("enrichment"), dict):
            values["enrichment"] = Enrichment.from_dict(values["enrichment"])
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass(slots=True)
class Entity:
    """A person, organisation or place named in an article.

    ``key`` is the normalised identity ("vja" and "viet nam journalists
    association" share one key), so counts and networks see one entity;
    ``name`` is the fullest surface form found, ``mentions`` every form seen.
    """

    name: str
    kind: str  # "person" | "organization" | "place"
    key: str
    mentions: list[str] = field(default_factory=list)
    count: int = 1
    first: int = 0  # character offset of the first mention in title + "\n\n" + body


@dataclass(slots=True)
class Quote:
    """A statement attributed to a speaker: a direct quotation or reported speech."""

    text: str
    speaker: str | None
    kind: str  # "direct" | "reported"
    start: int  # offset of ``text`` in title + "\n\n" + body
    end: int
    speaker_key: str | None = None


@dataclass(slots=True)
class Enrichment:
    """Everything the enrichment stages learned about one article.

    ``skipped`` records, per stage, why it did nothing (an unknown script, an
    empty body), so an editor can tell "no quotes" from "could not read".
    ``version`` changes when the stages change; older results are re-computed.
    """

    language: str | None = None
    language_confidence: float = 0.0
    title_language: str | None = None
    other_languages: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    keywords: list[tuple[str, float]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    countries: dict[str, int] = field(default_factory=dict)  # ISO code -> mentions, in order of first mention
    pairs: list[str] = field(default_factory=list)  # "KR-VN", codes sorted
    #: Pair -> its weight in this article (title 3, lead 2, a later sentence 1, shared among the countries
    #: meeting there; see ``enrich.geo``), for each pair in ``pairs``.  Empty in results older than version 4.
    pair_weights: dict[str, float] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[tuple[str, float]] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    version: int = 0
    enriched_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, the same as ``dataclasses.asdict`` but without its deep copy of every token.

        Written out because ``asdict`` recursed through thousands of token
        strings per article and was a third of the store's writing time.
        """
        data: dict[str, Any] = {name: getattr(self, name) for name in _ENRICHMENT_FIELDS}
        for name in ("other_languages", "tokens", "pairs"):
            data[name] = list(data[name])
        data["keywords"] = [tuple(k) for k in self.keywords]
        data["topics"] = [tuple(t) for t in self.topics]
        data["countries"] = dict(self.countries)
        data["pair_weights"] = dict(self.pair_weights)
        data["skipped"] = dict(self.skipped)
        data["entities"] = [{"name": e.name, "kind": e.kind, "key": e.key, "mentions": list(e.mentions),
                             "count": e.count, "first": e.first} for e in self.entities]
        data["quotes"] = [{"text": q.text, "speaker": q.speaker, "kind": q.kind, "start": q.start, "end": q.end,
                           "speaker_key": q.speaker_key} for q in self.quotes]
        data["enriched_at"] = self.enriched_at.isoformat() if self.enriched_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Enrichment:
        values = dict(data)
        values["entities"] = [Entity(**e) for e in values.get("entities", [])]
        values["quotes"] = [Quote(**q) for q in values.get("quotes", [])]
        values["keywords"] = [tuple(k) for k in values.get("keywords", [])]
        values["topics"] = [tuple(t) for t in values.get("topics", [])]
        # results older than version 4 have no pair weights
        values["pair_weights"] = {str(p): float(w) for p, w in (values.get("pair_weights") or {}).items()}
        if isinstance(values.get("enriched_at"), str):
            values["enriched_at"] = datetime.fromisoformat(values["enriched_at"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


_ENRICHMENT_FIELDS = tuple(Enrichment.__dataclass_fields__)


@dataclass(slots=True)
class QuarantineEntry:
    """An input that could not become an article, and why."""

    origin: str
    reason: str
    stage: str
    sample: str = ""
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    attempts: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("first_seen", "last_seen"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


def canonical_url(url: str) -> str:
    """Normalise a URL so that trivially different spellings name one article.

    Lower-cases scheme and host, drops the fragment, default ports and click
    trackers (``utm_*``, ``fbclid``...), sorts the remaining query parameters and
    drops a trailing slash on the path.
    """
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the form hashed for identity."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def article_id(
    *,
    url: str | None,
    title: str,
    body: str,
    source: str | None = None,
    external_id: str | None = None,
) -> str:
    """The stable identity of an article.

    With a URL: the hash of its canonical form, so a page fetched twice (or
    through a feed and a crawl) is one article.  Without one: the hash of the
    source's own record id when it has one, else of the normalised title and
    body.  The source name is part of the URL-less key because the same wire
    text published by two outlets is two articles (the dedup stage links them
    as copies); re-ingesting one outlet's file still maps to the same ids.
    """
    if url:
        key = "url:" + canonical_url(url)
    elif external_id:
        key = f"ext:{normalise_text(source or '')}:{external_id}"
    else:
        key = f"text:{normalise_text(source or '')}:{normalise_text(title)}\x1f{normalise_text(body)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Story:
    """A group of articles about one event, possibly in several languages.

    ``id`` is stable (derived from the story's first article); a story merged
    into another keeps answering to its old id.  ``title`` is the member
    headline closest to the story's centre.
    """

    id: str
    title: str
    first_seen: datetime
    last_seen: datetime
    articles: int
    outlets: int
    languages: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    title_article: str = ""
    summary: list[str] = field(default_factory=list)
    #: The earlier story this one carries on (yesterday's story of the same event when stories are daily).
    continues: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["first_seen"] = self.first_seen.isoformat()
        data["last_seen"] = self.last_seen.isoformat()
        return data


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet: its display name, home country and kind, and the names and sites it goes by.

    Inputs declare these and users record them; the store keeps them and
    :mod:`newsradar.outlets.directory` maps every stored source name to one.
    """

    name: str  # canonical display name
    country: str | None  # ISO 3166-1 alpha-2 home country
    kind: str | None  # "agency" | "newspaper" | "broadcaster" | "portal" | "aggregator"
    languages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    origin: str = "unknown"  # where the home country came from: "user" | "input" | "registry" | "domain" | "unknown"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "country": self.country, "kind": self.kind, "languages": list(self.languages),
                "domains": list(self.domains), "aliases": list(self.aliases), "origin": self.origin}
