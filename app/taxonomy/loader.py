"""Loads the derived O*NET file shipped in `app/taxonomy/data/` (see scripts/derive_taxonomy.py)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from app.taxonomy.context import SUPPLEMENT
from app.taxonomy.model import Occupation, TechSkill
from app.taxonomy.taxonomy import Taxonomy

DATA_FILE = "onet_taxonomy.json.gz"
SUPPORTED_FORMAT = 1


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Parse a derived taxonomy file; the packaged one unless `path` is given."""
    if path is None:
        raw = resources.files("app.taxonomy").joinpath("data", DATA_FILE).read_bytes()
    else:
        raw = path.read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    if data.get("format") != SUPPORTED_FORMAT:
        raise ValueError(f"unsupported taxonomy format {data.get('format')!r} in {DATA_FILE}")
    categories: list[str] = data["categories"]
    skills = [
        TechSkill(name, categories[category], bool(hot), bool(in_demand))
        for name, category, hot, in_demand, _count in data["skills"]
    ]
    popularity = [int(row[4]) for row in data["skills"]]
    known = {skill.name for skill in skills}
    for extra in SUPPLEMENT:  # appended, so O*NET's own indexes stay valid
        if extra.name not in known:
            skills.append(extra)
            popularity.append(1)
    occupations: list[Occupation] = []
    title_weights: dict[str, list[int]] = {}
    for row in data["occupations"]:
        code = row["code"]
        title_weights[code] = [int(weight) for _title, weight in row["titles"]]
        occupation_skills = tuple(
            TechSkill(skills[index].name, skills[index].category, skills[index].hot, bool(flag))
            for index, flag in row["skills"]
        )
        occupations.append(
            Occupation(
                code=code,
                title=row["title"],
                description=row["description"],
                job_zone=row["job_zone"],
                titles=tuple(title for title, _weight in row["titles"]),
                skills=occupation_skills,
                related=tuple(row["related"]),
                tasks=tuple(row["tasks"]),
            )
        )
    return Taxonomy(
        occupations,
        skills,
        title_weights=dict(title_weights),
        skill_popularity=popularity,
        common_words=set(data["common_words"]),
        attribution=data["attribution"],
    )


@cache
def get_taxonomy() -> Taxonomy:
    """The packaged taxonomy, parsed once per process on first use."""
    return load_taxonomy()
