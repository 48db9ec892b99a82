"""Starlette's own errors (400 body not parseable, 404 no route, 405 wrong method) in the one
error shape, `{"error": ...}`, instead of FastAPI's `{"detail": ...}`.

A 405 lists in `Allow` every method the path has: Starlette names only the first route
that matched the path, so `OPTIONS /v1/projects` would say `Allow: POST` though GET works;
the OpenAPI's paths are the list of what each path supports.
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException


def _allowed(app: FastAPI, request: Request) -> str | None:
    """The methods the OpenAPI documents for this path (what a client was promised)."""
    path = request.url.path
    paths: dict[str, dict[str, object]] = app.openapi().get("paths", {})
    if path in paths:  # a static path wins over a template, as in the router
        matched = [paths[path]]
    else:
        matched = [
            item
            for template, item in paths.items()
            if re.match("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$", path)
        ]
    methods = {m.upper() for item in matched for m in item if m in _METHODS}
    return ", ".join(sorted(methods)) or None


_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


def install_error_shape(app: FastAPI) -> None:
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            allow = _allowed(app, request)
            if allow:
                headers["Allow"] = allow
        return JSONResponse(
            {"error": str(exc.detail)}, status_code=exc.status_code, headers=headers or None
        )

    app.add_exception_handler(HTTPException, handler)
