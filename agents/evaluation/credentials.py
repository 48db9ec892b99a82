"""What a candidate holds rather than does: degrees, certifications and language levels."""

from __future__ import annotations

from agents.evaluation import vocab
from agents.evaluation.matching import SILENT, Candidate, Outcome, TermResult
from agents.evaluation.plans import Plan, Term
from agents.evaluation.text import Hit


def evaluate_degree(candidate: Candidate, plan: Plan) -> Outcome:
    needed = plan.degree_level or 3
    text = candidate.text
    kinds = {"education"} if "education" in text.kinds else None
    found: list[tuple[int, Hit]] = []
    for index, section in enumerate(text.sections):
        if kinds is not None and section.kind not in kinds:
            continue
        for level, pattern in vocab.DEGREE_FOLDED:
            found.extend(
                (level, Hit(index, m.start(), m.end())) for m in pattern.finditer(section.folded)
            )
        for level, pattern in vocab.DEGREE_CAPITALS:
            found.extend(
                (level, Hit(index, m.start(), m.end())) for m in pattern.finditer(section.masked)
            )
    name = vocab.DEGREE_LEVEL_NAMES[needed]
    if not found:
        confidence = 0.3 if kinds else SILENT
        return Outcome("unknown", confidence, [], f"no {name} or higher degree recognised")
    enough = [(level, hit) for level, hit in found if level >= needed]
    if not enough:
        level, hit = max(found, key=lambda item: item[0])
        shown = vocab.DEGREE_LEVEL_NAMES[level]
        if plan.flexible:
            return Outcome("unknown", 0.4, [hit], f"{shown} found; equivalent experience may count")
        return Outcome("not_met", 0.7, [hit], f"highest degree found: {shown} < {name}")
    if not plan.fields:
        level, hit = max(enough, key=lambda item: item[0])
        return Outcome("met", 0.85, [hit], f"{vocab.DEGREE_LEVEL_NAMES[level]} found")
    for level, hit in sorted(enough, key=lambda item: -item[0]):
        if _field_near(candidate, hit, plan.fields):
            return Outcome("met", 0.9, [hit], f"{vocab.DEGREE_LEVEL_NAMES[level]} in the field")
    level, hit = max(enough, key=lambda item: item[0])
    fields = ", ".join(term.label for term in plan.fields[:3])
    shown = vocab.DEGREE_LEVEL_NAMES[level]
    # Whether another field is "related" is a judgement the rules leave to a person.
    return Outcome("unknown", 0.4, [hit], f"{shown} found; field ({fields}) not confirmed")


def _field_near(candidate: Candidate, hit: Hit, fields: tuple[Term, ...]) -> bool:
    """A field named on the degree's line, or on the next line when that one is not another
    degree ("Bachelor of Science\nComputer Science, MIT")."""
    section = candidate.text.sections[hit.section]
    line_start, line_end = candidate.text.line_of(hit)
    end = line_end
    if line_end < len(section.text):
        next_end = section.text.find("\n", line_end + 1)
        next_end = len(section.text) if next_end < 0 else next_end
        next_folded = section.folded[line_end:next_end]
        if not any(pattern.search(next_folded) for _, pattern in vocab.DEGREE_FOLDED):
            end = next_end
    window_folded = section.folded[line_start:end]
    window = section.masked[line_start:end]
    return any(t.pattern.search(window_folded if t.folded else window) for t in fields)


def _certified(candidate: Candidate, result: TermResult) -> list[Hit]:
    """Hits that read as a credential: in a certifications section, on a line that says
    "certified"/"certificate"/"license", or a name that is a credential itself ("PMP")."""
    if vocab.CREDENTIAL_NAMES.fullmatch(result.term.label):
        return result.hits
    text = candidate.text
    out: list[Hit] = []
    for hit in result.hits:
        section = text.sections[hit.section]
        line_start, line_end = text.line_of(hit)
        in_context = vocab.CERTIFICATION_CONTEXT_FOLDED.search(section.folded, line_start, line_end)
        if section.kind == "certifications" or in_context:
            out.append(hit)
    return out


