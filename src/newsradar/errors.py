"""The small exception hierarchy every stage uses.

* :class:`BadDocument` -- this input cannot become an article (binary, empty,
  undecodable, no text found...).  The pipeline quarantines it with the reason
  and goes on with the rest.
* :class:`TransientError` -- the input may work later (a timeout, a 503).  The
  caller retries with backoff, then quarantines it as retryable.
* Anything else is a bug and fails loudly: no stage catches ``Exception`` to
  return ``None``.
"""

from __future__ import annotations


class NewsradarError(Exception):
    """Base of the errors newsradar raises on purpose."""


class BadDocument(NewsradarError):
    """An input that cannot be turned into an article; it is quarantined, not fatal."""

    def __init__(self, origin: str, reason: str, *, stage: str = "extract", sample: str = "") -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        self.stage = stage
        self.sample = sample[:200]


class TransientError(NewsradarError):
    """A failure that may go away on retry (network timeout, server error)."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ConfigError(NewsradarError):
    """A setting or argument that cannot work (unknown store URL, bad value)."""
