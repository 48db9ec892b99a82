"""Read a qualification's text once into a `Plan`: what kind of requirement it is and what to
look for. Plans depend on the text only, so they are cached across candidates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from agents.evaluation import vocab
from agents.evaluation.text import fold
from app.taxonomy import get_taxonomy

_SHORT_TERM = 2  # terms this short are matched case-sensitively ("Go", "R", "C#")
_STEM_KEEP = 4
_GAP = r"[\s/-]+(?:(?:a|an|the|of|in|on|for|with|and|to|&)[\s/-]+){0,2}"


class Kind(StrEnum):
    PROTECTED = "protected"
    LANGUAGE = "language"
    DEGREE = "degree"
    CERTIFICATION = "certification"
    YEARS = "years"
    LOCATION = "location"
    TERMS = "terms"  # skills, tools, domains, titles: anything named by words


@dataclass(frozen=True, slots=True)
class Term:
    label: str  # as the recruiter wrote it
    skill: str | None  # canonical O*NET skill when the taxonomy knows it
    pattern: re.Pattern[str]  # the words themselves, word-bounded
    folded: bool  # whether `pattern` runs on lower-cased text
    words: tuple[re.Pattern[str], ...]  # content-word stems, for a looser same-line match


@dataclass(frozen=True, slots=True)
class Plan:
    kind: Kind
    terms: tuple[Term, ...] = ()
    any_of: bool = False
    years: float | None = None
    degree_level: int | None = None
    fields: tuple[Term, ...] = ()
    flexible: bool = False  # "or equivalent", "or related field"
    languages: tuple[str, ...] = ()  # all of them ("English and French")
    language_level: int | None = None
    relocation: bool = False
    remote: bool = False
    protected: str | None = None
    title: str | None = None  # "3+ years as a Data Scientist": the role the years are in


def _stem(word: str) -> str:
    return word[: max(_STEM_KEEP, len(word) - 3)] if len(word) > _STEM_KEEP + 1 else word


def make_term(label: str, skill: str | None = None) -> Term:
    label = " ".join(label.split())
    words = label.split()
    short = len(label) <= _SHORT_TERM
    # "leading team engineers" (fillers dropped) still finds "leading a team of engineers".
    body = _GAP.join(re.escape(word if short else fold(word)) for word in words)
    if not short and label[-1].isalpha() and len(words[-1]) >= 4:
        body += "(?:e?s)?"  # "API" / "APIs", "pipeline" / "pipelines"
    # Versions may follow a longer name ("Python3", "HTML5"); a short one must stand alone,
    # or "C" would match "C1" and "R" the "R&D".
    after = r"(?![\w+#&])" if short else r"(?![A-Za-z_+#])"
    pattern = re.compile(rf"(?<![\w@#&.+]){body}{after}")
    content = [fold(w) for w in vocab.WORD_FOLDED.findall(fold(label)) if w not in vocab.STOPWORDS]
    stems = tuple(
        re.compile(rf"(?<![a-z0-9]){re.escape(_stem(w))}") for w in content if len(w) >= 3
    )
    return Term(label, skill, pattern, not short, stems)


def _blank(text: str, matches: Iterable[re.Match[str]]) -> str:
    chars = list(text)
    for m in matches:
        chars[m.start() : m.end()] = [" "] * (m.end() - m.start())
    return "".join(chars)


def _protected(folded: str) -> str | None:
    for attribute, pattern in vocab.PROTECTED_FOLDED:
        if pattern.search(folded):
            return attribute
    return None


def _level(folded: str) -> int | None:
    levels = []
    for m in vocab.LANGUAGE_LEVEL_FOLDED.finditer(folded):
        if m.group("cefr"):
            levels.append(vocab.CEFR[m.group("cefr")])
        else:
            levels.append(vocab.LEVEL_WORDS[m.group("word")])
    return min(levels) if levels else None


def _degree_level(text: str, folded: str) -> int | None:
    levels = [level for level, pattern in vocab.DEGREE_FOLDED if pattern.search(folded)]
    levels += [level for level, pattern in vocab.DEGREE_CAPITALS if pattern.search(text)]
    if not levels and vocab.DEGREE_ANY_FOLDED.search(folded):
        levels.append(3)  # "a degree in ..." without a level: a first degree
    return min(levels) if levels else None


def _fields(folded: str) -> tuple[Term, ...]:
    found = list(vocab.FIELD_FOLDED.finditer(folded))
    # "Master of Science in Data Science": the field follows the last "in", if any.
    m = next((f for f in reversed(found) if f.group().startswith("in")), None)
    m = m or (found[-1] if found else None)
    if m is None:
        return ()
    field = vocab.FIELD_END_FOLDED.sub("", m.group("field")).strip(" ,/&-")
    names = [n.strip() for n in re.split(r"\s*(?:,|/|\bor\b|\band\b)\s*", field) if n.strip()]
    terms: list[Term] = []
    for name in names:
        if name in vocab.STOPWORDS or len(name) < 2:
            continue
        terms.extend(make_term(s) for s in vocab.FIELD_SYNONYMS.get(name, (name,)))
    return tuple(terms)


def terms_of(text: str) -> tuple[tuple[Term, ...], bool]:
    """The things a qualification names, and whether any one of them is enough."""
    taxonomy = get_taxonomy()
    terms: list[Term] = []
    rest = list(text)
    for match in taxonomy.find_skills(text):
        terms.append(make_term(match.raw, match.name))
        rest[match.start : match.end] = [","] * (match.end - match.start)
    remainder = vocab.FILLER.sub(" ", "".join(rest))
    pieces: list[str] = []
    splitter = vocab.TERM_SPLIT if terms else vocab.ALTERNATIVE_SPLIT
    for piece in splitter.split(remainder):
        piece = " ".join(piece.strip(" .:!-–\"'").split())
        if piece and piece.lower() not in vocab.STOPWORDS and any(c.isalnum() for c in piece):
            pieces.append(piece)
    for piece in pieces:
        skill = taxonomy.canonical_skill(piece)
        if skill is None or all(skill.name != term.skill for term in terms):
            terms.append(make_term(piece, skill.name if skill else None))
    return tuple(terms), len(terms) > 1 and vocab.ANY_OF_FOLDED.search(fold(text)) is not None


def _languages(text: str, folded: str) -> tuple[str, ...]:
    names = tuple(
        dict.fromkeys(m.group().capitalize() for m in vocab.LANGUAGE_NAME_FOLDED.finditer(folded))
    )
    if not names:
        return ()
    says_language = (
        vocab.LANGUAGE_LEVEL_FOLDED.search(folded) is not None
        or vocab.LANGUAGE_QUALIFICATION_FOLDED.search(folded) is not None
        or len(text.split()) <= 2  # just "German"
    )
    return names if says_language else ()


@lru_cache(maxsize=4096)
def plan_for(text: str) -> Plan:
    folded = fold(text)
    protected = _protected(folded)
    if protected is not None:
        return Plan(Kind.PROTECTED, protected=protected)
    languages = _languages(text, folded)
    if languages:
        return Plan(Kind.LANGUAGE, languages=languages, language_level=_level(folded))
    degree = _degree_level(text, folded)
    if degree is not None:
        flexible = vocab.FLEXIBLE_FOLDED.search(folded) is not None
        return Plan(Kind.DEGREE, degree_level=degree, fields=_fields(folded), flexible=flexible)
    if vocab.CERTIFICATION_FOLDED.search(folded) or vocab.CREDENTIAL_NAMES.search(text):
        stripped = _blank(text, vocab.CERTIFICATION_FOLDED.finditer(folded))
        terms, any_of = terms_of(stripped)
        return Plan(Kind.CERTIFICATION, terms=terms, any_of=any_of)
    years = vocab.YEARS_REQUIRED_FOLDED.search(folded)
    if years is not None:
        raw = years.group("n")
        value = float(vocab.NUMBER_WORDS.get(raw, 0) or raw)
        role = vocab.AS_TITLE.search(text)
        if role is not None:
            title = role.group("title").strip(" .,;:-")
            return Plan(Kind.YEARS, years=value, title=title, terms=(make_term(title),))
        terms, any_of = terms_of(text)
        return Plan(Kind.YEARS, terms=terms, any_of=any_of, years=value)
    if vocab.LOCATION_CUE_FOLDED.search(folded):
        places = [
            m.group("place")
            for m in vocab.PLACE.finditer(text)
            if m.group("place").split()[0] not in vocab.NOT_PLACES
        ]
        return Plan(
            Kind.LOCATION,
            terms=tuple(make_term(place) for place in places),
            any_of=True,
            relocation=vocab.RELOCATION_FOLDED.search(folded) is not None,
            remote=vocab.REMOTE_FOLDED.search(folded) is not None,
        )
    terms, any_of = terms_of(text)
    return Plan(Kind.TERMS, terms=terms, any_of=any_of)
