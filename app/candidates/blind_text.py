"""What the search index reads: the resume with everything about who the candidate is taken out.

Search is blind by construction, like the evaluator: the full-text and vector indexes are
built from the redacted text (`app.candidates.redaction`: no name, contact line, personal
line, date of birth, photo caption or gendered pronoun), with the placeholders themselves
dropped (a "[NAME]" must not match a query for "name", and two resumes that differ only in
what was withheld must index identically). Words that code gender or religion ("chairwoman",
"women's", "sorority", "catholic") are dropped as well, so "Chairwoman of the robotics
society" and "Chairman of the robotics society" index the same. The display fields (name,
headline, snippets) still come from the stored profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.candidates.header_block import is_resume_word
from app.candidates.profile import Identifiers
from app.candidates.redaction import NAME, PLACEHOLDERS, RedactedText, redact

# Gender- or religion-coded words that are never a skill or a title a search needs. Titles
# with a gendered form keep their neutral stem ("chairwoman" -> "chair").
_NEUTRAL_FORMS = {
    "chairwoman": "chair",
    "chairman": "chair",
    "chairwomen": "chairs",
    "chairmen": "chairs",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "businesswoman": "businessperson",
    "businessman": "businessperson",
    "salesman": "salesperson",
    "saleswoman": "salesperson",
    "headmistress": "head teacher",
    "headmaster": "head teacher",
}


def _words(text: str) -> list[str]:
    return text.split()


_CODED_WORDS = frozenset(
    _words(
        """
    women women's womens woman woman's men men's mens man's female females male males ladies
    ladies' lady girls girls' girl boys boys' boy sorority sororities fraternity fraternities
    sisterhood brotherhood mothers fathers moms dads
    muslim muslims islamic christian christians catholic catholics protestant hindu hindus
    jewish jew jews sikh sikhs buddhist buddhists church churches mosque mosques
    synagogue parish diocese evangelical baptist methodist lutheran orthodox
    """
    )
)
# Affiliation lines ("Member, Society of Women Engineers", "Choir member, St. Mary's Church",
# "Captain, men's rugby team") are the commonest stand-in for gender, religion and origin,
# so the index leaves them out whole, coded or not: a short line naming a club-like body
# and either a membership role or a coded word. Work lines ("Led a team of five", "Team
# Lead") name no such body and stay.
_AFFILIATION_BODY = re.compile(
    r"\b(?:club|society|association|union|choir|church|chapter|league|fraternity"
    r"|sorority|congregation|mosque|synagogue|temple|parish|scouts|guild)s?\b",
    re.IGNORECASE,
)
_MEMBERSHIP_ROLE = re.compile(
    r"^\W*(?:\w+[ \t]+){0,2}?(?:member|captain|volunteer|chair\w*|treasurer|president"
    r"|vice[ \t-]president|secretary|founder|co-founder|organi[sz]er)\b",
    re.IGNORECASE,
)
_MAX_AFFILIATION_WORDS = 12
# "They led...": neutral, but [PRONOUN] stands where "she" or "he" was, so these go too and
# all three index the same; they are no sign of an affiliation.
_PRONOUNS = frozenset(_words("they them their theirs themselves"))
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’][A-Za-z]*)?(?![\w-])")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
_SPACES = re.compile(r"[ \t]{2,}")
# A cheap first look: a line holding none of these whole words has nothing `_coded` would
# change, so it skips the per-word callback (most lines of most resumes). Each key's letters
# before an apostrophe, as a whole word: a superset of what `_WORD` + `_coded` act on.
_MAYBE_CODED = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {
                re.escape(k.replace("’", "'").split("'")[0])
                for k in (*_CODED_WORDS, *_NEUTRAL_FORMS, *_PRONOUNS)
            },
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BlindText:
    """The index's view of one resume, and the redaction it came from (for chunk offsets)."""

    redacted: RedactedText
    text: str  # the full redacted text, placeholders and coded words dropped
    name_words: frozenset[str]  # lower-cased words the redaction withheld as a name
    # The import asks for each chunk's piece three times (filter, embed, store): once is work.
    _pieces: dict[tuple[int, int], str] = field(default_factory=dict, compare=False, repr=False)

    def piece(self, start: int, end: int) -> str:
        """The blind text of `raw_text[start:end]` (a chunk or section of the original)."""
        found = self._pieces.get((start, end))
        if found is None:
            a, b = self.redacted.to_redacted(start), self.redacted.to_redacted(end)
            found = self._pieces[(start, end)] = neutralize(self.redacted.text[a:b])
        return found

    def scrub(self, field: str) -> str:
        """A derived field (titles, companies) with the withheld name words taken out: a
        headline "Jane Doe - Data Engineer" must not make "Jane" findable."""
        if not self.name_words:
            return neutralize(field)
        kept = _NAME_WORD.sub(
            lambda m: "" if m.group().lower() in self.name_words else m.group(), field
        )
        return neutralize(kept)


def _coded(match: re.Match[str]) -> str:
    word = match.group()
    lowered = word.lower().replace("’", "'")
    if lowered in _NEUTRAL_FORMS:
        neutral = _NEUTRAL_FORMS[lowered]
        return neutral.capitalize() if word[0].isupper() else neutral
    return "" if lowered in _CODED_WORDS or lowered in _PRONOUNS else word


# With a coded word, a team is an affiliation too ("women's rugby team"); without, it is
# work ("Team Lead, Data Platform").
_CODED_BODY = re.compile(r"\bteams?\b", re.IGNORECASE)


def _affiliation(line: str) -> bool:
    if len(line.split()) > _MAX_AFFILIATION_WORDS:
        return False
    if _AFFILIATION_BODY.search(line):
        return _MEMBERSHIP_ROLE.search(line) is not None or _has_coded(line)
    return _CODED_BODY.search(line) is not None and _has_coded(line)


def _has_coded(line: str) -> bool:
    return any(
        m.group().lower().replace("’", "'") in _CODED_WORDS or m.group().lower() in _NEUTRAL_FORMS
        for m in _WORD.finditer(line)
    )


def neutralize(text: str) -> str:
    """Placeholders, affiliation lines and gender- or religion-coded words dropped, line
    breaks kept (an empty line where something was)."""
    lines = []
    for line in _PLACEHOLDER.sub(" ", text).split("\n"):
        if _affiliation(line):
            kept = ""
        else:
            kept = _WORD.sub(_coded, line) if _MAYBE_CODED.search(line) else line
        lines.append(_SPACES.sub(" ", kept).strip())
    return "\n".join(lines)


def blind_text(raw_text: str, identifiers: Identifiers, name: str | None) -> BlindText:
    redacted = redact(raw_text, identifiers, name)
    words: set[str] = set()
    for span in redacted.spans:
        if span.placeholder == NAME:
            words.update(_NAME_WORD.findall(raw_text[span.start : span.end]))
    if name:
        words.update(_NAME_WORD.findall(name))
    # A name word that is also a skill or a title word ("Ruby", "Grant") stays in the fields.
    kept = {w.lower() for w in words if len(w) > 1 and not is_resume_word(w)}
    return BlindText(redacted, neutralize(redacted.text), frozenset(kept))
