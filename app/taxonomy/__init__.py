"""O*NET 29.2 occupations, titles and technology skills (O*NET 29.2 Database, USDOL/ETA,
CC BY 4.0). Importing this package is cheap; the data loads on the first `get_taxonomy()`."""

from app.taxonomy.loader import get_taxonomy, load_taxonomy
from app.taxonomy.model import Occupation, SkillMatch, TechSkill, TitleMatch
from app.taxonomy.taxonomy import Taxonomy

__all__ = [
    "Occupation",
    "SkillMatch",
    "Taxonomy",
    "TechSkill",
    "TitleMatch",
    "get_taxonomy",
    "load_taxonomy",
]
