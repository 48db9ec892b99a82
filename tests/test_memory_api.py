"""Cognitive memory through the API: the recruiter sees what the assistant remembers about
them (with where it came from), another recruiter (same organization or not) sees none of
it and cannot delete it, a deleted item is gone from intake suggestions, and "forget
everything" leaves nothing to suggest."""

from __future__ import annotations

import httpx

from app.db import transaction
from app.memory import service as memory
from app.orgs.service import create_token, ensure_recruiter
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_agent_flow import run_conversation
from tests.test_memory_suggestions import second_project


async def _memory(client: httpx.AsyncClient, headers: dict[str, str], **params: str) -> dict:
    r = await client.get("/v1/memory", headers=headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _colleague(rt: Runtime, team: Tenant) -> dict[str, str]:
    with transaction(rt.sessions) as session:
        colleague = ensure_recruiter(session, team.org, f"colleague-{team.org.slug}@example.com")
        token = create_token(session, colleague, "test")
    return {"Authorization": f"Bearer {token}"}


async def test_memory_lists_own_items_only_and_deleting_one_removes_its_suggestion(
    client: httpx.AsyncClient, team: Tenant, other_tenant: Tenant, rt: Runtime
) -> None:
    first = await run_conversation(client, team)
    items = (await _memory(client, team.headers, limit="200"))["items"]
    approved = {q["text"] for q in first["qualifications"]}
    remembered = [i for i in items if i["topic"] == "qualification"]
    assert {i["text"] for i in remembered} == approved
    for item in remembered:
        assert item["kind"] == "decision" and item["id"] and item["created_at"]
        assert item["source"]["type"] == "approved_qualifications"
        assert item["source"]["project_id"] == first["id"]
    searches = [i for i in items if i["topic"] == "search"]
    assert searches and searches[0]["source"]["project_id"] == first["id"]

    # Nobody else sees or deletes any of it: a colleague in the same org, another org.
    colleague = _colleague(rt, team)
    assert (await _memory(client, colleague))["items"] == []
    assert (await _memory(client, other_tenant.headers))["items"] == []
    r = await client.delete(f"/v1/memory/{remembered[0]['id']}", headers=colleague)
    assert r.status_code == 404
    r = await client.delete("/v1/memory", headers=colleague)
    assert r.status_code == 200 and r.json() == {"forgotten": 0}
    assert len((await _memory(client, team.headers, limit="200"))["items"]) == len(items)

    # Paginated like the other lists: no repeats, no gaps.
    seen, cursor = [], None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await _memory(client, team.headers, **params)
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(i["id"] for i in items)
    r = await client.get("/v1/memory", headers=team.headers, params={"cursor": "nonsense"})
    assert r.status_code == 400 and "cursor" in r.json()["error"]

    # Suggestions in intake come from memory, named as such.
    offered = (await second_project(client, team.headers))["suggestions"]
    assert offered and all(s["from_memory"] and s["memory_id"] for s in offered)
    gone = offered[0]
    r = await client.delete(f"/v1/memory/{gone['memory_id']}", headers=team.headers)
    assert r.status_code == 200 and r.json() == {"forgotten": 1}
    r = await client.delete(f"/v1/memory/{gone['memory_id']}", headers=team.headers)
    assert r.status_code == 404
    again = (await second_project(client, team.headers))["suggestions"]
    assert gone["text"] not in {s["text"] for s in again}
    assert {s["text"] for s in again} >= {s["text"] for s in offered[1:]}

    # Forget everything: nothing listed, nothing suggested, no past search offered.
    r = await client.delete("/v1/memory", headers=team.headers)
    assert r.status_code == 200 and r.json()["forgotten"] >= len(items) - 1
    assert (await _memory(client, team.headers))["items"] == []
    assert (await second_project(client, team.headers))["suggestions"] == []


async def test_preferences_from_messages_are_remembered_and_give_outreach_style(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    project = await run_conversation(client, team)
    text = (
        "I prefer people from product companies. I prefer young candidates. "
        "Keep the outreach short and friendly."
    )
    r = await client.post(
        f"/v1/projects/{project['id']}/messages", json={"text": text}, headers=team.headers
    )
    assert r.status_code == 202, r.text
    prefs = (await _memory(client, team.headers, kind="preference"))["items"]
    by_topic = {p["topic"]: p for p in prefs}
    # Remembered as said, except what selects people by a protected attribute (age here).
    assert len(prefs) == 2 and not any("young" in p["text"] for p in prefs)
    assert by_topic["company"]["text"] == "Prefers people from product companies"
    assert by_topic["tone"]["text"] == "Outreach: short and friendly"
    assert by_topic["tone"]["source"]["type"] == "message"
    assert by_topic["tone"]["source"]["quote"] == "Keep the outreach short and friendly"
    with transaction(rt.sessions) as session:
        style = memory.style_for(session, team.recruiter.id)
        assert style.lines == ["Outreach: short and friendly"]
        assert [str(i) for i in style.memory_ids] == [by_topic["tone"]["id"]]
        # Another recruiter's style is empty: preferences never cross recruiters.
        colleague = ensure_recruiter(session, team.org, f"c2-{team.org.slug}@example.com")
        assert memory.style_for(session, colleague.id).empty
    # A project history summary stands in for old turns in the planner's context.
    history = (await _memory(client, team.headers, kind="history"))["items"]
    assert history and history[0]["source"]["project_id"] == project["id"]
    assert "approved set v" in history[0]["text"]


async def test_archive_reasons_are_remembered_as_decisions(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    project = await run_conversation(client, team)
    ranked = (
        await client.get(f"/v1/projects/{project['id']}/candidates", headers=team.headers)
    ).json()["items"]
    for cand in ranked[:2]:
        r = await client.post(
            f"/v1/projects/{project['id']}/candidates/{cand['candidate_id']}",
            json={"action": "archive", "reason": "too junior"},
            headers=team.headers,
        )
        assert r.status_code == 204
    archived = [
        i for i in (await _memory(client, team.headers))["items"] if i["topic"] == "archive"
    ]
    assert [i["text"] for i in archived] == ["Archived 2 candidates for: too junior"]


def test_preferences_are_read_from_statements_only() -> None:
    from agents.memory.preferences import extract_preferences

    said = "We like people from startups. Can you prefer seniors? Find more candidates."
    assert [p.text for p in extract_preferences(said)] == ["Prefers people from startups"]
