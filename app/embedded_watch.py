"""The embedded servers as the supervisor sees them: does it answer, start it again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import embedded_pg
from app.embedded import Stack
from app.embedded_redis import EmbeddedRedis


@dataclass
class RedisWatch:
    server: EmbeddedRedis
    name: str = "embedded Redis"

    def alive(self) -> bool:
        return self.server._ping()

    def restart(self) -> None:
        self.server.start()


@dataclass
class PostgresWatch:
    server: Any  # a PostgresServer of either wheel (app/embedded_pg.py)
    name: str = "embedded PostgreSQL"

    def alive(self) -> bool:
        info = embedded_pg.postmaster(self.server)
        return info is not None and bool(info.is_running())

    def restart(self) -> None:
        # The server's own inter-process lock: a CLI command starting at the same moment
        # attaches to the server we start instead of starting a second one.
        with embedded_pg.lock(self.server):
            self.server.ensure_postgres_running()


def watches(stack: Stack) -> list[RedisWatch | PostgresWatch]:
    """Postgres first: the workers need it before Redis is any use to them."""
    found: list[RedisWatch | PostgresWatch] = []
    for handle in stack._handles:
        if isinstance(handle, EmbeddedRedis):
            found.append(RedisWatch(handle))
        elif getattr(handle, "pgdata", None) is not None:
            found.append(PostgresWatch(handle))
    found.sort(key=lambda w: 0 if isinstance(w, PostgresWatch) else 1)
    return found
