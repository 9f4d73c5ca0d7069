"""Names seen in the annotated training data, matched in new text as a feature (not as an answer).

Why: with 4,000 Korean training sentences the CRF sees most names once; a
list of the surfaces and types it was taught lets it recognise a name it
met in another sentence, while the model still decides from context (a
listed "서울" in "서울대학교" is part of an organisation).  So that the model
does not learn to trust the list blindly, training sentences see a list
built from the *other* half of the data (two folds), as a new text sees a
list built without it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from .gold import GoldSentence
from .paths import MODEL_DIR
from .units import Unit

MAX_CHARS = 16


class Names:
    """Listed surfaces with their type, indexed by their first two characters so a miss costs one lookup.

    Why two characters, not one: the first character of a Korean name is a common syllable ("서", "대",
    "한" start dozens of listed names each), so an index by it sent most characters of a sentence through
    several slices and lookups; the first two characters start few names.  The index holds one short
    string per distinct start (about 2,500 for the shipped Korean list).
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        starts: dict[str, set[int]] = {}
        #: one-character names (the lists ``collect`` makes have none): surface -> type
        self.singles: dict[str, str] = {}
        for surface, kind in self.table.items():
            if len(surface) >= 2:
                starts.setdefault(surface[:2], set()).add(len(surface))
            elif surface:
                self.singles[surface] = kind
        shared: dict[tuple[int, ...], tuple[int, ...]] = {}  # one tuple per distinct set of lengths
        #: first two characters -> the lengths of the names (two or more characters) that start with them, longest first
        self.lengths = {start: shared.setdefault(key := tuple(sorted(found, reverse=True)), key)
                        for start, found in starts.items()}

    def __len__(self) -> int:
        return len(self.table)


def collect(sentences: Iterable[GoldSentence]) -> Names:
    """Surface -> its most frequent type, for every gold name of two or more characters."""
    seen: dict[str, Counter[str]] = {}
    for sentence in sentences:
        for start, end, kind in sentence.spans:
            surface = sentence.text[start:end]
            if 2 <= len(surface) <= MAX_CHARS and "\t" not in surface:
                seen.setdefault(surface, Counter())[kind] += 1
    return Names({surface: kinds.most_common(1)[0][0] for surface, kinds in seen.items()})


def names_path(lang: str, model_dir: Path = MODEL_DIR) -> Path:
    return model_dir / f"{lang}-names.tsv"


def write(names: Names, path: Path) -> None:
    path.write_text("".join(f"{s}\t{k}\n" for s, k in sorted(names.table.items())), encoding="utf-8")


@cache
def shipped(lang: str, model_dir: Path = MODEL_DIR) -> Names:
    path = names_path(lang, model_dir)
    if not path.exists():
        return Names({})
    lines = path.read_text(encoding="utf-8").splitlines()
    return Names(dict(line.split("\t", 1) for line in lines if "\t" in line))


def marks(text: str, sentence: Sequence[Unit], names: Names) -> list[str]:
    """Per unit: "B-TYPE"/"I-TYPE" where the longest listed name starting at a unit covers it, else ""."""
    out = [""] * len(sentence)
    ends = {u.end: i for i, u in enumerate(sentence)}
    table, lengths, singles = names.table, names.lengths, names.singles
    count = len(sentence)
    i = 0
    while i < count:
        start = sentence[i].start
        best = -1
        kind = ""
        for length in lengths.get(text[start : start + 2], ()):  # a name of two or more characters, longest first
            j = ends.get(start + length)
            if j is not None and j >= i:
                found = table.get(text[start : start + length])
                if found:
                    best, kind = j, found
                    break
        else:
            if singles:  # else a one-character name
                found = singles.get(text[start])
                j = ends.get(start + 1)
                if found and j is not None and j >= i:
                    best, kind = j, found
        if best < 0:
            i += 1
            continue
        out[i] = "B-" + kind
        for k in range(i + 1, best + 1):
            out[k] = "I-" + kind
        i = best + 1
    return out
