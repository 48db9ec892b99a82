"""Moved to `app.bootstrap` (the composition root); kept so branches in flight still import.
Remove once nothing imports `app.wiring`."""

from app.bootstrap import build_dispatcher, build_processor

__all__ = ["build_dispatcher", "build_processor"]
