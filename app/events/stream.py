"""The SSE body for one client: replay after its cursor, then follow the hub's wake-ups.

Every read is "events of this recruiter after my cursor, up to the settled horizon", so
delivery is in id order, without gaps or repeats, whether a wake-up arrived once, twice or
never.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

from app.events.hub import EventHub, HubClosedError
from app.events.repository import EventRecord

# Tells EventSource how long to wait before reconnecting after the stream ends.
RECONNECT_MS = 2000
# While a writer of this recruiter is in flight: first retry soon, then back off to the poll.
_FIRST_RETRY_S = 0.05


def frame(record: EventRecord) -> str:
    # json.dumps never emits a raw line break, which would end the SSE field early.
    data = json.dumps(record.data, separators=(",", ":"), ensure_ascii=False, default=str)
    return f"id: {record.id}\nevent: {record.kind}\ndata: {data}\n\n"


async def event_frames(
    hub: EventHub, recruiter_id: uuid.UUID, org_id: uuid.UUID, cursor: int | None
) -> AsyncIterator[str]:
    """`cursor` is the client's Last-Event-ID; None starts after what is already settled."""
    loop = asyncio.get_running_loop()
    # Subscribed here, not by the caller, so the finally below always unsubscribes; and
    # before the first read, so nothing committed after that read can go unannounced.
    try:
        sub = hub.subscribe(recruiter_id, org_id)
    except HubClosedError:
        return  # shutting down between the request and its first byte: end, client retries
    try:
        yield f"retry: {RECONNECT_MS}\n\n"
        next_ping = loop.time() + hub.heartbeat_s
        backoff = _FIRST_RETRY_S
        must_read = True
        busy = False
        while not hub.closed:
            if must_read:
                sub.clear()  # wake-ups from here on may carry news this read misses
                if cursor is None:
                    cursor = await hub.tail(sub)
                busy = cursor is None
                if cursor is not None:
                    batch = await hub.fetch(sub, cursor)
                    for record in batch.events:
                        yield frame(record)
                        cursor = record.id
                    sub.known = batch.known
                    if batch.more:
                        continue
                    busy = not batch.settled
                backoff = min(backoff * 2, hub.poll_s) if busy else _FIRST_RETRY_S
            timeout = next_ping - loop.time()
            if busy:
                timeout = min(timeout, backoff)
            await sub.wait(timeout)
            if loop.time() >= next_ping:
                # A comment line: keeps proxies from closing an idle stream and lets the
                # server notice a client that went away.
                yield ": ping\n\n"
                next_ping = loop.time() + hub.heartbeat_s
            # Stale or duplicate wake-ups (id already read) need no query; clear the flag
            # or the next wait would return at once. (No await between the check and the
            # clear, and wake() runs on this loop, so no wake-up can slip in between.)
            must_read = busy or sub.has_news
            if not must_read:
                sub.clear()
    finally:
        hub.unsubscribe(sub)
