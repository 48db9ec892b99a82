"""Requirements that are about several skills at once, or about one skill's years.

- OR-groups: "one of Python, Perl or PHP", "Python or Go", "AWS/GCP/Azure", "any of the
  following: React, Vue or Angular" are ONE qualification, met by any alternative.
- Years of one skill: "5+ years of Python" is not the whole career.
"""

from __future__ import annotations

import re

from agents.intake.extract import find_years
from app.taxonomy import SkillMatch

# Between two skills of an OR-group: "Python, Perl or PHP", "AWS/GCP/Azure", "Java and/or Go".
_OR_GAP = re.compile(r"\s*(?:,\s*)?(?:\bor\b|\band/or\b|/)\s*", re.IGNORECASE)
_COMMA_GAP = re.compile(r"\s*,\s*")
# "one of", "any of the following:", "either" before the first alternative.
_ANY_OF_CUE = re.compile(
    r"\b(?:(?:one|any)\s+(?:or\s+more\s+)?of(?:\s+the\s+following)?(?:\s+\w+)?|either)\s*:?\s*$",
    re.IGNORECASE,
)


def or_groups(masked: str, skills: list[SkillMatch]) -> list[list[SkillMatch]]:
    """Runs of skills that are alternatives: linked by "or" or "/" (commas may join the run:
    "React, Vue or Angular"), or listed after "one of" / "any of". "and" ends a run, so "SQL
    and Tableau or Power BI" is SQL plus one group."""
    groups: list[list[SkillMatch]] = []
    run: list[SkillMatch] = []
    has_or = False

    def close() -> None:
        if len(run) < 2:
            return
        before = masked[max(0, run[0].start - 40) : run[0].start]
        if has_or or _ANY_OF_CUE.search(before):
            groups.append(list(run))

    for skill in skills:
        if run:
            gap = masked[run[-1].end : skill.start]
            if _OR_GAP.fullmatch(gap):
                run.append(skill)
                has_or = True
                continue
            if _COMMA_GAP.fullmatch(gap):
                run.append(skill)
                continue
            close()
        run, has_or = [skill], False
    close()
    return groups


# What may stand between "5+ years" and the skill it is about: "of", "of hands-on experience in".
_YEARS_TO_SKILL = re.compile(
    r"\s*(?:of\s+|in\s+|with\s+|using\s+)(?:(?:professional|hands-on|commercial|practical"
    r"|relevant|industry|working|programming|development)\s+)*(?:experience\s+)?"
    r"(?:(?:in|with|using|of)\s+)?(?:(?:the|modern)\s+)?$",
    re.IGNORECASE,
)


def skill_years(
    masked: str, start: int, end: int, skills: list[SkillMatch]
) -> list[tuple[SkillMatch, float]]:
    """'5+ years of Python', '3 years of hands-on experience with AWS': years of one skill, in
    masked[start:end] whose skill matches are `skills`."""
    found: list[tuple[SkillMatch, float]] = []
    for value, _, phrase_end in find_years(masked[start:end]):
        after = start + phrase_end
        skill = next((s for s in skills if s.start >= after), None)
        if skill is not None and _YEARS_TO_SKILL.fullmatch(masked[after : skill.start]):
            found.append((skill, value))
    return found
