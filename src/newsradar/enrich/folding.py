"""Case- and accent-folding of names: the common ground of entity keys, identity keys and search."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Case- and accent-folded form: "Lê Quốc Minh" -> "le quoc minh"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = re.sub(r"[’'`]s\b", "", text)
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())
