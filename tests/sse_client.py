"""A small EventSource for tests: parses frames into a queue and, like a browser, can
reconnect with Last-Event-ID after the connection drops."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Frame:
    id: int
    event: str
    data: Any


@dataclass
class SSEClient:
    url: str
    headers: dict[str, str]
    last_id: int | None = None
    reconnect: bool = False
    frames: asyncio.Queue[Frame] = field(default_factory=asyncio.Queue)
    received: list[Frame] = field(default_factory=list)
    pings: int = 0
    connects: int = 0
    status: int | None = None
    _open: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> SSEClient:
        self._task = asyncio.create_task(self._run())
        await asyncio.wait_for(self._open.wait(), 20)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _run(self) -> None:
        async with httpx.AsyncClient(timeout=httpx.Timeout(5.0, read=None)) as http:
            while True:
                try:
                    await self._stream(http)
                except (httpx.TransportError, httpx.RemoteProtocolError):
                    if not self.reconnect:
                        self._open.set()
                        raise
                if not self.reconnect:
                    return
                await asyncio.sleep(0.2)

    async def _stream(self, http: httpx.AsyncClient) -> None:
        headers = dict(self.headers)
        if self.last_id is not None:
            headers["Last-Event-ID"] = str(self.last_id)
        async with http.stream("GET", self.url, headers=headers) as response:
            self.status = response.status_code
            self.connects += 1
            self._open.set()
            if response.status_code != 200:
                await response.aread()
                return
            fields: dict[str, str] = {}
            async for line in response.aiter_lines():
                if line.startswith(":"):
                    self.pings += 1
                elif line == "":
                    if "id" in fields:
                        frame = Frame(
                            int(fields["id"]), fields["event"], json.loads(fields["data"])
                        )
                        self.last_id = frame.id
                        self.received.append(frame)
                        self.frames.put_nowait(frame)
                    fields = {}
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")

    async def take(self, n: int, timeout: float = 10.0) -> list[Frame]:
        async with asyncio.timeout(timeout):
            return [await self.frames.get() for _ in range(n)]

    async def quiet_for(self, seconds: float) -> None:
        """Assert that nothing arrives for `seconds`."""
        await asyncio.sleep(seconds)
        assert self.frames.empty(), f"unexpected {self.frames.get_nowait()}"
