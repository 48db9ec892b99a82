"""The scripted conversation (offline engine) through the public API:
request -> clarifying question -> answer -> qualifications proposed (a discriminatory one
refused) -> approval -> calibration batch evaluated with verbatim evidence -> closed-loop
adjustment -> ranked candidates."""

from __future__ import annotations

import httpx

from app.runtime import Runtime
from tests.conftest import Tenant, make_tenant

REQUEST = (
    "I need a Python data scientist with machine learning and SQL, pandas a must. "
    "Must be young and energetic."
)


async def mailbox(client: httpx.AsyncClient, tenant: Tenant) -> list[dict]:
    r = await client.get("/v1/mailbox", headers=tenant.headers, params={"limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def run_conversation(client: httpx.AsyncClient, team: Tenant) -> dict:
    r = await client.post("/v1/projects", json={"text": REQUEST}, headers=team.headers)
    assert r.status_code == 201, r.text
    project = r.json()
    pid = project["id"]
    # Title given, location and seniority missing: the assistant asks.
    msgs = await mailbox(client, team)
    questions = [m for m in msgs if m["kind"] == "question"]
    assert questions and "where" in questions[-1]["body"].lower()
    assert project["plan"]["steps"][0]["agent"] == "intake"
    assert project["qualifications"] == []

    r = await client.post(
        f"/v1/projects/{pid}/messages",
        json={"text": "Senior, based in Berlin, hybrid"},
        headers=team.headers,
    )
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "done"
    project = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert project["spec"]["location"] and "berlin" in project["spec"]["location"].lower()
    assert project["spec"]["seniority"] == "senior"
    texts = [q["text"].lower() for q in project["qualifications"]]
    assert any("python" in t for t in texts)
    assert not any("young" in t for t in texts)
    refused = project["refused_qualifications"]
    assert any("young" in x["text"].lower() for x in refused)
    assert all(x["reason"] for x in refused)

    # Nothing is sourced before approval.
    r = await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)
    assert r.json()["items"] == []
    approvals = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
    assert len(approvals) == 1 and approvals[0]["kind"] == "qualifications"

    r = await client.post(
        f"/v1/approvals/{approvals[0]['id']}",
        json={"decision": "approve"},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved"
    return (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()


async def test_scripted_conversation_offline(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    steps = project["plan"]["steps"]
    agents = [s["agent"] for s in steps]
    assert agents[0] == "sourcing" and "evaluation" in agents and agents[-1] == "report"
    assert all(s["status"] == "done" for s in steps), steps
    # The closed loop logged its decision on the plan with a reason.
    review_notes = [s["note"] for s in steps if s["agent"] == "review"]
    assert review_notes and all(review_notes)

    r = await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)
    ranked = r.json()["items"]
    assert ranked, "the calibration batch is ranked"
    assert ranked[0]["headline"] == "Data Scientist"
    scores = [c["score"] for c in ranked]
    assert scores == sorted(scores, reverse=True)
    for cand in ranked:
        assert "required" in cand["recap"]
        full = (
            await client.get(f"/v1/candidates/{cand['candidate_id']}", headers=team.headers)
        ).json()
        for ev in cand["evaluations"]:
            assert ev["verdict"] in {"met", "not_met", "unknown"}
            for item in ev["evidence"]:
                assert item["quote"] in full["raw_text"], item  # verbatim, always
                assert item["section"]
    met = [e for e in ranked[0]["evaluations"] if e["verdict"] == "met"]
    assert met and all(e["evidence"] for e in met)

    msgs = await mailbox(client, team)
    assert any(m["kind"] == "ready" for m in msgs)
    senders = {m["sender"] for m in msgs}
    assert {"recruiter", "supervisor", "agent:intake"} <= senders


async def test_recruiters_see_only_their_own_projects(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    r = await client.post("/v1/projects", json={"text": REQUEST}, headers=team.headers)
    pid = r.json()["id"]
    stranger = make_tenant(rt)
    assert (await client.get(f"/v1/projects/{pid}", headers=stranger.headers)).status_code == 404
    r = await client.post(
        f"/v1/projects/{pid}/messages", json={"text": "hi"}, headers=stranger.headers
    )
    assert r.status_code == 404
    assert (await client.get("/v1/approvals", headers=stranger.headers)).json()["items"] == []
    assert (await client.get("/v1/mailbox", headers=stranger.headers)).json()["items"] == []
    assert (await client.get("/v1/projects", headers=stranger.headers)).json()["items"] == []
    mine = (await client.get("/v1/projects", headers=team.headers)).json()["items"]
    assert [p["id"] for p in mine] == [pid] and mine[0]["mode"] == "interactive"


async def test_message_ids_are_idempotency_keys(client: httpx.AsyncClient, team: Tenant) -> None:
    r = await client.post("/v1/projects", json={"text": REQUEST}, headers=team.headers)
    pid = r.json()["id"]
    body = {"text": "Senior, Berlin", "id": "6f1c2a52-7d0e-4a4e-9f57-3b1f1f0b9a11"}
    first = await client.post(f"/v1/projects/{pid}/messages", json=body, headers=team.headers)
    second = await client.post(f"/v1/projects/{pid}/messages", json=body, headers=team.headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["seq"] == second.json()["seq"]
    msgs = await mailbox(client, team)
    assert sum(1 for m in msgs if m["id"] == body["id"]) == 1
    proposals = [m for m in msgs if m["kind"] == "proposal"]
    assert len(proposals) == 1  # processed once in effect


async def test_bad_decisions_are_4xx(client: httpx.AsyncClient, team: Tenant) -> None:
    await client.post(
        "/v1/projects", json={"text": REQUEST + " Senior, in Berlin."}, headers=team.headers
    )
    approvals = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
    assert approvals
    aid = approvals[0]["id"]
    r = await client.post(f"/v1/approvals/{aid}", json={"decision": "reject"}, headers=team.headers)
    assert r.status_code == 422 and "reason" in r.json()["error"]
    r = await client.post(f"/v1/approvals/{aid}", json={"decision": "maybe"}, headers=team.headers)
    assert r.status_code == 422
    r = await client.post(
        f"/v1/approvals/{aid}",
        json={
            "decision": "edit",
            "changes": {
                "qualifications": [
                    {"text": "Python", "starred": True},
                    {"text": "Digital native"},
                    {"text": "SQL", "required": False},
                ]
            },
        },
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    project = (
        await client.get(f"/v1/projects/{approvals[0]['project_id']}", headers=team.headers)
    ).json()
    assert [q["text"] for q in project["qualifications"]] == ["Python", "SQL"]
    assert project["qualifications"][0]["weight"] == 2.0
    assert project["qualifications_approved"]
    r = await client.post(
        f"/v1/approvals/{aid}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 409


async def test_followup_plan_and_recruiter_memory(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    first = await run_conversation(client, team)
    # A follow-up asking for more gets a new plan: source, evaluate, report.
    r = await client.post(
        f"/v1/projects/{first['id']}/messages",
        json={"text": "Great, find me more candidates"},
        headers=team.headers,
    )
    assert r.status_code == 202 and r.json()["status"] == "done"
    project = (await client.get(f"/v1/projects/{first['id']}", headers=team.headers)).json()
    assert [s["agent"] for s in project["plan"]["steps"]] == ["sourcing", "evaluation", "report"]
    assert project["plan"]["plan_no"] >= 3

    # A second similar project offers the first one's qualifications as suggestions (never
    # appended) and reuses its search, for this recruiter only.
    r = await client.post(
        "/v1/projects",
        json={"text": "Senior data scientist in Berlin. Python a must. Must know Spark."},
        headers=team.headers,
    )
    second = r.json()
    assert not any(q["suggested"] and "sql" in q["text"].lower() for q in second["qualifications"])
    assert any("sql" in s["text"].lower() for s in second["suggestions"])
    approval = (await client.get("/v1/approvals", headers=team.headers)).json()["items"][0]
    await client.post(
        f"/v1/approvals/{approval['id']}", json={"decision": "approve"}, headers=team.headers
    )
    second = (await client.get(f"/v1/projects/{second['id']}", headers=team.headers)).json()
    assert second["sourcing"]["past_searches"][0]["project_id"] == first["id"]

    stranger = make_tenant(rt)
    r = await client.post(
        "/v1/projects",
        json={"text": "Senior data scientist in Berlin. Python a must."},
        headers=stranger.headers,
    )
    assert not any("sql" in q["text"].lower() for q in r.json()["qualifications"])
    assert r.json()["suggestions"] == []


async def test_the_assistant_shows_its_work_as_events(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    project = await run_conversation(client, team)
    r = await client.get(
        "/v1/events/recent", params={"after": 0, "limit": 500}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    kinds = [e["kind"] for e in items]
    assert {"mailbox.message", "plan.step", "progress", "candidates.ready"} <= set(kinds)
    ids = [e["id"] for e in items]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    progress = next(e for e in items if e["kind"] == "progress")
    assert progress["data"]["text"].startswith("evaluating ")
    steps = [
        e for e in items if e["kind"] == "plan.step" and e["data"]["project_id"] == project["id"]
    ]
    assert any(s["status"] == "running" for e in steps for s in e["data"]["steps"])
    # One mailbox event per stored message, never twice.
    msgs = await mailbox(client, team)
    pushed = [e["data"]["id"] for e in items if e["kind"] == "mailbox.message"]
    assert sorted(pushed) == sorted(m["id"] for m in msgs)

    stranger = make_tenant(rt)
    r = await client.get("/v1/events/recent", params={"after": 0}, headers=stranger.headers)
    assert r.json()["items"] == []
