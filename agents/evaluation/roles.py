""" "N+ years as a <title>": the years are counted in the roles held, not in all of working life.

A recruiter who asks for "3+ years as a Data Scientist" means someone who was a data scientist
for three years. So the dated jobs whose title line names that role (or an O*NET occupation it
belongs to: "Software Engineer" for "Python Developer", with less confidence) are summed,
overlaps once; a statement such as "4 years of experience as a data scientist" counts too.
Someone whose dated jobs are all other roles has not met it; a resume without dated jobs has
not said, so that is unknown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.evaluation.matching import SILENT, Candidate, Outcome, explicit_years
from agents.evaluation.plans import Plan
from agents.evaluation.text import Hit
from agents.evaluation.years import Role
from app.candidates.parsing.dates import total_years
from app.taxonomy import get_taxonomy
from app.taxonomy.titles import strip_seniority, title_tokens

SAME_OCCUPATION = 0.9  # O*NET match score above which two titles are one occupation
_PARTS = re.compile(r"[ \t]+(?:at|@)[ \t]+|[ \t]*[|–—,(/][ \t]*|[ \t]+-[ \t]+", re.IGNORECASE)
_MAX_TITLE_WORDS = 6
SHOWN_ROLES = 3


@lru_cache(maxsize=4096)
def _occupation(title: str) -> str | None:
    match = get_taxonomy().normalize_title(title)
    return match.code if match is not None and match.score >= SAME_OCCUPATION else None


def role_match(head: str, wanted: str) -> str | None:
    """'title' when the line names the role itself, 'occupation' when it names another
    title of the same O*NET occupation, else None."""
    want = set(strip_seniority(title_tokens(wanted)))
    if want and want <= set(title_tokens(head)):
        return "title"
    code = _occupation(wanted)
    if code is None:
        return None
    for part in _PARTS.split(head):
        part = part.strip()
        if part and len(part.split()) <= _MAX_TITLE_WORDS and _occupation(part) == code:
            return "occupation"
    return None


def _shown(roles: list[Role]) -> str:
    titles = list(dict.fromkeys(r.title[:60] for r in roles))
    more = len(titles) - SHOWN_ROLES
    return "; ".join(titles[:SHOWN_ROLES]) + (f" and {more} more" if more > 0 else "")


def _as_title(candidate: Candidate, plan: Plan) -> list[Hit]:
    """Where the title stands on a line of its own or nearly (a headline, an undated job),
    not in prose: "worked next to our data scientist team" held no such role."""
    if not plan.terms:
        return []
    found = candidate.find(plan.terms[0])
    if not found.exact:
        return []
    text = candidate.text
    out: list[Hit] = []
    for hit in found.hits:
        a, b = text.line_of(hit)
        if len(text.sections[hit.section].text[a:b].split()) <= _MAX_TITLE_WORDS:
            out.append(hit)
    return out


def evaluate_role_years(candidate: Candidate, plan: Plan) -> Outcome:
    title = plan.title or ""
    needed = plan.years or 0.0
    facts = candidate.years
    stated = explicit_years(candidate, plan, facts)
    if stated is not None:
        years, hit = stated
        if years >= needed:
            return Outcome("met", 0.85, [hit], f"{years:g} years as {title} stated ≥ {needed:g}")
        return Outcome("not_met", 0.7, [hit], f"{years:g} years as {title} stated < {needed:g}")
    matches = [(role, kind) for role in facts.roles if (kind := role_match(role.title, title))]
    if matches:
        held = [role for role, _ in matches]
        years = total_years([role.span for role in held])
        direct = any(kind == "title" for _, kind in matches)
        how = "" if direct else " (same O*NET occupation)"
        hits = candidate.best_hits([role.head for role in held], limit=SHOWN_ROLES)
        said = f"{years:g} years as {title} in dated roles{how}: {_shown(held)}"
        if years >= needed:
            return Outcome("met", 0.85 if direct else 0.6, hits, f"{said} ≥ {needed:g}")
        return Outcome("not_met", 0.7 if direct else 0.5, hits, f"{said} < {needed:g}")
    mention = _as_title(candidate, plan)
    if facts.roles:
        if mention:
            return Outcome(
                "unknown",
                0.35,
                candidate.best_hits(mention),
                f"{title} written as a title but not dated; dated roles: {_shown(facts.roles)}",
            )
        hits = candidate.best_hits([role.head for role in facts.roles], limit=SHOWN_ROLES)
        return Outcome(
            "not_met", 0.6, hits, f"no dated role as {title}; roles held: {_shown(facts.roles)}"
        )
    if mention:
        return Outcome(
            "unknown",
            0.35,
            candidate.best_hits(mention),
            f"{title} written as a title, but no dated roles to count years in",
        )
    return Outcome("unknown", SILENT, [], f"no dated roles, and {title} not mentioned")
