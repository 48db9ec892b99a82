"""Apply a list of changes to the current approved qualifications: the one place both
brains' answers become a new set and a diff. Kept qualifications keep their ids, stars,
weights and the recruiter's wording; added ones get the next free id."""

from __future__ import annotations

import re
from typing import Any

from agents.intake.responsible_ai import check_qualification
from agents.refinement.schemas import Change, Changed, Diff
from agents.schemas import JobSpec, Qualification
from app.taxonomy import get_taxonomy

_WORD = re.compile(r"[a-z0-9+#]+(?:\.[a-z0-9]+)?")
_STOP = {
    "the", "a", "an", "of", "with", "in", "on", "for", "and", "or", "to", "experience",
    "knowledge", "skill", "skills", "requirement", "qualification", "one", "years", "year",
    "professional", "strong", "good", "solid", "proven", "working", "hands",
}  # fmt: skip
# Words a recruiter uses for a kind of qualification rather than its exact text.
_KINDS = {
    "degree": {"degree", "bachelor", "bachelors", "master", "masters", "bsc", "msc", "ba", "ma",
               "phd", "diploma", "university", "ms", "bs", "mba"},
    "certification": {"certification", "certified", "certificate", "license", "licence"},
    "license": {"license", "licence", "licensed", "certification"},
}  # fmt: skip
_YEARS = re.compile(r"\b(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:-\s*\d{1,2}\s*)?(years?|yrs?)\b", re.I)
_SKILL_EVIDENCE = "named in skills or used in a described role"


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _skills(text: str) -> set[str]:
    return {m.name for m in get_taxonomy().find_skills(text)}


def resolve(target: str, quals: list[Qualification]) -> Qualification | None:
    """The qualification a recruiter's words point at, or None: by id, by canonical skill
    ("k8s" is Kubernetes), by kind ("the degree"), then by all of its words."""
    key = target.strip().lower()
    for q in quals:
        if key == q.id.lower() or key == q.text.strip().lower():
            return q
    words = _words(target)
    if key in ("years", "experience") or words & {"years", "year"}:
        return next((q for q in quals if _YEARS.search(q.text)), None)
    skill = get_taxonomy().canonical_skill(target.strip())
    if skill is not None:
        hit = [q for q in quals if skill.name in _skills(q.text)]
        if hit:
            return min(hit, key=lambda q: len(q.text))
    for kind, synonyms in _KINDS.items():
        if kind in words or (words <= synonyms and words):
            hit = [q for q in quals if _words(q.text) & synonyms]
            if hit:
                return hit[0]
    if not words:
        return None
    hit = [q for q in quals if words <= _words(q.text)]
    return min(hit, key=lambda q: len(_words(q.text))) if hit else None


def _new_text(text: str) -> str:
    """A bare skill reads like the ones intake writes ("Experience with Kubernetes"), in
    the recruiter's word for it (not O*NET's "IBM Terraform")."""
    text = " ".join(text.split()).strip(" .")
    skill = get_taxonomy().canonical_skill(text)
    if skill is not None and len(text.split()) <= 4:
        return f"Experience with {text}"
    return text[:1].upper() + text[1:]


def _next_id(quals: list[Qualification]) -> str:
    used = {q.id for q in quals}
    n = len(quals) + 1
    while f"q{n}" in used:
        n += 1
    return f"q{n}"


