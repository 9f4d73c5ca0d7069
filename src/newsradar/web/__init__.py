"""The web service: REST API under ``/api``, dashboard pages, local static assets."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
