"""A candidate's rights on the real stack: export everything held, erase it everywhere
(after a real assistant conversation put them in evaluations, messages and events), audited,
scoped to the organization; the same through the CLI, and token revocation there too."""

from __future__ import annotations

import json
import uuid

import httpx
from sqlalchemy import String, cast, func, select, text

from app.config import Settings
from app.db import transaction
from app.events.service import publish
from app.mailbox.service import assistant_of, post
from app.models import (
    Approval,
    Candidate,
    CandidateChunk,
    CandidateDocument,
    CandidateSection,
    Embedding,
    Evaluation,
    Event,
    MailboxMessage,
    ProjectCandidate,
)
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_agent_flow import run_conversation
from tests.test_cli import scout


def _mentions(rt: Runtime, org_id: uuid.UUID, cid: uuid.UUID) -> dict[str, int]:
    needle = f"%{cid}%"
    with transaction(rt.sessions) as s:

        def count(model: type, *conds: object) -> int:
            return int(s.scalar(select(func.count()).select_from(model).where(*conds)) or 0)  # type: ignore[arg-type]

        return {
            "candidate": count(Candidate, Candidate.id == cid),
            "documents": count(CandidateDocument, CandidateDocument.candidate_id == cid),
            "sections": count(CandidateSection, CandidateSection.candidate_id == cid),
            "chunks": count(CandidateChunk, CandidateChunk.candidate_id == cid),
            "evaluations": count(Evaluation, Evaluation.candidate_id == cid),
            "pipeline": count(ProjectCandidate, ProjectCandidate.candidate_id == cid),
            "messages": count(
                MailboxMessage,
                MailboxMessage.org_id == org_id,
                (MailboxMessage.body.like(needle))
                | (cast(MailboxMessage.payload, String).like(needle)),
            ),
            "approvals": count(
                Approval, Approval.org_id == org_id, cast(Approval.payload, String).like(needle)
            ),
            "events": count(Event, Event.org_id == org_id, cast(Event.data, String).like(needle)),
        }


async def test_export_then_erase_everywhere(
    client: httpx.AsyncClient, rt: Runtime, team: Tenant, other_tenant: Tenant
) -> None:
    project = await run_conversation(client, team)
    ranked = (
        await client.get(f"/v1/projects/{project['id']}/candidates", headers=team.headers)
    ).json()["items"]
    assert ranked
    cid = uuid.UUID(ranked[0]["candidate_id"])
    # Put them in the pipeline: a stage change, audited.
    r = await client.post(
        f"/v1/projects/{project['id']}/candidates/{cid}",
        json={"action": "add"},
        headers=team.headers,
    )
    assert r.status_code == 204, r.text
    # A shortlist naming them beside someone else, and an event about them: the scrub must
    # take out their entry and keep the other.
    other_id = str(uuid.UUID(ranked[1]["candidate_id"])) if len(ranked) > 1 else "x"
    with transaction(rt.sessions) as s:
        assistant = assistant_of(s, team.recruiter.id)
        post(
            s,
            assistant,
            sender="supervisor",
            kind="reply",
            body=f"shortlist: {cid} and {other_id}",
            project_id=uuid.UUID(project["id"]),
            payload={"shortlist": [{"candidate_id": str(cid)}, {"candidate_id": other_id}]},
        )
        publish(
            s,
            recruiter_id=team.recruiter.id,
            org_id=team.org.id,
            kind="candidates.ready",
            data={"candidate_id": str(cid)},
        )
    before = _mentions(rt, team.org.id, cid)
    assert before["messages"] >= 1 and before["events"] >= 1
    assert before["candidate"] == 1 and before["sections"] and before["chunks"]
    assert before["evaluations"] and before["pipeline"]

    with transaction(rt.sessions) as s:
        embedding_ids = set(
            s.scalars(select(CandidateChunk.embedding_id).where(CandidateChunk.candidate_id == cid))
        ) - {None}
        shared = set(
            s.scalars(
                select(CandidateChunk.embedding_id).where(
                    CandidateChunk.embedding_id.in_(embedding_ids),
                    CandidateChunk.candidate_id != cid,
                )
            )
        )
    assert embedding_ids

    # Another organization cannot see, export or erase them.
    assert (
        await client.get(f"/v1/candidates/{cid}/export", headers=other_tenant.headers)
    ).status_code == 404
    assert (
        await client.delete(f"/v1/candidates/{cid}", headers=other_tenant.headers)
    ).status_code == 404

    r = await client.get(f"/v1/candidates/{cid}/export", headers=team.headers)
    assert r.status_code == 200, r.text
    exported = r.json()
    assert exported["candidate_id"] == str(cid)
    assert exported["sections"] and exported["evaluations"]
    assert [p["stage"] for p in exported["pipeline"]] == ["pipeline"]
    assert exported["profile"]["raw_text"]

    r = await client.delete(f"/v1/candidates/{cid}", headers=team.headers)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["sections"] == before["sections"] and report["chunks"] == before["chunks"]
    assert report["evaluations"] == before["evaluations"]
    assert report["messages_scrubbed"] == before["messages"]
    assert report["events_deleted"] == before["events"]
    after = _mentions(rt, team.org.id, cid)
    assert after == {k: 0 for k in after}, after
    with transaction(rt.sessions) as s:
        left = set(s.scalars(select(Embedding.id).where(Embedding.id.in_(embedding_ids))))
    # Embeddings another profile shares stay; the rest are gone.
    assert left == shared
    assert report["embeddings"] == len(embedding_ids - shared)

    with transaction(rt.sessions) as s:
        shortlist = s.scalars(
            select(MailboxMessage.payload).where(
                MailboxMessage.org_id == team.org.id,
                cast(MailboxMessage.payload, String).like("%shortlist%"),
            )
        ).one()
    assert shortlist == {"shortlist": [{"candidate_id": other_id}]}
    assert (await client.get(f"/v1/candidates/{cid}", headers=team.headers)).status_code == 404
    assert (await client.delete(f"/v1/candidates/{cid}", headers=team.headers)).status_code == 404
    # The project still reads: the conversation around them survives the scrub.
    assert (await client.get(f"/v1/projects/{project['id']}", headers=team.headers)).is_success
    assert (await client.get("/v1/mailbox", headers=team.headers)).is_success

    log = (await client.get("/v1/audit", headers=team.headers)).json()["items"]
    actions = [e["action"] for e in log]
    assert actions[0] == "candidate.erased" and log[0]["subject"] == f"candidate:{cid}"
    assert "candidate.stage_changed" in actions and "approval.decided" in actions
    # The audit record names the id and counts, never the person.
    with transaction(rt.sessions) as s:
        raw = s.scalar(
            text("SELECT detail::text FROM audit_log WHERE subject = :s"), {"s": f"candidate:{cid}"}
        )
    assert (
        raw is not None
        and "raw_text" not in raw
        and exported["profile"]["raw_text"][:30] not in raw
    )


