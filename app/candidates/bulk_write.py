"""Write a batch of new ORM rows with one prepared INSERT run as a pipelined executemany.

The ORM's flush sends a batch as multi-row `INSERT ... VALUES (...), (...) RETURNING`
statements with thousands of placeholders, which psycopg rewrites on the client every
time (the import's biggest write cost after the server's own work). One small statement,
prepared once and pipelined per row, sends the same rows. COPY would be faster still but
Postgres refuses COPY FROM under row-level security, which API imports run under.

Only for rows the session does not hold: the objects stay transient (nothing reads them back
through the session), ids the server generates are not fetched, and Python-side column
defaults are applied here exactly as the ORM would apply them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

# Raised by the driver directly (this path bypasses SQLAlchemy's exception wrapping).
DriverError = psycopg.Error
DriverIntegrityError = psycopg.IntegrityError


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def insert_new(session: Session, objects: Sequence[Any]) -> None:
    """INSERT `objects` (all of one mapped class, none yet in the session)."""
    if not objects:
        return
    table = type(objects[0]).__table__
    states = [inspect(obj).dict for obj in objects]
    columns = []
    for column in table.columns:
        if column.computed is not None:
            continue
        if column.default is None and all(column.key not in state for state in states):
            continue  # left to the server: an identity, a server default
        columns.append(column)
    rows = []
    for state in states:
        row = []
        for column in columns:
            value = state[column.key] if column.key in state else _default(column)
            if isinstance(column.type, JSONB) and value is not None:
                value = Jsonb(value)
            row.append(value)
        rows.append(row)
    names = ", ".join(f'"{c.name}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)


def next_ids(session: Session, table: str, column: str, count: int) -> list[int]:
    """`count` values of an identity column's sequence, to link children before insert."""
    if count == 0:
        return []
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            (table, column, count),
        )
        return [int(r[0]) for r in cursor.fetchall()]
