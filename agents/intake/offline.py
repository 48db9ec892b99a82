"""The offline intake skill: a recruiter's request or pasted job description to a JobSpec.

Deterministic and LLM-free, so it always answers (and is what the LLM skill falls back to).
The pipeline, each step in its own module:
  1. segments: sections, sentences, clauses (offsets kept);
  2. responsible_ai: protected-attribute phrases are refused and blanked out of the text, so
     nothing downstream can turn them into a requirement;
  3. extract / location / requirements: the spec's fields from the blanked text;
  4. merge with the spec so far (an answer to a clarifying question fills only what it says);
  5. O*NET fills the gaps, each filled item marked as a suggestion; questions for what is
     still missing; qualifications from the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.intake import extract
from agents.intake.credentials import Credential
from agents.intake.location import Found, accept, bare_place, find_location, says_anywhere
from agents.intake.qualifications import build_qualifications
from agents.intake.requirements import classify
from agents.intake.responsible_ai import Hit, find_protected, neutral_title, refusal
from agents.intake.segments import BOILERPLATE, Document, segment
from agents.schemas import (
    ClarifyingQuestion,
    IntakeResult,
    JobSpec,
    Qualification,
    RefusedQualification,
    SkillAlternatives,
    SkillRequirement,
    SkillYears,
)
from app.taxonomy import get_taxonomy

SUGGESTED_SKILLS = 5  # O*NET's usual hot skills offered when the recruiter named none
ADJACENT_TITLES = 5
_READABLE = ("request", "intro", "must", "nice", "duties", "location")
# Words an answer wraps around a place: "Berlin, hybrid", "make it Munich please".
_ANSWER_NOISE = re.compile(
    r"\b(?:make\s+it|let'?s\s+say|it'?s|it\s+is|they\s+should\s+be|should\s+be|based|in|at"
    r"|please|yes|ok(?:ay)?|sure|instead|actually|the\s+role\s+is|role|office|city"
    r"|hybrid|remote|on[- ]?site|full[- ]time|part[- ]time|senior|junior|mid(?:-level)?|lead"
    r"|principal|intern|level|a|an|the)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Parsed:
    spec: JobSpec
    credentials: list[Credential] = field(default_factory=list)
    title_clause_only: bool = False  # the answer restates the role ("data engineer, actually")


def _screen(doc: Document) -> tuple[str, list[RefusedQualification], list[str]]:
    """Refuse protected-attribute phrases clause by clause; return the text with them blanked
    and the neutral rewrites of any gendered titles (a fallback title)."""
    chars = list(doc.text)
    refused: list[RefusedQualification] = []
    titles: list[str] = []
    for sentence in doc.sentences:
        if sentence.section in BOILERPLATE:
            continue  # benefits, pay, how to apply, equal-opportunity text: not requirements
        hits = find_protected(doc.words(sentence))
        groups: list[tuple[int, int, list[Hit]]] = []
        for hit in hits:
            start, end = sentence.start + hit.start, sentence.start + hit.end
            chars[start:end] = " " * (end - start)
            title = neutral_title(hit)
            if title is not None:
                titles.append(title)
            # A description's bullet is one requirement; a chat request packs several into
            # one sentence, so there the refused phrase is the clause.
            spans = [(c.start, c.end) for c in sentence.clauses if c.start < end and start < c.end]
            if doc.has_headings or not spans:
                spans = [(sentence.start, sentence.end)]
            span = (spans[0][0], spans[-1][1])
            if groups and span[0] < groups[-1][1]:
                first, _, grouped = groups[-1]
                groups[-1] = (first, max(span[1], groups[-1][1]), [*grouped, hit])
            else:
                groups.append((span[0], span[1], [hit]))
        for start, end, grouped in groups:
            result = refusal(doc.text[start:end], grouped)
            if result is not None:
                refused.append(result)
    return "".join(chars), refused, titles


def _texts(doc: Document, masked: str, sections: tuple[str, ...] = _READABLE) -> list[str]:
    return [masked[s.start : s.end] for s in doc.sentences if s.section in sections]


def _parse(doc: Document, masked: str, gendered_titles: list[str]) -> _Parsed:
    title = extract.find_title(doc, masked)
    title_span = (title.start, title.end) if title else None
    needs = classify(doc, masked, title_span)
    spec = JobSpec(
        must_have_skills=[SkillRequirement(name=name) for name in needs.must],
        nice_to_have_skills=[SkillRequirement(name=name) for name in needs.nice],
        exclusions=needs.excluded,
        skill_years=[
            SkillYears(name=name, years=value, required=must)
            for name, value, must in needs.skill_years
        ],
        skill_alternatives=[
            *(SkillAlternatives(any_of=group) for group in needs.must_any),
            *(SkillAlternatives(any_of=group, required=False) for group in needs.nice_any),
        ],
    )
    parsed = _Parsed(spec, needs.credentials)
    if title is not None:
        spec.title, spec.seniority = title.title, title.seniority
        spec.onet_code = title.match.code if title.match else None
        clause = next(
            (c for s in doc.sentences for c in s.clauses if c.start <= title.start < c.end), None
        )
        parsed.title_clause_only = clause is not None and not _ANSWER_NOISE.sub(
            " ", masked[clause.start : clause.end].replace(masked[title.start : title.end], " ")
        ).strip(" ,.!")
    elif gendered_titles:
        match = get_taxonomy().normalize_title(gendered_titles[0])
        spec.title, spec.onet_code = gendered_titles[0], match.code if match else None
    texts = _texts(doc, masked)
    # Duties name the ranks of others ("review the work of junior engineers"); the level of
    # the role is in its title and requirements.
    ranked = _texts(doc, masked, tuple(s for s in _READABLE if s != "duties"))
    spec.seniority = spec.seniority or extract.find_seniority(ranked)
    years = [value for text in texts for value, _, _ in extract.find_years(text)]
    general = list(years)
    for dated in spec.skill_years:  # "5+ years of Python" is not the whole career
        if dated.years in general:
            general.remove(dated.years)
    chosen = general or years
    spec.min_years_experience = max(chosen) if chosen else None
    unexcluded = list(masked)
    for start, end in needs.excluded_spans:  # "no contractors" is not a contract role
        unexcluded[start:end] = " " * (end - start)
    # Contract terms often sit under Benefits ("permanent contract, full-time").
    everything = (*_READABLE, *BOILERPLATE)
    spec.employment_type = extract.find_employment(_texts(doc, "".join(unexcluded), everything))
    spec.remote = spec.work_mode = extract.find_remote("\n".join(texts))
    found = find_location(doc, masked, title.end if title else None)
    if found is not None:
        spec.location, spec.place = found
    if spec.location is None and says_anywhere("\n".join(texts)):
        spec.location = "Anywhere"
    return parsed


def _answer_place(doc: Document, masked: str) -> Found | None:
    """A bare place in an answer ("Berlin, hybrid"): no 'in' to cue it, so take a clause that
    is nothing but a place once work-mode and rank words are gone."""
    taxonomy = get_taxonomy()
    for sentence in doc.sentences:
        for clause in sentence.clauses:
            text = masked[clause.start : clause.end]
            if taxonomy.find_skills(text):
                continue  # "Go", "Excel": a skill, however place-like it looks
            found = accept(bare_place(_ANSWER_NOISE.sub(" ", text), fix_case=True))
            if found:
                return found
    return None


def _refined_title(previous: JobSpec, masked: str) -> tuple[str, str] | None:
    """'data' answering "what kind of engineer?" makes the title 'Data Engineer'."""
    if previous.title is None or previous.onet_code is not None:
        return None
    if not extract.is_vague(previous.title) or get_taxonomy().find_skills(masked):
        return None
    words = _ANSWER_NOISE.sub(" ", masked).replace(",", " ").split()
    if not 1 <= len(words) <= 3 or not all(word.isalpha() for word in words):
        return None
    title = extract.title_case([*words, previous.title.split()[-1]])
    match = get_taxonomy().normalize_title(title)
    if match is None or match.score < extract.MIN_FUZZY_TITLE:
        return None
    return title, match.code


def _same_skill(a: str, b: str) -> bool:
    taxonomy = get_taxonomy()
    first, second = taxonomy.canonical_skill(a), taxonomy.canonical_skill(b)
    if first is not None and second is not None:
        return first.name == second.name
    return a.lower() == b.lower()


def _without(skills: list[SkillRequirement], names: list[str]) -> list[SkillRequirement]:
    return [s for s in skills if not any(_same_skill(s.name, name) for name in names)]


def _merge(previous: JobSpec, new: JobSpec, take_title: bool) -> JobSpec:
    """Fill the spec so far with what the answer says; what it does not say is kept."""
    spec = previous.model_copy(deep=True)
    if take_title and new.title and new.title != previous.title:
        spec.title, spec.onet_code = new.title, new.onet_code
        # The suggestions were for the old occupation.
        spec.adjacent_titles = []
        spec.must_have_skills = [s for s in spec.must_have_skills if not s.suggested]
        spec.nice_to_have_skills = [s for s in spec.nice_to_have_skills if not s.suggested]
    for name in (
        "seniority", "location", "place", "remote", "work_mode", "min_years_experience",
        "employment_type",
    ):  # fmt: skip
        value = getattr(new, name)
        if value is not None:
            setattr(spec, name, value)
    must_names = [s.name for s in new.must_have_skills]
    nice_names = [s.name for s in new.nice_to_have_skills]
    # What the answer says about a skill wins: "Kubernetes is just nice to have" moves it.
    spec.must_have_skills = _without(spec.must_have_skills, must_names + nice_names)
    spec.nice_to_have_skills = _without(spec.nice_to_have_skills, must_names + nice_names)
    spec.must_have_skills += new.must_have_skills
    spec.nice_to_have_skills += new.nice_to_have_skills
    # An OR-group the answer states again (or restates at another level) replaces the old one.
    restated = [{a.lower() for a in g.any_of} for g in new.skill_alternatives]
    spec.skill_alternatives = [
        g for g in spec.skill_alternatives if {a.lower() for a in g.any_of} not in restated
    ] + new.skill_alternatives
    spec.exclusions = list(dict.fromkeys([*spec.exclusions, *new.exclusions]))
    if new.skill_years:
        renamed = {s.name.lower() for s in new.skill_years}
        spec.skill_years = [
            s for s in spec.skill_years if s.name.lower() not in renamed
        ] + new.skill_years
    spec.must_have_skills = _without(spec.must_have_skills, spec.exclusions)
    spec.nice_to_have_skills = _without(spec.nice_to_have_skills, spec.exclusions)
    return spec


def short_skill_name(name: str) -> str:
    """'Structured query language SQL' -> 'SQL': O*NET names end with their acronym."""
    words = name.split()
    for index, word in enumerate(words):
        if index >= 2 and len(word) >= 2 and word.isupper() and word.isalpha():
            letters = iter("".join(words[:index]).lower())
            if all(char in letters for char in word.lower()):
                return word
    return name


def _fill_from_onet(spec: JobSpec) -> JobSpec:
    if spec.onet_code is None:
        return spec
    taxonomy = get_taxonomy()
    if not spec.adjacent_titles:
        own = taxonomy.occupation(spec.onet_code)
        spec.adjacent_titles = [
            title
            for title in taxonomy.related_titles(spec.onet_code, ADJACENT_TITLES + 1)
            if own is None or title != own.title
        ][:ADJACENT_TITLES]
    named = any(not s.suggested for s in spec.must_have_skills)
    already = any(s.suggested for s in spec.nice_to_have_skills)
    if named or already:
        return spec
    present = [s.name for s in spec.must_have_skills + spec.nice_to_have_skills] + spec.exclusions
    for skill in taxonomy.usual_skills(spec.onet_code, 30):
        if len([s for s in spec.nice_to_have_skills if s.suggested]) >= SUGGESTED_SKILLS:
            break
        name = short_skill_name(skill.name)
        if skill.hot and not any(_same_skill(name, other) for other in present):
            spec.nice_to_have_skills.append(SkillRequirement(name=name, suggested=True))
            present.append(name)
    return spec


def _questions(spec: JobSpec) -> list[ClarifyingQuestion]:
    questions: list[ClarifyingQuestion] = []
    if spec.title is None:
        questions.append(ClarifyingQuestion(
            field="title",
            question="What role are we hiring for? A job title is enough, e.g. 'Backend Engineer'.",
        ))  # fmt: skip
    elif spec.onet_code is None and extract.is_vague(spec.title):
        questions.append(ClarifyingQuestion(
            field="title",
            question=f"'{spec.title}' could be many jobs: what kind exactly, e.g. backend, data "
            "or mechanical?",
        ))  # fmt: skip
    # A fully remote role has no location to ask about (the LLM skill's guard agrees).
    if spec.location is None and spec.remote != "remote":
        where = {
            "hybrid": "Which city or office is this hybrid role attached to?",
            "onsite": "Which city or office will they be working from?",
        }.get(spec.remote or "", "Where should they be based, and is it onsite, hybrid or remote?")
        questions.append(ClarifyingQuestion(field="location", question=where))
    if spec.seniority is None:
        role = f"the {spec.title} role" if spec.title else "this role"
        questions.append(ClarifyingQuestion(
            field="seniority",
            question=f"What level is {role}: junior, mid-level, senior, lead or principal?",
        ))  # fmt: skip
    return questions


def intake_offline(
    text: str,
    previous: JobSpec | None = None,
    past_qualifications: list[Qualification] | None = None,
) -> IntakeResult:
    """Parse `text` (a request, a job description, or an answer to a clarifying question when
    `previous` is given) into a spec, questions, qualifications and refusals."""
    doc = segment(text)
    masked, refused, gendered_titles = _screen(doc)
    parsed = _parse(doc, masked, gendered_titles)
    spec = parsed.spec
    if previous is not None:
        if spec.location is None:
            answered = _answer_place(doc, masked)
            if answered is not None:
                spec.location, spec.place = answered
        take_title = (
            previous.title is None
            or parsed.title_clause_only
            or bool(extract.HIRING_CUE.search(masked))
        )
        refined = _refined_title(previous, masked) if spec.title is None else None
        if refined is not None:
            (spec.title, spec.onet_code), take_title = refined, True
        spec = _merge(previous, spec, take_title)
    if spec.seniority is None and spec.min_years_experience is not None:
        spec.seniority = extract.seniority_from_years(spec.min_years_experience)
    spec = _fill_from_onet(spec)
    return IntakeResult(
        spec=spec,
        questions=_questions(spec),
        qualifications=build_qualifications(spec, parsed.credentials, past_qualifications),
        refused=refused,
        engine="offline",
    )
