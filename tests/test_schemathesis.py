"""Schemathesis against the real app (real Postgres/Redis) over real HTTP: 0 failures.

Every check schemathesis has (`--checks all`), all four phases (examples, coverage,
fuzzing, and stateful, which follows the OpenAPI links from a created project), a few
examples per operation so the run stays in CI's budget. The SSE stream is left out: it
never ends, and schemathesis waits for a body.

Positive data may also be answered 400 (a business rule the schema cannot express, e.g.
insights needs a title or a skill), 404 (a random id that is nobody's) or 409 (a key in
flight); never 422 (but on the two operations named in CONFIG) or a 5xx.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from tests.conftest import REPO_ROOT, Tenant

CONFIG = """
[auth.openapi.HTTPBearer]
bearer = "{token}"

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409"]

# Cross-field rules this OpenAPI's JSON Schema does not state (a "reject" needs a reason,
# an "archive" needs a reason, a suggestion id must be one offered): pydantic answers 422.
[[operations]]
include-path = "/v1/approvals/{{approval_id}}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409", "422"]

[[operations]]
include-path = "/v1/projects/{{project_id}}/candidates/{{candidate_id}}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409", "422"]

# Rules of content the schema cannot state either: a raw mail must be an RFC 822 message with
# a Message-ID; working hours are named days with "HH:MM" ranges that start before they end.
[[operations]]
include-path = "/v1/inbound/email"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409", "422"]

[[operations]]
include-path = "/v1/scheduling/availability"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409", "422"]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_schemathesis_finds_nothing(served: str, tenant: Tenant, tmp_path: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(token=tenant.token))
    cmd = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{served}/openapi.json",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        "6",
        "--seed",
        "14",
        "--workers",
        "1",
        "--exclude-path",
        "/v1/events",
        "--request-timeout",
        "120",
        # The test app processes a message inline (the whole agent step, offline engine) on
        # two shared cores; a response time is a benchmark goal, not a test (house rule).
        "--max-response-time",
        "120",
        "--generation-database",
        "none",
        "--no-color",
        "--suppress-health-check",
        "too_slow,filter_too_much",
    ]
    env = {
        **os.environ,
        # A file path: a module name could resolve to another installed `tests` package.
        "SCHEMATHESIS_HOOKS": str(REPO_ROOT / "tests" / "schemathesis_hooks.py"),
    }
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path, env=env)
    output = run.stdout + run.stderr
    print(output)
    assert run.returncode == 0, output[-8000:]
    assert re.search(r"\b0 failures?\b|No issues found", output) or "failure" not in output.lower()
