"""The composition root's state: settings, servers, engine, sessions, embedder.

Built once at start-up (API lifespan, CLI command, worker boot) and passed down; nothing
here happens at import time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import migrate
from app.config import Settings
from app.db import make_engine, make_sessionmaker, transaction
from app.embedded import Stack, redis_client_url, start_stack
from app.embeddings.backends import make_embedder
from app.embeddings.metrics import CountingEmbedder
from app.events.service import bind_wakeups
from app.orgs import service as orgs

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    stack: Stack
    engine: Engine
    sessions: sessionmaker[Session]
    embedder: CountingEmbedder
    redis: redis.Redis

    @classmethod
    def start(cls, settings: Settings, *, upgrade: bool = False) -> Runtime:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        stack = start_stack(settings)
        if upgrade:
            migrate.upgrade(stack.database_url)
        engine = make_engine(stack.database_url)
        client = redis.Redis.from_url(redis_client_url(stack.redis_url))
        sessions = make_sessionmaker(engine)
        # Commits that publish events wake SSE listeners through Redis at once.
        bind_wakeups(sessions, client)
        return cls(
            settings=settings,
            stack=stack,
            engine=engine,
            sessions=sessions,
            embedder=CountingEmbedder(make_embedder(settings), client),
            redis=client,
        )

    def ensure_default_org(self) -> None:
        """The embedded stack's first organization and recruiter, so `scout import` just works."""
        with transaction(self.sessions) as session:
            org = orgs.ensure_org(
                session, self.settings.default_org_slug, self.settings.default_org_name
            )
            orgs.ensure_recruiter(session, org, self.settings.default_recruiter_email)

    def close(self) -> None:
        self.redis.close()
        self.engine.dispose()
        self.stack.stop()
