"""Compile a query AST into a PostgreSQL full-text condition with bind parameters.

User text only ever travels as a bind parameter (`:p0`, `:p1`, ...); the SQL string is
built from fixed fragments and is safe for SQLAlchemy `text()`. PostgreSQL does the
lexing and stemming itself, so what a query matches is exactly what the index stores.

Leaves, by field:
- unfielded term / phrase: `plainto_tsquery` / `phraseto_tsquery('english', :p)`;
- title / skill / company: `to_tsquery('english', :p)` where the parameter is a quoted
  tsquery literal labelled with the field's weight (`'engineer':A`, `'machine
  learning':B`), so only lexemes indexed under that weight match; PostgreSQL turns a
  multi-word literal into a `<->` phrase;
- location: `plainto_tsquery` / `phraseto_tsquery('simple', :p)` against the separate
  location column.

Siblings that test the same column are merged into one tsquery with `&&`, `||` and `!!`
so each column is tested by a single `@@` the GIN index can serve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.search.query_ast import And, Field, Node, Not, Or, Phrase, Term

# setweight() labels of the search_tsv generated column.
_WEIGHTS: dict[Field, str] = {"title": "A", "skill": "B", "company": "C"}
# Fields whose lexemes brief_tsv holds at the very same positions and weights as
# search_tsv (both vectors start with titles A then skills B), so a title:/skill: leaf is
# true of one exactly when it is true of the other. Tested on the compact, inline
# brief_tsv, the GIN recheck these weighted leaves need never detoasts a whole resume.
_BRIEF_FIELDS: frozenset[Field] = frozenset({"title", "skill"})

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
_PARAM_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """`where_sql` and `rank_tsquery` reference only placeholders whose values are in
    `params`; pass both to the same `text()` statement."""

    where_sql: str
    """Boolean SQL expression for WHERE."""
    params: dict[str, str]
    rank_tsquery: str | None
    """tsquery SQL expression: the OR of non-negated search_tsv leaves, for ts_rank /
    ts_headline; None when the query has only location terms."""
    positive_terms: list[str]
    """Non-negated terms and phrases as typed (location included), deduplicated."""


def quote_tsquery_literal(text: str, weight: str) -> str:
    """Quote text as one weight-labelled tsquery literal: `'text':A`.

    Inside single quotes tsquery treats only `'` and backslash specially, so operators,
    colons and parentheses in the text are inert characters that the text search parser
    then splits like document text. `to_tsquery` still stems quoted literals
    (`'engineering':A` becomes `'engin':A`) and applies the label to every lexeme.
    """
    if not text.strip():
        # '' is a tsquery syntax error, not an empty query.
        raise ValueError("cannot quote empty text as a tsquery literal")
    escaped = text.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':{weight}"


@dataclass(frozen=True, slots=True)
class _TsQuery:
    """A tsquery expression tested against one column; still mergeable with siblings."""

    column: str
    expr: str


@dataclass(frozen=True, slots=True)
class _Condition:
    """A finished SQL boolean expression."""

    sql: str


_Fragment = _TsQuery | _Condition


class _Compiler:
    def __init__(
        self,
        search_column: str,
        location_column: str,
        param_prefix: str,
        brief_column: str | None = None,
    ) -> None:
        self.search_column = search_column
        self.location_column = location_column
        self.brief_column = brief_column
        self.param_prefix = param_prefix
        self.params: dict[str, str] = {}
        self.rank_leaves: list[str] = []
        self.positive_terms: list[str] = []

    def bind(self, value: str) -> str:
        name = f"{self.param_prefix}{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def compile(self, node: Node, negated: bool) -> _Fragment:
        match node:
            case Term() | Phrase():
                return self.leaf(node, negated)
            case Not(child):
                inner = self.compile(child, not negated)
                if isinstance(inner, _TsQuery) and inner.column != self.location_column:
                    return _TsQuery(inner.column, f"(!! {inner.expr})")
                # location_tsv is NULL for candidates without a location; coalesce so
                # that "-location:berlin" keeps them instead of dropping them as NULL.
                return _Condition(f"(NOT coalesce({self.condition(inner)}, false))")
            case And(children):
                return self.combine([self.compile(c, negated) for c in children], "&&", "AND")
            case Or(children):
                return self.combine([self.compile(c, negated) for c in children], "||", "OR")
        raise TypeError(f"not a query node: {node!r}")

    def leaf(self, leaf: Term | Phrase, negated: bool) -> _TsQuery:
        is_phrase = isinstance(leaf, Phrase)
        if not leaf.text.strip():
            raise ValueError(f"empty search term: {leaf!r}")
        if leaf.field == "location":
            function = "phraseto_tsquery" if is_phrase else "plainto_tsquery"
            column, expr = self.location_column, f"{function}('simple', {self.bind(leaf.text)})"
        elif leaf.field is None:
            function = "phraseto_tsquery" if is_phrase else "plainto_tsquery"
            column, expr = self.search_column, f"{function}('english', {self.bind(leaf.text)})"
        else:
            # The whole phrase goes in ONE literal rather than word <-> word: PostgreSQL
            # then splits it exactly as it split the document, so "O'Brien & Sons" stays
            # adjacent ('&' takes no position) and stopwords leave the same gaps as
            # phraseto_tsquery does.
            literal = quote_tsquery_literal(leaf.text, _WEIGHTS[leaf.field])
            column, expr = self.search_column, f"to_tsquery('english', {self.bind(literal)})"
            if self.brief_column and leaf.field in _BRIEF_FIELDS:
                column = self.brief_column
        if not negated:
            self._add_positive(leaf.text)
            if column in (self.search_column, self.brief_column):
                self.rank_leaves.append(expr)
        return _TsQuery(column, expr)

    def combine(self, parts: list[_Fragment], ts_operator: str, sql_operator: str) -> _Fragment:
        by_column: dict[str, list[str]] = {}
        conditions: list[str] = []
        for part in parts:
            if isinstance(part, _TsQuery):
                by_column.setdefault(part.column, []).append(part.expr)
            else:
                conditions.append(part.sql)
        merged = [_TsQuery(col, _join(exprs, ts_operator)) for col, exprs in by_column.items()]
        if len(merged) == 1 and not conditions:
            return merged[0]
        conditions[:0] = [self.condition(m) for m in merged]
        return _Condition(_join(conditions, sql_operator))

    def condition(self, fragment: _Fragment) -> str:
        if isinstance(fragment, _Condition):
            return fragment.sql
        return f"{fragment.column} @@ {fragment.expr}"

    def _add_positive(self, text: str) -> None:
        if text.lower() not in (t.lower() for t in self.positive_terms):
            self.positive_terms.append(text)


def _join(items: list[str], operator: str) -> str:
    return items[0] if len(items) == 1 else "(" + f" {operator} ".join(items) + ")"


def compile_tsquery(
    node: Node,
    *,
    search_column: str = "search_tsv",
    location_column: str = "location_tsv",
    param_prefix: str = "p",
    brief_column: str | None = None,
) -> CompiledQuery:
    """Compile a parsed query; column names may be qualified (`c.search_tsv`). With
    `brief_column`, title: and skill: leaves are tested against it (see _BRIEF_FIELDS)."""
    for column in (search_column, location_column, *([brief_column] if brief_column else [])):
        if not _IDENTIFIER.fullmatch(column):
            raise ValueError(f"not a plain column name: {column!r}")
    if search_column == location_column:
        raise ValueError("search and location columns must differ")
    if not _PARAM_PREFIX.fullmatch(param_prefix):
        raise ValueError(f"not a usable bind parameter prefix: {param_prefix!r}")

    compiler = _Compiler(search_column, location_column, param_prefix, brief_column)
    where_sql = compiler.condition(compiler.compile(node, negated=False))
    rank = _join(compiler.rank_leaves, "||") if compiler.rank_leaves else None
    return CompiledQuery(
        where_sql=where_sql,
        params=compiler.params,
        rank_tsquery=rank,
        positive_terms=compiler.positive_terms,
    )
