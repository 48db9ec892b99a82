"""A real HTTP server speaking the OpenAI protocol, scripted by tests.

It listens on 127.0.0.1 (ephemeral port) in a background thread, so the code under test goes
through the real `openai` SDK, httpx and a socket. Tests script the next chat completions:

    fake_llm.push({"title": "Nurse"})        # a JSON object as the message content
    fake_llm.push("not json")                # raw text
    fake_llm.push(Status(429, retry_after=1)) # an HTTP error (429 with Retry-After, 500, ...)
    fake_llm.push(Delay(2.0))                # answer later than the client's timeout

A request with `"stream": true` is answered with server-sent events (`data: {chunk}` lines,
then `data: [DONE]`), like the real API: a scripted `Content` streams word by word, and
`Stream(...)` scripts the chunks, a pause between them, a gate to hold the stream until the
test has seen the first deltas arrive, or a cut (the connection closes mid-answer).

When the queue is empty, `responder` (a function of the request body) answers, so longer
conversations can be driven by rules. Every request is recorded in `requests`.

`POST /v1/embeddings` needs no script: it returns deterministic unit vectors of the requested
`dimensions`, built by hashing words, so texts that share words are close.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import BaseModel


@dataclass(frozen=True)
class Content:
    """A 200 answer whose message content is `value`: JSON-encoded unless it is a str."""

    value: Any
    usage: Mapping[str, Any] | None = None  # overrides the estimated usage block
    finish_reason: str = "stop"
    refusal: str | None = None

    @property
    def text(self) -> str:
        if isinstance(self.value, str):
            return self.value
        if isinstance(self.value, BaseModel):
            return self.value.model_dump_json()
        return json.dumps(self.value)


@dataclass(frozen=True)
class Status:
    """An HTTP error with an OpenAI-shaped error body."""

    status: int
    retry_after: float | str | None = None
    message: str = "scripted error"


@dataclass(frozen=True)
class Delay:
    """Wait `seconds` (longer than the client's timeout, usually), then answer `then`."""

    seconds: float
    then: Content | Status = field(default_factory=lambda: Content({}))


@dataclass(frozen=True)
class Stream:
    """A streamed answer: `chunks` as delta contents, `pause_s` apart; after `hold_after`
    chunks, wait until `hold` is set (the test saw them arrive); after `cut_after` chunks,
    drop the connection without finishing the answer (no finish_reason, no [DONE])."""

    chunks: tuple[str, ...]
    pause_s: float = 0.0
    hold: threading.Event | None = None
    hold_after: int = 0
    cut_after: int | None = None
    finish_reason: str = "stop"


Reply = Content | Status | Delay | Stream
Scripted = Reply | Mapping[str, Any] | BaseModel | str
Responder = Callable[[dict[str, Any]], Scripted]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def model(self) -> str | None:
        return self.body.get("model") if isinstance(self.body, dict) else None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", [])) if isinstance(self.body, dict) else []


def as_reply(item: Scripted) -> Reply:
    if isinstance(item, Content | Status | Delay | Stream):
        return item
    return Content(item if isinstance(item, str | BaseModel) else dict(item))


class FakeOpenAI:
    def __init__(self, *, default_embedding_dim: int = 1536) -> None:
        self.default_embedding_dim = default_embedding_dim
        self.responder: Responder | None = None
        self._queue: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._counter = 0

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases handlers still sleeping in a Delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- scripting -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def push(self, *items: Scripted) -> None:
        with self._lock:
            self._queue.extend(as_reply(item) for item in items)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self.responder = None

    # -- used by the handler ---------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> list[RecordedRequest]:
        """Record `request`; return the chat requests seen before it."""
        with self._lock:
            earlier = [r for r in self._requests if r.path.endswith("/chat/completions")]
            self._requests.append(request)
            return earlier

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            responder = self.responder
        if responder is None:
            # 418 is never retried, so a test that forgot to script fails fast and says why.
            return Status(418, message="fake_openai: no scripted reply and no responder")
        return as_reply(responder(body))

    def _next_id(self) -> str:
        with self._lock:
            self._counter += 1
            return f"chatcmpl-fake-{self._counter}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: ThreadingHTTPServer

    @property
    def fake(self) -> FakeOpenAI:
        fake: FakeOpenAI = self.server.fake  # type: ignore[attr-defined]
        return fake

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._read_body()
        self._error(404, f"no route GET {self.path}")

    def do_POST(self) -> None:
        raw = self._read_body()
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        request = RecordedRequest(
            method="POST",
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        earlier = self.fake._record(request)
        if not isinstance(body, dict):
            self._error(400, "request body is not a JSON object")
        elif self.path.rstrip("/").endswith("/v1/chat/completions"):
            self._reply(self.fake._next_reply(body), request, earlier)
        elif self.path.rstrip("/").endswith("/v1/embeddings"):
            self._embeddings(body)
        else:
            self._error(404, f"no route POST {self.path}")

    # -- chat ------------------------------------------------------------------------------
    def _reply(
        self, reply: Reply, request: RecordedRequest, earlier: list[RecordedRequest]
    ) -> None:
        if isinstance(reply, Delay):
            if self.fake._stopping.wait(reply.seconds):
                return
            reply = reply.then
        if isinstance(reply, Status):
            headers = {}
            if reply.retry_after is not None:
                headers["Retry-After"] = str(reply.retry_after)
            self._error(reply.status, reply.message, headers)
            return
        if isinstance(request.body, dict) and request.body.get("stream"):
            self._stream(reply, request)
            return
        if isinstance(reply, Stream):
            self._error(400, "fake_openai: a Stream was scripted for a request without stream")
            return
        text = reply.text
        prompt_tokens = sum(_tokens(_text_of(m)) for m in request.messages)
        usage = (
            dict(reply.usage)
            if reply.usage is not None
            else {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": _tokens(text),
                "total_tokens": prompt_tokens + _tokens(text),
                "prompt_tokens_details": {"cached_tokens": _cached_tokens(request, earlier)},
            }
        )
        self._send_json(
            200,
            {
                "id": self.fake._next_id(),
                "object": "chat.completion",
                "created": int(time.time()),
                "model": request.model or "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": None if reply.refusal else text,
                            "refusal": reply.refusal,
                        },
                        "finish_reason": reply.finish_reason,
                        "logprobs": None,
                    }
                ],
                "usage": usage,
            },
        )

    def _stream(self, reply: Content | Stream, request: RecordedRequest) -> None:
        """Server-sent events in the API's chunk format, over chunked transfer encoding."""
        if isinstance(reply, Content):
            words = re.findall(r"\S+\s*|\s+", reply.text) or [""]
            reply = Stream(tuple(words), finish_reason=reply.finish_reason)
        cid, model = self.fake._next_id(), request.model or "fake-model"

        def chunk(delta: dict[str, Any], finish: str | None, usage: Any = None) -> bytes:
            body = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
                if usage is None
                else [],
                "usage": usage,
            }
            return f"data: {json.dumps(body)}\n\n".encode()

        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self._chunk(chunk({"role": "assistant", "content": ""}, None))
            for i, text in enumerate(reply.chunks):
                if reply.cut_after is not None and i >= reply.cut_after:
                    # Gone mid-answer: no finish_reason, no [DONE], no closing chunk.
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if reply.hold is not None and i == reply.hold_after:
                    reply.hold.wait(20)
                if reply.pause_s and i and self.fake._stopping.wait(reply.pause_s):
                    return
                self._chunk(chunk({"content": text}, None))
            self._chunk(chunk({}, reply.finish_reason))
            text = "".join(reply.chunks)
            prompt = sum(_tokens(_text_of(m)) for m in request.messages)
            usage = {
                "prompt_tokens": prompt,
                "completion_tokens": _tokens(text),
                "total_tokens": prompt + _tokens(text),
            }
            if request.body.get("stream_options", {}).get("include_usage"):
                self._chunk(chunk({}, None, usage))
            self._chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def _chunk(self, payload: bytes) -> None:
        self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        self.wfile.flush()

    # -- embeddings ------------------------------------------------------------------------
    def _embeddings(self, body: dict[str, Any]) -> None:
        inputs = body.get("input", [])
        if isinstance(inputs, str) or (inputs and isinstance(inputs[0], int)):
            inputs = [inputs]
        dim = int(body.get("dimensions") or self.fake.default_embedding_dim)
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for i, item in enumerate(inputs):
            vector = embed(item if isinstance(item, str) else " ".join(map(str, item)), dim)
            encoded: Any = vector
            if as_base64:
                encoded = base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode()
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        tokens = sum(_tokens(str(item)) for item in inputs)
        self._send_json(
            200,
            {
                "object": "list",
                "data": data,
                "model": body.get("model", "fake-embedding"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            },
        )

    # -- plumbing --------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        body = {"error": {"message": message, "type": "fake_error", "code": str(status)}}
        self._send_json(status, body, headers)

    def _send_json(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. its timeout fired)


_WORD = re.compile(r"\w+")


def embed(text: str, dim: int) -> list[float]:
    """A deterministic unit vector: signed feature hashing of the lower-cased words."""
    vector = [0.0] * dim
    for word in _WORD.findall(text.lower()) or [""]:
        digest = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        vector[digest % dim] += 1.0 if (digest >> 63) & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _text_of(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content or "")


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


def _cached_tokens(request: RecordedRequest, earlier: list[RecordedRequest]) -> int:
    """Like a provider's prompt cache: the longest run of leading messages seen before."""
    best = 0
    for previous in earlier:
        if previous.model != request.model:
            continue
        cached = 0
        for old, new in zip(previous.messages, request.messages, strict=False):
            if old != new:
                break
            cached += _tokens(_text_of(new))
        best = max(best, cached)
    return best


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server
