"""Outreach: offline drafts per second, and reply -> recruiter's stream latency.

    python -m benchmarks.bench_outreach [--drafts 2000] [--replies 30]

Drafts: the offline brain (template filled from evidence, then every check) on synthetic
briefs, in this process. Replies: a fresh embedded stack and the API in process (inline
dispatch, offline engine); each reply is a raw RFC 822 mail POSTed to /v1/inbound/email and
timed until its classified `candidate_reply` event is committed to the recruiter's event log,
which is when an open stream can deliver it (the SSE fan-out after that commit is measured
by bench_sse).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from agents.outreach import offline, skill
from agents.outreach.checks import problems
from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.main import create_app
from app.models import Candidate, Event
from app.orgs.service import Caller, create_token, ensure_org, ensure_recruiter
from app.outreach import repository as repo
from app.outreach import service as outreach
from app.outreach.schemas import CandidateBrief, StyleOut
from app.projects import service as projects
from benchmarks.common import fresh_runtime, summarize_ms, write_result

JOB = {
    "title": "Senior Data Engineer",
    "location": "Berlin",
    "qualifications": [
        "Experience with Python",
        "Experience with Apache Spark",
        "Experience with SQL",
    ],
}


def bench_drafts(n: int) -> dict[str, Any]:
    briefs = [
        CandidateBrief(
            candidate_id=uuid.uuid4(),
            has_address=True,
            roles=[{"title": f"Data Engineer {i % 7}", "company": f"Company {i % 13}"}],
            evidence=[
                {
                    "qualification": "Experience with Apache Spark",
                    "quote": f"Built Spark pipelines processing {i % 50 + 1} TB a day",
                }
            ],
        )
        for i in range(n)
    ]
    styles = [
        StyleOut(tone=t, length=ln, signature="Sam")
        for t in ("warm", "direct", "formal")
        for ln in ("short", "medium", "long")
    ]
    start = time.perf_counter()
    cited = 0
    for i, brief in enumerate(briefs):
        made = offline.draft(brief, JOB, styles[i % len(styles)])
        assert not problems(made.body.replace("Sam", ""))
        cited += skill.cites_own_evidence(made, brief)
    wall = time.perf_counter() - start
    return {
        "drafts": n,
        "wall_s": round(wall, 3),
        "drafts_per_s": round(n / wall, 1),
        "personalised_share": round(cited / n, 4),
    }


_POOL = [
    {
        "id": f"b{i}",
        "name": f"Person {i}",
        "email": f"p{i}@cand.example",
        "headline": "Data Engineer",
        "experience": [
            {
                "title": "Data Engineer",
                "company": f"Firm {i}",
                "start": "2019",
                "end": "present",
                "description": "Built Spark pipelines in Python and SQL.",
            }
        ],
        "skills": ["Python", "Apache Spark", "SQL"],
    }
    for i in range(3)
]


async def bench_replies(n: int) -> dict[str, Any]:
    with fresh_runtime() as rt, tempfile.TemporaryDirectory() as tmp:
        with transaction(rt.sessions) as session:
            org = ensure_org(session, "bench-outreach")
            recruiter = ensure_recruiter(session, org, "bench@example.com")
            token = create_token(session, recruiter, "bench")
            pool = Path(tmp) / "pool.jsonl"
            pool.write_text("\n".join(json.dumps(p) for p in _POOL), encoding="utf-8")
            Importer(session, rt.embedder, org.id).run(read_paths([pool]))
            caller = Caller(recruiter=recruiter, org=org)
            project = projects.create(session, caller, JOB["title"])
            quals = [
                {"id": f"q{i}", "text": t, "required": True, "weight": 1.0}
                for i, t in enumerate(JOB["qualifications"], start=1)
            ]
            projects.propose_qset(session, project, quals, [], approved=True)
            ids = list(session.scalars(select(Candidate.id).where(Candidate.org_id == org.id)))
            for cid in ids:
                projects.add_to_pipeline(session, project, cid, stage="pipeline", search={})
            briefs = outreach.briefs(session, project.id, ids)
            drafts = [offline.draft(b, JOB, StyleOut()) for b in briefs]
            approval = outreach.store_drafts(session, project, "bench", drafts, "s@x.example")
            assert approval is not None
            outreach.decide_batch(session, caller, approval, "approve", [], None)
            headers = [
                m.header_message_id
                for m in repo.messages_of_approval(session, approval)
                if m.step == 0
            ]
        app = create_app(runtime=rt)
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "message/rfc822"}
        texts = [
            "Sounds great, what is the salary range?",
            "Not interested, thanks.",
            "Can we talk on Tuesday at 3pm?",
            "I'm out of the office until Monday.",
        ]
        samples: list[float] = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
            for i in range(n):
                mid = f"<r{i}-{uuid.uuid4().hex}@cand.example>"
                raw = (
                    f"From: p0@cand.example\r\nMessage-ID: {mid}\r\nIn-Reply-To: "
                    f"{headers[i % len(headers)]}\r\nSubject: Re: role\r\n\r\n"
                    f"{texts[i % len(texts)]}\r\n"
                ).encode()
                start = time.perf_counter()
                r = await client.post("/v1/inbound/email", content=raw, headers=auth)
                assert r.status_code == 202, r.text
                inbound_id = r.json()["id"]
                while True:
                    with transaction(rt.sessions) as session:
                        found = session.scalar(
                            select(Event.id).where(
                                Event.recruiter_id == recruiter.id,
                                Event.kind == "mailbox.message",
                                Event.data["payload"]["inbound_id"].astext == inbound_id,
                            )
                        )
                    if found is not None:
                        break
                    await asyncio.sleep(0.002)
                samples.append(time.perf_counter() - start)
        return {"replies": n, **summarize_ms(samples)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--replies", type=int, default=30)
    args = parser.parse_args()
    drafts = bench_drafts(args.drafts)
    print(f"offline drafts: {drafts['drafts_per_s']}/s ({drafts['drafts']} in {drafts['wall_s']}s)")
    replies = asyncio.run(bench_replies(args.replies))
    print(
        f"reply -> stream: p50 {replies['p50_ms']} ms, p95 {replies['p95_ms']} ms "
        f"over {replies['n']} replies"
    )
    write_result("outreach", {"drafts": drafts, "reply_to_stream": replies})


if __name__ == "__main__":
    main()
