"""Countries and country pairs, from names in any of the four languages.

Latin-script names are matched as whole words and case-sensitively ("US" is
a country, "us" is not); Korean and Chinese names are matched inside words,
since "베트남기자협회" and "中国记者协会" name the country too.  Compound forms
("中韩", "한·베", "한중") yield each country they combine.  The longest name
wins where names overlap, so "North Korea" is KP, never also KR.

A pair of countries is what an article is about *together*, not every
combination of the countries it names: a match report naming ten teams in
ten sentences is about no pair.  Two countries pair only where they meet in
one place: the title, the lead (the first two sentences of the body) or one
sentence further down.  Each place adds its weight (:data:`PLACE_WEIGHTS`:
title over lead over a body sentence), shared among the countries named
there (a sentence listing six teams is weak evidence for each of its fifteen
pairs), and an article keeps its :data:`MAX_PAIRS` heaviest pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import combinations

from ..lang.countries import COMPOUND_CHARS, NAME_SYLLABLES, country_names

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


_PREVIOUS_WORD = re.compile(r"(?:^|([.!?:;…\n\"“(]\s*)|\s)(\w+)\s+$")
_NEXT_WORD = re.compile(r"\s+(\w)")
#: Words before a Vietnamese given name: "ông Nga", "bầu Đức", "HLV Đức".
_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "cô", "chú", "bác", "cháu", "bầu", "thầy", "hlv", "cụ"})


def _in_personal_name(text: str, match: re.Match[str]) -> bool:
    """Whether a Vietnamese one-syllable name ("Đức", "Nga") is part of a personal name here.

    It is when the word before it is capitalised and does not merely start the sentence
    ("Trương Đức Giang", "Thị Nga"), or when it starts the sentence (or follows a capitalised
    first word) and the next word is capitalised ("Đức Chinh ghi bàn").  "Tổng thống Mỹ Donald
    Trump", "U20 Mỹ", "trẻ em Mỹ" and "Cộng hòa Liên bang Đức" keep their country; "Bắc Mỹ" (North
    America) and "Chủ Nhật" (Sunday) were never one.
    """
    before = _PREVIOUS_WORD.search(text, max(0, match.start() - 40), match.start())
    after = _NEXT_WORD.match(text, match.end())
    next_upper = after is not None and after.group(1).isupper()
    if before is None:  # the start of the text or of a sentence
        starts = match.start() == 0 or bool(re.search(r"[.!?:;…\n\"“(]\s*$", text[max(0, match.start() - 3):
                                                                                  match.start()]))
        return starts and next_upper
    if before.group(2).casefold() in _HONORIFICS:  # "ông Nga", "bầu Đức"
        return True
    word_upper = before.group(2)[:1].isupper() and before.group(2).isalpha()  # "U20 Mỹ" is the US team
    first_of_sentence = before.group(1) is not None or before.start(2) == 0
    if word_upper and not first_of_sentence:
        return True
    return word_upper and next_upper


def country_mentions(text: str, lang: str | None) -> list[tuple[int, str]]:
    """``(offset, ISO code)`` of every country named in ``text``, in order."""
    names = country_names()
    # "US$200 bln", "HK$5", "S$1": a currency, not the country
    found: list[tuple[int, str]] = [(m.start(), names[m.group()]) for m in _matcher().finditer(text)
                                    if not text.startswith("$", m.end())
                                    and (m.group() not in NAME_SYLLABLES or not _in_personal_name(text, m))]
    compound = _compound(lang or "")
    if compound is not None:
        chars = COMPOUND_CHARS[lang or ""]
        for match in compound.finditer(text):
            if match.group(1) in names:  # "북한" is a country name, not 북 + 한
                continue
            codes = [chars[c] for c in match.group(1) if c in chars]
            if len(set(codes)) == len(codes) >= 2:
                found.extend((match.start(1), code) for code in codes)
    return sorted(found)


def count_countries(mentions: list[tuple[int, str]]) -> dict[str, int]:
    """ISO code -> number of :func:`country_mentions`, in order of first mention."""
    counts: dict[str, int] = {}
    for _, code in mentions:
        counts[code] = counts.get(code, 0) + 1
    return counts


#: Pairs an article keeps, heaviest first.  Three: a bilateral story has one pair and a trilateral
#: one (한미일, 中日韩, a Mekong summit of three) three, so no story about its countries together
#: loses one; beyond that the pairs of a long article are side remarks and lists (measured on 2,000
#: baomoi articles: see CHANGELOG).
MAX_PAIRS = 3
#: What one co-occurrence weighs by where it is: the title, the lead (first two sentences), any later sentence.
PLACE_WEIGHTS = {"title": 3.0, "lead": 2.0, "sentence": 1.0}
#: Sentences of the body that make its lead.
LEAD_SENTENCES = 2

#: The end of a sentence: CJK and Latin closing marks (with closing quotes or brackets after them), a
#: full stop before a space, or a line break.  A full stop after an abbreviation ("U.S.", "Mr.",
#: "Nov.", a single capital) is no end (checked in :func:`sentences`).
_SENTENCE_END = re.compile(r"[。！？!?…]+[”’\"'」』）)]*|\.+[”’\"'」』）)]*(?=\s)|\n")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|"
                           r"Maj|Capt|Prof|Corp|Inc|Ltd|Co|No|vs|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|TS|ThS|PGS|GS|"
                           r"TP|Q))$")


def sentences(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text[start:]`` (Vietnamese, Korean, Chinese, English)."""
    at = start
    for match in _SENTENCE_END.finditer(text, start):
        if match.group().startswith(".") and _ABBREVIATION.search(text, max(start, match.start() - 12),
                                                                   match.start()):
            continue
        if text[at:match.end()].strip():
            yield at, match.end()
        at = match.end()
    if text[at:].strip():
        yield at, len(text)


