"""Sound keys: one spelling-free key for a name however it was transliterated.

A name from outside East Asia reaches each language in its own script: "Galapagos", 갈라파고스,
加拉帕戈斯; "Charles Darwin", 찰스 다윈; "Ovechkin", 오베츠킨.  The entity keys of
:mod:`newsradar.enrich.identity` bring Korean, Chinese and Vietnamese *East Asian* names together
(through a Hangul hub), but a Western name keeps a Latin key in English and Vietnamese text and a
romanised-Hangul one in Korean ("galapagos" beside "kallapakoso"), so a translation and its source
shared nothing through their most specific words.

A sound key is the name's consonant skeleton in seven classes: K (k, g, hard c, q), P (p, b, f, v),
T (t, d, th), S (s, z, soft c, ch, sh, j, and the pinyin x, q, j, z, c), L (l, r), M, N (n, ng).
Vowels, h, w and y are dropped (each language hears and spells those differently) and a class
repeated in a row is one: Galapagos, 갈라파고스 (gal-la-pa-go-seu) and 加拉帕戈斯
(jia-la-pa-ge-si) give KLPKS, KLPKS and SLPKS; Charles and 찰스 both give SLS; Vidal, 비달 and
比达尔 all give PTL.  Korean drops an r that no vowel follows and writes some as 르, so a Latin
name gives a second key without that r (Charles: SLLS and SLS; Maroochydore: MLSTL and MLST).

Only words that look like transliterated names are keyed: in English and Vietnamese text the
words of entity names and the capitalised words that do not open a sentence, unless they are
common English words or Vietnamese words (Vietnamese tone marks, or in the Vietnamese lexicon:
Đà Nẵng has an entity key already); in Korean and Chinese
text the parts of entity names and the words the gloss lexicon does not know, unless they are
common words of the language.  A key of fewer than three classes says too little and is dropped.
Each key weighs :data:`SOUND_WEIGHT` times the word's rarity (common words are weak evidence).

That rarity (:class:`Background`, which :mod:`.features` weighs every term by as well) lives here, so
the features import this module and never the other way round.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from ..enrich.folding import fold
from ..enrich.identity import PERSON, identity_key
from ..lang.names import KOREAN_SURNAMES

if TYPE_CHECKING:
    from ..model import Article

#: Anchor weight of a sound key (before the word's rarity): between an entity key's 3 and a gloss's 4.
SOUND_WEIGHT = 3.0
#: Fewer classes than this match too many names ("Tan", "Dan", "Don" are all TN).
MIN_CLASSES = 3
#: Identity keys shorter than this ("han", "tai") are syllables that many names share.
MIN_NAME_KEY = 5
#: Words more common than this Zipf frequency in their language are words, not names.
MAX_ZIPF = 4.5
#: How far into the text names are looked for, as for the other anchors.
TEXT_CHARS = 1500
_MEMO_LIMIT = 200_000

# -- the three scripts ---------------------------------------------------------------------------

#: Hangul onsets (ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ) and codas (Unicode order) as classes.
_KO_ONSETS = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "S", "S", "S", "K", "T", "P", "")
_KO_CODAS = ("", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L", "L", "L", "M", "P", "P", "T",
             "T", "N", "T", "T", "K", "T", "P", "T")
_PINYIN_INITIALS = (("zh", "S"), ("ch", "S"), ("sh", "S"), ("b", "P"), ("p", "P"), ("f", "P"), ("d", "T"),
                    ("t", "T"), ("g", "K"), ("k", "K"), ("h", ""), ("j", "S"), ("q", "S"), ("x", "S"), ("z", "S"),
                    ("c", "S"), ("s", "S"), ("l", "L"), ("r", "L"), ("m", "M"), ("n", "N"), ("y", ""), ("w", ""))
_LATIN = (("tch", "S"), ("sch", "S"), ("ch", "S"), ("sh", "S"), ("ph", "P"), ("th", "T"), ("ck", "K"), ("qu", "K"),
          ("gh", ""), ("ng", "N"), ("x", "KS"), ("b", "P"), ("p", "P"), ("f", "P"), ("v", "P"), ("d", "T"),
          ("t", "T"), ("g", "K"), ("k", "K"), ("q", "K"), ("j", "S"), ("z", "S"), ("s", "S"), ("l", "L"),
          ("m", "M"), ("n", "N"), ("h", ""), ("w", ""), ("y", ""))
_LATIN_VOWELS = frozenset("aeiouy")
_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_NOT_LETTER = re.compile(r"[^a-z]")


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def hangul_key(word: str) -> str:
    """The sound key of a Hangul word ("" if it has a character that is not a Hangul syllable)."""
    classes: list[str] = []
    for char in word:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return ""
        classes += (_KO_ONSETS[code // 588], _KO_CODAS[code % 28])
    return _collapse(classes)


def pinyin_key(word: str) -> str:
    """The sound key of a word in Chinese characters, read in pinyin ("" if a character has no reading)."""
    from pypinyin import Style, lazy_pinyin

    classes: list[str] = []
    for syllable in lazy_pinyin(word, style=Style.NORMAL, errors="ignore"):
        if not syllable.isalpha():
            return ""
        if syllable == "er":  # 尔, the r of transliterations
            classes.append("L")
            continue
        spelled, klass = next(((i, c) for i, c in _PINYIN_INITIALS if syllable.startswith(i)), ("", ""))
        classes.append(klass)
        if syllable.endswith(("n", "ng")) and len(syllable) > len(spelled):
            classes.append("N")
    return _collapse(classes)


def latin_keys(word: str) -> tuple[str, ...]:
    """The sound keys of a word in Latin letters: as spelled, and without the r no vowel follows."""
    text = _NOT_LETTER.sub("", fold(word).lower())
    kept: list[str] = []
    dropped: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        after = text[i + 1 : i + 2]
        if char in "aeiou":
            i += 1
            continue
        if char == "c" and after != "h":
            klass = "S" if after and after in "eiy" else "K"
            kept.append(klass)
            dropped.append(klass)
            i += 1
            continue
        if char == "r":
            kept.append("L")
            if after and after in _LATIN_VOWELS and text[i + 1 :] != "e":  # the r of "-re" is not heard either
                dropped.append("L")
            i += 1
            continue
        for spelling, classes in _LATIN:
            if text.startswith(spelling, i):
                kept += list(classes)
                dropped += list(classes)
                i += len(spelling)
                break
        else:
            i += 1
    return tuple(dict.fromkeys((_collapse(kept), _collapse(dropped))))


# -- which words are names ------------------------------------------------------------------------

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’-]{2,}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(]\s*|\n\s*)$")
#: A Korean name in Latin letters, surname and hyphenated given name ("Jung Min-ho", "Lee Do-yoon").
_KOREAN_NAME = re.compile(r"\b[A-Z][a-z]{1,5} [A-Z][a-z]{1,6}-[a-z]{1,6}\b")
_VI_TONED = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


# -- word rarity: what a key (and every term of :mod:`.features`) weighs by ----------------------

_POSSESSIVE = re.compile(r"['’]s$")


class Background:
    """Per-language word rarity from ``wordfreq`` (bundled with the package, no download)."""

    MAX_WEIGHT = 8.0
    MIN_WEIGHT = 0.5

    #: Memo sizes: a newsroom's working vocabulary fits; a flood of one-off tokens cannot grow it unbounded.
    MEMO_LIMIT = 500_000

    def __init__(self) -> None:
        from ..lang.lexicon import Glosser

        self.glosser = Glosser()
        self.sounds = SoundKeys(self)
        self._tables: dict[str, dict[str, float]] = {}
        self._stemmers: dict[str, Any] = {}
        # News repeats its words: stem each once (PyStemmer's C Snowball when installed, ~0.3 ms a word without).
        self._stems: dict[str, str] = {}
        self._weights: dict[tuple[str, str | None], float] = {}
        #: (word, language) -> its weighted English keys (:func:`.features.glosses_of`): looking a word up,
        #: folding it for the country test and weighing each key cost more than half of building an
        #: article's features, for words news repeats all day.
        self.gloss_memo: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {}

    def _table(self, lang: str) -> dict[str, float]:
        if lang not in self._tables:
            import wordfreq

            # Only exact matches: wordfreq would silently answer 'nl' for 'af'.
            known = lang in wordfreq.available_languages()
            self._tables[lang] = wordfreq.get_frequency_dict(lang) if known else {}
        return self._tables[lang]

    def weight(self, word: str, lang: str | None) -> float:
        """``8 - zipf`` clipped: "the" ~0.3, "bankruptcy" ~3.9, an unknown name 8."""
        known = self._weights.get((word, lang))
        if known is None:
            known = self._weight(word, lang)
            if len(self._weights) >= self.MEMO_LIMIT:
                self._weights.clear()
            self._weights[(word, lang)] = known
        return known

    def _weight(self, word: str, lang: str | None) -> float:
        table = self._table(lang or "en")
        parts = word.split(" ") if " " in word else [word]
        weights = []
        for part in parts:
            freq = table.get(part)
            zipf = math.log10(freq * 1e9) if freq else 0.0
            weights.append(min(self.MAX_WEIGHT, max(self.MIN_WEIGHT, self.MAX_WEIGHT - zipf)))
        # A compound of common syllables ("việt nam") is rarer than any one of them.
        return min(self.MAX_WEIGHT, max(weights) + 0.5 * (len(weights) - 1))

    def normalise(self, word: str, lang: str | None) -> str:
        if lang != "en":
            return word
        stem = self._stems.get(word)
        if stem is None:
            if "en" not in self._stemmers:
                import snowballstemmer

                self._stemmers["en"] = snowballstemmer.stemmer("english")
            stem = str(self._stemmers["en"].stemWord(_POSSESSIVE.sub("", word)))
            if len(self._stems) >= self.MEMO_LIMIT:
                self._stems.clear()
            self._stems[word] = stem
        return stem


#: Korean particles and endings that follow a name in the same word (longest first when stripped).
_KO_PARTICLES = tuple(sorted(
    ("은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "으로", "에서", "에게",
     "께서", "만", "까지", "부터", "보다", "처럼", "이나", "나", "랑", "이랑", "한테", "호", "측", "씨",
     "이다", "이라고", "이라며", "라고", "라며", "들", "서"),
    key=len, reverse=True))


def _whole_word(token: str, text: str) -> str:
    """The Korean word ``token`` was cut from, without the particles it ends with, when that adds one
    syllable: Kiwi cuts a name it does not know where a suffix could start (당반타인, Đặng Văn Thành,
    comes out as 당반타 + 인), and the identity key of the cut name meets no other script's."""
    start = text.find(token)
    if start < 0:
        return token
    end = start + len(token)
    while end < len(text) and "\uac00" <= text[end] <= "\ud7a3":
        end += 1
    rest = text[start + len(token) : end]
    for _ in range(2):  # particles stack: 당국자들을
        rest = next((rest[: -len(p)] for p in _KO_PARTICLES if rest.endswith(p)), rest)
    # One syllable more is a cut name (당반타+인); longer is a verb ending or a compound (-입니다, -반도).
    return token + rest if len(rest) == 1 else token


