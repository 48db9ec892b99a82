"""What the evaluation store hands back: plain values, never rows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class RankedResult(BaseModel):
    result: dict[str, Any]
    headline: str | None = None
    location: str | None = None
