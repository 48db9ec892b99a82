from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Component(BaseModel):
    ok: bool
    detail: str = ""
    # Workers and schedulers: the names whose heartbeat is live.
    live: list[str] | None = None


class Liveness(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready", "not_ready"]
    components: dict[str, Component]
