"""News agencies by canonical name, with the names they go by in each language.

Wire copy is signed with the agency's name in the outlet's own language
(``VNA`` / ``TTXVN`` / ``越通社``), so sign-offs, datelines and credits are
matched against every alias and stored under one canonical name.  The
international agencies are listed here; each language's own agencies and
outlets that sign copy (뉴스1, 뉴시스, 人民网, 央视新闻 ...) live in its data module
(``wire_ko``, ``wire_zh``, ``wire_vi``) and are merged in below.
"""

from __future__ import annotations

import re

from . import wire_ko, wire_vi, wire_zh

AGENCIES: dict[str, tuple[str, ...]] = {
    "VNA": ("VNA", "TTXVN", "Vietnam News Agency", "Thông tấn xã Việt Nam", "越通社", "베트남통신", "VNA/VNS"),
    "Xinhua": ("Xinhua", "Xinhua News Agency", "新华社", "新華社", "신화통신", "신화사", "Tân Hoa Xã", "THX"),
    "Yonhap": ("Yonhap", "Yonhap News Agency", "연합뉴스", "연합", "韩联社", "韓聯社", "Yonhap News"),
    "China News Service": ("China News Service", "CNS", "中新社", "中新网", "中國新聞社"),
    "Kyodo": ("Kyodo", "Kyodo News", "共同社", "교도통신"),
    "AFP": ("AFP", "Agence France-Presse", "法新社", "AFP통신"),
    "Reuters": ("Reuters", "路透社", "로이터", "로이터통신"),
    "AP": ("AP", "Associated Press", "美联社", "AP통신"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
}
for _module in (wire_ko, wire_zh, wire_vi):
    for _name, _aliases in _module.AGENCIES.items():
        AGENCIES[_name] = tuple(dict.fromkeys((*AGENCIES.get(_name, ()), *_aliases)))

_BY_ALIAS: dict[str, str] = {
    alias.casefold(): name for name, aliases in AGENCIES.items() for alias in (name, *aliases)
}


def canonical_agency(text: str) -> str | None:
    """``"TTXVN"`` -> ``"VNA"``; anything that is not an agency name -> ``None``."""
    return _BY_ALIAS.get(text.strip().strip("()（）[]").strip().casefold())


def find_agency(text: str) -> str | None:
    """The canonical name of the first agency named anywhere in ``text``."""
    match = _ALIAS_WORD.search(text)
    return canonical_agency(match.group(0)) if match else None


def strip_agency_names(text: str) -> str:
    """``text`` with every agency name replaced by a space."""
    return _ALIAS_WORD.sub(" ", text)


def all_aliases() -> list[str]:
    """Every alias, longest first (so a regex alternation prefers ``新华社`` over ``新华``)."""
    return sorted(_BY_ALIAS, key=len, reverse=True)


_ALIAS_WORD = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in all_aliases()) + r")(?!\w)", re.IGNORECASE)
