"""How often each syllable appears in Korean and Vietnamese given names, for telling a name's origin.

A name written in Chinese characters can be Chinese, Korean or Vietnamese: 陈大光 is Trần Đại Quang,
a Vietnamese president, and 孙兴慜 is Son Heung-min, a Korean footballer, though the surnames alone
say Chinese.  Their given names tell: 대광/光 and 흥민 read naturally in Vietnamese and Korean, far
less as Mandarin given names.  This module keeps, per language, how often each syllable occurs in
the given names of people tagged PER in the NER training parts (never the dev parts) that the
entity models are trained on: VLSP-2016 for Vietnamese (names whose first syllable is a Vietnamese
surname), KLUE-NER v1.1 for Korean (three-syllable Hangul names); Mandarin ones from the
three-character person names of jieba's dictionary (MIT), in toneless pinyin.

``python -m newsradar.enrich.name_origins`` (part of ``make models``) writes
``newsradar/data/given_names.json``; the counts are small (a few hundred syllables each) and ship in
the package like the models.  Data licenses are those of the NER training data (README, "Models").
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

from ..lang import vi as vi_lang

FILE = "given_names.json"
_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]{3}")


def count_given_syllables(data: Path) -> dict[str, dict[str, int]]:
    """Syllable counts of Vietnamese and Korean given names in the NER training parts under `data`."""
    from .ner.corpora import load

    vi: Counter[str] = Counter()
    for sentence in load("vi", data, "train"):
        for start, end, label in sentence.spans:
            words = sentence.text[start:end].replace("_", " ").split()
            if label == "PER" and len(words) >= 2 and words[0] in vi_lang.SURNAMES:
                vi.update(w.lower() for w in words[1:])
    ko: Counter[str] = Counter()
    for sentence in load("ko", data, "train"):
        for start, end, label in sentence.spans:
            name = sentence.text[start:end].replace("▁", "").strip()
            if label == "PER" and _HANGUL_NAME.fullmatch(name):
                ko.update(name[1:])
    return {"vi": dict(sorted(vi.items())), "ko": dict(sorted(ko.items())), "zh": mandarin_given_syllables()}


def mandarin_given_syllables() -> dict[str, int]:
    """Toneless pinyin syllable counts of the given names of jieba's three-character person names."""
    from pypinyin import Style, lazy_pinyin

    mandarin: Counter[str] = Counter()
    jieba_dict = Path(str(resources.files("jieba") / "dict.txt"))
    with jieba_dict.open(encoding="utf-8") as lines:
        for line in lines:
            word, _freq, tag = line.split()
            if tag.startswith("nr") and len(word) == 3:
                mandarin.update(lazy_pinyin(word[1:], style=Style.NORMAL, errors="ignore"))
    return dict(sorted(mandarin.items()))


@cache
def given_syllables() -> dict[str, dict[str, int]]:
    """The shipped counts ({"vi": {...}, "ko": {...}, "zh": {...}}); empty tables when never built."""
    path = resources.files("newsradar.data") / FILE
    if not path.is_file():
        return {"vi": {}, "ko": {}, "zh": {}}
    loaded: dict[str, dict[str, int]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    from .ner.corpora import DEFAULT_DATA

    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the NER training files")
    parser.add_argument("--out", type=Path, default=Path(str(resources.files("newsradar.data"))) / FILE)
    args = parser.parse_args(argv)
    from .ner.corpora import DATA

    missing = [DATA[lang]["train"] for lang in ("vi", "ko") if not (args.data / DATA[lang]["train"]).is_file()]
    if missing:
        parser.error(f"{args.data}: missing NER training file(s) {', '.join(missing)}")
    counts = count_given_syllables(args.data)
    args.out.write_text(json.dumps(counts, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{args.out}: vi {sum(counts['vi'].values())} syllables ({len(counts['vi'])} distinct), "
          f"ko {sum(counts['ko'].values())} ({len(counts['ko'])} distinct), "
          f"zh {sum(counts['zh'].values())} ({len(counts['zh'])} distinct)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
