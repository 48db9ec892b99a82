"""The sourcing agent's queries: built from the approved brief, then widened or narrowed.

Precision vs liquidity. A Boolean query that ANDs every requirement finds only people who
write all of them down; in a thin market that is nobody. So the first query is as specified
(level 0), and each widening climbs the relaxation ladder (`ladder.py`: place, years,
nice-to-haves, alternatives) before it gives up required skills (drop the weakest, add
adjacent titles, drop the last); a narrowing promotes a nice-to-have or requires years.
Every change is recorded with its reason so the recruiter can see why the results moved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from agents.schemas import CandidateEvaluation, JobSpec, Qualification, Seniority
from agents.sourcing import boolean, ladder
from agents.sourcing.query_model import Adjustment, SourcingQuery

__all__ = ["Adjustment", "SourcingQuery", "build_query", "decide", "narrow", "widen"]
from app.errors import AppError
from app.taxonomy import get_taxonomy
from app.taxonomy.titles import title_tokens

TITLE_SYNONYMS = 5  # O*NET alternate titles OR'ed in next to the recruiter's title
ADJACENT_TITLES = 3  # related occupations a widening adds, once
NICE_IN_SEMANTIC = 4  # nice-to-haves named in the natural-language query
_FALLBACK_WORDS = 3  # longest "Experience with ..." remainder taken as a term
# Rank words say how senior, not what the job is; seniority is judged from the profile.
_RANK_PREFIX = re.compile(r"^(?:senior|sr\.?|junior|jr\.?)\s+(?=\S)", re.IGNORECASE)
# The intake's wording for a skill qualification ("Experience with Django").
_EXPERIENCE_WITH = re.compile(r"^\s*experience\s+(?:with|in)\s+(?P<what>.+?)\s*\.?\s*$", re.I)
# Years a narrowing may require when the brief gave none: the intake's own bands.
_SENIORITY_YEARS: dict[Seniority, float] = {
    "mid": 2, "senior": 5, "lead": 5, "principal": 5, "executive": 5,
}  # fmt: skip
_DEFAULT_REASON = {
    "widen": "too few candidates met the required qualifications",
    "narrow": "too many candidates missed the required qualifications",
}


# -- building ---------------------------------------------------------------------------------


@dataclass
class _Term:
    text: str
    weight: float
    starred: bool
    required: bool
    known: bool  # a spec skill or an O*NET skill, not a guess from free text
    order: int


def _mentions(text: str, name: str) -> bool:
    # Short names ("R", "Go", "C") only count written as a name, not inside prose.
    flags = 0 if len(name) <= 2 else re.IGNORECASE
    return re.search(rf"(?<![\w+#.]){re.escape(name)}(?![\w+#])", text, flags) is not None


def _skills_in(text: str, spec_skills: list[str]) -> list[tuple[str, bool]]:
    """Skills a qualification names, as written, and whether each is a known skill."""
    found = [(name, True) for name in spec_skills if _mentions(text, name)]
    found += [(match.raw, True) for match in get_taxonomy().find_skills(text)]
    if not found:
        rest = _EXPERIENCE_WITH.match(text)
        if rest and len(rest.group("what").split()) <= _FALLBACK_WORDS:
            found.append((rest.group("what"), False))
    return found


# A qualification that offers its skills as alternatives ("Django or Flask", "AWS/GCP").
_ALTERNATIVES = re.compile(r"\bor\b|/|\bany of\b|\bone of\b|\beither\b", re.IGNORECASE)


def _alternatives(
    qualifications: list[Qualification], spec: JobSpec, required: list[_Term]
) -> list[list[str]]:
    """Groups of required terms that one qualification names as alternatives."""
    spec_skills = [s.name for s in [*spec.must_have_skills, *spec.nice_to_have_skills]]
    by_key = {boolean.term_key(t.text): t.text for t in required}
    groups: list[list[str]] = []
    for q in qualifications:
        if not q.required or not _ALTERNATIVES.search(q.text):
            continue
        names = [
            by_key.get(boolean.term_key(boolean.clean(n)))
            for n, _ in _skills_in(q.text, spec_skills)
        ]
        group = list(dict.fromkeys(n for n in names if n))
        if len(group) > 1:
            groups.append(group)
    return groups


def _skill_terms(
    spec: JobSpec,
    qualifications: list[Qualification],
    emphasis: Mapping[str, float] | None = None,
) -> list[_Term]:
    """Every searchable skill once (by canonical name), strongest claim winning. `emphasis`
    (qualification id -> learned / approved weight, from the recruiter's reactions) scales a
    qualification's weight, so a skill the reactions showed to matter is given up last."""
    emphasis = emphasis or {}
    terms: dict[str, _Term] = {}

    def add(text: str, weight: float, starred: bool, required: bool, known: bool) -> None:
        text = boolean.clean(text)
        if not text:
            return
        key = boolean.term_key(text)
        old = terms.get(key)
        if old is None:
            terms[key] = _Term(text, weight, starred, required, known, len(terms))
            return
        old.weight, old.starred = max(old.weight, weight), old.starred or starred
        old.required, old.known = old.required or required, old.known or known

    spec_skills = [s.name for s in [*spec.must_have_skills, *spec.nice_to_have_skills]]
    for q in qualifications:
        weight = q.weight * emphasis.get(q.id, 1.0)
        for text, known in _skills_in(q.text, spec_skills):
            add(text, weight, q.starred, q.required, known)
    # Without qualifications the spec decides; with them, the recruiter's approved list does,
    # and a must-have it no longer requires only informs the ranking.
    for skill in spec.must_have_skills:
        add(skill.name, 1.0, False, not qualifications and not skill.suggested, True)
    for skill in spec.nice_to_have_skills:
        add(skill.name, 0.5, False, False, True)
    return sorted(terms.values(), key=lambda t: (not t.starred, -t.weight, not t.known, t.order))


def _title_key(title: str) -> str:
    return " ".join(title_tokens(title))


def _dedupe_titles(titles: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    seen = {_title_key(t) for t in taken}
    out: list[str] = []
    for title in titles:
        title = boolean.clean(title)
        key = _title_key(title)
        if title and key and key not in seen:
            seen.add(key)
            out.append(title)
    return out


def _titles(spec: JobSpec) -> list[str]:
    own = [_RANK_PREFIX.sub("", spec.title.strip())] if spec.title else []
    source = spec.onet_code or spec.title
    synonyms = get_taxonomy().title_synonyms(source, limit=TITLE_SYNONYMS + 1) if source else []
    return _dedupe_titles([*own, *synonyms])[: len(own) + TITLE_SYNONYMS]


def _semantic(q: SourcingQuery, spec: JobSpec) -> str:
    """'senior python developer, 5+ years, in Berlin with Django, PostgreSQL; nice: Kubernetes'."""
    title = q.titles[0].lower() if q.titles else "candidate"
    text = f"{spec.seniority} {title}" if spec.seniority else title
    if spec.remote == "remote" and not q.location:
        text = f"remote {text}"
    if q.min_years is not None:
        text += f", {q.min_years:g}+ years,"
    if q.location:
        text += f" in {q.location}"
    if q.required_terms:
        text += " with " + ", ".join(q.required_terms)
    if q.optional_terms and not q.nice_dropped:
        text += "; nice: " + ", ".join(q.optional_terms[:NICE_IN_SEMANTIC])
    return text


def _rendered(q: SourcingQuery, spec: JobSpec) -> SourcingQuery:
    try:
        text = boolean.render(q.titles, ladder.required_clauses(q), q.optional_terms, q.exclusions)
    except ValueError as exc:
        raise AppError("add a job title or at least one skill before sourcing") from exc
    return q.model_copy(update={"boolean": text, "semantic": _semantic(q, spec)})


def build_query(
    spec: JobSpec,
    qualifications: list[Qualification],
    emphasis: Mapping[str, float] | None = None,
) -> SourcingQuery:
    """The query as specified: titles OR'ed, required skills AND'ed, exclusions NOT'ed.
    `emphasis`: see `_skill_terms` (it only orders what a widening gives up first)."""
    terms = _skill_terms(spec, qualifications, emphasis)
    required = [t for t in terms if t.required]
    exclusions = list(dict.fromkeys(e for e in map(boolean.clean, spec.exclusions) if e))
    query = SourcingQuery(
        boolean="",
        semantic="",
        titles=_titles(spec),
        required_terms=[t.text for t in required],
        optional_terms=[t.text for t in terms if not t.required],
        exclusions=exclusions,
        min_years=spec.min_years_experience,
        term_weights={t.text: t.weight for t in terms},
        starred_terms=[t.text for t in terms if t.starred],
        alternatives=_alternatives(qualifications, spec, required),
    )
    query = query.model_copy(update=ladder.start(query, spec))
    return _rendered(query, spec)


# -- adjusting --------------------------------------------------------------------------------


def _adjust(
    q: SourcingQuery,
    spec: JobSpec,
    action: Literal["widen", "narrow"],
    change: str,
    reason: str | None,
    **update: object,
) -> SourcingQuery:
    step = Adjustment(action=action, change=change, reason=reason or _DEFAULT_REASON[action])
    adjusted = q.model_copy(
        update={
            **update,
            "level": q.level + (-1 if action == "widen" else 1),
            "adjustments": [*q.adjustments, step],
        }
    )
    return _rendered(adjusted, spec)


def _weakest(q: SourcingQuery) -> str:
    """The lowest-weight unstarred required term (the last of equals); else the last one."""
    unstarred = [t for t in q.required_terms if t not in q.starred_terms]
    if not unstarred:
        return q.required_terms[-1]
    return min(reversed(unstarred), key=lambda t: q.term_weights.get(t, 1.0))


def _without(terms: list[str], term: str) -> list[str]:
    return [t for t in terms if t != term]


def widen(q: SourcingQuery, spec: JobSpec, *, reason: str | None = None) -> SourcingQuery | None:
    """One step towards liquidity, or None when nothing is left to give up.

    In order: the relaxation ladder (place, years, nice-to-haves, alternatives; see
    `ladder.py`), then drop the weakest required term (while another remains to anchor the
    query), add adjacent O*NET titles once, and last drop the final required term when a
    title group still anchors the query. `reason` should carry the numbers behind the
    decision (`Decision.reason`).
    """
    rung = ladder.relaxations(q)
    if rung is not None:
        return _adjust(q, spec, "widen", rung.change, reason, **rung.update)
    if len(q.required_terms) > 1:
        return _drop(q, spec, _weakest(q), reason)
    adjacent = _adjacent(q, spec) if q.titles and not q.adjacent_titles else []
    if adjacent:
        return _adjust(
            q, spec, "widen", "added adjacent titles: " + ", ".join(adjacent), reason,
            titles=[*q.titles, *adjacent], adjacent_titles=adjacent,
        )  # fmt: skip
    if q.required_terms and q.titles:
        return _drop(q, spec, q.required_terms[0], reason)
    return None


def _drop(q: SourcingQuery, spec: JobSpec, term: str, reason: str | None) -> SourcingQuery:
    return _adjust(
        q, spec, "widen", f'dropped "{term}" from the required terms', reason,
        required_terms=_without(q.required_terms, term),
        optional_terms=[*q.optional_terms, term],
        dropped_terms=[*q.dropped_terms, term],
    )  # fmt: skip


def _adjacent(q: SourcingQuery, spec: JobSpec) -> list[str]:
    code = spec.onet_code
    related = get_taxonomy().related_titles(code, ADJACENT_TITLES) if code else []
    return _dedupe_titles([*spec.adjacent_titles, *related], taken=q.titles)[:ADJACENT_TITLES]


def narrow(q: SourcingQuery, spec: JobSpec, *, reason: str | None = None) -> SourcingQuery | None:
    """One step towards precision, or None when nothing is left to require.

    In order: promote the strongest nice-to-have a widening did not drop, require the years
    of the brief (or of its seniority), then remove adjacent titles a widening added.
    """
    promotable = [t for t in q.optional_terms if t not in q.dropped_terms]
    if promotable:
        term = promotable[0]
        return _adjust(
            q, spec, "narrow", f'made "{term}" a required term', reason,
            required_terms=[*q.required_terms, term],
            optional_terms=_without(q.optional_terms, term),
            promoted_terms=[*q.promoted_terms, term],
        )  # fmt: skip
    years = spec.min_years_experience
    if years is None and spec.seniority is not None:
        years = _SENIORITY_YEARS.get(spec.seniority)
    if q.min_years is None and years and not q.years_dropped:
        return _adjust(q, spec, "narrow", f"required {years:g}+ years", reason, min_years=years)
    if q.adjacent_titles:
        return _adjust(
            q, spec, "narrow", "removed adjacent titles: " + ", ".join(q.adjacent_titles),
            reason, titles=[t for t in q.titles if t not in q.adjacent_titles],
            adjacent_titles=[],
        )  # fmt: skip
    return None


# -- deciding ---------------------------------------------------------------------------------

# A full batch in which fewer than this share meets every required qualification means the
# query is loose: the people are there, but most results waste the recruiter's review time.
NARROW_BELOW_SHARE = 0.30
# Fewer results than this share of a batch means the market (or the query) is thin.
WIDEN_BELOW_FILL = 0.5


@dataclass(frozen=True)
class Decision:
    action: Literal["widen", "narrow", "keep"]
    reason: str  # with the numbers, for the recruiter and the adjustment record


def _qualified(evaluation: CandidateEvaluation, required: frozenset[str] | None) -> bool:
    if required is None:
        return evaluation.required_met >= evaluation.required_total
    # Unknown is not a failure: a resume silent on a requirement (years nobody dated) does
    # not count against the query, as long as none is not met and at least one is met.
    verdicts = [v.verdict for v in evaluation.verdicts if v.qualification_id in required]
    return "not_met" not in verdicts and (not verdicts or "met" in verdicts)


def decide(
    evaluations: list[CandidateEvaluation],
    *,
    batch_size: int,
    min_qualified: int = 3,
    required: Iterable[str] | None = None,
) -> Decision:
    """Widen, narrow or keep the query after a calibration batch was evaluated.

    - widen: nothing found; under half a batch found; or fewer than `min_qualified` (capped at
      the batch size) met every required qualification;
    - narrow: a full batch in which under 30% met every required qualification;
    - keep: otherwise.

    With the ids of the `required` qualifications, a required qualification the resume is
    silent on (unknown) does not count as missed.
    """
    ids = frozenset(required) if required is not None else None
    found = len(evaluations)
    qualified = sum(1 for e in evaluations if _qualified(e, ids))
    wanted = max(1, min(min_qualified, batch_size))
    every = "every required qualification" + (" (unknowns not counted against them)" if ids else "")
    met = f"{qualified} of {found} calibration candidates met {every}"
    if found == 0:
        return Decision("widen", "the search found no candidates")
    if found < batch_size * WIDEN_BELOW_FILL:
        return Decision("widen", f"the search found only {found} for a batch of {batch_size}")
    if qualified < wanted:
        return Decision("widen", f"only {met} (we want at least {wanted})")
    if found >= batch_size and qualified / found < NARROW_BELOW_SHARE:
        return Decision(
            "narrow",
            f"{found} matches but only {qualified / found:.0%} met the required qualifications",
        )
    return Decision("keep", met)
