"""Cost against size, one PNG per measure, log-log with a linear reference line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

STAGE_LABELS = {"ingest": "extract (ingest)", "enrich": "enrich", "dedup": "dedup (wire copies)",
                "stories": "stories", "trends": "trends", "end_to_end": "end to end"}


def draw(results: dict[str, Any], out: Path) -> list[Path]:
    """``time.png`` (seconds), ``throughput.png`` (articles/s) and ``memory.png`` (peak MiB) against size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    per_size = results["sizes"]
    sizes = sorted(int(s) for s in per_size)
    written = []
    for measure, ylabel, filename, log_y in (
        ("seconds", "seconds", "time.png", True),
        ("articles_per_second", "articles / second", "throughput.png", True),
        ("peak_rss_mib", "peak resident memory (MiB)", "memory.png", False),
    ):
        fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
        for stage, label in STAGE_LABELS.items():
            points = [(n, per_size[str(n)].get(stage, {}).get(measure)) for n in sizes]
            points = [(n, v) for n, v in points if isinstance(v, int | float) and v > 0]
            if points:
                exponent = results.get("scaling", {}).get(stage, {}).get("exponent")
                suffix = f" (k={exponent:.2f})" if measure == "seconds" and exponent is not None else ""
                ax.plot([n for n, _ in points], [v for _, v in points], marker="o", label=label + suffix)
        if measure == "seconds" and sizes:
            ax.plot(sizes, [sizes[0] and 0.01 * n / sizes[0] for n in sizes], linestyle=":", color="grey",
                    label="linear reference")
        ax.set_xscale("log")
        if log_y:
            ax.set_yscale("log")
        ax.set_xlabel("articles")
        ax.set_ylabel(ylabel)
        ax.set_title(f"newsradar: {ylabel} against size ({results.get('date', '')[:10]})")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = out / filename
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written
