"""The same conversation through the LLM path, against a real HTTP server that speaks the
OpenAI protocol (scripted), plus degradation, quote verification and redaction."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from agents.deps import AgentDeps, DbUsageRecorder
from agents.intake.offline import intake_offline
from agents.llm.gateway import LLMGateway
from agents.runner import AssistantRunner
from app.bootstrap import build_dispatcher
from app.db import transaction
from app.main import create_app
from app.models import Evaluation, LLMCallRecord
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.fake_openai import FakeOpenAI, Status, fake_llm
from tests.pool import NEW_FIT, PROFILES
from tests.test_agent_flow import run_conversation

__all__ = ["fake_llm"]

FABRICATED = "Won the Nobel Prize in machine learning"


def responder(body: dict[str, Any]) -> dict[str, Any]:
    """A scripted model: valid answers for intake and evaluation, one fabricated quote."""
    name = body["response_format"]["json_schema"]["name"]
    data = json.loads(body["messages"][-1]["content"])
    if name == "IntakeResult":
        previous = data.get("spec_so_far")
        from agents.schemas import JobSpec

        result = intake_offline(
            data["request"], previous=JobSpec.model_validate(previous) if previous else None
        )
        return result.model_dump(mode="json")
    if name == "EvaluationAnswer":
        verdicts = []
        for q in data["qualifications"]:
            word = re.findall(r"[A-Za-z+#]+", q["text"])[0].lower()
            quote, section = None, ""
            for part in data["profile"]:
                for line in part["text"].splitlines():
                    if word in line.lower() and line.strip():
                        quote, section = line.strip(), part["section"]
                        break
                if quote:
                    break
            if quote:
                evidence = [{"quote": quote, "section": section}]
                verdicts.append(
                    {
                        "qualification_id": q["id"],
                        "verdict": "met",
                        "confidence": 0.9,
                        "evidence": evidence,
                        "explanation": "named in the profile",
                    }
                )
            else:
                verdicts.append(
                    {
                        "qualification_id": q["id"],
                        "verdict": "met",
                        "confidence": 0.8,
                        "evidence": [{"quote": FABRICATED, "section": "experience"}],
                        "explanation": "invented",
                    }
                )
        return {"verdicts": verdicts}
    if name == "PlanAnswer":
        steps = data["allowed"]["more_candidates"]
        return {
            "intent": "more_candidates",
            "steps": [{"agent": a, "goal": f"(llm) {a} another batch"} for a in steps],
        }
    raise AssertionError(f"unexpected schema {name}")


def llm_app(rt: Runtime, server: FakeOpenAI, **gateway: Any) -> FastAPI:
    app = create_app(runtime=rt)
    app.state.processor.close()
    deps = AgentDeps(
        settings=rt.settings,
        sessions=rt.sessions,
        embedder=rt.embedder,
        gateway=LLMGateway(
            base_url=server.base_url,
            strong_model="strong-model",
            cheap_model="cheap-model",
            timeout_s=gateway.get("timeout_s", 5.0),
            breaker_failures=gateway.get("breaker_failures", 3),
            breaker_cooldown_s=gateway.get("breaker_cooldown_s", 30.0),
            concurrency=gateway.get("concurrency", 4),
            max_retries=1,
            backoff_base_s=0.01,
            recorder=DbUsageRecorder(rt.sessions),
        ),
    )
    app.state.processor = AssistantRunner(deps, rt.stack.database_url)
    app.state.dispatcher = build_dispatcher(rt, app.state.processor, "inline")
    return app


@pytest.fixture
async def llm_client(rt: Runtime, fake_llm: FakeOpenAI) -> AsyncIterator[httpx.AsyncClient]:
    fake_llm.responder = responder
    app = llm_app(rt, fake_llm)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
    ) as client:
        yield client
    app.state.processor.close()


async def test_conversation_through_the_llm_path(
    llm_client: httpx.AsyncClient, team: Tenant, rt: Runtime, fake_llm: FakeOpenAI
) -> None:
    project = await run_conversation(llm_client, team)
    assert project["status"] == "calibration_ready"
    r = await llm_client.post(
        f"/v1/projects/{project['id']}/messages",
        json={"text": "ok, keep going"},
        headers=team.headers,
    )
    assert r.status_code == 202
    after = (await llm_client.get(f"/v1/projects/{project['id']}", headers=team.headers)).json()
    assert after["plan"]["steps"][0]["goal"] == "(llm) sourcing another batch"
    ranked = (
        await llm_client.get(f"/v1/projects/{project['id']}/candidates", headers=team.headers)
    ).json()["items"]
    assert ranked and all(c["engine"] == "llm" and not c["degraded"] for c in ranked)
    for cand in ranked:
        for ev in cand["evaluations"]:
            for item in ev["evidence"]:
                assert item["quote"] != FABRICATED
            if ev["evidence"] == [] and ev["verdict"] != "not_met":
                assert ev["verdict"] == "unknown"  # the fabricated quote was dropped

    # The evaluator never saw a name or an email: check every request the model received.
    evaluate_requests = [
        r
        for r in fake_llm.chat_requests
        if r.body["response_format"]["json_schema"]["name"] == "EvaluationAnswer"
    ]
    assert evaluate_requests
    seen = json.dumps([r.messages for r in evaluate_requests])
    for p in PROFILES:
        assert p["name"] not in seen and p["email"] not in seen
    # Strong model for planning/judgment, every call recorded with tokens and latency.
    with transaction(rt.sessions) as s:
        calls = list(s.scalars(select(LLMCallRecord).where(LLMCallRecord.org_id == team.org.id)))
    assert {c.task for c in calls} >= {"intake", "evaluate", "plan"}
    tiers = {c.task: (c.tier, c.model) for c in calls}
    assert tiers["intake"] == ("cheap", "cheap-model")
    assert tiers["evaluate"] == ("strong", "strong-model")
    assert tiers["plan"] == ("strong", "strong-model")
    assert all(c.prompt_tokens > 0 and c.ok and c.latency_ms > 0 for c in calls)
    # Prompt-cache friendly: the system prefix is identical across evaluation calls.
    prefixes = {r.messages[0]["content"] for r in evaluate_requests}
    assert len(prefixes) == 1
    usage = (await llm_client.get(f"/v1/projects/{project['id']}", headers=team.headers)).json()[
        "llm_usage"
    ]
    project_calls = [c for c in calls if c.project_id == uuid.UUID(project["id"])]
    assert usage["calls"] == len(project_calls) > 0
    assert usage["tokens"] == sum(c.prompt_tokens + c.completion_tokens for c in project_calls)
    assert usage["degraded_calls"] == 0 and usage["engine"] == "llm"


async def test_llm_failure_degrades_to_offline(
    rt: Runtime, fake_llm: FakeOpenAI, team: Tenant
) -> None:
    fake_llm.responder = lambda body: Status(500, message="upstream exploded")
    app = llm_app(rt, fake_llm, breaker_failures=1)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
    ) as client:
        project = await run_conversation(client, team)
        ranked = (
            await client.get(f"/v1/projects/{project['id']}/candidates", headers=team.headers)
        ).json()["items"]
    app.state.processor.close()
    assert ranked and all(c["engine"] == "offline" and c["degraded"] for c in ranked)
    notes = " ".join(s["note"] for s in project["plan"]["steps"])
    assert project["status"] == "calibration_ready"
    with transaction(rt.sessions) as s:
        failed = list(
            s.scalars(
                select(LLMCallRecord).where(
                    LLMCallRecord.org_id == team.org.id, LLMCallRecord.ok.is_(False)
                )
            )
        )
        stored = list(s.scalars(select(Evaluation).where(Evaluation.org_id == team.org.id)))
    assert failed and all("500" in (c.error or "") or c.error for c in failed)
    assert stored and all(e.degraded for e in stored)
    assert notes
    # The breaker opened after the first failures: later calls degraded without a request.
    assert failed[0].attempts > 1
    assert any(c.attempts == 0 and "circuit open" in (c.error or "") for c in failed)
    assert len(fake_llm.chat_requests) < 3 * len(failed)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
    ) as client:
        usage = (await client.get(f"/v1/projects/{project['id']}", headers=team.headers)).json()[
            "llm_usage"
        ]
    assert usage["degraded_calls"] > 0 and usage["engine"] == "offline"


def _open_transactions(rt: Runtime) -> list[str]:
    """What every other connection to the database that sits inside a transaction last ran.
    The look itself runs in autocommit on its own connection: evaluations run concurrently,
    so one call's look must not show up as an open transaction in another's."""
    import psycopg

    url = rt.stack.database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
        ).fetchall()
    return [r[0] for r in rows]


async def test_no_transaction_is_open_while_the_model_thinks(
    rt: Runtime, fake_llm: FakeOpenAI, team: Tenant
) -> None:
    # Each intake, evaluation and planning call looks at the database while it is being
    # answered: a transaction held across it would pin a connection (and its locks) for as
    # long as the model takes.
    seen: list[tuple[str, list[str]]] = []

    def watching(body: dict[str, Any]) -> dict[str, Any]:
        seen.append((body["response_format"]["json_schema"]["name"], _open_transactions(rt)))
        return responder(body)

    fake_llm.responder = watching
    # One call at a time: with concurrent evaluations, another call's brief usage write
    # would be in flight while this one is answered, and the look could not tell them apart.
    app = llm_app(rt, fake_llm, concurrency=1)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
        ) as client:
            project = await run_conversation(client, team)
    finally:
        app.state.processor.close()
    assert project["status"] == "calibration_ready"
    assert {"IntakeResult", "EvaluationAnswer"} <= {name for name, _ in seen}
    assert [(name, open_) for name, open_ in seen if open_] == []


async def test_nearline_model_calls_are_recorded_against_the_project(
    llm_client: httpx.AsyncClient, team: Tenant, rt: Runtime, tmp_path: Path
) -> None:
    # A nearline run is no graph run: its evaluations must still be metered to the project
    # (and org) they were made for, not to nobody.
    project = await run_conversation(llm_client, team)
    pid = uuid.UUID(project["id"])
    r = await llm_client.post(
        f"/v1/projects/{pid}/async",
        json={"enabled": True, "interval_minutes": 60},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    with transaction(rt.sessions) as s:
        before = set(s.scalars(select(LLMCallRecord.id)))
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(NEW_FIT) + "\n")
    r = await llm_client.post(
        "/v1/candidates/import",
        headers=team.headers,
        files=[("files", ("new.jsonl", path.read_bytes(), "text/plain"))],
    )
    assert r.json()["imported"] == 1
    with transaction(rt.sessions) as s:
        calls = [
            c
            for c in s.scalars(select(LLMCallRecord).where(LLMCallRecord.task == "evaluate"))
            if c.id not in before
        ]
    assert calls, "the nearline run evaluated the new profile through the model"
    assert {(c.org_id, c.project_id) for c in calls} == {(team.org.id, pid)}


async def test_degraded_candidates_are_scored_again_when_the_model_is_back(
    rt: Runtime, fake_llm: FakeOpenAI, team: Tenant
) -> None:
    # The model is down for the first batch: the breaker opens, the batch is scored offline.
    fake_llm.responder = lambda body: Status(503, message="overloaded")
    app = llm_app(rt, fake_llm, breaker_failures=1, breaker_cooldown_s=0.2)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
        ) as client:
            project = await run_conversation(client, team)
            url = f"/v1/projects/{project['id']}"
            first = (await client.get(f"{url}/candidates", headers=team.headers)).json()["items"]
            assert first and all(c["engine"] == "offline" and c["degraded"] for c in first)
            notices = (await client.get("/v1/mailbox", headers=team.headers)).json()["items"]
            assert any("scored by the offline engine" in m["body"] for m in notices)

            # It recovers; the next evaluation step scores the degraded ones again.
            fake_llm.responder = responder
            time.sleep(0.3)  # past the breaker's cooldown: the next call is the probe
            r = await client.post(
                f"{url}/messages", json={"text": "find me more candidates"}, headers=team.headers
            )
            assert r.status_code == 202
            after = (await client.get(f"{url}/candidates", headers=team.headers)).json()["items"]
            usage = (await client.get(url, headers=team.headers)).json()["llm_usage"]
    finally:
        app.state.processor.close()
    earlier = {c["candidate_id"] for c in first}
    rescored = [c for c in after if c["candidate_id"] in earlier]
    assert rescored and all(c["engine"] == "llm" and not c["degraded"] for c in rescored)
    assert usage["engine"] == "llm"
