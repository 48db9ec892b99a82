"""Source while you sleep and nearline freshness, with the inline dispatcher: the logic.
(tests/test_worker.py runs the same through real Celery worker processes.)"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from agents.async_sourcing import run_project
from app.db import transaction
from app.models import SourcingRun
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.pool import NEW_FIT
from tests.test_agent_flow import mailbox, run_conversation


async def test_async_mode_nearline_and_no_overlap(
    client: httpx.AsyncClient,
    team: Tenant,
    rt: Runtime,
    tmp_path: Path,
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    r = await client.post(
        f"/v1/projects/{pid}/async",
        json={"enabled": True, "interval_minutes": 60},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    before = {m["id"] for m in await mailbox(client, team)}

    # A new profile that fits arrives: it is evaluated and announced at once.
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(NEW_FIT) + "\n")
    r = await client.post(
        "/v1/candidates/import",
        headers=team.headers,
        files=[("files", ("new.jsonl", path.read_bytes(), "text/plain"))],
    )
    assert r.json()["imported"] == 1
    new_id = r.json()["candidate_ids"][0]
    fresh = [m for m in await mailbox(client, team) if m["id"] not in before]
    ready = [m for m in fresh if m["kind"] == "ready"]
    assert len(ready) == 1 and ready[0]["body"].startswith("1 new candidate ready")
    assert ready[0]["payload"]["candidate_ids"] == [new_id]
    assert "Grace" not in ready[0]["body"]  # nobody's name in notifications either
    # Plain words: what they meet by name, never internal qualification ids.
    assert "meets Python" in ready[0]["body"], ready[0]["body"]
    assert not re.search(r"\bq\d+\b", ready[0]["body"]), ready[0]["body"]
    ranked = (
        await client.get(
            f"/v1/projects/{pid}/candidates", headers=team.headers, params={"limit": 200}
        )
    ).json()["items"]
    mine = [c for c in ranked if c["candidate_id"] == new_id]
    assert mine and mine[0]["stage"] == "sourced"

    # A scheduled run afterwards re-evaluates nothing it has already judged.
    processor = client._transport.app.state.processor  # type: ignore[attr-defined]
    outcome = run_project(processor.deps, uuid.UUID(pid), trigger="schedule")
    assert outcome is not None and outcome.evaluated == 0

    # Two runs of one project never overlap.
    with transaction(rt.sessions) as s:
        s.add(SourcingRun(project_id=uuid.UUID(pid), org_id=team.org.id, trigger="manual"))
    assert run_project(processor.deps, uuid.UUID(pid), trigger="schedule") is None
    with transaction(rt.sessions) as s:
        runs = list(s.scalars(select(SourcingRun).where(SourcingRun.project_id == uuid.UUID(pid))))
    assert sum(r.status == "running" for r in runs) == 1
    assert {r.trigger for r in runs} >= {"nearline", "schedule"}


async def test_recruiter_reactions(
    client: httpx.AsyncClient,
    team: Tenant,
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    ranked = (await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)).json()[
        "items"
    ]
    target = ranked[-1]["candidate_id"]
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{target}", json={"action": "archive"}, headers=team.headers
    )
    assert r.status_code == 422 and "reason" in r.json()["error"]
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{target}",
        json={"action": "archive", "reason": "no ML experience"},
        headers=team.headers,
    )
    assert r.status_code == 204
    ranked = (await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)).json()[
        "items"
    ]
    assert target not in {c["candidate_id"] for c in ranked}
    # The next sourcing round never brings an archived candidate back.
    r = await client.post(
        f"/v1/projects/{pid}/messages", json={"text": "find more"}, headers=team.headers
    )
    assert r.status_code == 202
    ranked = (await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)).json()[
        "items"
    ]
    assert target not in {c["candidate_id"] for c in ranked}
    r = await client.post(f"/v1/projects/{pid}/async", json={"enabled": True}, headers=team.headers)
    assert r.status_code == 200


async def test_async_needs_approval_first(
    client: httpx.AsyncClient,
    team: Tenant,
) -> None:
    r = await client.post("/v1/projects", json={"text": "a python developer"}, headers=team.headers)
    r = await client.post(
        f"/v1/projects/{r.json()['id']}/async", json={"enabled": True}, headers=team.headers
    )
    assert r.status_code == 409 and "approve" in r.json()["error"]
