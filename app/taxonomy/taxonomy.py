"""The runtime taxonomy: occupations, titles and technology skills from O*NET 29.2.

Lookup tables for titles and skill aliases are built on first use, not at load, so a caller
that only needs `occupation()` never pays for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from app.taxonomy.aliases import Alias, AliasBuilder, alias_key
from app.taxonomy.context import mask_labels, read_in_context
from app.taxonomy.model import Occupation, SkillMatch, TechSkill, TitleMatch
from app.taxonomy.skills import SkillMatcher
from app.taxonomy.titles import TitleIndex, title_tokens

_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
OCCUPATION_TITLE_WEIGHT = 8  # above any alternate or reported title weight (max 7)
_MIN_NEAR_CHARS = 8  # shorter names are too often another word one letter away


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


class Taxonomy:
    def __init__(
        self,
        occupations: Sequence[Occupation],
        skills: Sequence[TechSkill],
        *,
        title_weights: dict[str, Sequence[int]],
        skill_popularity: Sequence[int],
        common_words: set[str],
        attribution: str,
    ) -> None:
        """`title_weights[code][i]` is how common `occupation.titles[i]` is (higher: more);
        `skill_popularity[i]` is how many occupations list `skills[i]`."""
        self.attribution = attribution
        self.occupations: tuple[Occupation, ...] = tuple(occupations)
        self.skills: tuple[TechSkill, ...] = tuple(skills)
        self._by_code = {occupation.code: occupation for occupation in self.occupations}
        self._title_weights = title_weights
        self._skill_popularity = skill_popularity
        self._common_words = common_words

    @cached_property
    def common_words(self) -> frozenset[str]:
        """Ordinary lower-case English words of O*NET's own text ("grant", "hunter")."""
        return frozenset(self._common_words)

    # -- occupations -------------------------------------------------------------------------

    def occupation(self, code: str) -> Occupation | None:
        return self._by_code.get(code.strip())

    def related_titles(self, code: str, limit: int = 10) -> list[str]:
        occupation = self.occupation(code)
        if occupation is None:
            return []
        related = (self._by_code.get(other) for other in occupation.related)
        return [other.title for other in related if other is not None][:limit]

    def usual_skills(self, code: str, limit: int = 15) -> list[TechSkill]:
        occupation = self.occupation(code)
        return list(occupation.skills[:limit]) if occupation else []

    def title_synonyms(self, title_or_code: str, limit: int = 10) -> list[str]:
        """Other names for the same job, most common first, for OR-ing into Boolean queries.

        The input itself (after normalization) is left out: the caller already has it.
        """
        text = title_or_code.strip()
        if _CODE.match(text):
            code, own = text, ""
        else:
            match = self.normalize_title(text)
            if match is None:
                return []
            code, own = match.code, " ".join(title_tokens(text))
        occupation = self.occupation(code)
        if occupation is None:
            return []
        seen = {own}
        out: list[str] = []
        for title in occupation.titles:
            key = " ".join(title_tokens(title))
            if key in seen:
                continue
            seen.add(key)
            if " " not in key and self._title_index.occupation_count(title) > 1:
                continue  # "Developer", "Engineer": OR-ing these in would match everyone
            out.append(title)
            if len(out) >= limit:
                break
        return out

    # -- titles --------------------------------------------------------------------------------

    @cached_property
    def _title_index(self) -> TitleIndex:
        def entries() -> list[tuple[str, str, int]]:
            rows = [(o.code, o.title, OCCUPATION_TITLE_WEIGHT) for o in self.occupations]
            for occupation in self.occupations:
                weights = self._title_weights.get(occupation.code, ())
                rows.extend(
                    zip([occupation.code] * len(weights), occupation.titles, weights, strict=True)
                )
            return rows

        names = {occupation.code: occupation.title for occupation in self.occupations}
        return TitleIndex(entries(), names)

    def normalize_title(self, title: str) -> TitleMatch | None:
        """Best O*NET occupation for a free job title, or None when nothing is close enough."""
        matches = self._title_index.search(title, 1)
        return matches[0] if matches else None

    def search_occupations(self, text: str, limit: int = 10) -> list[TitleMatch]:
        return list(self._title_index.search(text, limit))

    # -- skills --------------------------------------------------------------------------------

    @cached_property
    def _aliases(self) -> dict[tuple[str, ...], Alias]:
        builder = AliasBuilder(self.skills, self._skill_popularity, self._common_words)
        return builder.build()

    @cached_property
    def _matcher(self) -> SkillMatcher:
        return SkillMatcher(self._aliases, self.skills, frozenset(self._common_words))

    @cached_property
    def _skills_by_name(self) -> dict[str, TechSkill]:
        return {skill.name: skill for skill in self.skills}

    def find_skills(self, text: str) -> list[SkillMatch]:
        """Technology skills mentioned in free text, one match per skill (first occurrence).

        Contact and heading labels never count, and ambiguous acronyms are read in the
        document's context (see `context.py`)."""
        found = self._matcher.find(mask_labels(text))
        return read_in_context(text, found, self._skills_by_name)

    def is_common_word(self, word: str) -> bool:
        """An ordinary lower-case English word in O*NET's own prose ("mobile", "spring")."""
        return word.lower() in self._common_words

    @cached_property
    def _near_index(self) -> dict[str, set[int]]:
        """Long aliases, spaces out, and each with one letter deleted -> the skills they name
        (a symmetric-delete index: one edit apart is one shared key)."""
        index: dict[str, set[int]] = {}
        for key, alias in self._aliases.items():
            compact = "".join(key)
            if alias.ambiguous or len(compact) < _MIN_NEAR_CHARS:
                continue
            deletions = {compact[:i] + compact[i + 1 :] for i in range(len(compact))}
            for variant in {compact} | deletions:
                index.setdefault(variant, set()).add(alias.skill)
        return index

    def misspelled_skill(self, name: str) -> TechSkill | None:
        """The one skill a long name is a single typo away from ("Entityframewok" -> Entity
        Framework, "matplolib" -> Matplotlib), else None. For lists a person typed, where such
        typos are common; a name the taxonomy knows as written is not a misspelling."""
        compact = "".join(alias_key(name))
        if len(compact) < _MIN_NEAR_CHARS or self.canonical_skill(name) is not None:
            return None
        variants = {compact} | {compact[:i] + compact[i + 1 :] for i in range(len(compact))}
        skills: set[int] = set()
        for variant in variants:
            for index in self._near_index.get(variant, ()):
                names = self._compact_aliases.get(index, [])
                if compact in names:
                    return None  # the same letters, written in another case: not a typo
                if any(_one_edit(compact, other) for other in names):
                    skills.add(index)
        return self.skills[skills.pop()] if len(skills) == 1 else None

    @cached_property
    def _compact_aliases(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for key, alias in self._aliases.items():
            if not alias.ambiguous:
                out.setdefault(alias.skill, []).append("".join(key))
        return out

    def canonical_skill(self, name: str) -> TechSkill | None:
        """The O*NET skill a name or alias stands for ("excel", "k8s", "SQL"), else None."""
        alias = self._aliases.get(alias_key(name))
        if alias is None or (alias.case_sensitive and " ".join(name.split()) != alias.text):
            return None
        return self.skills[alias.skill]
