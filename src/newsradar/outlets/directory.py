"""Outlets as records: which outlet a stored source name is, where it is from, what kind it is.

Why: articles carry the outlet as the input wrote it ("VNA", "Vietnam News Agency", "TTXVN",
"www.sohu.com", nothing at all), and a newsroom asks about outlets — their home country, whether
they are an agency or an aggregator.  The directory maps every stored source name to one
:class:`Outlet`, from four layers, strongest first:

1. the user's records (``newsradar outlets set``, ``PUT /api/outlets/{name}``, an imported file);
2. what an input declared (an ``outlet_country`` / ``outlet_kind`` field of a JSON record);
3. the bundled registry (``data/outlets.toml``), by name or alias, then by web domain;
4. the country-code ending of the source's web domain (or of a source that is itself a domain);
5. the language it writes in, when that language is a news language of one country only (Korean,
   Vietnamese: ``registry.LANGUAGE_HOMES``); the Korean sports and entertainment outlets that sign
   their copy (마이데일리, 스포티비뉴스) are in no registry and have no web domain in the input.

A source none of them knows is its own outlet with no country (origin ``unknown``); an article
without a source is :data:`UNKNOWN_OUTLET`, shown that way everywhere.  The directory is built per
request from the store (a few small reads) and is immutable, so it is never shared stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..lang.agencies import canonical_agency
from ..model import UNKNOWN_OUTLET, Outlet  # the record the store keeps; defined with the other records
from . import registry as reg

if TYPE_CHECKING:
    from ..store import Store


UNKNOWN = Outlet(name=UNKNOWN_OUTLET, country=None, kind=None, origin="unknown")


def _union(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for group in groups for x in group if x))


class OutletDirectory:
    """Stored source names -> outlets, from user and input records, the registry and web domains."""

    def __init__(self, records: Sequence[Outlet] = (), sources: Mapping[str, str | None] | None = None,
                 languages: Mapping[str, Iterable[str]] | None = None) -> None:
        """``records``: the store's user and input records; ``sources``: stored source name -> one of its URLs;
        ``languages``: stored source name -> the languages of its articles."""
        self._languages = {source: set(langs) for source, langs in (languages or {}).items()}
        entries = reg.registry()
        self._entries = {e.name: e for e in entries}
        self._by_key: dict[str, str] = {}  # folded name -> canonical name
        for entry in entries:  # names first: an outlet's own name beats another's alias
            self._by_key.setdefault(reg.key(entry.name), entry.name)
        for entry in entries:
            for alias in entry.aliases:
                self._by_key.setdefault(reg.key(alias), entry.name)
        self._registry_domains = {d: e.name for e in reversed(entries) for d in e.domains}
        # user before input: a user's alias beats an input's; both beat the registry's
        self._records: dict[str, dict[str, Outlet]] = {}
        record_keys: dict[str, str] = {}
        record_domains: dict[str, str] = {}
        for origin in ("user", "input"):
            for record in sorted((r for r in records if r.origin == origin), key=lambda r: r.name):
                canonical = record_keys.get(reg.key(record.name)) or self._by_key.get(reg.key(record.name),
                                                                                      record.name)
                self._records.setdefault(canonical, {}).setdefault(origin, record)
                for name in (record.name, canonical, *record.aliases):
                    record_keys.setdefault(reg.key(name), canonical)
                for domain in record.domains:
                    record_domains.setdefault(domain.lower(), canonical)
        self._record_keys = record_keys
        self._record_domains = record_domains
        self._hosts: dict[str, str | None] = {}
        self._own: dict[str, str] = {}  # folded name -> the first spelling of a source no layer knows
        self._by_source: dict[str, Outlet] = {}
        self._gathered: dict[str, list[str]] = {}
        self._outlets: dict[str, Outlet] = {}
        canonical_of: dict[str, str] = {}
        for source, url in sorted((sources or {}).items()):
            if not source:
                continue
            self._hosts[source] = reg.domain_name(source) or reg.host_of(url)
            canonical_of[source] = self._canonical(source)
        for source, canonical in canonical_of.items():
            self._gathered.setdefault(canonical, []).append(source)
        for canonical, names in self._gathered.items():
            outlet = self._build(canonical, names)
            self._outlets[canonical] = outlet
            for source in names:
                self._by_source[source] = outlet
        for canonical in self._records:  # a record with no article yet is an outlet too
            if canonical not in self._outlets:
                self._outlets[canonical] = self._build(canonical, [])
                self._gathered[canonical] = []
        if sources is not None and "" in sources:
            self._outlets[UNKNOWN_OUTLET] = UNKNOWN
            self._gathered[UNKNOWN_OUTLET] = [""]

    # -- resolution -------------------------------------------------------------------------------

    def _canonical(self, source: str) -> str:
        """The canonical name of the outlet a source name belongs to (itself when nothing knows it)."""
        k = reg.key(source)
        if k in self._record_keys:
            return self._record_keys[k]
        if k in self._by_key:
            return self._by_key[k]
        host = self._hosts.get(source) or reg.domain_name(source)
        if host:
            labels = host.split(".")
            for domains in (self._record_domains, self._registry_domains):
                # the longest registered domain the host is (or is under) wins: cn.yahoo.com before yahoo.com
                for start in range(len(labels) - 1):
                    name = domains.get(".".join(labels[start:]))
                    if name:
                        return name
        # a source no layer knows: one outlet per spelling up to case and accents
        return self._own.setdefault(k, source)

    def _build(self, canonical: str, sources: Sequence[str]) -> Outlet:
        layers = self._records.get(canonical, {})
        user, given = layers.get("user"), layers.get("input")
        entry = self._entries.get(canonical)
        hosts = [h for h in (self._hosts.get(s) or reg.domain_name(s) for s in sources) if h]
        if not layers and entry is None:  # most outlets: known by name only (one source, maybe a web domain)
            country = next((c for c in map(reg.cctld_country, hosts) if c), None)
            origin = "domain" if country else "unknown"
            if country is None and (country := self._language_home(sources)):
                origin = "language"
            return Outlet(name=canonical, country=country, kind=None, domains=tuple(dict.fromkeys(hosts)),
                          aliases=tuple(s for s in sources if s != canonical), origin=origin)
        declared = _union(*(r.domains for r in (user, given) if r), entry.domains if entry else ())
        country, origin = None, "unknown"
        for candidate, where in ((user and user.country, "user"), (given and given.country, "input"),
                                 (entry and entry.country, "registry")):
            if candidate:
                country, origin = candidate, where
                break
        if country is None:
            for host in (*hosts, *declared):
                found = reg.cctld_country(host)
                if found:
                    country, origin = found, "domain"
                    break
        if country is None and (country := self._language_home(sources)):
            origin = "language"
        kind = next((k for k in (user and user.kind, given and given.kind, entry and entry.kind) if k), None)
        aliases = _union(*(r.aliases for r in (user, given) if r), entry.aliases if entry else (),
                         (s for s in sources if s != canonical), (r.name for r in (user, given) if r))
        return Outlet(name=canonical, country=country, kind=kind,
                      languages=_union(*(r.languages for r in (user, given) if r), entry.languages if entry else ()),
                      domains=_union(declared, hosts), aliases=tuple(a for a in aliases if a != canonical),
                      origin=origin)

    def _language_home(self, sources: Sequence[str]) -> str | None:
        """The one country of the one language all these sources write in, if it is a one-country language."""
        written = set().union(*(self._languages.get(s, set()) for s in sources)) if sources else set()
        return reg.LANGUAGE_HOMES.get(next(iter(written))) if len(written) == 1 else None

    # -- the public interface ---------------------------------------------------------------------

    def outlet_of(self, source: str | None) -> Outlet:
        """A stored source name (``articles.source``) -> its outlet; ``None`` or ``""`` -> the unknown outlet."""
        if source is None or not source.strip():
            return UNKNOWN
        found = self._by_source.get(source)
        if found is not None:
            return found
        canonical = self._canonical(source)
        outlet = self._outlets.get(canonical) or self._build(canonical, [source])
        self._by_source[source] = outlet
        return outlet

    def outlet_of_article(self, source: str | None, agency: str | None) -> Outlet:
        """The outlet an article counts under: its source's, or, from an aggregator, the outlet it names.

        An aggregator (Báo Mới, Naver News) reposts other outlets' articles; when the article names
        the outlet it came from (its ``agency``: a byline, a credit or the input's field), the signals
        count it there.
        """
        outlet = self.outlet_of(source)
        if outlet.kind == "aggregator" and agency and agency.strip():
            original = self.outlet_of(canonical_agency(agency) or agency.strip())
            if original.name != outlet.name:
                return original
        return outlet

    def country_of(self, source: str | None) -> str | None:
        return self.outlet_of(source).country

    def sources_of(self, country: str) -> list[str]:
        """Stored source names whose outlet's home is ``country`` (ISO code, any case)."""
        code = country.upper()
        return sorted(s for s, o in self._by_source.items() if o.country == code and s in self._hosts)

    def outlets(self) -> list[tuple[Outlet, list[str]]]:
        """Each outlet with the stored source names it gathers, by name (record-only outlets gather none)."""
        return [(self._outlets[c], list(self._gathered.get(c, [])))
                for c in sorted(self._outlets, key=lambda name: (name == UNKNOWN_OUTLET, reg.key(name), name))]

    def gathered(self, outlet: Outlet) -> list[str] | None:
        """The stored source names an outlet of this directory gathers (``None``: no such outlet here)."""
        found = self._gathered.get(outlet.name)
        return list(found) if found is not None and self._outlets.get(outlet.name) == outlet else None

    def is_known(self, name: str) -> bool:
        """Whether a stored source, a record or the registry knows the outlet ``name`` names."""
        canonical = self._canonical(name.strip())
        return canonical in self._outlets or canonical in self._entries

    def canonical_name(self, name: str) -> str:
        """The name the outlet called ``name`` is kept under (an alias gives its outlet's name)."""
        return self._canonical(name.strip())


def outlet_directory(store: Store) -> OutletDirectory:
    """The directory of the store's outlets: its source names (with one URL each), the registry and its records."""
    return OutletDirectory(store.outlet_records(), store.outlet_sources(), store.outlet_languages())
