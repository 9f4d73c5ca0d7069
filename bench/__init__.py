"""newsradar benchmarks: throughput, memory and scaling of every stage, side by side with peer tools.

Run with ``make bench``; see ``bench/README.md``.  Nothing here is imported by
``newsradar`` itself, and ``make test`` never runs a benchmark (one small test
checks that the harness works on a tiny input).
"""
