"""Refinement: a recruiter's message after approval, read against a fixed approved set.

Each hand-written case states the change a careful assistant would propose (the diff's
summary parts) or none at all (thanks, questions, markup, a discriminatory wish). A case
passes only when the proposed diff is exactly the expected one. Tune on `dev`; `test` is
reported. With the llm engine the planner's `changes` go through the same `apply_changes`.
"""

from __future__ import annotations

from typing import Any

from agents.refinement.apply import apply_changes
from agents.refinement.visible import visible_text
from agents.schemas import JobSpec, Qualification
from agents.supervisor.planner import plan_followup
from evals import data
from evals.context import SuiteContext, SuiteResult

APPROVED = [
    Qualification(id="q1", text="Experience with Python", starred=True, weight=2.0),
    Qualification(id="q2", text="5+ years of professional experience as a Data Scientist"),
    Qualification(id="q3", text="Bachelor's degree in Computer Science", required=False),
    Qualification(id="q4", text="Experience with Amazon Web Services", required=False),
    Qualification(id="q5", text="Experience with Docker"),
    Qualification(id="q6", text="Experience with SQL"),
]
SPEC = JobSpec(title="Data Scientist", location="Berlin, Germany", min_years_experience=5)


def _proposed(ctx: SuiteContext, message: str) -> list[str]:
    text = visible_text(message)
    if not text:
        return []
    context = {"qualifications": [q.model_dump(include={"id", "text", "required", "starred"})
                                  for q in APPROVED], "suggestions": []}  # fmt: skip
    followup, _, _ = plan_followup(ctx.engine.gateway, 1, text, context)
    if followup.intent != "refine":
        return []
    _, diff = apply_changes(APPROVED, SPEC, followup.changes)
    return [] if diff.empty else diff.summary().split("; ")


def run(ctx: SuiteContext) -> SuiteResult:
    rows: list[dict[str, Any]] = []
    for case in data._jsonl("refinement_cases.jsonl"):
        got = _proposed(ctx, case["message"])
        rows.append({**case, "proposed": got, "ok": sorted(got) == sorted(case["expected"])})
    metrics: dict[str, float] = {}
    for split in ("dev", "test"):
        part = [r for r in rows if r["split"] == split]
        quiet = [r for r in part if not r["expected"]]
        changes = [r for r in part if r["expected"]]
        metrics[f"{split}.exact_rate"] = round(sum(r["ok"] for r in part) / len(part), 4)
        # A message that asks for nothing must change nothing (the costly error).
        metrics[f"{split}.false_change_rate"] = round(
            sum(bool(r["proposed"]) for r in quiet) / len(quiet), 4
        )
        metrics[f"{split}.change_recall"] = round(sum(r["ok"] for r in changes) / len(changes), 4)
    failures = [r for r in rows if not r["ok"]]
    return SuiteResult("refinement", "ok", metrics, {"cases": len(rows), "failures": failures})
