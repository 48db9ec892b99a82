from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class TokenOut(BaseModel):
    """Never the secret (only its hash is stored): the prefix is how a person recognises it."""

    id: uuid.UUID
    prefix: str
    label: str
    recruiter_email: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokenList(BaseModel):
    items: list[TokenOut]
