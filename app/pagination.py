"""One way to page: opaque cursors a client passes back as they are.

Keyset cursors order by (timestamp, id): the id breaks ties, so rows created in the same
instant are neither skipped nor repeated at a page boundary (a cursor on the timestamp
alone skips them). Offset cursors remain for rankings, whose order is computed per request.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import AppError

# An offset past this is no page of anything; and Postgres OFFSET stops at a BIGINT.
MAX_OFFSET = 2**31 - 1

Row = TypeVar("Row")

_SEP = "~"


def _invalid(cursor: str) -> AppError:
    return AppError(f"invalid cursor {cursor!r}; pass next_cursor back as it is")


def keyset_cursor(at: datetime, row_id: uuid.UUID) -> str:
    return f"{at.isoformat()}{_SEP}{row_id}"


def parse_keyset(cursor: str) -> tuple[datetime, uuid.UUID]:
    at, sep, row_id = cursor.rpartition(_SEP)
    if not sep:
        raise _invalid(cursor)
    try:
        return datetime.fromisoformat(at), uuid.UUID(row_id)
    except ValueError as exc:
        raise _invalid(cursor) from exc


def after_keyset(
    stmt: Select[Any],
    at: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[uuid.UUID],
    cursor: str | None,
) -> Select[Any]:
    """`stmt` ordered by (at, id), starting after the cursor's row when there is one."""
    if cursor:
        after_at, after_id = parse_keyset(cursor)
        stmt = stmt.where(tuple_(at, row_id) > tuple_(after_at, after_id))
    return stmt.order_by(at, row_id)


def keyset_next(rows: Sequence[Row], limit: int, key: Any) -> str | None:
    """The cursor after the last row shown, when a row beyond this page was fetched (ask
    for limit + 1); `key(row)` gives (timestamp, id)."""
    if len(rows) <= limit:
        return None
    at, row_id = key(rows[limit - 1])
    return keyset_cursor(at, row_id)


def parse_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = int(cursor)
    except ValueError as exc:
        raise _invalid(cursor) from exc
    if value < 0:
        raise _invalid(cursor)
    if value > MAX_OFFSET:
        raise AppError(
            f"cursor {cursor} is out of range (at most {MAX_OFFSET}); pass next_cursor back as "
            "it is",
            status_code=422,
            field="cursor",
        )
    return value
