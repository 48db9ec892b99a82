"""The syntax tree of a recruiter's Boolean search query.

The parser puts field restrictions on the leaves (a `title:(a OR b)` group becomes two
fielded terms), so And/Or/Not never carry a field and the compiler only looks at leaves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

Field: TypeAlias = Literal["title", "skill", "company", "location"]

FIELDS: tuple[Field, ...] = ("title", "skill", "company", "location")


class QuerySyntaxError(ValueError):
    """A query the user has to fix; `message` says what and where, in the user's terms.

    The service layer turns it into a 4xx answer; `position` (0-based character offset
    into the raw query) lets a UI put a caret under the problem.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    field: Field | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]
    field: Field | None = None

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


Leaf: TypeAlias = Term | Phrase
Node: TypeAlias = Term | Phrase | And | Or | Not


def leaves(node: Node, negated: bool = False) -> Iterator[tuple[Leaf, bool]]:
    """Yield every leaf with whether an odd number of NOTs sits above it."""
    match node:
        case Term() | Phrase():
            yield node, negated
        case Not(child):
            yield from leaves(child, not negated)
        case And(children) | Or(children):
            for child in children:
                yield from leaves(child, negated)
