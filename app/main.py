"""The composition root: build the FastAPI app around a Runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse

from app.bootstrap import build_dispatcher, build_processor
from app.config import Settings, get_settings
from app.degraded import install_degraded_handlers
from app.embeddings.metrics import read_counters
from app.errors import AppError
from app.events.hub import EventHub
from app.http_errors import install_error_shape
from app.hygiene import InputHygieneMiddleware
from app.idempotency.middleware import IdempotencyMiddleware
from app.openapi_errors import complete as complete_errors
from app.openapi_errors import error_responses
from app.runtime import Runtime
from app.web import mount_web


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None, dispatch: str = "inline"
) -> FastAPI:
    """With `runtime` given (tests, `scout up`) the caller owns it; otherwise the app does."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = runtime is None
        rt = runtime or Runtime.start(settings or get_settings(), upgrade=True)
        app.state.runtime = rt
        app.state.events = EventHub.from_runtime(rt)
        if owned:
            app.state.processor = build_processor(rt)
            app.state.dispatcher = build_dispatcher(rt, app.state.processor, dispatch)
        app.state.processor.recover()
        try:
            yield
        finally:
            app.state.events.stop()
            if owned:
                app.state.processor.close()
                rt.close()

    app = FastAPI(title="Scout recruiting assistant", version="0.1.0", lifespan=lifespan)
    if runtime is not None:
        app.state.runtime = runtime
        app.state.processor = build_processor(runtime)
        app.state.dispatcher = build_dispatcher(runtime, app.state.processor, dispatch)

    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.message, **exc.details},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        field = ".".join(str(p) for p in errors[0].get("loc", ())) if errors else None
        return JSONResponse({"error": _validation_message(exc), "field": field}, status_code=422)

    # Postgres or Redis down: 503 with Retry-After, not a bare 500.
    install_degraded_handlers(app)
    install_error_shape(app)
    # Outermost first to run: hygiene refuses bad text before a key is claimed for it.
    app.add_middleware(IdempotencyMiddleware, sessions=lambda: app.state.runtime.sessions)
    app.add_middleware(InputHygieneMiddleware)

    @app.get(
        "/metrics", tags=["ops"], response_class=PlainTextResponse, responses=error_responses(503)
    )
    def metrics(request: Request) -> str:
        """Prometheus text: counters every process adds to in Redis."""
        rt: Runtime = request.app.state.runtime
        counters = read_counters(rt.redis)
        return "".join(
            f"# TYPE scout_{name}_total counter\nscout_{name}_total {value}\n"
            for name, value in counters.items()
        )

    from app.approvals.endpoints import router as approvals
    from app.audit.endpoints import router as audit
    from app.candidates.endpoints import router as candidates
    from app.events.endpoints import router as events
    from app.health.endpoints import router as health
    from app.insights.endpoints import router as insights
    from app.mailbox.endpoints import router as mailbox
    from app.memory.endpoints import router as memory
    from app.notices.endpoints import router as notices
    from app.outreach.endpoints import public as outreach_public
    from app.outreach.endpoints import router as outreach
    from app.pipeline.endpoints import router as pipeline
    from app.projects.endpoints import router as assistant
    from app.scheduling.endpoints import public as booking_page
    from app.scheduling.endpoints import router as scheduling
    from app.screening.endpoints import router as screening
    from app.search.endpoints import router as search
    from app.signals.endpoints import router as signals
    from app.tokens.endpoints import router as tokens

    # Search before candidates: /v1/candidates/search must not be read as a candidate id.
    app.include_router(search)
    app.include_router(candidates)
    app.include_router(insights)
    app.include_router(assistant)
    app.include_router(mailbox)
    app.include_router(approvals)
    app.include_router(events)
    app.include_router(screening)
    app.include_router(memory)
    app.include_router(signals)
    app.include_router(pipeline)
    app.include_router(scheduling)
    app.include_router(booking_page)
    app.include_router(notices)
    app.include_router(health)
    app.include_router(tokens)
    app.include_router(audit)
    app.include_router(outreach)
    app.include_router(outreach_public)
    mount_web(app)
    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            complete_errors(plain_openapi())  # caches the document; completed in place
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
