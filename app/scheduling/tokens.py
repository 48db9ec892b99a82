"""Signed, expiring booking links: no account, nothing to guess, nothing to edit.

A token is `base64url(json payload) . base64url(HMAC-SHA256(payload))` keyed with the app
secret. It names the project, the candidate and when it expires; changing any byte breaks
the signature, and an expired one is refused even with a valid signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from app.errors import AppError


@dataclass(frozen=True)
class LinkClaims:
    project_id: uuid.UUID
    candidate_id: uuid.UUID
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, b"booking:" + body.encode(), hashlib.sha256).digest())


def sign(secret: bytes, claims: LinkClaims) -> str:
    body = _b64(
        json.dumps(
            {
                "p": str(claims.project_id),
                "c": str(claims.candidate_id),
                "e": int(claims.expires_at.timestamp()),
            },
            separators=(",", ":"),
        ).encode()
    )
    return f"{body}.{_mac(secret, body)}"


def verify(secret: bytes, token: str, *, now: datetime | None = None) -> LinkClaims:
    invalid = AppError(
        "this booking link is not valid (it may be incomplete or changed); "
        "ask the recruiter for a new link",
        status_code=400,
    )
    body, _, mac = token.partition(".")
    if not body or not mac or not hmac.compare_digest(mac, _mac(secret, body)):
        raise invalid
    try:
        raw = json.loads(_unb64(body))
        claims = LinkClaims(
            project_id=uuid.UUID(raw["p"]),
            candidate_id=uuid.UUID(raw["c"]),
            expires_at=datetime.fromtimestamp(int(raw["e"]), UTC),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise invalid from exc
    if (now or datetime.now(UTC)) >= claims.expires_at:
        raise AppError(
            "this booking link has expired; ask the recruiter for a new one", status_code=410
        )
    return claims
