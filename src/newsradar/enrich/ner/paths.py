"""Where the shipped entity models live: ``models/ner`` inside the installed ``newsradar`` package.

Why a module of its own: the tagger opens its CRF models there, and the
feature code it runs reads the files shipped beside them (the name lists of
:mod:`.names`, the word clusters of :mod:`.clusters`).  With the folder
defined in :mod:`.tagger`, those modules imported the tagger that imports
them; here it sits below all of them and imports nothing of the package.
:mod:`.tagger` re-exports :data:`MODEL_DIR`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folder the models ship in (``make models`` writes there).
MODEL_DIR = Path(str(resources.files("newsradar"))) / "models" / "ner"
