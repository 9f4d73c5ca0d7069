"""Latency of ``GET /api/mirror`` through a real uvicorn server: p50/p95 of sequential calls per pair.

    python -m bench.mirror_latency --db /tmp/mirror100k.db KR-VN CN-US [--calls 50] [--since 7d]

Use a copy of a store (opening it migrates it).  The first call of a pair is reported apart: it
builds the outlet directory, which the service then keeps until the store changes; every later call
computes the mirror afresh (its answer is not cached), so p50/p95 are the cost of the view itself.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any


def _serve(db: Path) -> tuple[Any, str]:
    import uvicorn

    from newsradar.settings import load_settings
    from newsradar.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(load_settings({"database_url": str(db)}, env={})),
                                           host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _rank(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mirror_latency")
    parser.add_argument("pairs", nargs="+", help="pairs such as KR-VN (A-A for a domestic view)")
    parser.add_argument("--db", required=True)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--since", default="")
    args = parser.parse_args(argv)
    import httpx

    server, base = _serve(Path(args.db))
    results = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for pair in args.pairs:
            a, b = pair.split("-")
            params = {"a": a, "b": b, **({"since": args.since} if args.since else {})}
            start = time.perf_counter()
            first = client.get("/api/mirror", params=params)
            cold = (time.perf_counter() - start) * 1000
            first.raise_for_status()
            times = []
            for _ in range(args.calls):
                start = time.perf_counter()
                client.get("/api/mirror", params=params).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
            sides = [(s["label"], s["articles"], s["output"], s["outlets_total"]) for s in first.json()["sides"]]
            results.append({"pair": pair, "first_ms": round(cold, 1), "p50_ms": round(_rank(times, 0.5), 1),
                            "p95_ms": round(_rank(times, 0.95), 1), "max_ms": round(max(times), 1),
                            "calls": len(times), "sides": sides})
            print(json.dumps(results[-1], ensure_ascii=False))
    server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
