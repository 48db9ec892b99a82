"""A recruiter's own tokens: list them, revoke one (the one in use included)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from app.deps import CallerDep, SessionDep
from app.tokens import service as tokens
from app.tokens.schemas import TokenList, TokenOut

router = APIRouter(prefix="/v1/tokens", tags=["tokens"])


@router.get("", response_model=TokenList)
def list_tokens(session: SessionDep, caller: CallerDep) -> TokenList:
    return tokens.list_for(session, caller.org.id, caller.recruiter.id)


@router.delete(
    "/{token_id}",
    response_model=TokenOut,
    responses={404: {"description": "no such token of yours"}},
)
def revoke_token(session: SessionDep, caller: CallerDep, token_id: uuid.UUID) -> TokenOut:
    """Refused from the next request on; revoking a revoked token changes nothing."""
    return tokens.revoke_own(session, caller, token_id)
