"""`Idempotency-Key` for every POST under /v1: a retry gets the first answer, nothing twice.

A client that lost the answer to "create this project" (a timeout, a dropped connection)
cannot know whether the project exists; with the same key its retry returns the first
response and creates nothing. The same key with another body is refused (422), and a
retry while the first is still running is told to wait (409). One middleware covers every
POST, so a new route gets this by being a POST; `IdempotencyKeyHeader` documents the header.

The key is claimed in a short transaction of its own before the endpoint runs and the
answer stored after it; 5xx answers are not stored (the key is let go, a retry does the
work), everything below 500 except 409 and 429 is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
from collections.abc import Callable
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Header
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import transaction
from app.degraded import degraded_message, unavailable
from app.idempotency import repository
from app.orgs.service import authenticate

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)
_SPOOL_IN_MEMORY = 1024 * 1024  # larger bodies (imports) are hashed through a temp file
_CHUNK = 64 * 1024
_NOT_STORED = frozenset({409, 429})


def _key_header(
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            pattern=KEY_PATTERN,
            description=(
                "Any unique string (a UUID) per intended action: a retry with the same key "
                "returns the first response and does nothing again."
            ),
        ),
    ] = None,
) -> str | None:
    return key


# A dependency for POST routes, so the header appears in the OpenAPI; the middleware acts.
IdempotencyKeyHeader = _key_header


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", [])}


def _boundary(content_type: bytes) -> bytes | None:
    found = re.search(rb'boundary="?([^";]+)"?', content_type)
    return found.group(1) if found else None


class _Spool:
    """The request body, hashed as it arrives and replayed to the app from memory or disk."""

    def __init__(self) -> None:
        # Closed by the middleware once the request is answered (it outlives this call).
        self.file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
        self.hash = hashlib.sha256()

    async def fill(self, receive: Receive, boundary: bytes | None) -> None:
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            self.file.write(chunk)
            if not message.get("more_body", False):
                break
        self.file.seek(0)
        # Multipart boundaries are random per send: a retry of the same files differs only
        # there, so the hash reads the body with the boundary taken out.
        while chunk := self.file.read(_CHUNK):
            self.hash.update(chunk.replace(boundary, b"") if boundary else chunk)
        self.file.seek(0)

    def receive(self, original: Receive) -> Receive:
        done = False

        async def replay() -> Message:
            nonlocal done
            if done:
                return await original()  # after the body: the disconnect, when it comes
            chunk = self.file.read(_CHUNK)
            done = self.file.tell() >= _size(self.file)
            return {"type": "http.request", "body": chunk, "more_body": not done}

        return replay


def _size(file: Any) -> int:
    here = file.tell()
    file.seek(0, 2)
    end = int(file.tell())
    file.seek(here)
    return end


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, sessions: Callable[[], sessionmaker[Session]]) -> None:
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        raw_key = headers.get(HEADER.lower().encode())
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or not scope.get("path", "").startswith("/v1/")
            or raw_key is None
        ):
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1")
        if not _KEY.match(key):
            await _answer(send, 422, {"error": _BAD_KEY, "field": "header.idempotency-key"})
            return
        auth = headers.get(b"authorization", b"").decode("latin-1")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not token:
            await self.app(scope, receive, send)  # the endpoint answers 401
            return
        spool = _Spool()
        try:
            await spool.fill(receive, _boundary(headers.get(b"content-type", b"")))
            await self._run(scope, receive, send, spool, token, key)
        finally:
            spool.file.close()

    async def _run(
        self, scope: Scope, receive: Receive, send: Send, spool: _Spool, token: str, key: str
    ) -> None:
        path = scope.get("path", "")
        query = scope.get("query_string", b"").decode("latin-1")
        spool.hash.update(f"\n{query}".encode())
        sessions = self.sessions()

        def take() -> repository.Claim | None:
            with transaction(sessions) as session:
                caller = authenticate(session, token)
                if caller is None:
                    return None
                return repository.claim(
                    session,
                    org_id=caller.org.id,
                    recruiter_id=caller.recruiter.id,
                    key=key,
                    method="POST",
                    path=path,
                    request_hash=spool.hash.hexdigest(),
                )

        try:
            claim = await anyio.to_thread.run_sync(take)
        except Exception as exc:
            message = degraded_message(exc)
            if message is None:
                raise
            await _send_response(send, unavailable(message))
            return
        if claim is None:
            await self.app(
                scope, spool.receive(receive), send
            )  # invalid token: the endpoint says so
            return
        if claim.outcome == "replay":
            await _replay(send, claim)
        elif claim.outcome == "mismatch":
            await _answer(
                send,
                422,
                {
                    "error": f"this Idempotency-Key was already used for {claim.first_use} with "
                    "a different request; use a new key for a new request",
                    "field": "header.idempotency-key",
                },
            )
        elif claim.outcome == "in_flight":
            await _answer(
                send,
                409,
                {"error": "a request with this Idempotency-Key is still running; retry shortly"},
                retry_after=True,
            )
        else:
            await self._first(scope, receive, send, spool, sessions, claim)

    async def _first(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        spool: _Spool,
        sessions: sessionmaker[Session],
        claim: repository.Claim,
    ) -> None:
        status = 500
        content_type: str | None = None
        body = bytearray()

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
            await send(message)

        def settle() -> None:
            with transaction(sessions) as session:
                if status < 500 and status not in _NOT_STORED:
                    repository.finish(session, claim.row_id, status, bytes(body), content_type)
                else:
                    repository.release(session, claim.row_id)

        try:
            await self.app(scope, spool.receive(receive), capture)
        finally:
            try:
                await anyio.to_thread.run_sync(settle)
            except Exception as exc:  # the answer is already sent; a stale claim expires
                log.warning("could not record the answer to Idempotency-Key: %s", exc)


_BAD_KEY = "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID works)"


async def _answer(
    send: Send, status: int, payload: dict[str, Any], *, retry_after: bool = False
) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _replay(send: Send, claim: repository.Claim) -> None:
    body = claim.body or b""
    headers = [
        (b"content-length", str(len(body)).encode()),
        (b"idempotent-replayed", b"true"),
    ]
    if claim.content_type:
        headers.append((b"content-type", claim.content_type.encode("latin-1")))
    await send({"type": "http.response.start", "status": claim.status or 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_response(send: Send, response: Any) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": response.raw_headers,
        }
    )
    await send({"type": "http.response.body", "body": response.body})
