"""More East Asian names for the English model: CoNLL sentences again, with their people renamed.

Why: CoNLL-2003's people are mostly European and American sportsmen, so
the English CRF learned that "Le", "Kim" or "Nguyen Phu Trong" are rarely
names, the very names newsrooms in Viet Nam, Korea and China write most.
Each copied sentence keeps its words and labels; only its PER spans are
replaced by a romanised Vietnamese, Korean or Chinese name made from the
surname lists in ``lang`` and common given-name syllables, in the forms
English news uses ("Nguyen Xuan Phuc", "Kim Do-hyun", "Xi Jinping"; a
one-word mention becomes a surname).  A fixed seed makes it reproducible.
"""

from __future__ import annotations

import random

from ...lang import require
from ..folding import fold
from .gold import GoldSentence

_VI_MIDDLE = ("Van", "Thi", "Duc", "Minh", "Quoc", "Xuan", "Thanh", "Hong", "Ngoc", "Huu", "Phu", "Dinh", "Cong",
              "Anh", "Kim", "Trung", "Viet", "Hoang", "Tan", "Quang")
_VI_GIVEN = ("Phuc", "Trong", "Chinh", "Hung", "Dung", "Lan", "Mai", "Hai", "Nam", "Long", "Tuan", "Son", "Binh",
             "Hoa", "Thang", "Quang", "Hue", "Linh", "Trang", "Thuy", "Khanh", "Vuong", "Ngan", "Hieu", "Tam", "Vinh")
_KO_SYLLABLES = ("min", "jae", "hyun", "woo", "jin", "young", "sung", "ho", "hee", "soo", "ji", "eun", "seok", "jun",
                 "kyung", "hye", "dong", "yeon", "sang", "chul", "myung", "hoon", "won", "yong", "tae", "in", "gyu")
_ZH_SYLLABLES = ("jin", "ping", "qiang", "wei", "ming", "hua", "jun", "yi", "li", "guo", "xiao", "hong", "jian",
                 "zhi", "yong", "hai", "lin", "feng", "yu", "xin", "tao", "bo", "qing", "ning", "peng", "yang")


def _name(rng: random.Random, words: int) -> list[str]:
    en, vi = require("en"), require("vi")
    origin = rng.randrange(3)
    if origin == 0:
        surname = fold(rng.choice(sorted(vi.SURNAMES))).title()
        full = [surname, rng.choice(_VI_MIDDLE), rng.choice(_VI_GIVEN)]
    elif origin == 1:
        surname = rng.choice(en.KOREAN_SURNAMES_LATIN)
        given = rng.choice(_KO_SYLLABLES).title() + "-" + rng.choice(_KO_SYLLABLES)
        full = [surname, given]
    else:
        from pypinyin import lazy_pinyin

        from ...lang.names import CHINESE_SURNAMES

        surname = "".join(lazy_pinyin(rng.choice(sorted(s for s in CHINESE_SURNAMES if len(s) == 1)))).title()
        given = (rng.choice(_ZH_SYLLABLES) + rng.choice(_ZH_SYLLABLES)).title()
        full = [surname, given]
    return full[:1] if words == 1 else full


def renamed(sentences: list[GoldSentence], share: float = 0.35, seed: int = 7) -> list[GoldSentence]:
    """Copies of a share of the sentences that name people, each person renamed (labels kept)."""
    rng = random.Random(seed)
    out: list[GoldSentence] = []
    for sentence in sentences:
        people = [s for s in sentence.spans if s[2] == "PER"]
        if not people or rng.random() >= share:
            continue
        text, spans, shift = sentence.text, [], 0
        pieces: list[str] = []
        pos = 0
        for start, end, kind in sentence.spans:
            pieces.append(text[pos:start])
            original = text[start:end]
            replacement = " ".join(_name(rng, len(original.split()))) if kind == "PER" else original
            new_start = start + shift
            pieces.append(replacement)
            spans.append((new_start, new_start + len(replacement), kind))
            shift += len(replacement) - len(original)
            pos = end
        pieces.append(text[pos:])
        out.append(GoldSentence("".join(pieces), spans))
    return out
