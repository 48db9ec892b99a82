"""Outreach on real Celery worker processes: approved messages published (twice, as a
redelivery would) reach the real SMTP server exactly once, and a follow-up made due in
Postgres is sent by the scheduled tick task without any countdown."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from agents.outreach import offline
from app.candidates.service import Importer, read_paths
from app.config import Settings
from app.db import transaction
from app.dispatch import CeleryDispatcher
from app.models import Candidate, OutreachMessage
from app.orgs.service import Caller, ensure_org, ensure_recruiter
from app.outreach import service as outreach
from app.outreach.schemas import StyleOut
from app.projects import service as projects
from app.runtime import Runtime
from app.worker.celery_app import make_celery
from tests.mail_servers import Inbox, start_smtp
from tests.test_worker import wait_for, worker

POOL = [
    {"id": f"w{i}", "name": f"Person {i}", "email": f"w{i}@cand.example",
     "headline": "Data Engineer",
     "experience": [{"title": "Data Engineer", "company": f"Firm {i}", "start": "2019",
                     "end": "present", "description": "Built Spark pipelines in Python."}],
     "skills": ["Python", "Apache Spark"]}
    for i in range(2)
]  # fmt: skip


@pytest.fixture(scope="module")
def orch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Runtime, Inbox, str]]:
    controller, inbox, url = start_smtp()
    settings = Settings(data_dir=tmp_path_factory.mktemp("scout-outreach-worker"))
    runtime = Runtime.start(settings, upgrade=True)
    try:
        yield runtime, inbox, url
    finally:
        runtime.close()
        controller.stop()


def _approved_batch(rt: Runtime, tmp: Path) -> list[uuid.UUID]:
    slug = "ow-" + uuid.uuid4().hex[:8]
    with transaction(rt.sessions) as session:
        org = ensure_org(session, slug, slug)
        recruiter = ensure_recruiter(session, org, f"{slug}@example.com")
        caller = Caller(recruiter=recruiter, org=org)
        pool = tmp / "pool.jsonl"
        pool.write_text("\n".join(json.dumps(p) for p in POOL), encoding="utf-8")
        Importer(session, rt.embedder, org.id).run(read_paths([pool]))
        project = projects.create(session, caller, "Data Engineer")
        projects.propose_qset(
            session, project, [{"id": "q1", "text": "Experience with Python", "weight": 1.0}],
            [], approved=True,
        )  # fmt: skip
        ids = sorted(session.scalars(select(Candidate.id).where(Candidate.org_id == org.id)))
        for cid in ids:
            projects.add_to_pipeline(session, project, cid, stage="pipeline", search={})
        job = outreach.job_brief(session, project.id)
        drafts = [
            offline.draft(b, job, StyleOut()) for b in outreach.briefs(session, project.id, ids)
        ]
        approval = outreach.store_drafts(session, project, "w", drafts, rt.settings.mail_from)
        assert approval is not None
        return outreach.decide_batch(session, caller, approval, "approve", [], None)


def _scheduled(rt: Runtime) -> int:
    with transaction(rt.sessions) as session:
        return len(
            list(
                session.scalars(
                    select(OutreachMessage.id).where(
                        OutreachMessage.kind == "followup", OutreachMessage.due_at.is_not(None)
                    )
                )
            )
        )


def test_worker_sends_once_and_the_tick_sends_what_is_due(
    orch: tuple[Runtime, Inbox, str], tmp_path: Path
) -> None:
    rt, inbox, url = orch
    due = _approved_batch(rt, tmp_path)
    assert len(due) == 2 and inbox.messages == []
    dispatcher = CeleryDispatcher(make_celery(rt.stack.redis_url))
    with worker(rt.settings, SCOUT_SMTP_URL=url):
        dispatcher.outreach_ready(due)
        dispatcher.outreach_ready(due)  # a duplicate delivery
        wait_for(lambda: len(inbox.messages) >= 2, timeout=180, what="two first messages")
        # The mail arrives before the worker commits `sent` (and dates the follow-ups).
        wait_for(lambda: _scheduled(rt) == 2, timeout=60, what="follow-ups dated")
        # A follow-up made due in Postgres: the beat's task finds it (no countdown).
        with transaction(rt.sessions) as session:
            session.execute(
                update(OutreachMessage)
                .where(OutreachMessage.kind == "followup", OutreachMessage.due_at.is_not(None))
                .values(due_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        dispatcher.celery.send_task("scout.outreach.tick", queue="short", expires=55)
        wait_for(lambda: len(inbox.messages) >= 4, timeout=180, what="two follow-ups")
        dispatcher.celery.send_task("scout.outreach.tick", queue="short", expires=55)
        with transaction(rt.sessions) as session:
            statuses = sorted(m.status for m in session.scalars(select(OutreachMessage)))
    assert statuses == ["sent"] * 4
    ids = [m["Message-ID"] for m in inbox.messages]
    assert len(ids) == len(set(ids)) == 4
