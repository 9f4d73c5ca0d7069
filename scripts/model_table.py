"""Write the README's entity-model table from the model cards (``make models`` runs it after training).

F1 has four decimals: a figure just under a target (0.7996 against 0.80) must not read as meeting it.
The table sits between ``<!-- models:begin -->`` and ``<!-- models:end -->`` in README.md, so the
figures a reader sees are the ones the shipped files were measured at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT / "src" / "newsradar" / "models" / "ner"
NAMES = {"en": "English", "vi": "Vietnamese", "ko": "Korean", "zh": "Chinese"}


def table() -> str:
    rows = ["| language | trained on (license) | sentences | dev P / R / F1 | size | trained |",
            "|---|---|---:|---|---:|---|"]
    for lang in NAMES:
        path = CARDS / f"{lang}.json"
        if not path.exists():
            continue
        card = json.loads(path.read_text(encoding="utf-8"))
        data, dev = card["training_data"], card["dev"]
        rows.append(f"| {NAMES[lang]} | {data['source']} ({data['license']}) | {data['sentences']:,} | "
                    f"{dev['precision']:.3f} / {dev['recall']:.3f} / **{dev['f1']:.4f}** | "
                    f"{card['size_bytes'] / 1e6:.1f} MB | {card['trained']} |")
    return "\n".join(rows)


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"<!-- models:begin -->\n{table()}\n<!-- models:end -->"
    new, n = re.subn(r"<!-- models:begin -->.*?<!-- models:end -->", block, text, flags=re.S)
    if n != 1:
        raise SystemExit("README.md has no <!-- models:begin --> ... <!-- models:end --> block")
    readme.write_text(new, encoding="utf-8")
    print("README.md: model table updated")


if __name__ == "__main__":
    main()
