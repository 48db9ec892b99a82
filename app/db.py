"""Engine and session factory, built at start-up and injected; nothing at import time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(database_url: str, *, pool_size: int = 10) -> Engine:
    return create_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # A pool that waits forever turns an overload into a hang; fail fast instead.
        pool_timeout=10,
    )


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """The edge of a unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        pending: list[Callable[[], None]] = session.info.pop(_AFTER_COMMIT, [])
        session.close()
    # Reached only after a commit: a rolled-back unit of work publishes nothing.
    for action in pending:
        action()


_AFTER_COMMIT = "scout.after_commit"


def after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run `action` (a Celery publish, an inline dispatch) once this unit of work commits.

    A worker woken before the commit would read rows that are not there yet; one woken
    after a rollback would act on rows that never were. The edge that opened the
    transaction runs the queue, in order, after its commit.
    """
    session.info.setdefault(_AFTER_COMMIT, []).append(action)
