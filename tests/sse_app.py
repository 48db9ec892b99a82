"""The API as a real process for the "kill the API while a client streams" test:
`python -m uvicorn --factory tests.sse_app:create` with SCOUT_DATA_DIR pointing at the test
stack, which this process attaches to (it neither migrates nor owns it)."""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings
from app.events import bind_wakeups
from app.events.endpoints import router as events_router
from app.events.hub import EventHub
from app.main import create_app
from app.runtime import Runtime


def with_events(app: FastAPI, hub: EventHub) -> FastAPI:
    """Add the events router unless the composition root already did, and use `hub`."""
    if not any(getattr(route, "path", None) == "/v1/events" for route in app.routes):
        app.include_router(events_router)
    app.state.events = hub
    return app


def create() -> FastAPI:
    runtime = Runtime.start(Settings())
    bind_wakeups(runtime.sessions, runtime.redis)
    return with_events(create_app(runtime=runtime), EventHub.from_runtime(runtime, poll_s=1.0))
