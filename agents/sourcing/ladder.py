"""The relaxation ladder: the order in which a sourcing query gives things up for liquidity.

A brief names a place, a number of years, required skills and nice-to-haves. When too few
people match, the query first looks further away (city, then region, then country, then
anywhere, remote-friendly profiles included), then asks for fewer years (the minimum, a lower
figure, then any), then stops steering by nice-to-haves and accepts any one of a
qualification's alternatives; only then does it start dropping required skills
(`queries.widen`). Each rung is a named change, so the plan can say what was relaxed and why.

Unknown is not a failure: profiles that do not say where they are or how long their owner
has worked pass the location and years filters at every rung (ranked after known matches).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agents.schemas import JobSpec
from agents.sourcing import boolean
from agents.sourcing.query_model import SourcingQuery
from app import geo
from app.search.schemas import SearchFilters

# "5+ years" relaxes to 3+, "3+" to 2+, before the filter goes altogether.
YEARS_RELAX_FACTOR = 0.6


@dataclass(frozen=True)
class Place:
    city: str | None
    region: str | None
    country: str | None
    country_code: str | None


@dataclass(frozen=True)
class Rung:
    change: str  # in the recruiter's words: 'looked anywhere in India, not only in Pune'
    update: dict[str, Any]


def place_of(text: str | None) -> Place | None:
    """The brief's location as city / region / country, from the gazetteer when it knows the
    place, else from the comma-separated parts ("Pune, India")."""
    if not text or not text.strip():
        return None
    found = _gazetteer(text)
    if found is not None:
        return found
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    country = parts[-1] if len(parts) > 1 else None
    region = parts[1] if len(parts) > 2 else None
    return Place(parts[0], region, country, None)


def _gazetteer(text: str) -> Place | None:
    place = geo.lookup(text)
    if place is None:
        return None
    return Place(place.city, place.region, place.country, place.country_code)


def filters_of(q: SourcingQuery) -> SearchFilters:
    """The search filters this rung of the ladder applies; unknowns are always kept. A rung
    matches the gazetteer's place columns and, for profiles without them, the location text
    (the place as the brief wrote it, too: "Bangalore" for Bengaluru)."""
    level = q.location_level
    place: dict[str, str | None] = {}
    if level == "city":
        place = {"location": q.location, "city": q.place_city}
    elif level == "region":
        place = {"region": q.place_region}
    elif level == "country":
        if q.country_code:
            place = {"country_code": q.country_code, "country_name": q.place_country}
        else:
            place = {"location": q.place_country}
    elif level is None:
        place = {"location": q.location}
    return SearchFilters(**place, min_years=q.min_years, keep_unknown=True)


def _where(q: SourcingQuery) -> str:
    return q.location or "the place asked for"


def location_rung(q: SourcingQuery) -> Rung | None:
    level = q.location_level
    if level is None or level == "anywhere":
        return None
    if level == "city" and q.place_region and q.place_region != q.place_city:
        return Rung(
            f"looked in all of {q.place_region}, not only in {_where(q)}",
            {"location": q.place_region, "location_level": "region"},
        )
    if level in ("city", "region") and q.place_country and q.place_country != q.location:
        return Rung(
            f"looked anywhere in {q.place_country}, not only in {_where(q)}",
            {"location": q.place_country, "location_level": "country"},
        )
    return Rung(
        f"looked everywhere, remote-friendly profiles included, not only in {_where(q)}",
        {"location": None, "location_level": "anywhere"},
    )


def years_rung(q: SourcingQuery) -> Rung | None:
    if q.min_years is None:
        return None
    lower = float(max(1, round(q.min_years * YEARS_RELAX_FACTOR)))
    if q.min_years == q.years_wanted and lower < q.min_years:
        return Rung(f"asked for {lower:g}+ years instead of {q.min_years:g}+", {"min_years": lower})
    return Rung(
        f"dropped the {q.min_years:g}+ years filter", {"min_years": None, "years_dropped": True}
    )


def optional_rung(q: SourcingQuery) -> Rung | None:
    """Nice-to-haves stop steering the search: a narrowing's promotions are undone first."""
    promoted = [t for t in q.promoted_terms if t in q.required_terms]
    if promoted:
        return Rung(
            "made " + _listed(promoted) + " nice-to-have again",
            {
                "required_terms": [t for t in q.required_terms if t not in promoted],
                "optional_terms": [*q.optional_terms, *promoted],
                "promoted_terms": [],
            },
        )
    nice = [t for t in q.optional_terms if t not in q.dropped_terms]
    if nice and not q.nice_dropped:
        return Rung(f"stopped steering the search by {_listed(nice)}", {"nice_dropped": True})
    return None


def alternatives_rung(q: SourcingQuery) -> Rung | None:
    groups = [g for g in live_groups(q) if len(g) > 1]
    if not groups or q.alternatives_ored:
        return None
    said = "; ".join(_listed(g, "or") for g in groups)
    return Rung(f"accepted any one of {said}", {"alternatives_ored": True})


def live_groups(q: SourcingQuery) -> list[list[str]]:
    """Each alternatives group reduced to the terms still required."""
    return [[t for t in group if t in q.required_terms] for group in q.alternatives]


def required_clauses(q: SourcingQuery) -> list[str | list[str]]:
    """Required terms as the Boolean renders them: one clause each, or one OR-group per
    qualification once its alternatives are accepted."""
    if not q.alternatives_ored:
        return list(q.required_terms)
    grouped = {t: g for g in live_groups(q) if len(g) > 1 for t in g}
    out: list[str | list[str]] = []
    for term in q.required_terms:
        group = grouped.get(term)
        if group is None:
            out.append(term)
        elif group[0] == term:
            out.append(group)
    return out


def relaxations(q: SourcingQuery) -> Rung | None:
    """The next rung before any required skill is given up, or None."""
    for rung in (location_rung, years_rung, optional_rung, alternatives_rung):
        found = rung(q)
        if found is not None:
            return found
    return None


def start(q: SourcingQuery, spec: JobSpec) -> dict[str, Any]:
    """The ladder's starting fields for a query built from `spec`."""
    place = place_of(spec.location) if spec.remote != "remote" else None
    if place is None:
        return {"location": None, "location_level": None, "years_wanted": q.min_years}
    level = "city" if place.city else "region" if place.region else "country"
    # The city as the brief wrote it ("Bangalore"), which is how profiles write it too.
    written = boolean.clean((spec.location or "").split(",")[0]) if place.city else ""
    first = written or place.city or place.region or place.country
    return {
        "location": first,
        "location_level": level,
        "place_city": place.city,
        "place_region": place.region,
        "place_country": place.country,
        "country_code": place.country_code,
        "years_wanted": q.min_years,
    }


def _listed(items: list[str], last: str = "and") -> str:
    quoted = [f'"{t}"' for t in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {last} {quoted[-1]}"
