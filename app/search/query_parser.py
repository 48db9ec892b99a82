"""Parse a recruiter's Boolean query into the AST of `query_ast`.

Grammar (loosest first)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          -- juxtaposition is AND
    unary   := ("NOT" | "-") unary | primary
    primary := [field ":"] (TERM | "\"" words "\"" | "(" or_expr ")")

Operators count only in upper case: recruiters paste prose where "and"/"or"/"not" are
plain words, so lower-case ones are dropped like the stopwords they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto

from app.search.query_ast import (
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
    leaves,
)

# Word processors and chat tools turn straight quotes into curly ones; accept both so a
# pasted `“machine learning”` is still a phrase.
QUOTES = frozenset('"“”„')

# Field names as typed (case-insensitive) -> canonical field. Plurals are common enough in
# recruiter habits ("skills: python") that rejecting them would only annoy.
FIELD_ALIASES: dict[str, Field] = {
    "title": "title",
    "titles": "title",
    "skill": "skill",
    "skills": "skill",
    "company": "company",
    "companies": "company",
    "location": "location",
    "locations": "location",
}

_FIELD_PREFIX = re.compile(r"([A-Za-z]+):")
_IGNORED_WORDS = frozenset({"and", "or", "not"})
_OPENS_FIELD_VALUE = QUOTES | {"("}
_WORD_SEPARATORS = re.compile(r"[\s\x00-\x1f\x7f]+")


class _Kind(Enum):
    TERM = auto()
    PHRASE = auto()
    FIELD = auto()
    LPAREN = auto()
    RPAREN = auto()
    AND = auto()
    OR = auto()
    NOT = auto()
    MINUS = auto()
    END = auto()


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    pos: int
    text: str = ""
    words: tuple[str, ...] = ()
    field: Field | None = None


_STARTS_OPERAND = frozenset(
    {_Kind.TERM, _Kind.PHRASE, _Kind.FIELD, _Kind.LPAREN, _Kind.NOT, _Kind.MINUS}
)


def _is_space(ch: str) -> bool:
    # Control characters (NUL in particular, which PostgreSQL text cannot hold) separate
    # words like whitespace does; dropping them in place keeps error positions exact.
    return ch.isspace() or ord(ch) < 32 or ch == "\x7f"


def _is_word_char(ch: str) -> bool:
    return not _is_space(ch) and ch not in "()" and ch not in QUOTES


def tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if _is_space(ch):
            i += 1
        elif ch == "(":
            tokens.append(_Token(_Kind.LPAREN, i))
            i += 1
        elif ch == ")":
            tokens.append(_Token(_Kind.RPAREN, i))
            i += 1
        elif ch in QUOTES:
            i = _read_phrase(query, i, tokens)
        elif ch == "-":
            if i + 1 >= n or _is_space(query[i + 1]) or query[i + 1] == ")":
                raise QuerySyntaxError(
                    f'"-" at {i} must be directly followed by a term, e.g. -java', i
                )
            tokens.append(_Token(_Kind.MINUS, i))
            i += 1
        else:
            i = _read_word(query, i, tokens)
    tokens.append(_Token(_Kind.END, n))
    return tokens


def _read_phrase(query: str, start: int, tokens: list[_Token]) -> int:
    end = next((j for j in range(start + 1, len(query)) if query[j] in QUOTES), -1)
    if end < 0:
        raise QuerySyntaxError(f"unterminated quote starting at {start}", start)
    words = tuple(w for w in _WORD_SEPARATORS.split(query[start + 1 : end]) if w)
    if not words:
        raise QuerySyntaxError(f"empty quotes at {start}; put the phrase between them", start)
    tokens.append(_Token(_Kind.PHRASE, start, query[start : end + 1], words))
    return end + 1


def _read_word(query: str, start: int, tokens: list[_Token]) -> int:
    end = start
    while end < len(query) and _is_word_char(query[end]):
        end += 1
    word = query[start:end]

    prefix = _FIELD_PREFIX.match(word)
    if prefix:
        after = start + prefix.end()
        canonical = FIELD_ALIASES.get(prefix.group(1).lower())
        if canonical is not None:
            tokens.append(_Token(_Kind.FIELD, start, prefix.group(0), field=canonical))
            return after
        # Only a name glued to a term looks like a field attempt; "std::vector",
        # "https://..." or "Note: ..." stay ordinary words.
        if after < len(query) and (query[after].isalnum() or query[after] in _OPENS_FIELD_VALUE):
            raise QuerySyntaxError(
                f'unknown field "{prefix.group(0)}" at {start}; '
                "use title:, skill:, company: or location:",
                start,
            )

    if word in ("AND", "OR", "NOT"):
        tokens.append(_Token(_Kind[word], start, word))
    elif word.lower() not in _IGNORED_WORDS:
        tokens.append(_Token(_Kind.TERM, start, word))
    return end


@dataclass
class _Parser:
    tokens: list[_Token]
    index: int = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse_or(self, in_field: _Token | None) -> Node:
        children = [self.parse_and(in_field)]
        while self.peek().kind is _Kind.OR:
            operator = self.take()
            self._expect_operand_after(operator)
            children.append(self.parse_and(in_field))
        return _join(Or, children)

    def parse_and(self, in_field: _Token | None) -> Node:
        first = self.peek()
        if first.kind in (_Kind.AND, _Kind.OR):
            raise QuerySyntaxError(f"missing term before {first.text} at {first.pos}", first.pos)
        if first.kind is _Kind.RPAREN:
            raise _unmatched_close(first)
        children = [self.parse_unary(in_field)]
        while True:
            token = self.peek()
            if token.kind is _Kind.AND:
                self.take()
                self._expect_operand_after(token)
            elif token.kind not in _STARTS_OPERAND:
                break
            children.append(self.parse_unary(in_field))
        return _join(And, children)

    def parse_unary(self, in_field: _Token | None) -> Node:
        token = self.peek()
        if token.kind in (_Kind.NOT, _Kind.MINUS):
            self.take()
            self._expect_operand_after(token)
            return Not(self.parse_unary(in_field))
        return self.parse_primary(in_field)

    def parse_primary(self, in_field: _Token | None) -> Node:
        token = self.take()
        field_name = in_field.field if in_field else None
        if token.kind is _Kind.TERM:
            return Term(token.text, field_name)
        if token.kind is _Kind.PHRASE:
            return Phrase(token.words, field_name)
        if token.kind is _Kind.FIELD:
            if in_field is not None:
                raise QuerySyntaxError(
                    f'field "{token.text}" at {token.pos} is inside field "{in_field.text}" '
                    f"at {in_field.pos}; a term can have only one field",
                    token.pos,
                )
            if self.peek().kind not in (_Kind.TERM, _Kind.PHRASE, _Kind.LPAREN, _Kind.FIELD):
                raise QuerySyntaxError(f"missing term after {token.text} at {token.pos}", token.pos)
            return self.parse_primary(token)
        if token.kind is _Kind.LPAREN:
            if self.peek().kind is _Kind.RPAREN:
                raise QuerySyntaxError(f"empty parentheses at {token.pos}", token.pos)
            if self.peek().kind is _Kind.END:
                raise _unclosed_open(token)
            inner = self.parse_or(in_field)
            if self.take().kind is not _Kind.RPAREN:
                raise _unclosed_open(token)
            return inner
        # The callers only descend here when the next token starts an operand.
        raise AssertionError(f"unexpected token {token.kind} at {token.pos}")

    def _expect_operand_after(self, operator: _Token) -> None:
        if self.peek().kind not in _STARTS_OPERAND:
            label = operator.text or "-"
            raise QuerySyntaxError(f"missing term after {label} at {operator.pos}", operator.pos)


def _unclosed_open(token: _Token) -> QuerySyntaxError:
    return QuerySyntaxError(
        f'unbalanced parenthesis: "(" at {token.pos} is never closed', token.pos
    )


def _unmatched_close(token: _Token) -> QuerySyntaxError:
    return QuerySyntaxError(
        f'unbalanced parenthesis: ")" at {token.pos} has no matching "("', token.pos
    )


def _join(kind: type[And] | type[Or], children: list[Node]) -> Node:
    """Build an And/Or, flattening nested ones of the same kind; one child is itself."""
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else (child,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def parse_boolean(query: str) -> Node:
    """Parse a Boolean query; raise `QuerySyntaxError` with a fixable message on bad input."""
    tokens = tokenize(query)
    if tokens[0].kind is _Kind.END:
        raise QuerySyntaxError("empty query", 0)
    parser = _Parser(tokens)
    node = parser.parse_or(None)
    rest = parser.peek()
    if rest.kind is _Kind.RPAREN:
        raise _unmatched_close(rest)
    if all(negated for _, negated in leaves(node)):
        # A purely negative query would scan and return the whole talent pool.
        raise QuerySyntaxError("a query needs at least one positive term, e.g. python -java", 0)
    return node
