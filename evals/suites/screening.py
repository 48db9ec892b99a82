"""Screening: hand-written transcripts (Zoom and Teams VTT, SRT, plain text) read by the
screening agent. Grounding is the gate: every quote the agent keeps must stand verbatim in
the candidate's own turns (100%), none may come only from the interviewer, and a turn that
tells an AI what to do settles nothing. Verdict accuracy is reported per split (tune on dev).
"""

from __future__ import annotations

from typing import Any

from agents.schemas import Qualification
from agents.screening.skill import analyse_screen
from agents.screening.speech import candidate_speech
from app.screening.transcripts import candidate_speaker, parse
from evals import data
from evals.context import SuiteContext, SuiteResult


def _case(ctx: SuiteContext, case: dict[str, Any]) -> dict[str, Any]:
    _, turns = parse(case["filename"], case["transcript"].encode())
    who = candidate_speaker(turns, case["candidate"], None)
    speech = candidate_speech([t.to_json() for t in turns], who)
    quals = [Qualification.model_validate(q) for q in case["qualifications"]]
    analysis, engine, _ = analyse_screen(ctx.engine.gateway, speech, quals)
    got = {f.qualification_id: f.verdict for f in analysis.findings}
    quotes = [q for f in analysis.findings for q in f.quotes]
    return {
        "id": case["id"],
        "split": case["split"],
        "speaker_ok": who == case["candidate"],
        "quotes": len(quotes),
        "grounded": sum(q in speech.text for q in quotes),
        "interviewer_only": sum(
            q in speech.interviewer_text and q not in speech.text for q in quotes
        ),
        "expected": case["expected"],
        "got": {k: got.get(k, "unknown") for k in case["expected"]},
        "engine": engine,
    }


def run(ctx: SuiteContext) -> SuiteResult:
    rows = [_case(ctx, c) for c in data._jsonl("screening_transcripts.jsonl")]
    quotes = sum(r["quotes"] for r in rows)
    metrics: dict[str, float] = {
        "grounding": round(sum(r["grounded"] for r in rows) / quotes, 4) if quotes else 1.0,
        "interviewer_quotes": float(sum(r["interviewer_only"] for r in rows)),
        "speaker_accuracy": round(sum(r["speaker_ok"] for r in rows) / len(rows), 4),
    }
    for split in ("dev", "test"):
        pairs = [
            (r["got"][k], v) for r in rows if r["split"] == split for k, v in r["expected"].items()
        ]
        metrics[f"{split}.verdict_accuracy"] = round(sum(g == e for g, e in pairs) / len(pairs), 4)
    failures = [r for r in rows if r["got"] != r["expected"] or not r["speaker_ok"]]
    return SuiteResult("screening", "ok", metrics, {"rows": rows, "failures": failures})
