"""newsradar benchmarks: throughput, memory and scaling of every stage, side by side with peer tools.

Run with ``make bench``; see the Development section of the top-level README.
Every other benchmark lives here too and runs on its own (``python -m bench.NAME --help``):
``watch_feedfarm`` (``make bench-watch``), ``dask_backfill`` (the Dask engine against the
local one, docs/dask.md) and ``store_backends`` (SQLite against PostgreSQL).  Nothing here
is imported by ``newsradar`` itself, and ``make test`` never runs a benchmark (one small
test checks that the harness works on a tiny input).
"""
