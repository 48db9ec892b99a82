"""The learning agent's own cost, per review, without the database: fitting the learned
re-ranking and finding proposals over a project's reactions.

    python -m benchmarks.bench_learning [--reactions 50 200 1000] [--qualifications 8]

Reactions are synthetic verdict rows (met / not met / unknown at fixed rates, seeded), with
archive reasons naming a skill for a third of the archived. Goal: a review (fit + proposals)
well under a second at 1,000 reactions, so it can run inline after a reaction.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid

from agents.learning.offline import propose
from agents.schemas import Qualification
from app.signals.schemas import Reaction
from app.signals.service import rank_reactions
from app.taxonomy import get_taxonomy
from benchmarks.common import write_result

SKILLS = ["Python", "SQL", "Kubernetes", "Docker", "AWS", "Spark", "Terraform", "Java", "Go"]


def _quals(n: int) -> list[Qualification]:
    return [
        Qualification(id=f"q{i + 1}", text=f"Experience with {SKILLS[i % len(SKILLS)]}",
                      required=i < n // 2)
        for i in range(n)
    ]  # fmt: skip


def _reactions(n: int, quals: list[Qualification], rng: random.Random) -> list[Reaction]:
    out = []
    for i in range(n):
        archived = rng.random() < 0.5
        out.append(
            Reaction(
                candidate_id=uuid.UUID(int=i + 1),
                stage="archived" if archived else "pipeline",
                added_by="assistant" if archived else "recruiter",
                rating=None,
                reason="no Kubernetes experience" if archived and rng.random() < 0.33 else None,
                score=rng.random(),
                verdicts=[
                    {
                        "qualification_id": q.id,
                        "verdict": rng.choice(["met", "met", "not_met", "unknown"]),
                        "confidence": round(rng.uniform(0.4, 0.95), 2),
                        "evidence": rng.choice([0, 1, 2]),
                    }
                    for q in quals
                ],
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reactions", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--qualifications", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(13)
    quals = _quals(args.qualifications)
    get_taxonomy().find_skills("Python")  # loaded once, outside the timings
    rows = []
    for n in args.reactions:
        reactions = _reactions(n, quals, rng)
        started = time.perf_counter()
        ranking = rank_reactions([q.model_dump(mode="json") for q in quals], reactions)
        fit_s = time.perf_counter() - started
        started = time.perf_counter()
        found = propose(quals, reactions)
        propose_s = time.perf_counter() - started
        rows.append(
            {
                "reactions": n,
                "qualifications": len(quals),
                "fit_and_rank_ms": round(fit_s * 1000, 1),
                "proposals_ms": round(propose_s * 1000, 1),
                "proposals": len(found),
                "ranked": len(ranking.items),
            }
        )
        print(rows[-1])
    write_result("learning", {"runs": rows, "goal": "fit + proposals < 1000 ms at 1000"})


if __name__ == "__main__":
    main()
