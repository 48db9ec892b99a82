"""Blind features for reranking the fused top: the ones the evaluator reads.

- skill overlap: the share of the query's skills (O*NET names found in it) the profile
  lists among its parsed skills;
- title match: 1 when the query's job title normalises to an O*NET occupation the
  profile's work history holds, `RELATED_TITLE` when it holds a related one.

Both come from parsed, blind profile fields (`candidates.skills`, `candidates.onet_codes`):
never a name, a contact line or a personal line, so two resumes that differ only in who the
person is get the same features.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.search import repository
from app.search.query_type import title_line
from app.taxonomy import Taxonomy, TitleMatch, get_taxonomy

RELATED_TITLE = 0.5
# A fuzzy title match below this is a guess, not the job the query names.
_MIN_TITLE_SCORE = 0.6
# A title is a few words: "senior site reliability engineer".
_MAX_TITLE_WORDS = 4
# The score of a title O*NET lists (an occupation's own or an alternate title).
_KNOWN_TITLE_SCORE = 0.95
_WORD = re.compile(r"[\w.+#-]+")
_JOINING = frozenset(
    {"with", "and", "or", "in", "for", "of", "who", "has", "have", "using", "plus"}
    | {"experience", "experienced", "skills"}
)


@dataclass(frozen=True)
class QueryFeatures:
    skills: frozenset[str] = frozenset()
    occupation: str | None = None
    related: frozenset[str] = field(default_factory=frozenset)

    @property
    def empty(self) -> bool:
        return not self.skills and self.occupation is None


@dataclass(frozen=True)
class CandidateFeatures:
    skills: frozenset[str]
    onet_codes: frozenset[str]


def _job_words(line: str, taxonomy: Taxonomy) -> str:
    """The words of `line` that name a job: skill mentions and joining words taken out, so
    "reporting analyst with python and excel" reads as "reporting analyst"."""
    chars = list(line)
    for m in taxonomy.find_skills(line):
        chars[m.start : m.end] = " " * (m.end - m.start)
    words = _WORD.findall("".join(chars))
    return " ".join(w for w in words if w.lower() not in _JOINING)


def query_title(query: str, taxonomy: Taxonomy) -> TitleMatch | None:
    """The occupation the query's title names. First a title its leading words spell out,
    longest first ("python developer" of "python developer django flask": the skill in
    that title is part of it); else the line with skills and joining words taken out
    ("reporting analyst" of "reporting analyst with python and excel"), if that is close
    enough to be the job and not a guess. Leading words count only as a known title:
    fuzzy matches of several words ("sap developer abap") are mostly guesses."""
    line = title_line(query)[:200]
    words = _WORD.findall(line)
    for n in range(min(len(words), _MAX_TITLE_WORDS), 0, -1):
        match = taxonomy.normalize_title(" ".join(words[:n]))
        if match is not None and match.score >= _KNOWN_TITLE_SCORE:
            return match
    stripped = _job_words(line, taxonomy)
    match = taxonomy.normalize_title(stripped) if stripped else None
    return match if match is not None and match.score >= _MIN_TITLE_SCORE else None


def query_features(query: str) -> QueryFeatures:
    taxonomy = get_taxonomy()
    skills = frozenset(m.name for m in taxonomy.find_skills(query))
    match = query_title(query, taxonomy)
    if match is None:
        return QueryFeatures(skills=skills)
    occupation = taxonomy.occupation(match.code)
    related = frozenset(occupation.related) if occupation else frozenset()
    return QueryFeatures(skills=skills, occupation=match.code, related=related)


def skill_overlap(query: QueryFeatures, candidate: CandidateFeatures) -> float:
    if not query.skills:
        return 0.0
    return len(query.skills & candidate.skills) / len(query.skills)


def title_match(query: QueryFeatures, candidate: CandidateFeatures) -> float:
    if query.occupation is None:
        return 0.0
    if query.occupation in candidate.onet_codes:
        return 1.0
    return RELATED_TITLE if query.related & candidate.onet_codes else 0.0


def feature_score(
    query: QueryFeatures,
    candidate: CandidateFeatures | None,
    skill_weight: float,
    title_weight: float,
) -> float:
    if candidate is None:
        return 0.0
    return skill_weight * skill_overlap(query, candidate) + title_weight * title_match(
        query, candidate
    )


def load_features(
    session: Session, org_id: uuid.UUID, ids: list[uuid.UUID]
) -> Mapping[uuid.UUID, CandidateFeatures]:
    """The blind rerank features of `ids`, inside the caller's organization."""
    return {
        cid: CandidateFeatures(frozenset(skills), frozenset(codes))
        for cid, (skills, codes) in repository.rerank_rows(session, org_id, ids).items()
    }
