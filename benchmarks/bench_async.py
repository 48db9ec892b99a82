"""Evaluation throughput of background ("source while you sleep") runs, offline engine.

    python -m benchmarks.bench_async [--candidates 2000] [--threads 1 2]

Loads synthetic profiles (no embeddings needed to evaluate), approves a qualification set,
then runs the exact per-candidate path of an async run (redact, evaluate, verify quotes,
store) in 1 and 2 threads: the worker's thread pool. Goal: >= 20,000 candidate x
qualification-set evaluations per hour on 2 cores.
"""

from __future__ import annotations

import argparse
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from agents.deps import AgentDeps
from agents.evaluation.skill import evaluate_stored_candidate
from agents.llm.gateway import LLMGateway
from agents.schemas import Qualification
from app.candidates.dedupe import content_hash, simhash
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import RawRecord
from app.candidates.store import prepare
from app.db import transaction
from app.models import Candidate, Project, QualificationSet
from app.orgs.service import ensure_recruiter
from app.runtime import Runtime
from app.synth import generate_profiles
from benchmarks.common import fresh_runtime, new_org, write_result

QUALIFICATIONS = [
    Qualification(id="q1", text="Experience with Python", required=True, starred=True, weight=2.0),
    Qualification(id="q2", text="Experience with SQL", required=True),
    Qualification(id="q3", text="3+ years of professional experience", required=True),
    Qualification(id="q4", text="Amazon Web Services", required=False),
    Qualification(id="q5", text="Bachelor's degree", required=False),
]


def load(rt: Runtime, org: uuid.UUID, count: int) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    batch = []
    for i, p in enumerate(generate_profiles(count, 99)):
        profile = extract_profile(RawRecord(source=f"synth#{i}", fields=p))
        batch.append(
            prepare(
                profile,
                org_id=org,
                source=f"synth#{i}",
                media_type="application/jsonl",
                size_bytes=len(profile.raw_text),
                content_hash=content_hash(profile.raw_text),
                simhash=simhash(profile.raw_text),
                import_run_id=None,
            )
        )
        if len(batch) == 500 or i == count - 1:
            with transaction(rt.sessions) as s:
                for prep in batch:
                    s.add(prep.candidate)
                s.flush()
                for prep in batch:
                    s.add(prep.document)
                    s.add_all(prep.sections)
            ids += [prep.candidate.id for prep in batch]
            batch = []
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    results: dict[str, object] = {
        "candidates": args.candidates,
        "qualifications_per_set": len(QUALIFICATIONS),
    }
    with fresh_runtime() as rt:
        org = new_org(rt, "bench")
        ids = load(rt, org, args.candidates)
        deps = AgentDeps(
            settings=rt.settings,
            sessions=rt.sessions,
            embedder=rt.embedder,
            gateway=LLMGateway(base_url=None),
        )
        for threads in args.threads:
            with transaction(rt.sessions) as s:
                from app.models import Organization

                organization = s.get(Organization, org)
                assert organization is not None
                recruiter = ensure_recruiter(s, organization, f"bench{threads}@example.com")
                project = Project(org_id=org, recruiter_id=recruiter.id, title="bench")
                s.add(project)
                s.flush()
                qset = QualificationSet(
                    project_id=project.id,
                    org_id=org,
                    version=1,
                    status="approved",
                    qualifications=[q.model_dump(mode="json") for q in QUALIFICATIONS],
                )
                s.add(qset)
                s.flush()
                qset_id = qset.id

            def one(cid: uuid.UUID, qset_id: uuid.UUID = qset_id) -> None:
                with transaction(rt.sessions) as s:
                    candidate = s.get(Candidate, cid)
                    qs = s.get(QualificationSet, qset_id)
                    assert candidate is not None and qs is not None
                    evaluate_stored_candidate(deps, s, candidate, qs, QUALIFICATIONS)

            one(ids[0])  # warm the taxonomy and caches
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(one, ids[1:]))
            elapsed = time.perf_counter() - started
            n = len(ids) - 1
            results[f"threads_{threads}"] = {
                "evaluations": n,
                "seconds": round(elapsed, 2),
                "ms_per_candidate": round(1000 * elapsed / n, 2),
                "evaluations_per_hour": int(n / elapsed * 3600),
            }
        with transaction(rt.sessions) as s:
            from app.models import Evaluation

            stored = len(list(s.scalars(select(Evaluation.id))))
        results["stored_evaluations"] = stored
        results["worker_settings"] = {
            "pool": "threads",
            "concurrency": max(args.threads),
            "prefetch_multiplier": 1,
            "acks_late": True,
            "queue": "long",
        }
    write_result("async_evaluation", results)


if __name__ == "__main__":
    main()
