"""The gazetteer as resume parsing needs it: is this phrase a place, in this context?

The gazetteer answers "does this phrase name a place"; a resume adds context it cannot see.
"Java", "Spring", "Mobile" or "Nice" on a skills line are tools or plain words, not Java
(Indonesia), Spring (Texas), Mobile (Alabama) or Nice (France). So outside a labelled line
("Location: Nice") a single-word place must not also be a skill, a common English word, or
a job word, unless a qualifier pins it down ("Nice, France", "Mobile, AL").
"""

from __future__ import annotations

import re

from app.candidates.parsing.vocab import TITLE_WORDS
from app.geo import Place, lookup
from app.taxonomy import get_taxonomy

# English words that are also large cities and that O*NET's prose happens not to use.
_PLAIN_WORDS = frozenset(
    {"nice", "reading", "bath", "split", "sale", "orange", "bend", "florence", "mission"}
    | {"surprise", "commerce", "enterprise", "independence", "opportunity"}
)
_MAX_PLACE_CHARS = 60
_JOINERS = frozenset(["de", "da", "do", "del", "am", "upon", "on", "la", "le", "of", "al", "el"])


def place_of(phrase: str, *, labelled: bool = False) -> Place | None:
    """The place `phrase` names as a whole, or None.

    `labelled`: the phrase follows a location label, so a bare "Nice" is the city.
    """
    phrase = " ".join(phrase.split()).strip(" .,;:()")
    if not phrase or len(phrase) > _MAX_PLACE_CHARS or any(ch.isdigit() for ch in phrase):
        return None
    if not labelled and not unqualified_ok(phrase):
        return None
    return lookup(phrase)


def unqualified_ok(phrase: str) -> bool:
    """Whether a phrase may be taken as a place without a label: qualified, or not a word
    that is also a skill, a job word or plain English."""
    words = re.findall(r"[\w'’.-]+", phrase)
    if "," in phrase:
        # "Nice, France": qualified, so the gazetteer decides; "I moved, CA" is a sentence.
        return all(w[0].isupper() or w.lower() in _JOINERS for w in words)
    if not words or not phrase[0].isupper():
        return False
    if len(words) > 1:
        return not any(w.lower() in TITLE_WORDS for w in words)  # "Lead Developer"
    word = words[0].lower()
    taxonomy = get_taxonomy()
    return not (
        word in _PLAIN_WORDS
        or word in TITLE_WORDS
        or taxonomy.is_common_word(word)
        or taxonomy.canonical_skill(phrase) is not None
    )