def weighted_pairs(text: str, lang: str | None, title_end: int = 0, body_start: int | None = None,
                   mentions: list[tuple[int, str]] | None = None) -> dict[str, float]:
    """Pair ("KR-VN", codes sorted) -> weight, for the countries that meet in one place of ``text``.

    ``text[:title_end]`` is the title and the body starts at ``body_start`` (``title_end`` by default);
    ``mentions`` are :func:`country_mentions` of ``text`` when already known.
    """
    found = country_mentions(text, lang) if mentions is None else mentions
    if len({code for _, code in found}) < 2:
        return {}
    places: list[tuple[str, int, int]] = [("title", 0, title_end)] if title_end > 0 else []
    for n, (begin, end) in enumerate(sentences(text, title_end if body_start is None else body_start)):
        if n < LEAD_SENTENCES:  # the lead is one place: its sentences together
            if n == 0:
                places.append(("lead", begin, end))
            else:
                places[-1] = ("lead", places[-1][1], end)
        else:
            places.append(("sentence", begin, end))
    weights: dict[str, float] = {}
    at = 0
    for kind, begin, end in places:
        while at < len(found) and found[at][0] < begin:
            at += 1
        codes: set[str] = set()
        while at < len(found) and found[at][0] < end:
            codes.add(found[at][1])
            at += 1
        if len(codes) < 2:
            continue
        share = PLACE_WEIGHTS[kind] / (len(codes) - 1)
        for pair in combinations(sorted(codes), 2):
            key = "-".join(pair)
            weights[key] = weights.get(key, 0.0) + share
    return weights


def ranked_pairs(text: str, lang: str | None, title_end: int = 0, body_start: int | None = None, *,
                 mentions: list[tuple[int, str]] | None = None, limit: int = MAX_PAIRS) -> dict[str, float]:
    """The ``limit`` heaviest pairs of :func:`weighted_pairs` with their weights, heaviest first.

    Ties go to the pair whose countries the article names more often, then to the pair named first.
    ``mentions`` are :func:`country_mentions` of ``text`` when already known (the text is read once).
    """
    if mentions is None:
        mentions = country_mentions(text, lang)
    weights = weighted_pairs(text, lang, title_end, body_start, mentions)
    countries = count_countries(mentions)
    order = {pair: n for n, pair in enumerate(weights)}  # insertion order: the place they first met

    def rank(pair: str) -> tuple[float, int, int]:
        a, b = pair.split("-")
        return -round(weights[pair], 6), -(countries.get(a, 0) + countries.get(b, 0)), order[pair]

    return {pair: weights[pair] for pair in sorted(weights, key=rank)[:limit]}


def country_pairs(text: str, lang: str | None, title_end: int = 0, body_start: int | None = None, *,
                  mentions: list[tuple[int, str]] | None = None, limit: int = MAX_PAIRS) -> list[str]:
    """The pairs of :func:`ranked_pairs`, heaviest first, without their weights."""
    return list(ranked_pairs(text, lang, title_end, body_start, mentions=mentions, limit=limit))
