"""The handle agents pass to domain services: a unit of work (one transaction) and the
factory that opens one. Agents never see a query, a model or an engine: they open a unit of
work at their edge (a task, a graph step) and hand it to `app.<domain>.service` functions,
which do the SQL and return schemas or plain values."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.db import after_commit, transaction

# Opaque to agents: typed here so mypy checks that what they pass on is the right thing.
UnitOfWork = Session
UnitOfWorkFactory = sessionmaker[Session]

__all__ = ["UnitOfWork", "UnitOfWorkFactory", "after_commit", "transaction"]
