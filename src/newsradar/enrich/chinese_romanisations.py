"""The older romanisations of Mandarin that names from Taiwan (and older Western texts) are written in.

Hanyu Pinyin is the norm in mainland China, but a Taiwanese passport name is chosen among Wade-Giles,
Gwoyeu Romatzyh (GR), MPS II and Tongyong, and many public figures keep older spellings: "Tsai
Ing-wen" (蔡英文, pinyin Cai Yingwen), "Ma Ying-jeou" (馬英九, Ma Yingjiu), "Ko Wen-je" (柯文哲, Ke
Wenzhe).  Identity keys (:mod:`newsradar.enrich.identity`) read a Latin name as Mandarin by mapping
each piece back to pinyin; this module gives, for a pinyin syllable, its spellings in those systems:

* Wade-Giles from pypinyin (MIT), without the apostrophes and umlauts that names drop
  ("ts'ai" -> "tsai", "hsü" -> "hsu");
* Gwoyeu Romatzyh, whose spelling also writes the tone: "jiu" is "jiou", "jyou", "jeou" or "jiow" in
  tones 1 to 4, "ying" is "ing", "yng", "yiing" or "yinq", "zhe" is "je".  The rules are those of
  the 1928 standard (public); a name can use any tone's form, so all four are given.

Only the spelling rules are here, no names.
"""

from __future__ import annotations

from functools import cache

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c",
             "s")
_GR_INITIALS = {"j": "j", "q": "ch", "x": "sh", "zh": "j", "ch": "ch", "sh": "sh", "z": "tz", "c": "ts"}
_SONORANTS = frozenset("mnlr")
# Zero-initial pinyin spellings and the final they write.
_ZERO = {"yi": "i", "ya": "ia", "ye": "ie", "yao": "iao", "you": "iu", "yan": "ian", "yin": "in", "yang": "iang",
         "ying": "ing", "yong": "iong", "yu": "v", "yue": "ve", "yuan": "van", "yun": "vn", "wu": "u", "wa": "ua",
         "wo": "uo", "wai": "uai", "wei": "ui", "wan": "uan", "wen": "un", "wang": "uang", "weng": "ueng"}
# Pinyin final -> GR base (tone 1) final.
_GR_FINALS = {"a": "a", "o": "o", "e": "e", "ai": "ai", "ei": "ei", "ao": "au", "ou": "ou", "an": "an", "en": "en",
              "ang": "ang", "eng": "eng", "ong": "ong", "er": "el", "i": "i", "ia": "ia", "ie": "ie", "iao": "iau",
              "iu": "iou", "ian": "ian", "in": "in", "iang": "iang", "ing": "ing", "iong": "iong", "u": "u",
              "ua": "ua", "uo": "uo", "uai": "uai", "ui": "uei", "uan": "uan", "un": "uen", "uang": "uang",
              "ueng": "ueng", "v": "iu", "ve": "iue", "van": "iuan", "vn": "iun"}
_VOWELS = "aeiouy"


def _split(syllable: str) -> tuple[str, str] | None:
    """(initial, final) of a toneless pinyin syllable, ü written v: "jiu" -> ("j", "iu"), "yu" -> ("", "v")."""
    syllable = syllable.replace("ü", "v")
    if syllable in _ZERO:
        return "", _ZERO[syllable]
    initial = next((i for i in _INITIALS if syllable.startswith(i)), "")
    final = syllable[len(initial):]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]
    if final == "i" and initial in ("zh", "ch", "sh", "r", "z", "c", "s"):
        return initial, "-i"
    return (initial, final) if final in _GR_FINALS else None


def _tone2(initial: str, final: str) -> str:
    if initial in _SONORANTS:
        return final
    if final in ("i", "u"):  # tyi, twu, yi, wu
        return "yi" if final == "i" else "wu"
    if final in ("in", "ing"):  # pyng, yn
        return "y" + final[1:]
    if final[0] in "iu" and len(final) > 1 and final[1] in _VOWELS:  # chyan, hwang, yang
        return ("y" if final[0] == "i" else "w") + final[1:]
    vowel_end = max(i for i, c in enumerate(final) if c in _VOWELS) + 1
    return final[:vowel_end] + "r" + final[vowel_end:]


