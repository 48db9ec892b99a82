"""Must-have vs nice-to-have skills, exclusions, and non-skill credentials.

Every skill mention gets the cue of its clause ("Django and PostgreSQL a must", "Kubernetes
nice to have"); a clause that is only a list item ("Python, Django and Postgres required")
borrows the cue that closes the list, else the cue that opened it, else its section's default:
a chat request or a Requirements section means must, Nice to have / Responsibilities / the
intro of a description mean nice-to-have, benefits and company text mean nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agents.intake.alternatives import or_groups, skill_years
from agents.intake.concepts import CATEGORY as CONCEPT
from agents.intake.concepts import find_concepts
from agents.intake.credentials import (
    NO_SPONSORSHIP_TEXT,
    Credential,
    find_credential,
    find_phrase,
)
from agents.intake.organisations import Organisations, find_organisations
from agents.intake.segments import Clause, Document, Section, Sentence
from app.taxonomy import SkillMatch, get_taxonomy

Cue = Literal["must", "nice", "drop"]

_DEFAULT: dict[Section, Cue | None] = {
    "request": "must", "must": "must", "nice": "nice", "intro": "nice", "duties": "nice",
    "location": None, "company": None, "other": None, "pay": None, "apply": None,
    "legal": None, "not_required": None,
}  # fmt: skip
_DROP = re.compile(
    r"\bnot\s+(?:required|needed|necessary|a\s+must|mandatory|essential)\b"
    r"|\bno\s+need\s+(?:for|to)\b|\b(?:don't|do\s+not|doesn't|does\s+not)\s+need\b"
    r"|\bno\s+[\w.+#\s]{1,30}?\s+(?:required|needed|necessary)\b",
    re.IGNORECASE,
)
_NICE = re.compile(
    r"\bnice[- ]to[- ]haves?\b|\b(?:a|big|huge|definite|real|strong|major)\s+plus\b"
    r"|\bplus(?:es)?\s*[:)]|\bis\s+(?:also\s+)?a\s+plus\b|\bbonus\b|\bpreferred\b|\bpreferabl[ey]\b"
    r"|\bideally\b|\bdesir(?:able|ed)\b|\boptional\b|\badvantage(?:ous)?\b|\bgood\s+to\s+have\b"
    r"|\bwould\s+be\s+(?:great|good|nice|helpful|welcome|an?\s+\w+)\b|\bhelpful\b|\bbeneficial\b"
    r"|\bappreciated\b|\b(?:an\s+)?asset\b|\bif\s+possible\b",
    re.IGNORECASE,
)
_MUST = re.compile(
    r"\bmust(?:[- ]haves?)?\b|\brequired\b|\brequirements?\b|\bessential\b|\bmandatory\b"
    r"|\bnecessary\b|\bneed(?:s|ed)?\b|\bstrong\b|\bsolid\b|\bdeep\b|\bproven\b|\bexpert(?:ise)?\b"
    r"|\bproficien(?:t|cy)\b|\bhands[- ]on\b|\bnon[- ]negotiable\b",
    re.IGNORECASE,
)
# Where degrees, languages and clearances are read: requirement parts, a chat request, and an
# ad's untitled text ("Job description" blocks that hold everything).
_CREDENTIAL_PARTS = frozenset({"request", "must", "nice", "intro", "duties"})
_CUES: tuple[tuple[Cue, re.Pattern[str]], ...] = (("drop", _DROP), ("nice", _NICE), ("must", _MUST))
_SINGULAR = re.compile(r"\bis\b", re.IGNORECASE)
_JOINS = re.compile(r"\s+(?:and|while|whereas|&)\s+", re.IGNORECASE)
_EXCLUDE_BEFORE = re.compile(
    r"\b(?:no|not|exclude|excluding|except|avoid|never|without)\s+(?:any\s+|more\s+)?$", re.I
)
_EXCLUDED_PEOPLE = re.compile(
    r"\b(?:no|exclude|excluding|except|not|without)\s+(?:any\s+)?(?P<who>consultants?"
    r"|freelancers?|contractors?|agency\s+(?:staff|people|profiles|candidates)"
    r"|(?:current\s+)?employees\s+(?:of|from|at)\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}"
    r"|(?:people|candidates|anyone|profiles)\s+(?:from|at)\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)"
    r"{0,2})",
    re.IGNORECASE,
)
_EXCLUDE_PHRASE = re.compile(r"\b(?:exclude|excluding)\s+(?P<what>.+)$", re.IGNORECASE)
_RESCUE_NOISE = re.compile(
    r"\b(?:is|are|would|be|also|really|very|definitely|we|need|want|should|have|has|know"
    r"|knowing)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:and|or|with|experience|in|of|knowledge|familiarity|e\.?g|eg|etc|like|such|as|also"
    r"|the|a|an|understanding|skills?|using|tools?|frameworks?|languages?|e\.g\.)\b|[&/+.\-()]",
    re.IGNORECASE,
)


# O*NET names that ads use as plain words: "pension scheme", "received after the deadline",
# "cross-functional teams", "modern programming languages" (a category, not a skill).
_NOT_SKILLS = frozenset({"scheme", "after the deadline", "teams", "programming languages"})


@dataclass(slots=True)
class Requirements:
    must: list[str] = field(default_factory=list)  # display names, in order of mention
    nice: list[str] = field(default_factory=list)
    skill_years: list[tuple[str, float, bool]] = field(default_factory=list)  # name, years, must
    must_any: list[list[str]] = field(default_factory=list)  # OR-groups, display names
    nice_any: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    credentials: list[Credential] = field(default_factory=list)
    excluded_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class _ClauseInfo:
    clause: Clause
    skills: list[SkillMatch]  # offsets into the document text
    cue: Cue | None
    trailing: bool  # the cue comes after the clause's first skill ("Go is a plus")
    bare: bool  # nothing but skill names and list words
    single: bool  # "Vue is a bonus": a singular cue that covers its own clause only


def display_name(skill: SkillMatch) -> str:
    """How the recruiter would write it: 'SQL' not 'Structured query language SQL', but
    'PostgreSQL' for 'postgres' and 'Kubernetes' for 'k8s'."""
    if skill.category == CONCEPT:
        return skill.name  # "REST APIs" for "RESTful services"
    found = re.search(rf"(?<!\w){re.escape(skill.raw)}(?!\w)", skill.name, re.IGNORECASE)
    if found:
        return found.group(0)
    # An acronym the recruiter wrote ("GCP") reads better than O*NET's long name for it
    # ("Google Cloud software"), and is what a resume says.
    letters = skill.raw.replace(".", "")
    return (
        skill.raw if len(letters) >= 2 and letters.isalpha() and letters.isupper() else skill.name
    )


def _looks_like_a_name(skill: SkillMatch) -> bool:
    """'San' (Francisco) is not 'SAN': a capitalised word is not an all-caps acronym."""
    shown = display_name(skill)
    raw = skill.raw
    return shown.isupper() and len(raw) > 1 and raw[0].isupper() and raw[1:].islower()


def _cue(text: str, first_skill: int | None) -> tuple[Cue | None, bool]:
    """The clause's cue (drop before nice before must: "strong Go is a plus" is a plus) and
    whether it trails the first skill."""
    for kind, pattern in _CUES:
        match = pattern.search(text)
        if match:
            return kind, first_skill is not None and match.start() > first_skill
    return None, False


def _split_mixed(masked: str, clause: Clause) -> list[Clause]:
    """'Kubernetes nice to have and Spark is a must': two cues of different kinds in one
    clause means the clause is two requirements joined by 'and'."""
    text = masked[clause.start : clause.end]
    kinds = {kind for kind, p in (("nice", _NICE), ("must", _MUST)) if p.search(text)}
    if len(kinds) < 2:
        return [clause]
    pieces: list[Clause] = []
    cursor = clause.start
    for join in _JOINS.finditer(masked, clause.start, clause.end):
        pieces.append(Clause(cursor, join.start()))
        cursor = join.end()
    pieces.append(Clause(cursor, clause.end))
    return pieces


def _shifted(matches: list[SkillMatch], offset: int) -> list[SkillMatch]:
    return [
        SkillMatch(m.name, m.raw, m.start + offset, m.end + offset, m.category, m.hot, m.in_demand)
        for m in matches
    ]


def _skills_in(masked: str, sentence: Sentence, clause: Clause) -> list[SkillMatch]:
    """Skills in a clause. The sentence gives list context ('Python, R, SQL' confirms 'R');
    the clause alone catches a second mention ('Java not required, no Java 8'), which the
    taxonomy, reporting first occurrences only, would skip at sentence level."""
    taxonomy = get_taxonomy()
    found = _shifted(taxonomy.find_skills(masked[sentence.start : sentence.end]), sentence.start)
    found += _shifted(taxonomy.find_skills(masked[clause.start : clause.end]), clause.start)
    # Then what O*NET lacks ("REST APIs", "Jest"), where no O*NET skill already stands.
    for concept in _shifted(find_concepts(masked[clause.start : clause.end]), clause.start):
        if not any(m.start < concept.end and concept.start < m.end for m in found):
            found.append(concept)
    found = [m for m in found if m.raw.lower() not in _NOT_SKILLS]
    by_span = {(m.start, m.end): m for m in found if clause.start <= m.start < clause.end}
    return sorted((m for m in by_span.values() if not _looks_like_a_name(m)), key=lambda m: m.start)


def _infos(masked: str, sentence: Sentence, orgs: Organisations) -> list[_ClauseInfo]:
    infos: list[_ClauseInfo] = []
    clauses = [piece for clause in sentence.clauses for piece in _split_mixed(masked, clause)]
    for clause in clauses:
        skills = [
            s
            for s in _skills_in(masked, sentence, clause)
            if not orgs.covers(s.start, s.end, s.raw)
        ]
        text = masked[clause.start : clause.end]
        first = skills[0].start - clause.start if skills else None
        cue, trailing = _cue(text, first)
        if not skills and cue in ("must", "nice"):
            skills = _named_in_cued_clause(text, clause.start)
            trailing = bool(skills)
        rest = text
        for skill in sorted(skills, key=lambda s: s.start, reverse=True):
            rest = rest[: skill.start - clause.start] + " " + rest[skill.end - clause.start :]
        bare = bool(skills) and not _FILLER.sub(" ", rest).strip()
        single = len(skills) == 1 and _SINGULAR.search(text) is not None
        infos.append(_ClauseInfo(clause, skills, cue, trailing, bare, single))
    return infos


def _named_in_cued_clause(text: str, offset: int) -> list[SkillMatch]:
    """'Spark would be a plus': the taxonomy rightly doubts a lone 'Spark' in prose, but a
    clause that is nothing except a name and a must/nice cue names a skill."""
    rest = text
    for pattern in (_NICE, _MUST, _RESCUE_NOISE, _FILLER):
        rest = pattern.sub(" ", rest)
    pieces = [p.strip() for p in re.split(r"\s*(?:,|/|\band\b|\bor\b)\s*", rest) if p.strip()]
    if not pieces or len(" ".join(pieces).split()) > 4:
        return []
    taxonomy = get_taxonomy()
    found: list[SkillMatch] = []
    for piece in pieces:
        skill = taxonomy.canonical_skill(piece)
        at = text.find(piece)
        if skill is None or at < 0:
            return []
        found.append(SkillMatch(skill.name, piece, offset + at, offset + at + len(piece),
                                skill.category, skill.hot, skill.in_demand))  # fmt: skip
    return found


def _resolve(infos: list[_ClauseInfo], default: Cue | None) -> list[Cue | None]:
    resolved: list[Cue | None] = []
    for index, info in enumerate(infos):
        cue = info.cue
        if cue is None and info.bare:
            for later in infos[index + 1 :]:
                if (
                    later.cue is not None
                    and (later.trailing or not later.skills)
                    and not later.single
                ):
                    cue = later.cue
                    break
                if not later.bare:
                    break
            if cue is None and index > 0 and infos[index - 1].skills:
                cue = resolved[index - 1]
        resolved.append(cue or default)
    return resolved


def _exclusions(masked: str, info: _ClauseInfo, out: Requirements) -> set[str]:
    """Skills and people the clause rules out; returns the excluded skills' canonical names."""
    text = masked[info.clause.start : info.clause.end]
    excluded: set[str] = set()
    if _DROP.search(text):
        return excluded
    for skill in info.skills:
        before = masked[max(info.clause.start, skill.start - 24) : skill.start]
        if _EXCLUDE_BEFORE.search(before):
            excluded.add(skill.name)
            out.excluded.append(display_name(skill))
            out.excluded_spans.append((info.clause.start, info.clause.end))
    for match in _EXCLUDED_PEOPLE.finditer(text):
        out.excluded.append(" ".join(match.group("who").split()))
        out.excluded_spans.append((info.clause.start, info.clause.end))
    phrase = _EXCLUDE_PHRASE.search(text)
    if phrase and not info.skills and len(phrase.group("what").split()) <= 6:
        out.excluded.append(" ".join(phrase.group("what").split()))
        out.excluded_spans.append((info.clause.start, info.clause.end))
    return excluded


