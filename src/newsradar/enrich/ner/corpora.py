"""The annotated corpora the entity models learn from and are scored on: files, sources, licenses, parts.

Why a module of its own: the trainer (:mod:`.train`) scores each model it
trains with :mod:`.evaluate`, and :func:`.evaluate.evaluate_dev` scores the
whole entity stage on the same dev part.  With the corpus table and
:func:`load` in the trainer, evaluation imported the trainer that imports
evaluation; both now read the data here.  :mod:`.train` re-exports
:data:`DATA`, :data:`DEFAULT_DATA` and :func:`load` under their old names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .gold import GoldSentence, read_conll, split

DEFAULT_DATA = Path(__file__).resolve().parents[4].parent / "shared" / "corpora" / "ner"

#: Per language: training file, dev file (None: a fixed held-out part of the training file), source, license.
DATA: dict[str, dict[str, Any]] = {
    "en": {"train": "en-conll2003-train.conll", "dev": "en-conll2003-dev.conll",
           "source": "CoNLL-2003 English (Reuters RCV1), eng.train / eng.testa",
           "license": "Reuters Corpus (RCV1) agreement; the repository it came from is Apache-2.0"},
    "vi": {"train": "vi-vlsp2016-train.conll", "dev": "vi-vlsp2016-dev.conll",
           "source": "VLSP-2016 NER training data (dev part held out)",
           "license": "no license stated by the source; VLSP shares it for research under a user agreement"},
    "ko": {"train": "ko-klue-ner-v1.1.conll", "dev": None,
           "source": "KLUE-NER v1.1 (every 5th sentence held out as dev)", "license": "CC BY-SA 4.0"},
    "zh": {"train": "zh-msra-train.conll", "dev": None,
           "source": "MSRA NER, SIGHAN 2006 bakeoff 3 train (every 10th sentence held out as dev)",
           "license": "no license stated for the data; the repository it came from is Apache-2.0"},
}


def load(lang: str, data: Path, part: str) -> list[GoldSentence]:
    spec = DATA[lang]
    if part == "dev" and spec["dev"]:
        return list(read_conll(data / spec["dev"], lang))
    return split(list(read_conll(data / spec["train"], lang)), lang, part)