def _tone3(final: str) -> str:
    if len(final) > 1 and final[0] in "iu" and final[1] in _VOWELS:
        if final in ("ie", "uo"):
            return final + final[-1]
        return ("e" if final[0] == "i" else "o") + final[1:]
    for pair, changed in (("ai", "ae"), ("au", "ao"), ("ei", "eei"), ("ou", "oou")):
        if final.startswith(pair):
            return changed + final[2:]
    return final[0] + final  # a single vowel is doubled: ii, iin, iing, aa, aan, uu, yy


def _tone4(final: str) -> str:
    for ending, changed in (("ng", "nq"), ("i", "y"), ("u", "w"), ("n", "nn"), ("l", "ll")):
        if final.endswith(ending) and len(final) > len(ending):
            return final[: -len(ending)] + changed
    return final + "h"


def gwoyeu_romatzyh(syllable: str) -> set[str]:
    """The GR spellings of a toneless pinyin syllable in its four tones ("jiu" -> jiou, jyou, jeou, jiow)."""
    parts = _split(syllable.lower())
    if parts is None:
        return set()
    initial, final = parts
    gr_initial = _GR_INITIALS.get(initial, initial)
    base = "y" if final == "-i" else _GR_FINALS[final]
    forms = {gr_initial + (("h" + base) if initial in _SONORANTS else base)}
    forms.add(gr_initial + _tone2(initial, base))
    third, fourth = _tone3(base), _tone4(base)
    if not initial and base[0] in "iu":  # zero initial: i- and u- are written y- and w- outside tone 1
        glide = "y" if base[0] == "i" else "w"
        if base.startswith("iu"):  # ü: yeu, yuh, yueh, yuann
            third, fourth = glide + third, "y" + _tone4(base[1:])
        elif len(base) > 1 and base[1] in _VOWELS:  # the medial is the glide: yeou, woan, yee, woo; yaw, yeh
            third = glide + (third[1:] if base in ("ie", "uo") else third)
            fourth = glide + fourth[1:]
        else:  # a lone i or u takes it in front: yii, yiing, wuu, yih, wuh
            third, fourth = glide + third, glide + fourth
    forms.update({gr_initial + third, gr_initial + fourth})
    if initial in _SONORANTS:
        forms.add(gr_initial + base)
    return forms


@cache
def wade_giles(syllable: str) -> set[str]:
    """Wade-Giles spellings of a toneless pinyin syllable as names write them: "cai" -> {"tsai"}."""
    from pypinyin.style.wadegiles import to_wade_glides

    spelled = to_wade_glides(syllable.replace("ü", "v")).replace("'", "").replace("’", "").replace(" ", "")
    return {spelled, spelled.replace("v", "u"), spelled.replace("ü", "u")}


def passport(syllable: str) -> set[str]:
    """Spellings Taiwanese and Hong Kong passports use beside the systems: a final i after a consonant
    written "ee" as in English ("li" -> "lee")."""
    parts = _split(syllable.lower())
    if parts is None or not parts[0] or parts[1] != "i":
        return set()
    return {syllable[:-1] + "ee"}


def spellings(pinyin: frozenset[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """{"wade_giles": spelling -> pinyin syllables, "taiwanese": spelling -> pinyin syllables}, the
    latter from Gwoyeu Romatzyh and :func:`passport`.

    Spellings that are pinyin syllables themselves are kept (a reader tries pinyin first anyway).
    """
    out: dict[str, dict[str, list[str]]] = {"wade_giles": {}, "taiwanese": {}}
    for syllable in sorted(pinyin):
        for spelled in sorted(wade_giles(syllable)):
            if spelled.isalpha() and spelled.isascii():
                out["wade_giles"].setdefault(spelled, []).append(syllable)
        for spelled in sorted(gwoyeu_romatzyh(syllable) | passport(syllable)):
            out["taiwanese"].setdefault(spelled, []).append(syllable)
    return {name: {k: tuple(v) for k, v in table.items()} for name, table in out.items()}
