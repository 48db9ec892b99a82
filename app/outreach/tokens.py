"""Signed unsubscribe tokens: a candidate's link names their thread and nothing else, and
nobody can forge one for someone else's address."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from pathlib import Path

from app.config import Settings
from app.errors import AppError
from app.signing import app_secret, public_base


def _keys(settings: Settings) -> list[bytes]:
    """The app secret signs; a key file from before the one-secret setting still verifies,
    so unsubscribe links already mailed keep working."""
    keys = [app_secret(settings)]
    legacy = Path(settings.data_dir) / "outreach.key"
    if legacy.is_file():
        keys.append(legacy.read_text().strip().encode())
    return keys


def sign(settings: Settings, thread_id: uuid.UUID) -> str:
    mac = hmac.new(app_secret(settings), thread_id.bytes, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(thread_id.bytes + mac).decode().rstrip("=")


def verify(settings: Settings, token: str) -> uuid.UUID:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError) as exc:
        raise AppError("this unsubscribe link is not valid", status_code=400) from exc
    if len(raw) != 32:
        raise AppError("this unsubscribe link is not valid", status_code=400)
    thread_id, mac = uuid.UUID(bytes=raw[:16]), raw[16:]
    expected = [hmac.new(k, thread_id.bytes, hashlib.sha256).digest()[:16] for k in _keys(settings)]
    if not any(hmac.compare_digest(mac, e) for e in expected):
        raise AppError("this unsubscribe link is not valid", status_code=400)
    return thread_id


def unsubscribe_url(settings: Settings, thread_id: uuid.UUID) -> str:
    return f"{public_base(settings)}/v1/unsubscribe/{sign(settings, thread_id)}"
