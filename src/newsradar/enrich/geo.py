"""Countries and country pairs, from names in any of the four languages.

Latin-script names are matched as whole words and case-sensitively ("US" is
a country, "us" is not); Korean and Chinese names are matched inside words,
since "베트남기자협회" and "中国记者协会" name the country too.  Compound forms
("中韩", "한·베", "한중") yield each country they combine.  The longest name
wins where names overlap, so "North Korea" is KP, never also KR.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations

from ..lang.countries import COMPOUND_CHARS, country_names

#: A Latin name must not touch a word character, dot or hyphen on either side.  The left edge is
#: checked *after* the name's first character (a two-character lookbehind), so every branch of
#: the matcher starts with a literal and the regex engine can skip, in C, positions where no name
#: starts; one branch per first character keeps the tries per position short.
_LEFT_AFTER_FIRST = r"(?<![\w.-].)"
_RIGHT_EDGE = r"(?![\w-])"


@cache
def _matcher() -> re.Pattern[str]:
    """One pattern for every name, longest first among names that start at the same place."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(country_names(), key=len, reverse=True):
        latin = name[:1].isascii() or name[:1] in "ĐÚÝ"
        rest = re.escape(name[1:])
        by_first.setdefault(name[:1], []).append(f"{_LEFT_AFTER_FIRST}{rest}{_RIGHT_EDGE}" if latin else rest)
    return re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(branches)})"
                               for first, branches in by_first.items()))


@cache
def _compound(lang: str) -> re.Pattern[str] | None:
    chars = COMPOUND_CHARS.get(lang)
    if not chars:
        return None
    cls = "".join(chars)
    if lang == "ko":  # 한·베, 한-베, 한중, 한미일 (not inside a longer word)
        return re.compile(rf"(?<![가-힣])([{cls}](?:\s*[·・\-–]?\s*[{cls}]){{1,2}})(?=[\s가-힣]|$)(?![가-힣]{{2}})")
    # 中韩, 中越, 中日韩: not after a digit or 月 (a date), not before 洲 (美洲 is a continent)
    return re.compile(rf"(?<![\d月今明昨])([{cls}]{{2,3}})(?![洲元])")


def find_countries(text: str, lang: str | None) -> dict[str, int]:
    """ISO code -> number of mentions, in order of first mention."""
    names = country_names()
    found: list[tuple[int, str]] = [(m.start(), names[m.group()]) for m in _matcher().finditer(text)]
    compound = _compound(lang or "")
    if compound is not None:
        chars = COMPOUND_CHARS[lang or ""]
        for match in compound.finditer(text):
            if match.group(1) in names:  # "북한" is a country name, not 북 + 한
                continue
            codes = [chars[c] for c in match.group(1) if c in chars]
            if len(set(codes)) == len(codes) >= 2:
                found.extend((match.start(1), code) for code in codes)
    counts: dict[str, int] = {}
    for _, code in sorted(found):
        counts[code] = counts.get(code, 0) + 1
    return counts


def country_pairs(countries: dict[str, int]) -> list[str]:
    """Every pair of countries the article covers together, as "KR-VN" (codes sorted)."""
    return ["-".join(pair) for pair in combinations(sorted(countries), 2)]
