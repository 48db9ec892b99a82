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
from dataclasses import dataclass

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
    they them their theirs themselves
    muslim muslims islamic christian christians catholic catholics protestant hindu hindus
    jewish jew jews sikh sikhs buddhist buddhists church churches mosque mosques
    synagogue parish diocese evangelical baptist methodist lutheran orthodox
    """
    )
)
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’][A-Za-z]*)?(?![\w-])")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True, slots=True)
class BlindText:
    """The index's view of one resume, and the redaction it came from (for chunk offsets)."""

    redacted: RedactedText
    text: str  # the full redacted text, placeholders and coded words dropped
    name_words: frozenset[str]  # lower-cased words the redaction withheld as a name

    def piece(self, start: int, end: int) -> str:
        """The blind text of `raw_text[start:end]` (a chunk or section of the original)."""
        a, b = self.redacted.to_redacted(start), self.redacted.to_redacted(end)
        return neutralize(self.redacted.text[a:b])

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
    return "" if lowered in _CODED_WORDS else word


def neutralize(text: str) -> str:
    """Placeholders and gender- or religion-coded words dropped, line breaks kept."""
    text = _PLACEHOLDER.sub(" ", text)
    text = _WORD.sub(_coded, text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


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
