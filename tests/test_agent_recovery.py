"""Kill the process that runs the supervisor in the middle of a step; a restarted one
resumes the thread from its Postgres checkpoint without repeating finished steps or their
side effects."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import func, select

from app.approvals import service as approvals
from app.approvals.schemas import DecisionIn
from app.bootstrap import build_processor
from app.config import Settings
from app.db import transaction
from app.models import Evaluation, MailboxMessage, Project, ProjectCandidate
from app.orgs.service import Caller
from app.runtime import Runtime
from tests.conftest import Tenant, make_tenant
from tests.pool import write_pool
from tests.test_agent_flow import REQUEST

RESUME = """
import sys, uuid
from app.config import Settings
from app.runtime import Runtime
from app.bootstrap import build_processor
rt = Runtime.start(Settings())
build_processor(rt).resume_approval(uuid.UUID(sys.argv[1]))
"""


async def _approval_ready(client: httpx.AsyncClient, tenant: Tenant) -> tuple[str, str]:
    r = await client.post(
        "/v1/projects", json={"text": REQUEST + " Senior, in Berlin."}, headers=tenant.headers
    )
    assert r.status_code == 201, r.text
    items = (await client.get("/v1/approvals", headers=tenant.headers)).json()["items"]
    return r.json()["id"], items[0]["id"]


def _pool(rt: Runtime, tmp_path: Path) -> Tenant:
    from app.candidates.service import Importer, read_paths

    tenant = make_tenant(rt)
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(
            read_paths([write_pool(tmp_path / f"{uuid.uuid4().hex}.jsonl")])
        )
    return tenant


def _counts(rt: Runtime, project_id: str) -> dict[str, object]:
    pid = uuid.UUID(project_id)
    with transaction(rt.sessions) as s:
        kinds = dict(
            s.execute(
                select(MailboxMessage.kind, func.count())
                .where(MailboxMessage.project_id == pid)
                .group_by(MailboxMessage.kind)
            )
            .tuples()
            .all()
        )
        pipeline = s.scalar(
            select(func.count())
            .select_from(ProjectCandidate)
            .where(ProjectCandidate.project_id == pid)
        )
        evaluations = s.scalar(
            select(func.count())
            .select_from(Evaluation)
            .join(ProjectCandidate, ProjectCandidate.candidate_id == Evaluation.candidate_id)
            .where(ProjectCandidate.project_id == pid)
        )
        project = s.get(Project, pid)
        assert project is not None
        steps = [(st["agent"], st["status"]) for st in project.plan["steps"]]
    return {
        "kinds": kinds,
        "pipeline": pipeline,
        "evaluations": evaluations,
        "steps": steps,
        "status": project.status,
    }


async def test_killed_mid_step_resumes_without_repeating(
    client: httpx.AsyncClient, rt: Runtime, settings: Settings, tmp_path: Path
) -> None:
    # A reference run, undisturbed, on an identical pool.
    ref_tenant = _pool(rt, tmp_path)
    ref_project, ref_approval = await _approval_ready(client, ref_tenant)
    r = await client.post(
        f"/v1/approvals/{ref_approval}", json={"decision": "approve"}, headers=ref_tenant.headers
    )
    assert r.status_code == 200
    reference = _counts(rt, ref_project)
    assert reference["status"] == "calibration_ready"

    tenant = _pool(rt, tmp_path)
    project_id, approval_id = await _approval_ready(client, tenant)
    with transaction(rt.sessions) as s:
        approvals.decide(
            s,
            Caller(recruiter=tenant.recruiter, org=tenant.org),
            uuid.UUID(approval_id),
            DecisionIn(decision="approve"),
        )
    env = {
        **os.environ,
        "SCOUT_DATA_DIR": str(settings.data_dir),
        "SCOUT_FAULT_STEP_DELAY": "evaluation=120",
    }
    proc = subprocess.Popen([sys.executable, "-c", RESUME, approval_id], env=env)
    try:
        deadline = time.monotonic() + 180
        while True:
            steps = _counts(rt, project_id)["steps"]
            if ("evaluation", "running") in steps:  # type: ignore[operator]
                break
            assert proc.poll() is None, "the worker exited before the evaluation step"
            assert time.monotonic() < deadline, steps
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    crashed = _counts(rt, project_id)
    assert crashed["status"] != "calibration_ready"
    assert ("sourcing", "done") in crashed["steps"]  # type: ignore[operator]

    restarted = build_processor(rt)  # a new process's runner: nothing in memory survives
    try:
        restarted.recover()
    finally:
        restarted.close()
    after = _counts(rt, project_id)
    assert after["status"] == "calibration_ready"
    assert all(status == "done" for _, status in after["steps"])  # type: ignore[attr-defined]
    # Same effects as the undisturbed run: sourcing did not run again (it would have added
    # a second batch), and no message or evaluation was written twice.
    assert after["pipeline"] == reference["pipeline"]
    assert after["evaluations"] == reference["evaluations"]
    assert after["kinds"] == reference["kinds"]
    assert after["steps"] == reference["steps"]
