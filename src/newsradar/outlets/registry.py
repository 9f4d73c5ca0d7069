"""The bundled outlet registry and the country a web domain says, read from the package's data files.

Why data: which outlet is an agency, where Dân trí is from, that ``TTXVN`` is VNA — these change
with the news business, not with the code, so they live in ``data/outlets.toml`` and
``data/cctld.toml``.  The agency names the extractors already know (:mod:`newsradar.lang.agencies`,
with the per-language ``wire_*`` modules) are folded in here, so "연합뉴스", "TTXVN" and "新华社" name
the same outlet as they name the same agency, and the per-language wire modules give the home
country of the outlets they list (a Korean wire module's outlets are Korean).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from ..enrich.folding import fold
from ..lang import agencies, wire_ko, wire_vi, wire_zh

#: What an outlet may be.
KINDS: tuple[str, ...] = ("agency", "newspaper", "broadcaster", "portal", "aggregator")
#: Where an outlet's home country came from, strongest first.
ORIGINS: tuple[str, ...] = ("user", "input", "registry", "domain", "language", "unknown")
#: Languages written as a news language in one country only, so an outlet that writes only in it is from
#: there: Korean (KR) and Vietnamese (VN).  Chinese (CN, TW, HK, SG, MY) and English are not.
LANGUAGE_HOMES: dict[str, str] = {"ko": "KR", "vi": "VN"}
#: The home country of the outlets each per-language wire module lists.
_WIRE_COUNTRIES = ((wire_ko, "KR"), (wire_zh, "CN"), (wire_vi, "VN"))
#: A host name: dot-separated labels, the last one letters (what a source named by its site looks like).
_NOT_WORD = re.compile(r"[^\w&]+")
_POSSESSIVE = re.compile(r"[’'`]s\b")
#: The host of an absolute URL (``scheme://[user@]host[:port]...``), read without a full URL parse.
_URL_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:\[\]]+)")
_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One outlet of the bundled registry."""

    name: str
    country: str | None
    kind: str | None
    languages: tuple[str, ...]
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


def key(name: str) -> str:
    """The form two names of one outlet share: case, accents and punctuation folded ("Tuổi Trẻ" = "tuoi tre").

    The same as :func:`newsradar.enrich.folding.fold`; an ASCII name (most stored sources) skips its
    accent pass, which changes nothing there and was most of a directory's build time at 4,500 sources.
    """
    if name.isascii():
        folded = " ".join(_NOT_WORD.sub(" ", _POSSESSIVE.sub("", name).casefold()).split())
    else:
        folded = fold(name)
    return folded or name.strip().casefold()


def _read(name: str) -> dict[str, object]:
    return tomllib.loads(resources.files("newsradar.data").joinpath(name).read_text(encoding="utf-8"))


@cache
def registry() -> tuple[Entry, ...]:
    """Every bundled outlet: the TOML entries, then the wire modules' outlets the TOML does not list."""
    raw = _read("outlets.toml")["outlets"]
    assert isinstance(raw, dict)
    # The names the TOML gives each outlet itself: an agency alias naming another listed outlet
    # ("VietnamPlus" signs VNA copy, but is its own outlet here) stays with that outlet.
    own = {key(n): name for name, fields in raw.items() for n in (name, *fields.get("aliases", ()))}
    entries: list[Entry] = []
    for name, fields in raw.items():
        taken = fields.get("agencies", [name] if name in agencies.AGENCIES else [])
        inherited = [alias for agency in taken for alias in (agency, *agencies.AGENCIES.get(agency, ()))
                     if own.get(key(alias), name) == name]
        aliases = tuple(dict.fromkeys(a for a in (*fields.get("aliases", ()), *inherited) if a != name))
        entries.append(Entry(name=name, country=fields.get("country"), kind=fields.get("kind"),
                             languages=tuple(fields.get("languages", ())),
                             domains=tuple(d.lower() for d in fields.get("domains", ())), aliases=aliases))
    listed = {key(n) for e in entries for n in (e.name, *e.aliases)}
    for module, country in _WIRE_COUNTRIES:
        for name, names in module.AGENCIES.items():
            if key(name) in listed:
                continue
            aliases = tuple(dict.fromkeys(a for a in (*names, *agencies.AGENCIES.get(name, ())) if a != name))
            entries.append(Entry(name=name, country=country, kind=None, languages=(), domains=(), aliases=aliases))
            listed |= {key(n) for n in (name, *aliases)}
    return tuple(entries)


@cache
def cctld_countries() -> dict[str, str]:
    """Country-code ending -> ISO country (``"vn"`` -> ``"VN"``, ``"uk"`` -> ``"GB"``)."""
    table = _read("cctld.toml")["cctld"]
    assert isinstance(table, dict)
    return {str(k).lower(): str(v).upper() for k, v in table.items()}


def host_of(url: str | None) -> str | None:
    """The host of a URL, lower case, without ``www.``; ``None`` when there is none."""
    if not url:
        return None
    match = _URL_HOST.match(url.strip())
    if match is None:
        try:
            host = urlsplit(url if "//" in url else f"//{url}").hostname
        except ValueError:
            return None
    else:
        host = match.group(1)
    return domain_name(host.rstrip(".")) if host else None


def domain_name(text: str | None) -> str | None:
    """``text`` as a host when it is one ("www.sohu.com" -> "sohu.com", "baomoi.com"); else ``None``."""
    if not text:
        return None
    candidate = text.strip().lower()
    if not _HOST.match(candidate):
        return None
    return candidate[4:] if candidate.startswith("www.") else candidate


def cctld_country(host: str | None) -> str | None:
    """The country a host's ending names ("dantri.com.vn" -> "VN"); ``None`` for ``.com``, ``.tv``..."""
    if not host or "." not in host:
        return None
    return cctld_countries().get(host.rsplit(".", 1)[1])

