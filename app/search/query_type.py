"""What kind of query a recruiter typed: a product rule, read from the query alone.

- "boolean": the Boolean language (AND/OR/NOT, quotes, field:value), or mode="boolean";
- "pasted": a pasted job description: more than `PASTED_MIN_TERMS` keywords, or several
  lines of text (a title line over a body), which nobody types into a search box;
- "short": a few typed words ("python data engineer").

Each type is fused with its own weights (`app.search.fusion`), because a pasted description
is best matched on meaning and a few typed words on the words themselves.
"""

from __future__ import annotations

from typing import Literal

from app.search.query_language import is_boolean, natural_language_terms

QueryType = Literal["boolean", "pasted", "short"]
QUERY_TYPES: tuple[QueryType, ...] = ("boolean", "pasted", "short")
# More keywords than this and it is a description, not a search; eight covers
# "senior backend engineer python django postgres aws remote".
PASTED_MIN_TERMS = 8
_PASTED_MIN_LINES = 2


def query_type(query: str, mode: str | None = None) -> QueryType:
    if mode == "boolean" or (mode is None and is_boolean(query)):
        return "boolean"
    lines = [line for line in query.splitlines() if natural_language_terms(line)]
    if len(lines) >= _PASTED_MIN_LINES or len(natural_language_terms(query)) > PASTED_MIN_TERMS:
        return "pasted"
    return "short"


def title_line(query: str) -> str:
    """The part of a query that names the job: a pasted description's first line with words
    (its title, by convention), or the whole of a short query."""
    for line in query.splitlines():
        if natural_language_terms(line):
            return line.strip()
    return query.strip()
