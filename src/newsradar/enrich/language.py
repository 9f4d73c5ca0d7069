"""Language identification with a confidence, for whole texts, titles, short and mixed texts.

py3langid (a bundled model, no download) scores the text; the script decides
first where it is unambiguous: Hangul is Korean and Han without kana is
Chinese even in a six-character headline, where statistical models guess.
A text whose second script covers a fifth of its letters records that
language in ``other_languages`` (a Korean article quoting English, a
Vietnamese page with a Chinese name list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Runs of each script's letters: counted by the length of each run, since listing a long Latin text letter by
#: letter cost twice as much (a Vietnamese article's identification 0.32 -> 0.16 ms).
_SCRIPTS = {
    "ko": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]+"),
    "ja": re.compile(r"[\u3040-\u30ff]+"),
    "zh": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+"),
    "th": re.compile(r"[\u0e00-\u0e7f]+"),
    "ar": re.compile(r"[\u0600-\u06ff]+"),
    "ru": re.compile(r"[\u0400-\u04ff]+"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+"),
}
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_MIN_LETTERS = 3


@dataclass(slots=True)
class LanguageGuess:
    language: str | None
    confidence: float
    others: list[str]
    reason: str | None = None  # why no language was given


class LanguageIdentifier:
    """Owns the py3langid model (loaded on first use)."""

    def __init__(self) -> None:
        self._model: Any = None

    def _identifier(self) -> Any:
        if self._model is None:
            from py3langid.langid import MODEL_FILE
            from py3langid.langid import LanguageIdentifier as Identifier

            self._model = Identifier.from_model_file(MODEL_FILE, norm_probs=True)
        return self._model

    def identify(self, text: str, known: str | None = None) -> LanguageGuess:
        """The language of ``text``; with ``known`` (the source declared it) only the other languages.

        Why ``known``: a declared language is what the article keeps, and
        scoring a Latin-script text with the statistical model was a third of
        the enrichment of an English article, for nothing.  The scripts are
        still counted, so a Korean article quoting English still records it.
        """
        sample = text[:5000]
        counts = {name: sum(map(len, pattern.findall(sample))) for name, pattern in _SCRIPTS.items()}
        letters = sum(counts.values())
        if letters < _MIN_LETTERS:
            return LanguageGuess(None, 0.0, [], "no letters to identify (numbers, symbols or emoji only)")
        ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
        main, main_count = ranked[0]
        if counts["ja"] and main in ("zh", "ja"):
            main = "ja"
        if known:
            language, confidence = known, 1.0
        elif main == "ko" or (main == "zh" and not counts["ja"]):
            language, confidence = main, min(1.0, 0.5 + main_count / letters / 2)
        elif main in ("ja", "th", "ar", "ru"):
            language, confidence = main, main_count / letters
        elif _VIETNAMESE.search(sample) and len(_VIETNAMESE.findall(sample)) >= max(2, main_count // 40):
            language, confidence = "vi", 0.99 if main_count > 40 else 0.8
        else:
            found, probability = self._identifier().classify(sample)
            language, confidence = str(found), float(probability)
            if main_count < 20:
                confidence = min(confidence, 0.6)  # a few words: say so
        others = [name for name, count in ranked if count >= 0.2 * letters and name not in ("latin", "ja")]
        if counts["latin"] >= 0.2 * letters and (main != "latin" or language in others):
            others.append(self._latin(sample))  # the Latin-script part of a mixed text
        return LanguageGuess(language, round(confidence, 3), list(dict.fromkeys(o for o in others if o != language)))

    def _latin(self, sample: str) -> str:
        latin = " ".join(re.findall(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+", sample))
        return "vi" if _VIETNAMESE.search(latin) else str(self._identifier().classify(latin)[0])
