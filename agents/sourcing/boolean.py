"""Render search terms as Boolean query text that `parse_boolean` always accepts.

Every term travels as a double-quoted phrase: inside quotes the parser gives no meaning to
AND/OR/NOT, parentheses, colons or a leading "-", so "C++", "OR RN" or "std::vector" stay
plain words. Only the quote characters themselves (which would end the phrase) and control
characters are taken out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.taxonomy import get_taxonomy

# Any of these ends a phrase in the parser; control characters are word breaks there anyway.
_BREAKS_PHRASE = re.compile(r"[\"“”„\x00-\x1f\x7f]+")
# "employees of Acme Corp", "people from Initech": the recruiter ruled out a company.
_AT_COMPANY = re.compile(
    r"\b(?:employees|staff|people|candidates|anyone|profiles)\s+(?:of|from|at)\s+(?P<company>.+)$",
    re.IGNORECASE,
)
# Kinds of worker a recruiter rules out ("no consultants"); they show in job titles, and
# matching them anywhere would also drop everyone who "consulted with stakeholders".
_WORKER_KINDS = ("consultant", "freelancer", "contractor", "agency")


def clean(text: str) -> str:
    """`text` without phrase-breaking characters, whitespace collapsed ("" if nothing left)."""
    cleaned = " ".join(_BREAKS_PHRASE.sub(" ", text).split())
    # A phrase with no letter or digit gives PostgreSQL no lexeme to look for.
    return cleaned if any(ch.isalnum() for ch in cleaned) else ""


def phrase(text: str) -> str:
    cleaned = clean(text)
    if not cleaned:
        raise ValueError(f"nothing searchable in {text!r}")
    return f'"{cleaned}"'


def any_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "(" + " OR ".join(items) + ")"


def term_key(text: str) -> str:
    """One key per skill, so "k8s" and "Kubernetes" count once."""
    skill = get_taxonomy().canonical_skill(text)
    return (skill.name if skill else " ".join(text.split())).casefold()


def variants(term: str) -> list[str]:
    """The term as the recruiter wrote it, plus O*NET's name when a profile might use that
    instead ("Postgres" -> "PostgreSQL", "k8s" -> "Kubernetes"). A canonical name that merely
    contains the term ("IBM Terraform") would only match a subset, so it is left out."""
    out = [term]
    skill = get_taxonomy().canonical_skill(term)
    if skill is not None:
        contains = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", skill.name, re.IGNORECASE)
        if not contains and clean(skill.name):
            out.append(skill.name)
    return out


def skill_clause(term: str) -> str:
    return any_of([phrase(v) for v in variants(term)])


def title_clause(titles: list[str]) -> str:
    return any_of([f"title:{phrase(t)}" for t in titles])


def exclusion_clause(text: str) -> str:
    """The positive form of an exclusion; the query NOTs it."""
    company = _AT_COMPANY.search(text)
    if company and clean(company.group("company")):
        return f"company:{phrase(company.group('company'))}"
    words = clean(text).split()
    if 0 < len(words) <= 2 and words[0].casefold().rstrip("s") in _WORKER_KINDS:
        return f"title:{phrase(words[0])}"
    return phrase(text)


def render(
    titles: list[str],
    required: Sequence[str | Sequence[str]],
    fallback: list[str],
    exclusions: list[str],
) -> str:
    """Titles OR'ed, each required term AND'ed, each exclusion NOT'ed; a required item that
    is a list of alternatives matches when any one of them does.

    With neither titles nor required terms, any one of `fallback` (the nice-to-haves) has to
    match: a query needs a positive term, and a purely negative one would return everyone.
    Every input must already pass `clean`.
    """
    positive = [title_clause(titles)] if titles else []
    for item in required:
        if isinstance(item, str):
            positive.append(skill_clause(item))
        else:
            positive.append(any_of([skill_clause(t) for t in item]))
    if not positive and fallback:
        positive = [any_of([skill_clause(t) for t in fallback])]
    if not positive:
        raise ValueError("a query needs a title or a skill to search for")
    return " AND ".join(positive + [f"NOT {exclusion_clause(e)}" for e in exclusions])
