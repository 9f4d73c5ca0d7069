"""Outlets as first-class records: the directory (who an outlet is) and its quality signals.

:mod:`.directory` maps stored source names to :class:`Outlet` records (user > input > bundled
registry > web domain); :mod:`.registry` reads the bundled data.
"""

from __future__ import annotations

from .directory import UNKNOWN_OUTLET, Outlet, OutletDirectory, outlet_directory
from .registry import KINDS, ORIGINS

__all__ = ["KINDS", "ORIGINS", "UNKNOWN_OUTLET", "Outlet", "OutletDirectory", "outlet_directory"]
