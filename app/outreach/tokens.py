"""Signed unsubscribe tokens: a candidate's link names their thread and nothing else, and
nobody can forge one for someone else's address."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from pathlib import Path

from app.config import Settings
from app.errors import AppError


def _key(settings: Settings) -> bytes:
    if settings.outreach_secret is not None:
        return settings.outreach_secret.get_secret_value().encode()
    # Embedded default: one random key kept beside the data, made on first use.
    path = Path(settings.data_dir) / "outreach.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x") as handle:
                handle.write(secrets.token_hex(32))
        except FileExistsError:
            pass  # another process made it first: use theirs
    return path.read_text().strip().encode()


def sign(settings: Settings, thread_id: uuid.UUID) -> str:
    mac = hmac.new(_key(settings), thread_id.bytes, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(thread_id.bytes + mac).decode().rstrip("=")


def verify(settings: Settings, token: str) -> uuid.UUID:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError) as exc:
        raise AppError("this unsubscribe link is not valid", status_code=400) from exc
    if len(raw) != 32:
        raise AppError("this unsubscribe link is not valid", status_code=400)
    thread_id, mac = uuid.UUID(bytes=raw[:16]), raw[16:]
    expected = hmac.new(_key(settings), thread_id.bytes, hashlib.sha256).digest()[:16]
    if not hmac.compare_digest(mac, expected):
        raise AppError("this unsubscribe link is not valid", status_code=400)
    return thread_id


def unsubscribe_url(settings: Settings, thread_id: uuid.UUID) -> str:
    return f"{settings.public_base_url.rstrip('/')}/v1/unsubscribe/{sign(settings, thread_id)}"
