"""Skills the public corpus' export lists in its own table ("Skill Details").

The export writes each skill the person entered on a line of its own, with the time they
claim for it: "Core Java- Experience - 6 months", "excel- Experience - Less than 1 year
months". That is a list the candidate made, like a profile's `skills` field, so its entries
count as written, not only the ones the taxonomy would find in prose ("Drafting", "Legal
Research" are skills too). A job title entered there ("Civil Engineer- Experience - 42
months") is no skill.
"""

from __future__ import annotations

import re

from app.taxonomy import get_taxonomy
from app.taxonomy.context import RULES

_ENTRY = re.compile(
    r"^[ \t•*-]*(?P<name>[^\n]{1,200}?)[ \t]*-[ \t]*Experience[ \t]*-[ \t]*(?:\d+|less[ \t]+than)",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_WORDS = 5
# Entries that name no skill: generic words typed into the table ("SOLUTIONS", "developing",
# "DOT" for a .NET split in two).
_GENERIC = frozenset(
    {"solutions", "solution", "developing", "development", "automotive", "dot", "various"}
    | {"others", "other", "etc", "basic", "advanced", "services", "operations", "knowledge"}
)


def table_skills(text: str) -> list[str]:
    """The entries of the export's skill table, in order, as written."""
    taxonomy = get_taxonomy()
    out: list[str] = []
    for m in _ENTRY.finditer(text):
        # One entry may hold several: "MySQL DBA , Centos , Backup- Experience - 24 months".
        for piece in re.split(r"[,;]", m.group("name")):
            name = " ".join(piece.split()).strip(" :").rstrip(".")  # not ".NET"'s dot
            if name.casefold() in RULES:
                continue  # "MVC", "TSM": the text matcher reads them in their context
            if not name or len(name.split()) > _MAX_WORDS or not any(c.isalpha() for c in name):
                continue
            if name.casefold() in _GENERIC:
                continue
            if taxonomy.canonical_skill(name) is None:
                typo = taxonomy.misspelled_skill(name)
                if typo is not None:
                    out.append(typo.name)  # "Entityframewok": what the person meant
                    continue
                title = taxonomy.normalize_title(name)
                if title is not None and title.score >= 1.0:
                    continue  # "Engineer", "Civil Engineer": what they did, not a skill
            out.append(name)
    return out
