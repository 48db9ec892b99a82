"""One Redis subscription per process, fanned out to every SSE client of that process.

A background thread owns the subscription: it survives a busy or blocked event loop, and
`start()`/`stop()` can be called from any thread (lifespan, tests). The same thread runs the
catch-up poll, one query per process however many clients are connected, so an event whose
wake-up was lost (Redis restart, a process without `bind_wakeups`) is delivered a few seconds
later. Clients never trust a wake-up's content: they re-read Postgres after their cursor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import anyio.to_thread
import redis
from redis.client import PubSub
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.events import repository, service

if TYPE_CHECKING:
    from app.runtime import Runtime

log = logging.getLogger(__name__)

T = TypeVar("T")


class Subscription:
    """One connected client. Wake-ups coalesce into a flag plus the highest id announced,
    rather than a queue, so a slow client costs constant memory however much is published."""

    def __init__(
        self, recruiter_id: uuid.UUID, org_id: uuid.UUID, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.recruiter_id = recruiter_id
        self.org_id = org_id
        self.loop = loop
        # Everything up to `known` has been read; the hub thread reads it for its poll.
        self.known = -1
        self._hint = 0
        self._flag = asyncio.Event()

    @property
    def has_news(self) -> bool:
        return self._hint > self.known

    def wake(self, hint: int) -> None:
        """Event-loop thread only (the hub calls it through call_soon_threadsafe)."""
        self._hint = max(self._hint, hint)
        self._flag.set()

    def clear(self) -> None:
        self._flag.clear()

    async def wait(self, timeout: float) -> bool:
        """True when woken, False when the timeout passed first."""
        try:
            async with asyncio.timeout(max(timeout, 0.0)):
                await self._flag.wait()
        except TimeoutError:
            return False
        return True


class HubClosedError(RuntimeError):
    pass


class EventHub:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        client: redis.Redis,
        *,
        poll_s: float = 5.0,
        heartbeat_s: float = 15.0,
        page_size: int = 500,
    ) -> None:
        self.sessions = sessions
        self.client = client
        self.poll_s = poll_s
        self.heartbeat_s = heartbeat_s
        self.page_size = page_size
        self._subs: dict[uuid.UUID, set[Subscription]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        # Single-flight reads: clients at the same cursor share one query (see fetch).
        self._inflight: dict[Hashable, asyncio.Future[Any]] = {}

    @classmethod
    def from_runtime(
        cls, runtime: Runtime, *, poll_s: float = 5.0, heartbeat_s: float = 15.0
    ) -> EventHub:
        return cls(runtime.sessions, runtime.redis, poll_s=poll_s, heartbeat_s=heartbeat_s)

    @property
    def closed(self) -> bool:
        return self._closed

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._closed:
                raise HubClosedError("event hub is stopped")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="scout-event-hub", daemon=True
                )
                self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and end every open stream (clients reconnect with Last-Event-ID)."""
        with self._lock:
            self._closed = True
            thread, self._thread = self._thread, None
            subs = [s for group in self._subs.values() for s in group]
        self._stopping.set()
        if thread is not None:
            thread.join(timeout)
        self._wake(subs, 0)

    # -- clients (event-loop side) -------------------------------------------------------

    def subscribe(self, recruiter_id: uuid.UUID, org_id: uuid.UUID) -> Subscription:
        self.start()
        sub = Subscription(recruiter_id, org_id, asyncio.get_running_loop())
        with self._lock:
            self._subs.setdefault(recruiter_id, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            group = self._subs.get(sub.recruiter_id)
            if group is not None:
                group.discard(sub)
                if not group:
                    del self._subs[sub.recruiter_id]

    def client_count(self) -> int:
        with self._lock:
            return sum(len(g) for g in self._subs.values())

    async def fetch(self, sub: Subscription, after: int) -> service.Batch:
        key = ("fetch", sub.recruiter_id, sub.org_id, after)
        return await self._shared(key, lambda: self._read(sub.recruiter_id, sub.org_id, after))

    async def tail(self, sub: Subscription) -> int | None:
        return await self._shared(("tail", sub.recruiter_id), lambda: self._tail(sub.recruiter_id))

    async def _shared(self, key: Hashable, work: Callable[[], T]) -> T:
        """Run blocking `work` in a worker thread once for all concurrent callers with `key`:
        after one publish, 500 tabs of one recruiter cost one query, not 500."""
        loop = asyncio.get_running_loop()
        full_key = (id(loop), key)
        future = self._inflight.get(full_key)
        if future is None:
            future = asyncio.ensure_future(_in_thread(work))
            self._inflight[full_key] = future
            future.add_done_callback(lambda f: self._settle(full_key, f))
        # Shielded: one client disconnecting must not cancel the read the others wait for.
        result: T = await asyncio.shield(future)
        return result

    def _settle(self, key: Hashable, future: asyncio.Future[Any]) -> None:
        self._inflight.pop(key, None)
        if not future.cancelled() and future.exception() is not None:
            # Every waiter re-raises it; reading it here keeps asyncio from also reporting
            # "exception never retrieved" when all waiters have gone.
            log.debug("event read failed: %s", future.exception())

    def _read(self, recruiter_id: uuid.UUID, org_id: uuid.UUID, after: int) -> service.Batch:
        with self.sessions() as session:
            return service.read_after(
                session,
                recruiter_id=recruiter_id,
                org_id=org_id,
                after=after,
                limit=self.page_size,
            )

    def _tail(self, recruiter_id: uuid.UUID) -> int | None:
        with self.sessions() as session:
            return service.settled_tail(session, recruiter_id)

    # -- the listener thread -------------------------------------------------------------

    def _run(self) -> None:
        pubsub: PubSub | None = None
        next_poll = 0.0
        redis_ok = True
        while not self._stopping.is_set():
            if pubsub is None:
                pubsub = self._subscribe()
                if pubsub is None:
                    if redis_ok:
                        log.warning("event hub cannot reach Redis; polling every %ss", self.poll_s)
                    redis_ok = False
                    self._stopping.wait(min(1.0, self.poll_s))
                else:
                    # Anything published while we were not subscribed is only in Postgres.
                    redis_ok, next_poll = True, 0.0
            if pubsub is not None:
                try:
                    wait = max(0.0, min(0.5, next_poll - time.monotonic()))
                    message = pubsub.get_message(ignore_subscribe_messages=True, timeout=wait)
                except (redis.RedisError, OSError) as exc:
                    log.warning("event hub lost Redis (%s); resubscribing", exc)
                    _close_quietly(pubsub)
                    pubsub, next_poll = None, 0.0
                else:
                    if message is not None and message.get("type") == "message":
                        self._on_wake(message["data"])
            if time.monotonic() >= next_poll:
                self._poll()
                next_poll = time.monotonic() + self.poll_s
        if pubsub is not None:
            _close_quietly(pubsub)

    def _subscribe(self) -> PubSub | None:
        pubsub: PubSub = self.client.pubsub()  # type: ignore[no-untyped-call, unused-ignore]  # typed from redis 8.2
        try:
            pubsub.subscribe(service.CHANNEL)
        except (redis.RedisError, OSError) as exc:
            log.debug("event hub subscribe failed: %s", exc)
            _close_quietly(pubsub)
            return None
        return pubsub

    def _on_wake(self, raw: bytes | str) -> None:
        parsed = service.parse_wake(raw)
        if parsed is None:
            return
        recruiter_id, event_id = parsed
        with self._lock:
            subs = list(self._subs.get(recruiter_id, ()))
        self._wake(subs, event_id)

    def _poll(self) -> None:
        """The safety net: wake every client whose recruiter has a newer committed event
        than the client has read, whether or not a wake-up arrived for it."""
        with self._lock:
            groups = {rid: list(group) for rid, group in self._subs.items()}
        if not groups:
            return
        try:
            with self.sessions() as session:
                latest = repository.latest_ids(session, list(groups))
        except SQLAlchemyError as exc:
            log.warning("event catch-up poll failed (%s); retrying next round", exc)
            return
        for recruiter_id, newest in latest.items():
            behind = [s for s in groups[recruiter_id] if s.known < newest]
            self._wake(behind, newest)

    @staticmethod
    def _wake(subs: list[Subscription], hint: int) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
        for sub in subs:
            by_loop.setdefault(sub.loop, []).append(sub)
        for loop, group in by_loop.items():
            try:
                # One hop per loop, not per client: 500 clients cost one self-pipe write.
                loop.call_soon_threadsafe(_wake_all, group, hint)
            except RuntimeError:
                log.debug("event loop closed; %d stale subscriptions dropped", len(group))


def _wake_all(subs: list[Subscription], hint: int) -> None:
    for sub in subs:
        sub.wake(hint)


async def _in_thread(work: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(work)


def _close_quietly(pubsub: PubSub) -> None:
    # Closing a connection that already broke can raise again; it is gone either way.
    with contextlib.suppress(redis.RedisError, OSError):
        pubsub.close()
