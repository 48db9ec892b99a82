"""Given names and surnames, so that redaction finds a name the parser did not.

The words come from Faker's person providers (MIT licence; ~20,000 given names and ~20,000
surnames over its Latin-script locales: en_IN, en_US, de_DE, es_ES, fr_FR, pt_BR, tr_TR...).
Faker was chosen over the alternatives because it is permissively licensed (gender-guesser's
list is GPL-3 and pairs every name with a gender; names-dataset is built from a leaked social
network dump and ships ~100 MB) and covers Indian names, which the public corpus is mostly
about. Only the words are used: never a gender, a locale or any other attribute of a name.

Precision on resume words matters more than recall here, since a name list alone would withhold
"Ruby", "Julia", "Jenkins" or "Chef": a word that names an O*NET technology skill, or that is an
ordinary English word in O*NET's own text ("grant", "hunter", "green"), is never a name word.
The header detector adds names by position, which catches the rest.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache

from app.taxonomy import get_taxonomy

_LATIN_WORD = re.compile(r"[^\W\d_]{2,}(?:['’-][^\W\d_]+)*")
_LATIN_LIMIT = 0x250  # Latin letters end at U+024F; Cyrillic, Greek, CJK... are left out
_GIVEN_ATTRIBUTES = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
)
_SURNAME_ATTRIBUTES = ("last_names", "last_names_male", "last_names_female")


@dataclass(frozen=True, slots=True)
class NameWords:
    given: frozenset[str]  # lower case
    surnames: frozenset[str]

    def is_given(self, word: str) -> bool:
        return word.lower() in self.given

    def is_name(self, word: str) -> bool:
        lowered = word.lower()
        return lowered in self.given or lowered in self.surnames


def _words_of(provider: type, attributes: tuple[str, ...]) -> set[str]:
    words: set[str] = set()
    for attribute in attributes:
        values = vars(provider).get(attribute)
        if values is None or isinstance(values, property):
            continue
        for value in values:  # a tuple of names, or a dict of name -> weight
            if not isinstance(value, str):
                continue
            for word in value.split():
                if _LATIN_WORD.fullmatch(word) and all(ord(c) < _LATIN_LIMIT for c in word):
                    words.add(word.lower())
    return words


def _is_resume_word(word: str) -> bool:
    taxonomy = get_taxonomy()
    return word in taxonomy.common_words or taxonomy.canonical_skill(word) is not None


@lru_cache(maxsize=1)
def name_words() -> NameWords:
    """Loaded once (about 0.4 s): every Latin-script locale of Faker's person provider."""
    import faker.providers.person as person

    given: set[str] = set()
    surnames: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        given |= _words_of(provider, _GIVEN_ATTRIBUTES)
        surnames |= _words_of(provider, _SURNAME_ATTRIBUTES)
    return NameWords(
        given=frozenset(w for w in given if not _is_resume_word(w)),
        surnames=frozenset(w for w in surnames if not _is_resume_word(w)),
    )
