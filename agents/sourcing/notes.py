"""What the plan says about a sourcing step, in plain sentences with the real counts.

"N found with <query>" is what that query matched; people who were added because they read
like the job (the semantic top-up) are counted separately; every relaxation is named with its
reason and the count it led to; and when nothing matched even after every relaxation, the note
says what was tried and what to change next.
"""

from __future__ import annotations

from agents.sourcing.query_model import SourcingQuery
from agents.sourcing.run import Sourced


def _people(n: int, what: str = "candidate") -> str:
    if n == 1:
        return f"1 {what}"
    return f"{n} {what}{'es' if what.endswith(('ch', 'sh', 's', 'x')) else 's'}"


def scope(q: SourcingQuery) -> str:
    """' in Pune with 5+ years' — the filters the query ran under, as words."""
    out = f" in {q.location}" if q.location else ""
    if q.min_years is not None:
        out += f" with {q.min_years:g}+ years (or years not stated)"
    return out


def next_change(q: SourcingQuery) -> str:
    if q.required_terms:
        return f'drop "{q.required_terms[0]}" from the requirements, or import more profiles'
    if q.titles:
        return f'accept job titles other than "{q.titles[0]}", or import more profiles'
    return "import more profiles into the talent pool"


def sourcing_note(result: Sourced) -> str:
    q = result.query
    shown = min(result.matched, result.by_query)
    text = f"{_people(result.matched, 'new candidate')} matched {q.boolean}{scope(q)}"
    if result.matched > shown:
        text += f"; the best {shown} were added"
    if result.by_meaning:
        text += (
            f"; {result.by_meaning} more added because their profiles read like the job "
            "(not every term)"
        )
    if result.relaxed:
        steps = "; ".join(
            f"{step.change} ({_people(step.count or 0, 'match')}) because {step.reason}"
            for step in result.relaxed
        )
        text += f". Relaxed: {steps}"
    if result.matched == 0:
        tried = "every relaxation" if result.exhausted else "the relaxations above"
        text += (
            f". Nobody new in your talent pool matched the query, even after {tried}; "
            f"next, {next_change(q)}"
        )
    return text


TOP_LINES = 5


CALIBRATE = "Add or archive them to calibrate, or ask for more."


def ready_body(
    shown: int, hidden: int, lines: list[str], *, ready_for: str = "to review", closing: str
) -> str:
    """The "ready" message: how many new candidates are worth a look, the best few, and how
    many were left out of the list (never rejected)."""
    if shown:
        text = f"{_people(shown, 'new candidate')} ready {ready_for}. Top matches:\n"
        text += "\n".join(lines[:TOP_LINES])
    else:
        text = "No new candidates meeting a required qualification this time."
    if hidden:
        text += (
            f"\n{_people(hidden, 'more candidate')} met none of the required qualifications; "
            "they stay in the project (list everyone to see them)."
        )
    return f"{text}\n{closing}"
