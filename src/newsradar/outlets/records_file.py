"""Outlet records from a TOML file (``newsradar outlets import FILE``), in the bundled registry's format.

Why a file: a newsroom keeps its own list of outlets (home countries, kinds, the names its desks use)
under version control and loads it into every store; the sample ships one for its fictional outlets.
Each ``[outlets."Name"]`` table may give ``country``, ``kind``, ``languages``, ``domains`` and
``aliases``; the records are saved as the user's own (origin ``user``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .declared import country_code
from .directory import Outlet
from .registry import KINDS

_FIELDS = {"country", "kind", "languages", "domains", "aliases"}


def _texts(name: str, field: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"outlet {name!r}: {field} must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def parse_outlet(name: str, fields: dict[str, Any], origin: str = "user") -> Outlet:
    """One record from its table; a value that is not a country, a kind or a list of names is an error."""
    if not name.strip():
        raise ValueError("an outlet needs a name")
    unknown = set(fields) - _FIELDS
    if unknown:
        raise ValueError(f"outlet {name!r}: unknown field(s) {', '.join(sorted(unknown))} "
                         f"(use {', '.join(sorted(_FIELDS))})")
    country = fields.get("country")
    code = country_code(country) if country is not None else None
    if country is not None and code is None:
        raise ValueError(f"outlet {name!r}: country {country!r} is not an ISO 3166 code such as VN or KR")
    kind = fields.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"outlet {name!r}: kind {kind!r}: use one of {', '.join(KINDS)}")
    languages = _texts(name, "languages", fields.get("languages", []))
    if any(not (lang.isascii() and lang.isalpha() and 2 <= len(lang) <= 3) for lang in languages):
        raise ValueError(f"outlet {name!r}: languages are codes such as vi, ko, zh, en")
    return Outlet(name=name.strip(), country=code, kind=kind, languages=tuple(v.lower() for v in languages),
                  domains=tuple(d.lower() for d in _texts(name, "domains", fields.get("domains", []))),
                  aliases=_texts(name, "aliases", fields.get("aliases", [])), origin=origin)


def read_outlets_file(path: Path) -> list[Outlet]:
    """Every record of the file, or a ``ValueError`` naming the outlet and field that is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    tables = data.get("outlets")
    if not isinstance(tables, dict) or not all(isinstance(v, dict) for v in tables.values()):
        raise ValueError(f'{path}: no [outlets."Name"] tables')
    return [parse_outlet(name, fields) for name, fields in tables.items()]
