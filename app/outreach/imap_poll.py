"""Replies by IMAP (`SCOUT_IMAP_URL`): unseen mail is fetched, stored once each (the same
mail posted to the API too is not stored twice) and marked seen; mail that answers none
of our messages is left unread for whoever else reads that mailbox."""

from __future__ import annotations

import imaplib
import logging
import uuid
from urllib.parse import unquote, urlsplit

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import transaction
from app.errors import AppError
from app.mail.parse import parse
from app.outreach import inbound

log = logging.getLogger(__name__)


def poll(
    sessions: sessionmaker[Session], settings: Settings, *, limit: int = 200
) -> list[uuid.UUID]:
    """New matched replies' ids (to be read by the assistant); empty when IMAP is off."""
    if settings.imap_url is None:
        return []
    parts = urlsplit(settings.imap_url.get_secret_value())
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    host = parts.hostname or "localhost"
    client: imaplib.IMAP4
    if parts.scheme == "imaps":
        client = imaplib.IMAP4_SSL(host, parts.port or 993, timeout=20)
    else:
        client = imaplib.IMAP4(host, parts.port or 143, timeout=20)
    fresh: list[uuid.UUID] = []
    try:
        client.login(unquote(parts.username or ""), unquote(parts.password or ""))
        client.select(folder)
        _, found = client.uid("SEARCH", "UNSEEN")
        uids = (found[0] or b"").split()[:limit]
        for raw_uid in uids:
            uid = raw_uid.decode()
            # BODY.PEEK: reading does not mark it seen; only a mail we keep is marked.
            _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in data if isinstance(part, tuple)), b"")
            try:
                parsed = parse(raw)
            except AppError:
                continue
            with transaction(sessions) as session:
                receipt = inbound.ingest(session, parsed, None)
            if receipt.matched:
                client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
                if not receipt.duplicate:
                    fresh.append(receipt.id)
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            log.warning("IMAP logout failed", exc_info=True)
    return fresh
