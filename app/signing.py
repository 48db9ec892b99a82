"""The one app secret and the one public address, shared by every link Scout mails out
(booking links, unsubscribe links), so an operator sets each once."""

from __future__ import annotations

import secrets
from pathlib import Path

from app.config import Settings

_KEY_FILE = "secret_key"


def app_secret(settings: Settings) -> bytes:
    """SCOUT_SECRET_KEY, or (embedded) a random key created once under the data dir, so
    links stay valid across restarts."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode()
    path: Path = settings.data_dir / _KEY_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: two processes starting at once end with one whole key.
        tmp = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
        tmp.write_text(secrets.token_urlsafe(48))
        tmp.chmod(0o600)
        if not path.is_file():
            tmp.replace(path)
        else:
            tmp.unlink()
    return path.read_text().strip().encode()


def public_base(settings: Settings) -> str:
    """Where a link in a mail points: SCOUT_PUBLIC_URL, or this server's host and port."""
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")
