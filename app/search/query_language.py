"""The recruiter search query language: Boolean queries and natural-language queries.

`is_boolean` picks the mode for a raw query. Boolean queries go through `parse_boolean`
and `compile_tsquery`; natural-language ones (including pasted job descriptions) are
reduced to keywords by `natural_language_terms`, which the search service ORs into a
ranking query. Nothing here touches the database.
"""

from __future__ import annotations

import re

from app.search.query_ast import (
    FIELDS,
    And,
    Field,
    Leaf,
    Node,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
)
from app.search.query_compile import CompiledQuery, compile_tsquery, quote_tsquery_literal
from app.search.query_parser import FIELD_ALIASES, parse_boolean

__all__ = [
    "FIELDS",
    "And",
    "CompiledQuery",
    "Field",
    "Leaf",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "QuerySyntaxError",
    "Term",
    "compile_tsquery",
    "is_boolean",
    "natural_language_terms",
    "parse_boolean",
    "quote_tsquery_literal",
]

# Past this length a query is a pasted document, not something typed: its "AND"s and
# parentheses are prose, and a parse error on it would be useless to the recruiter.
MAX_BOOLEAN_LENGTH = 300

# Boundaries as the tokenizer sees them: whitespace, parentheses and quotes.
_EDGE = r"\s()\"“”„"
_OPERATOR = re.compile(rf"(?<![^{_EDGE}])(?:AND|OR|NOT)(?![^{_EDGE}])")
_FIELD = re.compile(rf"(?<![^{_EDGE}-])(?:{'|'.join(FIELD_ALIASES)}):(?!\s|$)", re.IGNORECASE)
# "-java" or -"php developer" or -(a OR b), but not "e-commerce" or "- " or "-5".
_NEGATION = re.compile(r"(?<!\S)-(?=[^\W\d_]|[\"“„(])")
_GROUPING = re.compile(r"[()\"“”„]")
# "skils:python": a word glued to a colon and a term reads as a (misspelt) field, so the
# parser can say which fields exist instead of silently searching for "skils".
_FIELD_LIKE = re.compile(r"(?<![\w/])[A-Za-z]+:(?=[\w\"(])(?!//)")

# A candidate keyword: starts with a letter or digit (or the dot of ".net"), and may hold
# the symbols of tech names: c++, c#, node.js, ci/cd, front-end.
_TOKEN = re.compile(r"(?:(?<![\w.])\.)?[^\W_][\w+#./'-]*")
_NUMBER_LIKE = re.compile(r"[\d.,+/%-]+")
# One-letter languages; every other single character is noise.
_SINGLE_LETTER_KEEP = frozenset({"c", "r"})


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ENGLISH_STOPWORDS = _word_set(
    """
    a about above after again against all also am an and and/or any are as at be because been
    before being below between both but by can can't cannot could did do does doing don't
    down during each e.g etc few for from further had has have having he her here hers
    herself him himself his how i i.e i'm if in into is isn't it its itself let me more
    most my myself no nor not of off on once only or other ought our ours ourselves out
    over own per same she should so some such than that the their theirs them themselves
    then there these they they're this those through to too under until up upon us very
    via was we we'll we're we've were what when where which while who whom why will with
    won't would you you'll you're you've your yours yourself yourselves
    """
)

# Words every job description uses; as search keywords they only dilute the ranking.
_RECRUITING_FILLER = _word_set(
    """
    ability able about applicant applicants apply benefits bonus candidate candidates
    collaborate collaborative communication company competitive cross-functional day days
    degree description detail-oriented driven dynamic environment equivalent excellent
    experience experienced expertise familiar familiarity fast-paced field good great
    hands-on help highly hire hiring ideal ideally including join job knowledge least
    like look looking make minimum motivated must need needed needs new nice offer
    opportunities opportunity passion passionate perks plus position preferably preferred
    proficiency proficient proven qualification qualifications record related requirement
    requirements required responsibilities responsibility role salary seek seeking self
    skill skills solid strong team teams track understanding use using want well within
    work working world-class year years
    """
)

STOPWORDS = _ENGLISH_STOPWORDS | _RECRUITING_FILLER


def is_boolean(query: str) -> bool:
    """True when a raw query should be parsed as Boolean rather than natural language."""
    query = query.strip()
    if len(query) > MAX_BOOLEAN_LENGTH or "\n" in query or "\r" in query:
        return False
    return bool(
        _OPERATOR.search(query)
        or _FIELD.search(query)
        or _NEGATION.search(query)
        or _GROUPING.search(query)
        or _FIELD_LIKE.search(query)
    )


def natural_language_terms(query: str, max_terms: int = 32) -> list[str]:
    """Keywords of a natural-language query or job description, in first-seen order.

    Lower-cased, without English stopwords, recruiting filler ("years", "experience",
    "team"...) or bare numbers; deduplicated and capped at `max_terms`.
    """
    text = query.lower().replace("’", "'")
    terms: list[str] = []
    seen: set[str] = set()
    for match in _TOKEN.finditer(text):
        term = _clean_token(match.group())
        if term is None or term in seen:
            continue
        seen.add(term)
        terms.append(term)
        if len(terms) >= max_terms:
            break
    return terms


def _clean_token(token: str) -> str | None:
    # Sentence punctuation sticks to the last word ("python.", "etc/"); "+" and "#" stay
    # because they are the point of "c++" and "c#".
    token = token.rstrip(".-/'")
    if token.endswith("'s"):
        token = token[:-2]
    if (
        not token
        or token in STOPWORDS
        or _NUMBER_LIKE.fullmatch(token)
        or (len(token) == 1 and token not in _SINGLE_LETTER_KEEP)
    ):
        return None
    return token