def _credential(
    doc: Document, masked: str, info: _ClauseInfo, cue: Cue | None
) -> Credential | None:
    clause = info.clause
    text = masked[clause.start : clause.end]
    if text != doc.text[clause.start : clause.end] or cue in (None, "drop"):
        return None  # a refused phrase never becomes a qualification
    found = find_credential(text, required=cue == "must")
    if found is None and not info.skills:
        found = find_phrase(text, required=cue == "must")
    return found


def _work_authorization(credential: Credential) -> bool:
    return credential.kind == "legal" and "clearance" not in credential.text.lower()


def classify(doc: Document, masked: str, title_span: tuple[int, int] | None) -> Requirements:
    out = Requirements()
    cues: dict[str, Cue] = {}
    names: dict[str, str] = {}
    excluded: set[str] = set()
    groups: list[tuple[list[SkillMatch], bool]] = []  # OR-groups and whether required
    orgs = find_organisations(doc.text)  # a partner's acronym is not a skill
    for sentence in doc.sentences:
        default = _DEFAULT[sentence.section]
        if default is None:
            continue
        infos = _infos(masked, sentence, orgs)
        resolved = _resolve(infos, default)
        cue_at = {
            s.start: cue for info, cue in zip(infos, resolved, strict=True) for s in info.skills
        }
        grouped: set[int] = set()
        for group in or_groups(masked, [s for info in infos for s in info.skills]):
            levels = {cue_at[s.start] for s in group}
            if "drop" in levels or any(
                _EXCLUDE_BEFORE.search(masked[max(0, s.start - 24) : s.start]) for s in group
            ):
                continue  # "no Java or PHP" is an exclusion; "Go or Rust not required" nothing
            in_title = title_span is not None and any(
                title_span[0] <= s.start < title_span[1] for s in group
            )
            unique = {s.name: s for s in group}
            if len(unique) < 2:
                continue
            groups.append((list(unique.values()), in_title or "must" in levels))
            grouped |= {s.start for s in group}
        for info, cue in zip(infos, resolved, strict=True):
            excluded |= _exclusions(masked, info, out)
            credential = (
                _credential(doc, masked, info, cue)
                if sentence.section in _CREDENTIAL_PARTS
                else None
            )
            if credential is not None:
                out.credentials.append(credential)
            if sentence.section in _CREDENTIAL_PARTS and cue in ("must", "nice"):
                for skill, value in skill_years(
                    masked, info.clause.start, info.clause.end, info.skills
                ):
                    name = names.setdefault(skill.name, display_name(skill))
                    out.skill_years.append((name, value, cue == "must"))
            for skill in info.skills:
                if skill.start in grouped:
                    continue  # one of an OR-group: met by any of them, not required alone
                in_title = title_span is not None and title_span[0] <= skill.start < title_span[1]
                if in_title and skill.category == CONCEPT:
                    continue  # "Machine Learning Engineer" names the job, not a skill
                level: Cue | None = "must" if in_title else cue
                names.setdefault(skill.name, display_name(skill))
                # A skill required anywhere is required; "nice" never downgrades a "must".
                if level == "must" or (level == "nice" and cues.get(skill.name) != "must"):
                    cues[skill.name] = level
                elif level == "drop":
                    cues.setdefault(skill.name, "drop")
    for members, required in groups:
        for m in members:
            names.setdefault(m.name, display_name(m))
        # "Python required ... Python, Spark or Scala a plus": the group is met by a required
        # skill already, so what it adds is its other members, each a plus.
        if not required and any(cues.get(m.name) == "must" for m in members):
            for m in members:
                cues.setdefault(m.name, "nice")
            continue
        alternatives = [names[m.name] for m in members if m.name not in excluded]
        target = out.must_any if required else out.nice_any
        if len(alternatives) >= 2 and alternatives not in target:
            target.append(alternatives)
    for canonical, level in cues.items():
        if canonical in excluded:
            continue
        if level == "must":
            out.must.append(names[canonical])
        elif level == "nice":
            out.nice.append(names[canonical])
    out.excluded = list(dict.fromkeys(out.excluded))
    # "No visa sponsorship" restates a right-to-work line when the ad has one.
    stated = [
        c for c in out.credentials if _work_authorization(c) and c.text != NO_SPONSORSHIP_TEXT
    ]
    if stated:
        out.credentials = [c for c in out.credentials if c.text != NO_SPONSORSHIP_TEXT]
    out.credentials = list({c.text.lower(): c for c in out.credentials}.values())
    return out
