"""Engine and session factory, built at start-up and injected; nothing at import time."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.pool import QueuePool

# Row-level security (migration 0011): a transaction scoped to an organization runs as this
# role, which every org-scoped table's policy confines to rows of `app.org_id`. Unscoped
# transactions (workers, the scheduler's cross-org scans, the CLI, authentication) keep the
# connecting role, the tables' owner, which policies do not bind.
APP_ROLE = "scout_app"
_ORG_ID = "scout.org_id"


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
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "after_begin", _apply_scope)
    return factory


def _apply_scope(session: Session, _: SessionTransaction, connection: Connection) -> None:
    org_id = session.info.get(_ORG_ID)
    if org_id is None:
        return
    # Both LOCAL: they end with the transaction, so a pooled connection goes back unscoped.
    connection.exec_driver_sql(f"SET LOCAL ROLE {APP_ROLE}")
    connection.execute(text("SELECT set_config('app.org_id', :org, true)"), {"org": str(org_id)})


@contextmanager
def transaction(
    factory: sessionmaker[Session], *, org_id: uuid.UUID | None = None
) -> Iterator[Session]:
    """The edge of a unit of work: commit on success, roll back on any error. With `org_id`
    (every API request's), row-level security confines it to that organization."""
    session = factory()
    if org_id is not None:
        session.info[_ORG_ID] = org_id
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


@contextmanager
def side_transaction(session: Session) -> Iterator[Session | None]:
    """A second read-only transaction on its own connection, scoped to the same organization
    as `session` (row-level security binds it the same way), for reads that can run while
    `session` waits on another statement. None where it would read differently or starve
    the pool: `session` holds writes of its own (another connection cannot see them), is
    bound to one connection (a test's), or the pool has no idle room; the caller then reads
    on `session` itself."""
    bind = session.get_bind()
    pool = bind.pool if isinstance(bind, Engine) else None
    if (
        not isinstance(pool, QueuePool)
        or pool.checkedout() >= pool.size() + max(0, pool._max_overflow)
        or session.new
        or session.dirty
        or session.deleted
        or session.execute(text("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")).scalar()
    ):
        yield None
        return
    assert isinstance(bind, Engine)
    side = Session(bind, expire_on_commit=False)
    org_id = session.info.get(_ORG_ID)
    if org_id is not None:
        side.info[_ORG_ID] = org_id
        event.listen(side, "after_begin", _apply_scope)
    try:
        yield side
    finally:
        # Nothing to keep: rolling back ends the transaction and its LOCAL settings.
        side.rollback()
        side.close()


_AFTER_COMMIT = "scout.after_commit"


def after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run `action` (a Celery publish, an inline dispatch) once this unit of work commits.

    A worker woken before the commit would read rows that are not there yet; one woken
    after a rollback would act on rows that never were. The edge that opened the
    transaction runs the queue, in order, after its commit.
    """
    session.info.setdefault(_AFTER_COMMIT, []).append(action)
