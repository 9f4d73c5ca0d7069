"""How cost grows with the work: the exponent ``k`` of ``time ~ size**k`` (1.0 means linear)."""

from __future__ import annotations

import math


def growth_exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(time) against log(size); ``None`` with fewer than two usable points.

    A stage whose time is dominated by a fixed start-up cost shows an exponent
    below 1 at small sizes; that is why the benchmark reports the per-size
    figures next to the fit.
    """
    points = [(math.log(n), math.log(t)) for n, t in zip(sizes, seconds, strict=True) if n > 0 and t > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def tail_exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """The exponent between the two largest sizes: what the next tenfold will cost."""
    pairs = sorted((n, t) for n, t in zip(sizes, seconds, strict=True) if n > 0 and t > 0)
    if len(pairs) < 2:
        return None
    (n1, t1), (n2, t2) = pairs[-2], pairs[-1]
    return math.log(t2 / t1) / math.log(n2 / n1)
