"""FastAPI dependencies: the runtime, a session per request, and the authenticated caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.db import transaction
from app.dispatch import Dispatcher
from app.errors import AppError
from app.orgs.service import Caller, authenticate
from app.runtime import Runtime

_bearer = HTTPBearer(auto_error=False)


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_dispatcher(request: Request) -> Dispatcher:
    """Inline or Celery, as the composition root chose; the app never imports agents."""
    dispatcher: Dispatcher = request.app.state.dispatcher
    return dispatcher


DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]


def get_caller(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """Authenticated in a short transaction of its own: an endpoint that commits and then
    dispatches work (inline, it may wait on a model) holds no transaction open meanwhile."""
    if credentials is None or not credentials.credentials:
        raise AppError(
            "missing bearer token: send `Authorization: Bearer <token>` "
            "(create one with `scout token create`)",
            status_code=401,
        )
    with transaction(runtime.sessions) as session:
        caller = authenticate(session, credentials.credentials)
    if caller is None:
        raise AppError("invalid or revoked token", status_code=401)
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def get_session(runtime: RuntimeDep, caller: CallerDep) -> Iterator[Session]:
    """The request is the transaction: commit at the end, roll back on error; confined by
    row-level security to the caller's organization."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
