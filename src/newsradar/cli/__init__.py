"""The ``newsradar`` command: a thin layer that maps arguments to library calls.

This package ``__init__`` only assembles the command: it imports one module per command group, each
of which registers its commands on the shared ``app`` of :mod:`._common` (the Typer app, the common
options, error handling and printing). No module imports this one, so the CLI sits in no import
cycle. The import order below is the order ``newsradar --help`` lists the commands in.

- :mod:`.ingest`: ``ingest`` (``--engine dask`` runs :mod:`.backfill`)
- :mod:`.articles`: ``articles``, ``show``
- :mod:`.enrich`: ``enrich``, ``copies``
- :mod:`.summary`: ``quarantine``, ``summary``
- :mod:`.stories`: ``stories`` (``update``, ``rebuild``), ``story``
- :mod:`.trends`: ``trends``, ``rising``, ``ranking``, ``network``, ``pair``
- :mod:`.evaluate`: ``eval`` (``clustering``, ``entities``)
- :mod:`.mirror`: ``mirror``
- :mod:`.outlets`: ``outlets`` (``show``, ``set``, ``import``)
- :mod:`.serve`: ``serve``, ``report``, ``export``
- :mod:`.watch`: ``watch``, ``feeds``, ``watchlist`` (``add``, ``list``, ``remove``), ``alerts``

Exit status: 0 when everything worked, 1 when some input was quarantined (the rest was still
stored), 2 for a usage or configuration error.
"""

from __future__ import annotations

# Registration order is help order, so these stay in this order (not sorted): each import registers commands.
# isort: off
from . import ingest  # noqa: F401  (ingest)
from . import articles  # noqa: F401  (articles, show)
from . import enrich  # noqa: F401  (enrich, copies)
from . import summary  # noqa: F401  (quarantine, summary)
from . import stories  # noqa: F401  (stories, story)
from . import trends  # noqa: F401  (trends, rising, ranking, network, pair)
from . import evaluate  # noqa: F401  (eval)
from . import mirror  # noqa: F401  (mirror)
from . import outlets  # noqa: F401  (outlets)
from . import serve  # noqa: F401  (serve, report, export)
from . import watch  # noqa: F401  (watch, feeds, watchlist, alerts)
# isort: on
from ._common import app

__all__ = ["app", "main"]


def main() -> None:
    """The ``newsradar`` console script (``[project.scripts]`` in pyproject.toml)."""
    app()
