"""Skills: the ones a structured profile lists, plus the O*NET technology skills the text
mentions, one `SkillItem` per canonical name."""

from __future__ import annotations

from collections.abc import Sequence

from app.candidates.profile import SkillItem
from app.taxonomy import get_taxonomy


def field_skill_names(value: object) -> list[str]:
    """`skills` as a list of names: a list of strings (or of `{name}` dicts), or one string."""
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list):
        return []
    names: list[str] = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip():
            names.append(" ".join(item.split()))
    return names


def collect_skills(
    field_skills: list[str], text: str, skip_spans: Sequence[tuple[int, int]] = ()
) -> list[SkillItem]:
    """Field skills first (in their order), then text mentions in reading order.

    A field skill the taxonomy knows takes its canonical name; one it does not know is kept
    under the name as written, `known=False`, so nothing the candidate listed is dropped.
    Text mentions inside `skip_spans` (the person's name and location: "JANE DOE" is not the
    DOE software, "San Francisco" not a SAN; an employer's name) are ignored.
    """
    taxonomy = get_taxonomy()
    items: list[SkillItem] = []
    seen: set[str] = set()

    def add(item: SkillItem) -> None:
        key = item.name.casefold()
        if key not in seen:
            seen.add(key)
            items.append(item)

    for raw in field_skills:
        skill = taxonomy.canonical_skill(raw)
        if skill is None:
            add(SkillItem(name=raw, raw=raw))
        else:
            add(
                SkillItem(
                    name=skill.name, raw=raw, known=True, hot=skill.hot, in_demand=skill.in_demand
                )
            )
    # Blanked rather than filtered afterwards: a skill is found once, at its first mention,
    # so a skipped first mention ("Oracle" the employer) must not hide a later one.
    chars = list(text)
    for start, end in skip_spans:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    for match in taxonomy.find_skills("".join(chars)):
        add(
            SkillItem(
                name=match.name, raw=match.raw, known=True, hot=match.hot, in_demand=match.in_demand
            )
        )
    return items
