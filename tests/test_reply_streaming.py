"""A chat reply streams to the recruiter over the real SSE endpoint while the model writes
it, and is stored once; a stream that breaks midway is taken back and answered offline.

The API runs in uvicorn on a socket, the events come through Postgres and the Redis wake-up
to a real EventSource-like client, and the model is the fake OpenAI server streaming SSE
chunks over HTTP. The model's stream is held after a few pieces until the client has
received them: those deltas can only have come from a live stream, not from the end.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.db import transaction
from app.events import bind_wakeups
from app.events.hub import EventHub
from app.models import Event, MailboxMessage
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.fake_openai import FakeOpenAI, Scripted, Stream, fake_llm
from tests.sse_app import with_events
from tests.sse_client import Frame, SSEClient
from tests.test_agent_flow import run_conversation
from tests.test_agent_llm import llm_app
from tests.test_agent_llm import responder as journey_responder
from tests.test_events import ServerThread

__all__ = ["fake_llm"]

QUESTION = "what does calibration mean here?"
PIECES = ("Calibration ", "is ", "where ", "you ", "rate ", "the ", "first ", "candidates.")
STREAM_KINDS = ("message.delta", "message.reset", "mailbox.message")


@pytest.fixture
def hub(rt: Runtime) -> Iterator[EventHub]:
    bind_wakeups(rt.sessions, rt.redis)
    hub = EventHub(rt.sessions, rt.redis, poll_s=1.0, heartbeat_s=1.0)
    yield hub
    hub.stop()


def replying(stream: Stream) -> Any:
    """The journey's model, whose plan for the question is a plain reply, written in `stream`."""

    def respond(body: dict[str, Any]) -> Scripted:
        if body.get("stream"):
            return stream
        if body["response_format"]["json_schema"]["name"] == "PlanAnswer":
            return {"intent": "reply", "steps": [], "reply": "(not streamed)"}
        return journey_responder(body)

    return respond


def newest_event(rt: Runtime) -> int:
    with rt.sessions() as session:
        return int(session.scalar(select(func.max(Event.id))) or 0)


async def frames_until_stored(sse: SSEClient, message_id: str | None = None) -> list[Frame]:
    """This reply's stream events, up to and including its stored message."""
    got: list[Frame] = []
    async with asyncio.timeout(60):
        while True:
            frame = await sse.frames.get()
            if frame.event not in STREAM_KINDS:
                continue
            data = frame.data
            if frame.event == "mailbox.message" and data.get("kind") != "reply":
                continue
            got.append(frame)
            if frame.event == "mailbox.message":
                return got


def stored_replies(rt: Runtime, project_id: str) -> list[MailboxMessage]:
    with transaction(rt.sessions) as session:
        return list(
            session.scalars(
                select(MailboxMessage).where(
                    MailboxMessage.project_id == uuid.UUID(project_id),
                    MailboxMessage.kind == "reply",
                )
            )
        )


async def ask_while_streaming(
    rt: Runtime, fake_llm: FakeOpenAI, hub: EventHub, team: Tenant, stream: Stream
) -> tuple[str, list[Frame], list[Frame]]:
    """Approve a project, then ask a question; returns (project id, the deltas received
    while the model's stream was held, every frame of the reply)."""
    fake_llm.responder = replying(stream)
    app = with_events(llm_app(rt, fake_llm), hub)
    try:
        with ServerThread(app) as url:
            async with httpx.AsyncClient(base_url=url, timeout=120) as client:
                project = await run_conversation(client, team)
                start = newest_event(rt)
                async with SSEClient(f"{url}/v1/events", team.headers, last_id=start) as sse:
                    post = asyncio.create_task(
                        client.post(
                            f"/v1/projects/{project['id']}/messages",
                            json={"text": QUESTION},
                            headers=team.headers,
                        )
                    )
                    early: list[Frame] = []
                    if stream.hold is not None:
                        wanted = "".join(stream.chunks[: stream.hold_after])
                        async with asyncio.timeout(60):
                            while "".join(f.data["text"] for f in early) != wanted:
                                frame = await sse.frames.get()
                                if frame.event == "message.delta":
                                    early.append(frame)
                        stream.hold.set()
                    reply = await post
                    assert reply.status_code == 202, reply.text
                    rest = await frames_until_stored(sse)
        return project["id"], early, early + rest
    finally:
        if stream.hold is not None:
            stream.hold.set()
        app.state.processor.close()


