"""The proposal message the recruiter reads: the qualifications, the legal requirements
named as such, what was refused and why, and what earlier projects offer."""

from __future__ import annotations

from agents.schemas import Qualification, RefusedQualification


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _reads(q: Qualification) -> str:
    # The offline wording already says "one of ... or ..."; a model's may not.
    if q.any_of and " or " not in q.text:
        return f"{q.text} (one of {_or_list(q.any_of)})"
    return q.text


def _in_a_sentence(text: str) -> str:
    # "Active security clearance" reads "active security clearance" mid-line; an acronym
    # ("TS/SCI clearance", "UK right to work") keeps its capitals.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def legal_line(qualifications: list[Qualification]) -> str:
    """ "Legal requirements: active security clearance; right to work in the UK" """
    legal = [
        _in_a_sentence(q.text) + ("" if q.required else " (nice to have)")
        for q in qualifications
        if q.kind == "legal"
    ]
    if not legal:
        return ""
    return "Legal requirements: " + "; ".join(legal)


def proposal_body(
    qualifications: list[Qualification], refused: list[RefusedQualification], memory_note: str
) -> str:
    lines = ["Here is the job spec and the qualifications I propose:"]
    lines += [
        f"- {'[required]' if q.required else '[nice]'} {_reads(q)}"
        for q in qualifications
        if q.kind != "legal"
    ]
    if legal := legal_line(qualifications):
        lines.append(legal)
    lines += [
        f'- refused: "{r.text}" — {r.reason}'
        + (f' Try instead: "{r.rewrite}".' if r.rewrite else "")
        for r in refused
    ]
    if memory_note:
        lines.append(memory_note)
    return "\n".join(lines)
