"""The recruiter web app: the static files in `web/`, served by the API process.

`/` answers with index.html and `/assets/...` with the modules and styles, so the UI never
shadows `/v1`, `/healthz` or `/metrics` whenever this is wired in. There is no build step:
the files are served as they are, and every response says `no-cache`, so a browser always
revalidates (cheap: StaticFiles answers 304 to a matching ETag) and never runs a stale
module against a newer API.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

log = logging.getLogger(__name__)

ASSETS_PREFIX = "/assets"

# What the page may load and talk to: only its own origin. `no-referrer` keeps the token of a
# sign-in link (`/?token=...`) out of any Referer header.
_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_PAGE_HEADERS = {
    **_HEADERS,
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
}


def web_dir() -> Path | None:
    """`web/` beside the `app` package: the repository root in a source checkout or an
    editable install, site-packages in a wheel (pyproject ships `web` as package data)."""
    candidate = Path(__file__).resolve().parent.parent / "web"
    return candidate if (candidate / "index.html").is_file() else None


class _NoCacheStatic(StaticFiles):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_with_headers)


def mount_web(app: FastAPI, directory: Path | None = None) -> None:
    """Serve the web app: `/` (index.html) and `/assets/*`. Safe to call before or after the
    API routers are included: neither path overlaps theirs."""
    if any(getattr(route, "name", None) == "web-assets" for route in app.router.routes):
        return  # already mounted (the composition root does it; so may a test)
    root = directory or web_dir()
    if root is None:
        log.warning("web UI files not found; serving the API only")

        @app.get("/", include_in_schema=False)
        def no_ui() -> Response:
            return PlainTextResponse(
                "The Scout web app is not installed here; the API is at /v1 (see /docs).",
                status_code=404,
            )

        return

    index = root / "index.html"

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def web_index() -> Response:
        return FileResponse(index, media_type="text/html", headers=_PAGE_HEADERS)

    app.mount(ASSETS_PREFIX, _NoCacheStatic(directory=root), name="web-assets")


def page_response(name: str) -> Response:
    """Another page of `web/` (the candidate's booking page), with the app's strict headers."""
    root = web_dir()
    if root is None or not (root / name).is_file():
        return PlainTextResponse("This page is not installed here.", status_code=404)
    return FileResponse(root / name, media_type="text/html", headers=_PAGE_HEADERS)
