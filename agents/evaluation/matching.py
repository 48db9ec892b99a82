"""One rule per kind of qualification: given a `Plan` and the candidate's text, a verdict with a
confidence, the hits that show it, and a one-line explanation.

Absence is treated with care. Only a taxonomy-known skill missing from a resume that has a
skills section is `not_met` (with low confidence: the candidate listed their skills and this one
is not there). Anything else the text is silent on is `unknown`: a resume that does not mention
a language, a degree field or a location has not said "no".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from agents.evaluation import vocab
from agents.evaluation.families import MEMBER_FACTOR, family_of
from agents.evaluation.plans import Plan, Term
from agents.evaluation.text import CandidateText, Hit, fold, sentence_bounds
from agents.evaluation.years import YearsFacts, years_facts
from agents.schemas import VerdictValue
from app.taxonomy import get_taxonomy

MAX_EVIDENCE = 2
ABSENT_SKILL = 0.4  # not_met: a known skill missing from a listed set of skills
SILENT = 0.2  # unknown: the text says nothing either way
LOOSE_FACTOR = 0.6  # all the words on one line, but not the phrase itself


@dataclass(slots=True)
class Outcome:
    verdict: VerdictValue
    confidence: float
    hits: list[Hit] = field(default_factory=list)
    explanation: str = ""


@dataclass(slots=True)
class TermResult:
    term: Term
    hits: list[Hit]
    exact: bool  # the phrase or skill itself, not just its words on one line
    confidence: float
    via: tuple[str, ...] = ()  # members of the term's skill family that showed it ("S3")

    @property
    def label(self) -> str:
        if not self.via:
            return self.term.label
        shown = ", ".join(self.via[:3])
        return f"{self.term.label} (shown by {shown}, part of {self.term.label}; indirect)"


_COMPOUND_WINDOW = 24


class Candidate:
    """The indexed text plus facts computed on first use."""

    def __init__(self, text: CandidateText) -> None:
        self.text = text

    @cached_property
    def years(self) -> YearsFacts:
        return years_facts(self.text)

    def best_hits(self, hits: list[Hit], limit: int = MAX_EVIDENCE) -> list[Hit]:
        """The strongest hit first, then one from another section, by where they are."""
        ordered = sorted(set(hits), key=lambda h: (self.text.kind_rank(h), h.section, h.start))
        chosen: list[Hit] = []
        for hit in ordered:
            if all(hit.section != other.section for other in chosen):
                chosen.append(hit)
            if len(chosen) >= limit:
                break
        return chosen

    def find(self, term: Term) -> TermResult:
        text = self.text
        hits = list(text.skills.get(term.skill, ())) if term.skill else []
        hits += [
            h
            for h in text.search(term.pattern, folded=term.folded)
            if not self._in_compound(term, h)
        ]
        if hits:
            return TermResult(term, hits, True, max(text.confidence(h) for h in hits))
        members = self._family_hits(term)
        if members:
            confidence = max(text.confidence(h) for h in members) * MEMBER_FACTOR
            via = tuple(dict.fromkeys(text.raw(h) for h in members))
            return TermResult(term, members, True, confidence, via)
        loose = self._same_line(term)
        confidence = max((text.confidence(h) for h in loose), default=0.0) * LOOSE_FACTOR
        return TermResult(term, loose, False, confidence)

    def _family_hits(self, term: Term) -> list[Hit]:
        """Mentions of services that belong to the term's skill family (S3 for AWS)."""
        family = family_of(term.skill)
        if family is None:
            return []
        text = self.text
        hits = [h for name in sorted(family.members) for h in text.skills.get(name, ())]
        if family.written is not None:
            hits += text.search(family.written, folded=False)
        return hits

    def _in_compound(self, term: Term, hit: Hit) -> bool:
        """A literal hit that opens a longer name of another skill: "Java" in "Java Script"."""
        if term.skill is None:
            return False
        masked = self.text.sections[hit.section].masked
        found = get_taxonomy().find_skills(masked[hit.start : hit.end + _COMPOUND_WINDOW])
        first = found[0] if found else None
        return (
            first is not None
            and first.start == 0
            and first.end > hit.end - hit.start
            and first.name != term.skill
        )

    def _same_line(self, term: Term) -> list[Hit]:
        """Hits where every content word of a 2+ word term appears on one line."""
        if len(term.words) < 2:
            return []
        text = self.text
        hits: list[Hit] = []
        for index, section in enumerate(text.sections):
            lines: set[int] | None = None
            first: dict[int, Hit] = {}
            for word in term.words:
                found: set[int] = set()
                for m in word.finditer(section.folded):
                    line = text.line_number(index, m.start())
                    found.add(line)
                    first.setdefault(line, Hit(index, m.start(), m.end()))
                lines = found if lines is None else lines & found
                if not lines:
                    break
            hits.extend(first[line] for line in sorted(lines or ()))
        return hits[:3]


def _names(results: list[TermResult]) -> str:
    return ", ".join(result.label for result in results)


def _absent(candidate: Candidate, missing: list[TermResult]) -> Outcome:
    if missing and all(r.term.skill for r in missing) and "skills" in candidate.text.kinds:
        return Outcome(
            "not_met", ABSENT_SKILL, [], f"{_names(missing)} not found; the resume lists skills"
        )
    return Outcome("unknown", SILENT, [], f"{_names(missing) or 'it'} not mentioned")


