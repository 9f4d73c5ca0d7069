"""Case- and accent-folding of names: the common ground of entity keys, identity keys and search."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Case- and accent-folded form: "Lê Quốc Minh" -> "le quoc minh"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = re.sub(r"[’'`]s\b", "", text)
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


#: The five combining tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng).
VIETNAMESE_TONES = "\u0300\u0301\u0303\u0309\u0323"


def tone_canonical(syllable: str) -> str:
    """One spelling per Vietnamese syllable for lookups: lower case, final y as i after a consonant
    (Lý / Lí), and the tone mark taken off its vowel and put last, so that the old and new placements
    ("hoá" / "hóa", "thuỷ" / "thủy") meet."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tone = "".join(c for c in decomposed if c in VIETNAMESE_TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in VIETNAMESE_TONES))
    if len(base) >= 2 and base[-1] == "y" and base[-2] not in "aâuăoô":
        base = base[:-1] + "i"
    return base + tone
