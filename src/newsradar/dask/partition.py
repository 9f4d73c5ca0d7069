"""One partition of documents, extracted and enriched: the piece the engine and the workers share.

Needs no Dask: :mod:`newsradar.dask.worker` runs :func:`process_partition` on
a worker, :mod:`newsradar.dask.engine` reads the :class:`Processed` records it
returns.  Neither of those is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..enrich import Enricher
from ..errors import BadDocument
from ..extract import extract_article
from ..model import QuarantineEntry, RawDocument
from ..pipeline import timezone_setting

PLUGIN_NAME = "newsradar-enricher"


@dataclass(slots=True)
class Processed:
    """One document after a worker has seen it: an article with its per-article enrichment, or a problem.

    Records cross the process boundary as their JSON-ready dicts.
    """

    article: dict[str, Any] | None = None
    enrichment: dict[str, Any] | None = None
    title_terms: list[str] = field(default_factory=list)
    problem: QuarantineEntry | None = None


def process_partition(items: list[RawDocument | QuarantineEntry], default_timezone: str,
                      enricher: Enricher) -> list[Processed]:
    """Extract and enrich one partition; problems found while reading pass through in place."""
    tz = timezone_setting(default_timezone)
    out: list[Processed] = []
    for item in items:
        if isinstance(item, QuarantineEntry):
            out.append(Processed(problem=item))
            continue
        try:
            article = extract_article(item, default_tz=tz)
        except BadDocument as exc:
            out.append(Processed(problem=_entry(exc)))
            continue
        enrichment, title_terms = enricher.process(article)
        out.append(Processed(article=article.to_dict(), enrichment=enrichment.to_dict(), title_terms=title_terms))
    return out


def _entry(exc: BadDocument) -> QuarantineEntry:
    return QuarantineEntry(origin=exc.origin, reason=exc.reason, stage=exc.stage, sample=exc.sample)
