"""Memory as suggestions: qualifications from the recruiter's similar past projects are
offered as a short, named list the recruiter can take, never appended by themselves, and
never offered to another recruiter (not even in the same organization)."""

from __future__ import annotations

import httpx

from app.db import transaction
from app.orgs.service import create_token, ensure_recruiter
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_agent_flow import mailbox, run_conversation

SECOND = "Senior data scientist in Berlin. Python a must. Must know Spark."


async def second_project(client: httpx.AsyncClient, headers: dict[str, str]) -> dict:
    r = await client.post("/v1/projects", json={"text": SECOND}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_suggestions_are_offered_named_and_taken_only_on_request(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    first = await run_conversation(client, team)
    past = {q["text"] for q in first["qualifications"]}
    project = await second_project(client, team.headers)
    offered = project["suggestions"]
    assert 1 <= len(offered) <= 5
    assert all(s["text"] in past and s["from_project_id"] == first["id"] for s in offered)
    assert all(s["from_label"].startswith(first["title"]) for s in offered)
    # Not appended: nothing from memory is in the proposal, and no duplicates of it.
    proposed = {q["text"].lower() for q in project["qualifications"]}
    assert not any(q["suggested"] and q["text"] in past for q in project["qualifications"])
    assert not any(s["text"].lower() in proposed for s in offered)
    assert len({s["text"] for s in offered}) == len(offered)
    proposal = [m for m in await mailbox(client, team) if m["kind"] == "proposal"][-1]
    assert f"reuse {len(offered)} from '{first['title']}" in proposal["body"]

    approval = next(
        a
        for a in (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
        if a["project_id"] == project["id"]
    )
    assert [s["id"] for s in approval["payload"]["suggestions"]] == [s["id"] for s in offered]
    r = await client.post(
        f"/v1/approvals/{approval['id']}",
        json={"decision": "approve", "use_suggestions": ["m99"]},
        headers=team.headers,
    )
    assert r.status_code == 422 and "m99" in r.json()["error"]

    taken = offered[0]
    r = await client.post(
        f"/v1/approvals/{approval['id']}",
        json={"decision": "approve", "use_suggestions": [taken["id"]]},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    after = (await client.get(f"/v1/projects/{project['id']}", headers=team.headers)).json()
    texts = [q["text"] for q in after["qualifications"]]
    assert after["qualifications_approved"]
    assert taken["text"] in texts
    assert all(s["text"] not in texts for s in offered[1:])
    added = next(q for q in after["qualifications"] if q["text"] == taken["text"])
    assert not added["required"] and added["suggested"]
    assert [s["id"] for s in after["suggestions"]] == [s["id"] for s in offered[1:]]

    if len(offered) > 1:
        # Later, in chat: "reuse the suggestions" proposes the rest as a diff to approve.
        r = await client.post(
            f"/v1/projects/{project['id']}/messages",
            json={"text": "reuse the suggestions"},
            headers=team.headers,
        )
        assert r.status_code == 202
        waiting = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
        assert len(waiting) == 1
        diff = waiting[0]["payload"]["diff"]
        assert [q["text"] for q in diff["added"]] == [s["text"] for s in offered[1:]]
        assert all(not q["required"] for q in diff["added"])


async def test_suggestions_are_scoped_to_the_recruiter(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    await run_conversation(client, team)
    with transaction(rt.sessions) as session:
        colleague = ensure_recruiter(session, team.org, f"colleague-{team.org.slug}@example.com")
        token = create_token(session, colleague, "test")
    project = await second_project(client, {"Authorization": f"Bearer {token}"})
    assert project["suggestions"] == []
    assert not any(q["suggested"] and "sql" in q["text"].lower() for q in project["qualifications"])
    mine = await second_project(client, team.headers)
    assert mine["suggestions"], "the recruiter who did the first project is offered them"
