"""What runs inside a Dask worker: the per-thread enricher and the partition task.

Kept apart from :mod:`newsradar.dask.engine` because it needs ``distributed``
at import time, and only the Dask engine imports it.  It imports the shared
pieces from :mod:`newsradar.dask.partition` and never the engine, so a worker
loads only what it runs.
"""

from __future__ import annotations

import threading
from typing import Any

from distributed import WorkerPlugin, get_worker

from ..enrich import Enricher
from ..model import QuarantineEntry, RawDocument
from .partition import PLUGIN_NAME, Processed, process_partition


class EnricherPlugin(WorkerPlugin):
    """Gives each worker thread its own :class:`Enricher` (models load once per thread, on first use).

    Registered on every worker with ``Client.register_plugin``; the segmenters
    are not shared between threads, so a worker started with several threads
    stays correct.
    """

    name = PLUGIN_NAME

    def __init__(self) -> None:
        self._local = threading.local()

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._local = threading.local()

    def setup(self, worker: Any) -> None:
        self._local = threading.local()

    def enricher(self) -> Enricher:
        found: Enricher | None = getattr(self._local, "enricher", None)
        if found is None:
            found = Enricher()
            self._local.enricher = found
        return found


def run_partition(items: list[RawDocument | QuarantineEntry], default_timezone: str) -> list[Processed]:
    """The task a worker runs: :func:`process_partition` with that worker thread's enricher."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    assert isinstance(plugin, EnricherPlugin)
    return process_partition(items, default_timezone, plugin.enricher())
