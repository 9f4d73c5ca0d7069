"""The Dask engine (``newsradar ingest --engine dask``) as one package, imported one way.

* :mod:`.partition` — what a partition task does and what it returns
  (:data:`PLUGIN_NAME`, :class:`Processed`, :func:`process_partition`); needs
  no Dask at all;
* :mod:`.worker` — what runs inside a Dask worker (the per-thread enricher
  plugin and the task itself); imports :mod:`.partition` and ``distributed``,
  never the engine;
* :mod:`.engine` — the client side (the cluster, the ingestor); imports
  :mod:`.partition`, and :mod:`.worker` only once a cluster is running.

So imports go ``engine -> worker -> partition`` and ``engine -> partition``,
never back: a worker unpickles ``newsradar.dask.worker.run_partition`` without
loading the client side.  Named after the ``--engine dask`` flag and the
``dask`` extra; every import in newsradar is absolute or explicitly relative,
so ``import dask`` / ``import distributed`` still mean the libraries.  This
file imports nothing, so importing a submodule loads only what it needs.
"""