def evaluate_terms(candidate: Candidate, plan: Plan) -> Outcome:
    if not plan.terms:
        return Outcome("unknown", 0.1, [], "nothing specific to look for")
    results = [candidate.find(term) for term in plan.terms]
    exact = [r for r in results if r.exact]
    loose = [r for r in results if not r.exact and r.hits]
    missing = [r for r in results if not r.hits]
    hits = candidate.best_hits([h for r in exact or loose for h in r.hits])
    if plan.any_of:
        if exact:
            best = max(exact, key=lambda r: r.confidence)
            return Outcome("met", best.confidence, hits, f"{best.label} found")
        if loose:
            return Outcome("unknown", 0.4, hits, f"related words to {_names(loose)} found")
        return _absent(candidate, missing)
    if not missing and not loose:
        confidence = min(r.confidence for r in exact)
        return Outcome("met", confidence, hits, f"{_names(exact)} found")
    if not missing:
        return Outcome("unknown", 0.45, hits, f"only related words to {_names(loose)} found")
    if exact or loose:
        outcome = _absent(candidate, missing)
        verdict = outcome.verdict
        found = _names(exact + loose)
        explanation = f"{found} found; {_names(missing)} not found"
        return Outcome(verdict, 0.35 if verdict == "not_met" else 0.3, hits, explanation)
    return _absent(candidate, missing)


def evaluate_years(candidate: Candidate, plan: Plan) -> Outcome:
    needed = plan.years or 0.0
    facts = candidate.years
    total = facts.total
    total_hits, dated = facts.total_evidence()
    if not plan.terms:
        floor = facts.skill_floor
        if total is None and floor is not None and floor.years >= needed:
            explanation = f"{floor.years:g} years with one skill alone ≥ {needed:g}"
            return Outcome("met", 0.6, [floor.hit], explanation)
        if total is None:
            return Outcome("unknown", SILENT, [], "no dates or years of experience stated")
        shown = f"{total:g} years {'from dated jobs' if dated else 'stated'}"
        if total >= needed:
            return Outcome("met", 0.85 if dated else 0.75, total_hits, f"{shown} ≥ {needed:g}")
        return Outcome("not_met", 0.7 if dated else 0.6, total_hits, f"{shown} < {needed:g}")

    terms = evaluate_terms(candidate, plan)
    explicit = explicit_years(candidate, plan, facts)
    if explicit is not None:
        years, hit = explicit
        hits = [hit, *(h for h in terms.hits if h != hit)][: MAX_EVIDENCE + 1]
        if years >= needed:
            return Outcome("met", 0.85, hits, f"{years:g} years stated ≥ {needed:g}")
        return Outcome("not_met", 0.7, hits, f"{years:g} years stated < {needed:g}")
    if terms.verdict != "met":
        generic = all(term.skill is None for term in plan.terms)
        if generic and total is not None and terms.verdict == "unknown":
            # "3+ years in software development": the words may not be there even when the
            # work is, so the total decides, with little confidence either way.
            if total >= needed:
                return Outcome(
                    "met", 0.45, total_hits, f"{total:g} years in all; {terms.explanation}"
                )
            return Outcome("not_met", 0.6, total_hits, f"{total:g} years in all < {needed:g}")
        return terms
    if total is None:
        return Outcome("unknown", 0.35, terms.hits, f"{terms.explanation}; no dates to count years")
    hits = [*terms.hits, *total_hits[:1]]
    if total >= needed:
        explanation = f"{terms.explanation}; {total:g} years in all ≥ {needed:g} (not per skill)"
        return Outcome("met", 0.5, hits, explanation)
    return Outcome("not_met", 0.6, hits, f"{terms.explanation}; only {total:g} years in all")


def explicit_years(candidate: Candidate, plan: Plan, facts: YearsFacts) -> tuple[float, Hit] | None:
    """Years stated for the skill itself: "Python- Experience - 24 months" (public corpus) or
    "5 years of experience in Python" in one sentence."""
    taxonomy = get_taxonomy()
    skills = {term.skill for term in plan.terms if term.skill}
    best: tuple[float, Hit] | None = None
    for item in facts.skill_years:
        canonical = taxonomy.canonical_skill(item.name)
        named = (canonical is not None and canonical.name in skills) or any(
            _names_term(term, item.name) for term in plan.terms
        )
        if named and (best is None or item.years > best[0]):
            best = (item.years, item.hit)
    for claim in facts.claims:
        section = candidate.text.sections[claim.hit.section]
        a, b = sentence_bounds(section.masked, claim.hit.start, claim.hit.end)
        sentence = section.masked[a:b]
        if any(_names_term(term, sentence) for term in plan.terms) and (
            best is None or claim.years > best[0]
        ):
            best = (claim.years, claim.hit)
    return best


def _names_term(term: Term, text: str) -> bool:
    return term.pattern.search(fold(text) if term.folded else text) is not None


def evaluate_location(candidate: Candidate, plan: Plan) -> Outcome:
    """A place named in the resume, or a stated willingness to relocate / work remotely.
    Never `not_met`: resumes often leave location out, and where someone lives today says
    little about where they could work."""
    places = [candidate.find(term) for term in plan.terms]
    found = [r for r in places if r.exact]
    if found:
        hits = candidate.best_hits([h for r in found for h in r.hits])
        return Outcome("met", 0.6, hits, f"{_names(found)} mentioned")
    for wanted, pattern, what in (
        (plan.relocation, vocab.RELOCATION_FOLDED, "willing to relocate"),
        (plan.remote, vocab.REMOTE_FOLDED, "remote work"),
    ):
        hits = candidate.text.search(pattern, folded=True) if wanted else []
        if hits:
            return Outcome("met", 0.5, candidate.best_hits(hits), f"mentions {what}")
    return Outcome("unknown", SILENT, [], "location not stated")
