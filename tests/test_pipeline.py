"""The recruiter's pipeline through the API: stage moves with reasons and history, notes,
bulk actions all-or-nothing, archive and undo, ratings kept, live events, and the
shortlist export in CSV and JSON with verbatim evidence."""

from __future__ import annotations

import csv
import io
import uuid

import httpx

from app.db import transaction
from app.events import service as events
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_agent_flow import run_conversation


async def _ranked(client: httpx.AsyncClient, team: Tenant, pid: str) -> list[dict]:
    r = await client.get(
        f"/v1/projects/{pid}/candidates", headers=team.headers, params={"include": "all"}
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _events_after(rt: Runtime, team: Tenant, after: int) -> list[tuple[str, dict]]:
    with transaction(rt.sessions) as session:
        batch = events.read_after(
            session, recruiter_id=team.recruiter.id, org_id=team.org.id, after=after, limit=500
        )
    return [(e.kind, e.data) for e in batch.events]


def _last_event_id(rt: Runtime, team: Tenant) -> int:
    with transaction(rt.sessions) as session:
        return events.settled_tail(session, team.recruiter.id) or 0


async def test_stages_history_notes_bulk_undo_and_export(
    client: httpx.AsyncClient, team: Tenant, other_tenant: Tenant, rt: Runtime
) -> None:
    pid = (await run_conversation(client, team))["id"]
    ranked = await _ranked(client, team, pid)
    assert len(ranked) >= 3
    first, second, third = (c["candidate_id"] for c in ranked[:3])
    h = team.headers

    # Bulk add: all into the recruiter's pipeline; a retry changes nothing.
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "add", "candidate_ids": [first, second, third]},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert sorted(r.json()["changed"]) == sorted([first, second, third])
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "add", "candidate_ids": [first]},
        headers=h,
    )
    assert r.json() == {"changed": [], "unchanged": [first]}

    # A rating is kept through the stage moves and returned by the board.
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{first}", json={"action": "rate", "rating": 5}, headers=h
    )
    assert r.status_code == 204, r.text

    before = _last_event_id(rt, team)
    for stage in ("contacted", "replied", "screened", "submitted"):
        r = await client.post(
            f"/v1/projects/{pid}/candidates/{first}/stage",
            json={"stage": stage, "reason": f"moved to {stage}"},
            headers=h,
        )
        assert r.status_code == 200, r.text
    history = r.json()
    moves = [(c["from_stage"], c["to_stage"]) for c in history["changes"]]
    assert moves[-4:] == [
        ("pipeline", "contacted"),
        ("contacted", "replied"),
        ("replied", "screened"),
        ("screened", "submitted"),
    ]
    assert all(
        c["actor"] == "recruiter" and c["by"] == team.recruiter.email for c in history["changes"]
    )
    assert history["changes"][-1]["reason"] == "moved to submitted"
    assert history["rating"] == 5
    # Every open device hears of each move.
    stage_events = [d for k, d in _events_after(rt, team, before) if k == "pipeline.changed"]
    assert [d["what"] for d in stage_events] == [
        "stage:contacted",
        "stage:replied",
        "stage:screened",
        "stage:submitted",
    ]
    assert all(d["candidate_ids"] == [first] and d["project_id"] == pid for d in stage_events)

    # Not a fit needs a reason, in words.
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{second}/stage", json={"stage": "not_a_fit"}, headers=h
    )
    assert r.status_code == 422 and "needs a reason" in r.json()["error"]
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{second}/stage",
        json={"stage": "not_a_fit", "reason": "wants a fully remote role"},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["stage"] == "not_a_fit"
    assert r.json()["reason"] == "wants a fully remote role"

    # Notes.
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{first}/notes",
        json={"text": "Strong on churn models; ask about team size."},
        headers=h,
    )
    assert r.status_code == 201, r.text
    r = await client.get(f"/v1/projects/{pid}/candidates/{first}/history", headers=h)
    assert [n["text"] for n in r.json()["notes"]] == [
        "Strong on churn models; ask about team size."
    ]

    # The board groups by stage, with ratings and note counts.
    board = (await client.get(f"/v1/projects/{pid}/pipeline", headers=h)).json()
    assert board["stages"][0] == "pipeline" and board["stages"][-1] == "not_a_fit"
    by_id = {i["candidate_id"]: i for i in board["items"]}
    assert by_id[first]["stage"] == "submitted" and by_id[first]["rating"] == 5
    assert by_id[first]["notes"] == 1 and by_id[first]["recap"]
    assert by_id[second]["stage"] == "not_a_fit" and by_id[third]["stage"] == "pipeline"

    # Bulk is all or nothing: one unknown id changes nobody.
    unknown = str(uuid.uuid4())
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "archive", "candidate_ids": [third, unknown], "reason": "location"},
        headers=h,
    )
    assert r.status_code == 404 and unknown in r.json()["missing"]
    board = (await client.get(f"/v1/projects/{pid}/pipeline", headers=h)).json()
    assert {i["candidate_id"]: i["stage"] for i in board["items"]}[third] == "pipeline"

    # Archive needs a reason; archive then undo returns to the stage before.
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "archive", "candidate_ids": [first, third]},
        headers=h,
    )
    assert r.status_code == 422
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "archive", "candidate_ids": [first, third], "reason": "role paused"},
        headers=h,
    )
    assert r.status_code == 200 and len(r.json()["changed"]) == 2
    archived = (
        await client.get(f"/v1/projects/{pid}/pipeline", params={"view": "archived"}, headers=h)
    ).json()
    assert {i["candidate_id"] for i in archived["items"]} == {first, third}
    r = await client.post(f"/v1/projects/{pid}/candidates/{first}/restore", headers=h)
    assert r.status_code == 200 and r.json()["stage"] == "submitted"
    assert r.json()["rating"] == 5  # the rating survived archive and undo
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "restore", "candidate_ids": [third]},
        headers=h,
    )
    assert r.json()["changed"] == [third]
    board = (await client.get(f"/v1/projects/{pid}/pipeline", headers=h)).json()
    stages = {i["candidate_id"]: i["stage"] for i in board["items"]}
    assert stages[first] == "submitted" and stages[third] == "pipeline"

    # Export: the default shortlist leaves out "not a fit"; evidence is verbatim.
    r = await client.get(f"/v1/projects/{pid}/export", params={"format": "json"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    items = r.json()["items"]
    assert {i["candidate_id"] for i in items} == {first, third}
    top = next(i for i in items if i["candidate_id"] == first)
    assert top["stage"] == "submitted" and top["rating"] == 5
    full = (await client.get(f"/v1/candidates/{first}", headers=h)).json()
    quotes = [e["quote"] for q in top["qualifications"] for e in q["evidence"]]
    assert quotes and all(q in full["raw_text"] for q in quotes)
    assert full["name"] not in r.text  # no names in a shortlist
    r = await client.get(f"/v1/projects/{pid}/export", params={"format": "csv"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["candidate_id"] for row in rows} == {first, third}
    met = [row for row in rows if row["candidate_id"] == first and row["verdict"] == "met"]
    assert met and all(row["evidence"] for row in met)
    assert met[0]["evidence"].split(" [")[0] in full["raw_text"]
    r = await client.get(
        f"/v1/projects/{pid}/export", params={"format": "csv", "stages": "hired,nope"}, headers=h
    )
    assert r.status_code == 422 and "nope" in r.json()["error"]

    # Another organization sees none of it.
    r = await client.get(f"/v1/projects/{pid}/pipeline", headers=other_tenant.headers)
    assert r.status_code == 404
    r = await client.get(f"/v1/projects/{pid}/export", headers=other_tenant.headers)
    assert r.status_code == 404


async def test_the_assistant_never_rules_anyone_out(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    from app.errors import AppError
    from app.pipeline import service as pipeline
    from app.projects import service as projects

    pid = uuid.UUID((await run_conversation(client, team))["id"])
    cid = uuid.UUID((await _ranked(client, team, str(pid)))[0]["candidate_id"])
    for stage in ("not_a_fit", "hired", "archived", "submitted"):
        with transaction(rt.sessions) as session:
            project = projects.get(session, pid)
            try:
                pipeline.move(session, project, cid, stage, reason="automatic", actor="assistant")
            except AppError as exc:
                assert exc.status_code == 403 and "only the recruiter" in exc.message
            else:
                raise AssertionError(f"the assistant moved someone to {stage}")
    # What it may do: record that a candidate was contacted (history says who).
    with transaction(rt.sessions) as session:
        assert pipeline.move(
            session, projects.get(session, pid), cid, "contacted", reason="sent", actor="assistant"
        )
    history = (
        await client.get(f"/v1/projects/{pid}/candidates/{cid}/history", headers=team.headers)
    ).json()
    assert history["stage"] == "contacted"
    assert history["changes"][-1]["actor"] == "assistant" and history["changes"][-1]["by"] is None
