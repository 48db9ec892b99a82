"""The same sanity rules for any brain's intake answer, so model garbage is never shown.

A 135M model under a grammar writes schema-valid nonsense: title "SkillSpec 2", location
"Title", skills "Sass-Ravana". Schema validity is not truth; what the answer says must come
from the request. A title shares a word with the request (or is an O*NET title); a skill is
named in the request or known to the taxonomy; a location is only kept when the gazetteer
knows it (the intake guard's rule for both brains). An answer that breaks these rules is
treated as a failed call: the offline engine answers, and the result says it degraded.
"""

from __future__ import annotations

import re

from agents.schemas import IntakeResult
from app.taxonomy import get_taxonomy

_WORD = re.compile(r"[a-z0-9+#]+")
_GENERIC = frozenset({"senior", "junior", "lead", "the", "a", "an", "of", "and", "for", "in"})


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _GENERIC


def problems(result: IntakeResult, request: str, spec_so_far: str = "") -> list[str]:
    """Why this answer cannot be trusted ([] when it can)."""
    said = _words(request) | _words(spec_so_far)
    taxonomy = get_taxonomy()
    found: list[str] = []
    title = result.spec.title
    if title and not (_words(title) & said) and taxonomy.normalize_title(title) is None:
        found.append(f"title {title!r} is not in the request")
    skills = [s.name for s in (*result.spec.must_have_skills, *result.spec.nice_to_have_skills)]
    unknown = [s for s in skills if not (_words(s) & said) and taxonomy.canonical_skill(s) is None]
    if unknown:
        found.append(f"skills not in the request or the taxonomy: {', '.join(unknown[:5])}")
    ungrounded = [q.text for q in result.qualifications if not (_words(q.text) & said)]
    if result.qualifications and len(ungrounded) * 2 > len(result.qualifications):
        found.append(
            f"{len(ungrounded)} of {len(result.qualifications)} qualifications share no word "
            "with the request"
        )
    return found
