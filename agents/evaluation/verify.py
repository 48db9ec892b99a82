"""Keep only evidence that is really in the candidate's text, whoever produced it.

An LLM may paraphrase or invent a quote; the offline engine never does, but it goes through the
same check. A quote that differs from the text only in whitespace is replaced by the exact
text; any other quote that is not a verbatim substring is dropped. A quote that would show
personal data (an email, phone, link or handle, a birth date or age, a "Gender:"-style line, a
street address, a name) or that is only a contact label ("LinkedIn", "Skype: ...") is dropped
too, even when verbatim: redaction should have withheld it, and if it did not, the recruiter's
evidence must not carry it, nor may a contact label meet a qualification. A `met` verdict left
with no evidence becomes `unknown`: a claim nobody can check is not a match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.evaluation.ranking import summarize
from agents.schemas import CandidateEvaluation, Evidence, Qualification, QualificationVerdict
from app.candidates.header_block import name_run_spans
from app.candidates.personal_lines import quote_reveals

UNVERIFIED_CONFIDENCE = 0.2
_MAX_QUOTE = 1000
# A quote must say something: "2" or "a" is verbatim in almost any text and proves nothing.
_MIN_QUOTE_CHARS = 3


def meaningful(quote: str) -> bool:
    stripped = quote.strip()
    return len(stripped) >= _MIN_QUOTE_CHARS and any(ch.isalnum() for ch in stripped)


def _exact_quote(quote: str, text: str) -> str | None:
    if quote and quote in text:
        return quote
    words = quote.split()
    if not words or len(quote) > _MAX_QUOTE:
        return None
    # Only on the rare miss: the same words with other whitespace ("a  b" vs "a\nb").
    m = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return m.group() if m else None


def _reveals(quote: str) -> bool:
    return quote_reveals(quote) is not None or bool(name_run_spans(quote))


def verify_quotes(
    evaluation: CandidateEvaluation, raw_text: str, qualifications: Sequence[Qualification]
) -> CandidateEvaluation:
    """`evaluation` with unverifiable evidence removed and counts and score recomputed.

    `raw_text` is the (redacted) text the evaluator was shown; `qualifications` supply the
    weights for the score."""
    changed = False
    verdicts: list[QualificationVerdict] = []
    for verdict in evaluation.verdicts:
        kept: list[Evidence] = []
        for evidence in verdict.evidence:
            exact = _exact_quote(evidence.quote, raw_text) if meaningful(evidence.quote) else None
            if exact is not None and not _reveals(exact):
                kept.append(
                    evidence
                    if exact == evidence.quote
                    else Evidence(quote=exact, section=evidence.section)
                )
        # A `met` that came with no evidence at all is as unverifiable as one whose quotes
        # were dropped.
        if kept == verdict.evidence and (kept or verdict.verdict != "met"):
            verdicts.append(verdict)
            continue
        changed = True
        update: dict[str, object] = {"evidence": kept}
        if verdict.verdict == "met" and not kept:
            update["verdict"] = "unknown"
            update["confidence"] = min(verdict.confidence, UNVERIFIED_CONFIDENCE)
            update["explanation"] = (
                f"evidence could not be verified in the text; {verdict.explanation}"
            )
        verdicts.append(verdict.model_copy(update=update))
    if not changed:
        return evaluation
    return summarize(
        qualifications, verdicts, engine=evaluation.engine, degraded=evaluation.degraded
    )