def apply_changes(
    current: list[Qualification],
    spec: JobSpec,
    changes: list[Change],
    suggestions: list[dict[str, Any]] | None = None,
) -> tuple[list[Qualification], Diff]:
    quals = [q.model_copy() for q in current]
    diff = Diff()

    def add(text: str, required: bool, *, suggested: bool = False, hint: str = "") -> None:
        refused = check_qualification(text)
        if refused is not None:
            diff.refused.append(refused)
            return
        existing = resolve(text, quals)
        if existing is not None:
            if required and not existing.required:
                existing.required = True
                diff.changed.append(Changed(text=existing.text, what="now required"))
            return
        q = Qualification(
            id=_next_id(quals),
            text=_new_text(text),
            required=required,
            evidence_hint=hint or _SKILL_EVIDENCE,
            suggested=suggested,
        )
        quals.append(q)
        diff.added.append(q)

    for change in changes:
        if change.op == "add":
            if change.text.strip():
                add(change.text, change.required)
            continue
        if change.op == "reuse_suggestions":
            for s in suggestions or []:
                add(str(s["text"]), bool(s.get("required", False)), suggested=True,
                    hint=str(s.get("evidence_hint") or ""))  # fmt: skip
                diff.taken_suggestions.append(str(s["id"]))
            if not suggestions:
                diff.not_found.append("suggestions from your earlier projects")
            continue
        if change.op == "relax" and change.target.lower() == "location":
            _relax_location(spec, quals, diff)
            continue
        target = resolve(change.target, quals)
        if change.target.lower() in ("years", "experience") and change.op in ("relax", "require"):
            if change.op == "require" and change.text and target is None:
                _add_years(spec, quals, change.text, diff)
            else:
                _set_years(spec, target, change.text, diff, relax=change.op == "relax")
            continue
        if target is None:
            if change.op in ("require", "nice_to_have"):
                add(change.target, change.op == "require")
            else:
                diff.not_found.append(change.target)
            continue
        _change_one(target, change, quals, diff)
    return quals, diff


def _change_one(q: Qualification, change: Change, quals: list[Qualification], diff: Diff) -> None:
    if change.op == "remove":
        quals.remove(q)
        diff.removed.append(q)
    elif change.op == "require" and not q.required:
        q.required = True
        diff.changed.append(Changed(text=q.text, what="now required"))
    elif change.op in ("nice_to_have", "relax") and q.required:
        q.required = False
        diff.changed.append(Changed(text=q.text, what="now nice-to-have"))
    elif change.op == "star" and not q.starred:
        q.starred, q.weight = True, max(q.weight, 2.0)
        diff.changed.append(Changed(text=q.text, what="starred"))
    elif change.op == "unstar" and q.starred:
        q.starred, q.weight = False, 1.0
        diff.changed.append(Changed(text=q.text, what="no longer starred"))


def _set_years(
    spec: JobSpec, q: Qualification | None, years: str, diff: Diff, *, relax: bool
) -> None:
    """ "3 years is enough" (relax) or "at least 5 years" (set): the number changes in
    the recruiter's qualification; "relax the years" with no number makes it optional."""
    match = _YEARS.search(q.text) if q is not None else None
    if q is None or match is None:
        diff.not_found.append("a years-of-experience qualification")
        return
    before = float(match.group(1))
    try:
        after = float(years) if years else None
    except ValueError:
        after = None
    if after is None or (relax and after >= before):
        if relax and q.required:
            q.required = False
            diff.changed.append(Changed(text=q.text, what="now nice-to-have"))
        return
    if after != before:
        new_text = q.text[: match.start(1)] + f"{after:g}" + q.text[match.end(1) :]
        diff.changed.append(Changed(text=new_text, what=f"{after:g}+ years instead of {before:g}+"))
        q.text = new_text
        diff.spec["min_years_experience"] = after
    if not relax and not q.required:
        q.required = True
        diff.changed.append(Changed(text=q.text, what="now required"))


def _add_years(spec: JobSpec, quals: list[Qualification], years: str, diff: Diff) -> None:
    try:
        n = float(years)
    except ValueError:
        diff.not_found.append("a number of years")
        return
    text = f"{n:g}+ years of professional experience" + (
        f" as {'an' if spec.title[:1].lower() in 'aeiou' else 'a'} {spec.title}"
        if spec.title
        else ""
    )
    q = Qualification(
        id=_next_id(quals),
        text=text,
        required=True,
        evidence_hint=f"dated work history totalling {n:g}+ years",
    )
    quals.append(q)
    diff.added.append(q)
    diff.spec["min_years_experience"] = n


def _relax_location(spec: JobSpec, quals: list[Qualification], diff: Diff) -> None:
    place = spec.location
    if place:
        diff.spec["location"] = None
        diff.spec_notes.append(f"location: {place} -> anywhere")
    first = place.split(",")[0].strip().lower() if place else ""
    for q in quals:
        text = q.text.lower()
        if q.required and ((first and first in text) or re.search(r"\b(based in|relocat)", text)):
            q.required = False
            diff.changed.append(Changed(text=q.text, what="now nice-to-have"))
    if not place and not diff.changed:
        diff.not_found.append("a location")
