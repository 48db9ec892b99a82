"""`/healthz` answers while the process does; `/readyz` answers 503 until it can do work."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.dispatch import CeleryDispatcher
from app.health import service
from app.health.schemas import Liveness, Readiness

router = APIRouter(tags=["ops"])


@router.get("/healthz", response_model=Liveness)
def healthz() -> Liveness:
    return Liveness()


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "a component is not ready"}},
)
def readyz(request: Request) -> JSONResponse:
    needs_workers = isinstance(request.app.state.dispatcher, CeleryDispatcher)
    result = service.readiness(request.app.state.runtime, needs_workers=needs_workers)
    code = 200 if result.status == "ready" else 503
    headers = {} if code == 200 else {"Retry-After": "5"}
    return JSONResponse(result.model_dump(), status_code=code, headers=headers)
