"""Turn a job spec into the qualification list candidates are evaluated against.

Built from the spec (plus this turn's credentials), not from the raw text, so that answering
a clarifying question regenerates the same list with the same ids. Order, and so the ids q1,
q2 ...: required skills, years, required credentials, then the nice-to-haves, then
suggestions (O*NET skills, then reused qualifications from past projects).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agents.intake.credentials import Credential
from agents.intake.responsible_ai import check_qualification
from agents.schemas import JobSpec, Qualification, QualificationKind, SkillRequirement
from app.taxonomy import get_taxonomy

SKILL_EVIDENCE = "named in skills or used in a described role"
ANY_OF_EVIDENCE = "any one of them named in skills or used in a described role"
_YEARS = re.compile(r"\b\d{1,2}(?:\.\d)?\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years?|yrs?)\b", re.I)


def format_years(years: float) -> str:
    return f"{years:g}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def years_text(years: float, title: str | None) -> str:
    text = f"{format_years(years)}+ years of professional experience"
    return f"{text} as {_article(title)} {title}" if title else text


def _skill_text(skill: SkillRequirement) -> str:
    return f"Experience with {skill.name}"


def alternatives_text(names: list[str]) -> str:
    """'Experience with Python or Go', 'Experience with one of Python, Perl or PHP': the
    wording says any one is enough, which is how the evaluation reads it."""
    if len(names) == 2:
        return f"Experience with {names[0]} or {names[1]}"
    return f"Experience with one of {', '.join(names[:-1])} or {names[-1]}"


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", text.lower()))


def _canonical(names: Iterable[str]) -> set[str]:
    taxonomy = get_taxonomy()
    out: set[str] = set()
    for name in names:
        skill = taxonomy.canonical_skill(name)
        out.add(skill.name if skill else name.lower())
    return out


def _reusable(
    past: Qualification, spec: JobSpec, covered_texts: set[str], covered_skills: set[str]
) -> bool:
    """A past qualification is worth suggesting when this spec does not already say it, does
    not rule it out, and it still passes the responsible-AI check (policies tighten)."""
    if _key(past.text) in covered_texts or check_qualification(past.text) is not None:
        return False
    if _YEARS.search(past.text) and spec.min_years_experience is not None:
        return False
    mentioned = {match.name for match in get_taxonomy().find_skills(past.text)}
    if mentioned & _canonical(spec.exclusions):
        return False
    return not (mentioned and mentioned <= covered_skills)


def build_qualifications(
    spec: JobSpec,
    credentials: Iterable[Credential] = (),
    past: Iterable[Qualification] | None = None,
) -> list[Qualification]:
    credentials = list(credentials)
    drafts: list[Qualification] = []

    def add(
        text: str,
        hint: str,
        *,
        required: bool,
        suggested: bool = False,
        kind: QualificationKind | None = "skill",
        any_of: list[str] | None = None,
    ) -> None:
        drafts.append(
            Qualification(
                id="", text=text, required=required, evidence_hint=hint, suggested=suggested,
                kind=kind, any_of=any_of or [],
            )
        )  # fmt: skip

    def add_groups(required: bool) -> None:
        for group in spec.skill_alternatives:
            if group.required == required:
                add(alternatives_text(group.any_of), ANY_OF_EVIDENCE, required=required,
                    any_of=list(group.any_of))  # fmt: skip

    # "5+ years of Python" says "Experience with Python" and more: it replaces it.
    with_years = {s.name.lower(): s for s in spec.skill_years}
    for skill in spec.must_have_skills:
        dated = with_years.get(skill.name.lower())
        if dated is not None:
            add(f"{format_years(dated.years)}+ years of {dated.name}",
                f"dated roles using {dated.name} totalling {format_years(dated.years)}+ years",
                required=True, kind="years")  # fmt: skip
            continue
        add(_skill_text(skill), SKILL_EVIDENCE, required=not skill.suggested,
            suggested=skill.suggested)  # fmt: skip
    add_groups(required=True)
    # The career years add nothing when they are a skill's ("5+ years of Python" alone).
    dated_values = {s.years for s in spec.skill_years}
    if spec.min_years_experience is not None and spec.min_years_experience not in dated_values:
        years = format_years(spec.min_years_experience)
        add(years_text(spec.min_years_experience, spec.title),
            f"dated work history totalling {years}+ years", required=True,
            kind="years")  # fmt: skip
    for credential in credentials:
        if credential.required:
            add(credential.text, credential.evidence_hint, required=True, kind=credential.kind)
    for skill in spec.nice_to_have_skills:
        if not skill.suggested:
            dated = with_years.get(skill.name.lower())
            text = _skill_text(skill)
            if dated is not None:
                text = f"{format_years(dated.years)}+ years of {dated.name}"
            add(text, SKILL_EVIDENCE, required=False, kind="years" if dated else "skill")
    add_groups(required=False)
    for credential in credentials:
        if not credential.required:
            add(credential.text, credential.evidence_hint, required=False, kind=credential.kind)
    for skill in spec.nice_to_have_skills:
        if skill.suggested:
            add(_skill_text(skill), SKILL_EVIDENCE, required=False, suggested=True)

    covered_texts = {_key(draft.text) for draft in drafts}
    covered_skills = _canonical(
        [skill.name for skill in [*spec.must_have_skills, *spec.nice_to_have_skills]]
        + [name for group in spec.skill_alternatives for name in group.any_of]
    )
    for old in past or ():
        if _reusable(old, spec, covered_texts, covered_skills):
            covered_texts.add(_key(old.text))
            add(old.text, old.evidence_hint or SKILL_EVIDENCE, required=False, suggested=True,
                kind=old.kind, any_of=old.any_of)  # fmt: skip
    return [draft.model_copy(update={"id": f"q{number}"}) for number, draft in enumerate(drafts, 1)]