async def test_reply_streams_token_by_token_then_is_stored_once(
    rt: Runtime, fake_llm: FakeOpenAI, hub: EventHub, team: Tenant
) -> None:
    stream = Stream(PIECES, hold=threading.Event(), hold_after=3)
    pid, early, frames = await ask_while_streaming(rt, fake_llm, hub, team, stream)
    assert early  # arrived while the model was still holding the rest of its answer
    deltas = [f for f in frames if f.event == "message.delta"]
    final = frames[-1]
    assert final.event == "mailbox.message"
    assert [f.event for f in frames[:-1]] == ["message.delta"] * len(deltas)
    # In order: indexes count up, ids rise, all for the message that is then stored.
    assert [f.data["index"] for f in deltas] == list(range(len(deltas)))
    assert [f.id for f in frames] == sorted(f.id for f in frames)
    assert {f.data["message_id"] for f in deltas} == {final.data["id"]}
    assert all(f.data["project_id"] == pid for f in deltas)
    text = "".join(f.data["text"] for f in deltas)
    assert text.startswith("".join(PIECES))
    # Stored once, with exactly what was streamed (the model's words, then the help line).
    (stored,) = stored_replies(rt, pid)
    assert str(stored.id) == final.data["id"]
    assert stored.body == text == final.data["body"]
    assert stored.payload["engine"] == "llm" and not stored.payload["degraded"]
    assert "(not streamed)" not in stored.body
    reply_requests = [r for r in fake_llm.chat_requests if r.body.get("stream")]
    assert len(reply_requests) == 1
    assert QUESTION in reply_requests[0].messages[-1]["content"]


async def test_a_stream_that_breaks_midway_is_taken_back_and_answered_offline(
    rt: Runtime, fake_llm: FakeOpenAI, hub: EventHub, team: Tenant
) -> None:
    stream = Stream(PIECES, hold=threading.Event(), hold_after=3, cut_after=4)
    pid, early, frames = await ask_while_streaming(rt, fake_llm, hub, team, stream)
    assert early
    kinds = [f.event for f in frames]
    reset_at = kinds.index("message.reset")
    # The partial text went out, was taken back, then one delta with the offline answer.
    assert set(kinds[:reset_at]) == {"message.delta"}
    assert kinds[reset_at + 1 :] == ["message.delta", "mailbox.message"]
    offline = frames[reset_at + 1]
    assert offline.data["index"] == 0
    (stored,) = stored_replies(rt, pid)
    assert stored.body == offline.data["text"]
    assert "stopped before finishing" in stored.body  # says so
    assert "Calibration is where" not in stored.body  # nothing half-written is kept
    assert stored.payload["engine"] == "offline" and stored.payload["degraded"]
    assert "broke after" in stored.payload["degraded_reason"]


async def test_the_offline_brain_sends_its_reply_as_one_delta(
    rt: Runtime, hub: EventHub, team: Tenant, fake_llm: FakeOpenAI
) -> None:
    fake_llm.responder = replying(Stream(PIECES))
    from app.main import create_app

    app = with_events(create_app(runtime=rt), hub)  # no LLM configured: the offline brain
    try:
        with ServerThread(app) as url:
            async with httpx.AsyncClient(base_url=url, timeout=120) as client:
                project = await run_conversation(client, team)
                start = newest_event(rt)
                async with SSEClient(f"{url}/v1/events", team.headers, last_id=start) as sse:
                    r = await client.post(
                        f"/v1/projects/{project['id']}/messages",
                        json={"text": "thanks!"},
                        headers=team.headers,
                    )
                    assert r.status_code == 202, r.text
                    frames = await frames_until_stored(sse)
    finally:
        app.state.processor.close()
    assert [f.event for f in frames] == ["message.delta", "mailbox.message"]
    delta, final = frames
    assert delta.data["index"] == 0 and delta.data["message_id"] == final.data["id"]
    assert delta.data["text"] == final.data["body"]
    (stored,) = stored_replies(rt, project["id"])
    assert stored.payload["engine"] == "offline" and not stored.payload["degraded"]
    assert not fake_llm.chat_requests  # the offline brain asked no model