def evaluate_certification(candidate: Candidate, plan: Plan) -> Outcome:
    has_section = "certifications" in candidate.text.kinds
    if not plan.terms:
        if has_section:
            return Outcome(
                "unknown", 0.35, [], "certifications listed; which counts is for a person"
            )
        return Outcome("unknown", SILENT, [], "no certification mentioned")
    results = [candidate.find(term) for term in plan.terms]
    certified = {r.term.label: _certified(candidate, r) if r.exact else [] for r in results}
    holding = [r for r in results if certified[r.term.label]]
    enough = bool(holding) if plan.any_of else len(holding) == len(results)
    if enough:
        hits = candidate.best_hits([h for r in holding for h in certified[r.term.label]])
        names = ", ".join(r.term.label for r in holding)
        return Outcome("met", 0.85, hits, f"{names} certification found")
    mentioned = [r for r in results if r.exact]
    if mentioned:
        hits = candidate.best_hits([h for r in mentioned for h in r.hits])
        names = ", ".join(r.term.label for r in mentioned)
        return Outcome("unknown", 0.4, hits, f"{names} mentioned; no certification stated")
    names = ", ".join(term.label for term in plan.terms)
    if has_section:
        return Outcome("not_met", 0.45, [], f"{names} not among the listed certifications")
    return Outcome("unknown", 0.25, [], f"{names} certification not mentioned")


def _language_level(folded: str, start: int, end: int) -> int | None:
    levels = []
    for m in vocab.LANGUAGE_LEVEL_FOLDED.finditer(folded, start, end):
        if m.group("cefr"):
            levels.append(vocab.CEFR[m.group("cefr")])
        else:
            levels.append(vocab.LEVEL_WORDS[m.group("word")])
    return max(levels) if levels else None


def evaluate_languages(candidate: Candidate, plan: Plan) -> Outcome:
    """Every language asked for ("English and French"): met when all are, not_met when one is
    not, unknown otherwise."""
    outcomes = [_language(candidate, name, plan.language_level) for name in plan.languages]
    if len(outcomes) == 1:
        return outcomes[0]
    hits = [hit for outcome in outcomes for hit in outcome.hits]
    explanation = "; ".join(outcome.explanation for outcome in outcomes)
    for verdict in ("not_met", "unknown"):
        worst = [o for o in outcomes if o.verdict == verdict]
        if worst:
            return Outcome(verdict, min(o.confidence for o in worst), hits, explanation)
    return Outcome("met", min(o.confidence for o in outcomes), hits, explanation)


def _language(candidate: Candidate, name: str, needed: int | None) -> Outcome:
    wanted = name.lower()
    text = candidate.text
    listed: list[tuple[int | None, Hit]] = []  # on a line that lists languages
    elsewhere: list[Hit] = []
    any_language_line = False
    for index, section in enumerate(text.sections):
        folded = section.folded
        names = list(vocab.LANGUAGE_NAME_FOLDED.finditer(folded))
        for k, m in enumerate(names):
            line_start = folded.rfind("\n", 0, m.start()) + 1
            line_end = folded.find("\n", m.end())
            line_end = len(folded) if line_end < 0 else line_end
            same_line = [n for n in names if line_start <= n.start() < line_end]
            language_line = (
                len(same_line) >= 2
                or vocab.LANGUAGE_CONTEXT_FOLDED.search(folded, line_start, line_end) is not None
                or vocab.LANGUAGE_LEVEL_FOLDED.search(folded, line_start, line_end) is not None
            )
            any_language_line = any_language_line or language_line
            if m.group() != wanted:
                continue
            hit = Hit(index, m.start(), m.end())
            if not language_line:
                elsewhere.append(hit)
                continue
            # The level written after the name, up to the next language ("German (B1)"), else
            # just before it ("fluent German").
            after_end = names[k + 1].start() if k + 1 < len(names) else line_end
            level = _language_level(folded, m.end(), min(after_end, line_end, m.end() + 40))
            if level is None:
                before_start = names[k - 1].end() if k > 0 else line_start
                level = _language_level(
                    folded, max(before_start, line_start, m.start() - 25), m.start()
                )
            listed.append((level, hit))
    if listed:
        level, hit = max(listed, key=lambda item: item[0] or 0)
        if level is not None:
            if needed is None or level >= needed:
                return Outcome("met", 0.85, [hit], f"{name} listed at the level asked or above")
            return Outcome("not_met", 0.7, [hit], f"{name} listed below the level asked")
        if needed is None or needed <= 4:
            return Outcome("met", 0.6, [hit], f"{name} listed without a level")
        return Outcome("unknown", 0.45, [hit], f"{name} listed without a level")
    if elsewhere:
        hits = candidate.best_hits(elsewhere)
        return Outcome("unknown", 0.35, hits, f"{name} mentioned, not as a language spoken")
    if any_language_line:
        return Outcome("not_met", 0.5, [], f"languages listed; {name} not among them")
    return Outcome("unknown", SILENT, [], f"{name} not mentioned")