def _korean_person(word: str) -> bool:
    """Whether a Hangul word has the shape of a Korean person's name: a surname, then one or two syllables.
    Only those get an identity key when no sound key counts: a short foreign name's Hangul spelling (투트,
    King Tut) has a key that the Latin spelling's does not meet, and it only diluted the cosine."""
    return len(word) == 3 and word[:1] in KOREAN_SURNAMES


def _name_anchor(name: str, lang: str) -> tuple[str, ...]:
    """A name's identity key as an ``e:`` anchor: the key the entity stage gives that name in any script
    (당반타인 and Đặng Văn Thành are both ``tangpantain``; 정민호 and "Jung Min-ho" are ``congminho``), for
    names it did not find or glued to the word before ("KOTRA Jung Min-ho").  ``identity_key`` keeps its
    own memo."""
    key = identity_key(name, PERSON, lang)
    return (f"e:{key}",) if len(key) >= MIN_NAME_KEY else ()


class SoundKeys:
    """Sound keys of articles, with each word's keys remembered (news repeats its names)."""

    def __init__(self, background: Background) -> None:
        self.background = background
        self._memo: dict[tuple[str, str], tuple[str, ...]] = {}

    def _keys(self, word: str, script: str) -> tuple[str, ...]:
        known = self._memo.get((word, script))
        if known is None:
            if script == "latin":
                known = latin_keys(word)
            else:
                known = (hangul_key(word) if script == "ko" else pinyin_key(word),)
            known = tuple(k for k in known if len(k) >= MIN_CLASSES)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[(word, script)] = known
        return known

    def of(self, article: Article, lang: str, tokens: list[str]) -> dict[str, float]:
        """``s:`` anchors of an article whose lead has the words ``tokens`` (weights as its other anchors',
        before they are normalised together)."""
        e = article.enrichment
        if e is None:
            return {}
        background = self.background
        limit = background.MAX_WEIGHT - MAX_ZIPF  # a word weighing less than this is a common word
        found: dict[str, float] = {}

        def put(keys: tuple[str, ...], weight: float) -> None:
            for key in keys:
                found[key] = max(found.get(key, 0.0), SOUND_WEIGHT * weight / background.MAX_WEIGHT)

        text = f"{article.title}\n{article.body[:TEXT_CHARS]}"
        if lang in ("ko", "zh"):
            names = [part for entity in e.entities for part in entity.name.split()]
            names += [t for t in tokens if not background.glosser.in_lexicon(t, lang)]
            pattern = _HANGUL_WORD if lang == "ko" else _HAN_WORD
            for word in dict.fromkeys(names):
                if pattern.match(word) and (weight := background.weight(word, lang)) >= limit:
                    sounds = self._keys(word, lang)
                    put(tuple(f"s:{k}" for k in sounds), weight)
                    # A Korean word no frequency list knows is a name the entity stage may have missed: its
                    # identity key when Kiwi cut it (see _whole_word), or when it is a Korean person's name
                    # too short for a sound key (이도윤 is TN; its key ``itoyon`` is Lee Do-yoon's).
                    if lang == "ko" and weight >= background.MAX_WEIGHT:
                        whole = _whole_word(word, text)
                        if whole != word or (not sounds and _korean_person(word)):
                            put(_name_anchor(whole, lang), weight)
            return found
        for match in _KOREAN_NAME.finditer(text):
            put(_name_anchor(match.group(), lang), background.MAX_WEIGHT)
        words = [part for entity in e.entities for part in entity.name.split() if _CAPITALISED.fullmatch(part)]
        for match in _CAPITALISED.finditer(text):
            if not _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                words.append(match.group())  # "The", "Scientists": a sentence's first word is capitalised anyway
        for word in dict.fromkeys(words):
            lower = word.lower()
            if lang == "vi" and (_VI_TONED.search(word) or background.glosser.in_lexicon(lower, "vi")):
                continue  # a Vietnamese word or name: glossed, or an entity key already
            if (weight := background.weight(lower, "en")) >= limit:
                put(tuple(f"s:{k}" for k in self._keys(word, "latin")), weight)
        return found