def test_cli_export_erase_and_tokens(settings: Settings, rt: Runtime, team: Tenant) -> None:
    with transaction(rt.sessions) as s:
        cid = s.scalar(select(Candidate.id).where(Candidate.org_id == team.org.id).limit(1))
    assert cid is not None
    out = scout(settings, "candidate", "export", str(cid), "--org", team.org.slug)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["candidate_id"] == str(cid)
    out = scout(settings, "candidate", "erase", str(cid), "--org", team.org.slug, "--yes")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sections"] >= 1
    assert _mentions(rt, team.org.id, cid)["candidate"] == 0
    again = scout(settings, "candidate", "erase", str(cid), "--org", team.org.slug, "--yes")
    assert again.returncode == 2 and "not found" in again.stderr

    listed = scout(settings, "token", "list", "--org", team.org.slug)
    assert listed.returncode == 0, listed.stderr
    token_id, prefix = listed.stdout.split("\t")[:2]
    assert team.token.startswith(prefix) and "active" in listed.stdout
    revoked = scout(settings, "token", "revoke", prefix, "--org", team.org.slug)
    assert revoked.returncode == 0, revoked.stderr
    listed = scout(settings, "token", "list", "--org", team.org.slug)
    assert "revoked" in listed.stdout and token_id in listed.stdout
    log = scout(settings, "audit", "--org", team.org.slug)
    assert "token.revoked" in log.stdout and "candidate.erased" in log.stdout
    assert "cli:" in log.stdout


def test_import_runs_retention(rt: Runtime, tenant: Tenant) -> None:
    from datetime import UTC, datetime, timedelta

    from app.candidates.retention import prune_imports
    from app.models import ImportRun

    now = datetime.now(UTC)
    with transaction(rt.sessions) as s:
        runs = {
            "stuck": ImportRun(
                org_id=tenant.org.id, status="running", created_at=now - timedelta(hours=7)
            ),
            "busy": ImportRun(
                org_id=tenant.org.id, status="running", created_at=now - timedelta(minutes=5)
            ),
            "old": ImportRun(
                org_id=tenant.org.id, status="finished", created_at=now - timedelta(days=91)
            ),
            "recent": ImportRun(
                org_id=tenant.org.id, status="finished", created_at=now - timedelta(days=1)
            ),
        }
        s.add_all(runs.values())
        s.flush()
        ids = {k: r.id for k, r in runs.items()}
    found = prune_imports(rt.sessions, retention_days=90, stale_after_hours=6, now=now)
    assert found["abandoned"] >= 1 and found["removed"] >= 1
    with transaction(rt.sessions) as s:
        left = {
            r.id: r.status
            for r in s.scalars(select(ImportRun).where(ImportRun.org_id == tenant.org.id))
        }
    assert left == {ids["stuck"]: "abandoned", ids["busy"]: "running", ids["recent"]: "finished"}
    # Idempotent: nothing of ours changes on a second run.
    prune_imports(rt.sessions, retention_days=90, stale_after_hours=6, now=now)
    with transaction(rt.sessions) as s:
        again = {
            r.id: r.status
            for r in s.scalars(select(ImportRun).where(ImportRun.org_id == tenant.org.id))
        }
    assert again == left
