"""The evaluation agent against hand-labelled (profile, qualification) cases.

Each profile is evaluated once against all its qualifications, as the product does, through
extraction, redaction, the chosen brain and both quote checks. Measured:
- per-verdict precision / recall and accuracy against the labels, and the confusion matrix;
- evidence grounding: share of quotes found verbatim in the stored text (must be 100%), and
  met verdicts that carry evidence (must be 100%);
- evidence agreement: for labelled-met cases the engine also called met, whether a quote
  overlaps a labelled evidence span;
- calibration of confidence: ECE and reliability bins, "correct" meaning the verdict equals
  the label;
- privacy: evidence quotes that show a name, email, phone, URL, birth date or age
  (`evals.privacy`; goal 0, gated at 0), over the labelled profiles and a probe of CVs whose
  headers the parser may not read (`privacy_headers.jsonl`: no parsable name, personal lines,
  contact labels); on the probe also contact labels judged met ("LinkedIn" from a contact
  line; goal 0, gated at 0) and skills named like names ("Ruby", "Jenkins") judged met.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from evals import data
from evals.context import SuiteContext, SuiteResult
from evals.engine import BudgetExhausted, evaluate_text, qualifications_from
from evals.metrics import (
    accuracy,
    confusion,
    expected_calibration_error,
    per_class_scores,
    reliability_bins,
)
from evals.privacy import LeakCounter, names_in_header

VERDICTS = ("met", "not_met", "unknown")
PROBE_SKILLS = ("Ruby", "Jenkins", "Django", "Ansible")
PROBE_CONTACT_LABELS = ("LinkedIn", "GitHub", "Skype")
# In smoke runs, every other profile: still all verdict kinds, half the time.
SMOKE_STEP = 2


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def overlaps(text: str, quote: str, labelled: list[str]) -> bool:
    """Whether `quote` shares characters with a labelled span, wherever either occurs."""
    quoted = _spans(text, quote)
    for span in labelled:
        for a, b in _spans(text, span):
            if any(a < qe and qa < b for qa, qe in quoted):
                return True
    return False


def _privacy_probe(ctx: SuiteContext, leaks: LeakCounter) -> tuple[dict[str, float], bool]:
    """(metrics, whether the LLM call budget stopped it)."""
    quals = qualifications_from([*PROBE_SKILLS, *PROBE_CONTACT_LABELS])
    by_text = {q.text: q.id for q in quals}
    contact_met = skills_met = cases = 0
    stopped = False
    for case in data.privacy_headers():
        try:
            evaluated = evaluate_text(ctx.engine, case.text, quals, source=f"{case.id}.txt")
        except BudgetExhausted:
            stopped = True
            break
        cases += 1
        verdicts = {v.qualification_id: v for v in evaluated.evaluation.verdicts}
        for verdict in verdicts.values():
            leaks.add([e.quote for e in verdict.evidence], case.names, where=case.id)
        contact_met += sum(verdicts[by_text[t]].verdict == "met" for t in PROBE_CONTACT_LABELS)
        skills_met += sum(verdicts[by_text[t]].verdict == "met" for t in PROBE_SKILLS)
    if not cases:
        return {}, stopped
    return {
        "contact_label_met": float(contact_met),
        "lookalike_skill_met_rate": round(skills_met / (cases * len(PROBE_SKILLS)), 4),
    }, stopped


def run(ctx: SuiteContext) -> SuiteResult:
    profiles = data.qualification_profiles()
    by_profile: dict[str, list[data.QualificationCase]] = defaultdict(list)
    for case in data.qualification_cases():
        by_profile[case.profile].append(case)
    profile_ids = sorted(by_profile)
    if ctx.size == "smoke":
        profile_ids = profile_ids[::SMOKE_STEP]

    calls_before = len(ctx.engine.recorder.calls)
    rows: list[dict[str, Any]] = []
    budget_stop = False
    quotes_total = quotes_grounded = met_total = met_with_evidence = 0
    leaks = LeakCounter()
    for pid in profile_ids:
        cases = by_profile[pid]
        quals = qualifications_from([c.qualification for c in cases])
        try:
            evaluated = evaluate_text(ctx.engine, profiles[pid], quals, source=f"{pid}.txt")
        except BudgetExhausted:
            budget_stop = True  # report what the budget allowed, and say so
            break
        verdicts = {v.qualification_id: v for v in evaluated.evaluation.verdicts}
        for case, q in zip(cases, quals, strict=True):
            v = verdicts.get(q.id)
            predicted = v.verdict if v else "unknown"
            quotes = [e.quote for e in v.evidence] if v else []
            leaks.add(quotes, names_in_header(profiles[pid]), where=case.id)
            quotes_total += len(quotes)
            quotes_grounded += sum(1 for quote in quotes if quote in evaluated.raw_text)
            if predicted == "met":
                met_total += 1
                met_with_evidence += bool(quotes)
            agree = None
            if case.expected == "met" and predicted == "met" and case.evidence:
                agree = any(overlaps(profiles[pid], quote, case.evidence) for quote in quotes)
            rows.append(
                {
                    "case": case.id,
                    "profile": pid,
                    "qualification": case.qualification,
                    "expected": case.expected,
                    "predicted": predicted,
                    "confidence": v.confidence if v else 0.0,
                    "quotes": quotes,
                    "evidence_agrees": agree,
                    "explanation": v.explanation if v else "",
                    "degraded": evaluated.evaluation.degraded,
                }
            )

    if budget_stop and not rows:
        raise BudgetExhausted(f"the LLM call budget of {ctx.engine.max_calls} is spent")
    labels = [r["expected"] for r in rows]
    predictions = [r["predicted"] for r in rows]
    correct = [r["expected"] == r["predicted"] for r in rows]
    confidences = [float(r["confidence"]) for r in rows]
    metrics: dict[str, float] = {
        "cases": float(len(rows)),
        "accuracy": round(accuracy(labels, predictions), 4),
        "ece": round(expected_calibration_error(confidences, correct), 4),
        "grounding_rate": round(quotes_grounded / quotes_total, 4) if quotes_total else 1.0,
        "met_with_evidence_rate": round(met_with_evidence / met_total, 4) if met_total else 1.0,
        # The harmful mistake: calling something met that is not (the recruiter is misled).
        "false_met": float(
            sum(1 for y, p in zip(labels, predictions, strict=True) if p == "met" and y != "met")
        ),
    }
    if not budget_stop:  # a spent LLM budget leaves nothing for the probe
        probe, budget_stop = _privacy_probe(ctx, leaks)
        metrics.update(probe)
    metrics.update(leaks.metrics(""))
    agreements = [r["evidence_agrees"] for r in rows if r["evidence_agrees"] is not None]
    metrics["evidence_agreement"] = (
        round(sum(agreements) / len(agreements), 4) if agreements else 1.0
    )
    for verdict, scores in per_class_scores(labels, predictions, VERDICTS).items():
        metrics[f"{verdict}.precision"] = round(scores.precision, 4)
        metrics[f"{verdict}.recall"] = round(scores.recall, 4)
    bins = reliability_bins(confidences, correct)
    ctx.artifacts["explanations"] = [
        {
            "qualification": r["qualification"],
            "verdict": r["predicted"],
            "evidence": r["quotes"],
            "explanation": r["explanation"],
        }
        for r in rows
    ]
    # Under an LLM call budget: how much of the set this run covered, and how much of that the
    # model answered itself (a degraded case was answered offline and counts as such).
    metrics["budget_stopped"] = float(budget_stop)
    metrics["degraded_share"] = (
        round(sum(1 for r in rows if r.get("degraded")) / len(rows), 4) if rows else 0.0
    )
    calls = ctx.engine.recorder.calls[calls_before:]
    if ctx.engine.name == "llm":
        # Validity: the share of this suite's model calls that came back schema-valid
        # (repairs included); what the llm engine's baseline gates first.
        metrics["llm_calls"] = float(len(calls))
        metrics["llm_valid_share"] = (
            round(sum(c.ok for c in calls) / len(calls), 4) if calls else 0.0
        )
        # Accuracy of the model's own answers: the blended one mixes in offline verdicts.
        answered = [r for r in rows if not r.get("degraded")]
        if answered:
            metrics["llm_accuracy"] = round(
                sum(r["expected"] == r["predicted"] for r in answered) / len(answered), 4
            )
    details = {
        "profiles": len(profile_ids),
        "confusion": confusion(labels, predictions, VERDICTS),
        "reliability": [b.__dict__ for b in bins],
        "errors": [r for r in rows if r["expected"] != r["predicted"]],
        "quotes": quotes_total,
        "privacy": leaks.details(),
        "rows": rows,
    }
    return SuiteResult("evaluation", "ok", metrics, details)
