"""The place a postal address names, read the way a letter carrier reads one.

An address runs from the street to the country ("Flat 4, Sai CHS, Kalyan (W), Dist. Thane -
421301, Maharashtra, India"; "221 Baker Street, London NW1 6XE"; "Via Roma 12, 20121 Milano
MI, Italy"), so its parts are read right to left: postcodes, house numbers and street parts
say nothing of the town; a region or country ("Maharashtra", "IL", "Canada") pins down which
town of a name is meant; the town is the last part that names one in that country, a locality
before it ("Andheri East, Mumbai", "Dhanmondi, Dhaka") being part of it, and a district
("Dist. Thane") only counts when no town is written. With no town, the region or the country
is the place. The street itself is contact data: only the place is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.candidates.parsing.places import unqualified_ok
from app.geo import Place, lookup, qualifier_countries

_MAX_ADDRESS = 240
# Postcodes, most specific first: UK, Canada, the Netherlands, Portugal / Brazil / Japan /
# Poland, India's six digits (also "400 050"), five-digit ZIPs (+4), four digits.
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]+\d[A-Z]{2}\b|\b[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b"
    r"|\b\d{4}[ \t]?[A-Z]{2}\b(?![\w.])|\b\d{4,5}-\d{3,4}\b|\b\d{3}-\d{4}\b|\b\d{2}-\d{3}\b"
    r"|\b\d{3}[ \t]\d{3}\b|\b\d{4,6}\b"
)
# "PIN - 411041", "Pin Code: 411041", "Zip: 10001": the label goes with the code.
_CODE_LABEL = re.compile(
    r"\b(?:pin|pincode|pin[ \t]*code|zip|zip[ \t]*code|postcode)\b\.?[ \t:-]*", re.I
)
_PARTS = re.compile(r"[ \t]*(?:[,;\n]|[ \t][-–—][ \t]|[ \t]*[-–][ \t]*(?=\d))[ \t]*")
# "12", "B-12", "5/7", "104/12", "3rd": a house, a flat, a cross street, not a postcode.
_HOUSE_NUMBER = re.compile(
    r"(?:^|[ \t])(?:[A-Za-z]{0,3}[-/#]?\d{1,3}[A-Za-z]?(?:[-/]\d+[A-Za-z]?)*|\d+(?:st|nd|rd|th))"
    r"(?=$|[ \t.,])",
    re.I,
)
# Words that make a part a street, a building or a landmark, not a town.
_STREET_WORDS = frozenset(
    {"road", "rd", "street", "st", "lane", "ln", "marg", "path", "avenue", "ave", "av"}
    | {"boulevard", "blvd", "drive", "dr", "way", "cross", "main", "floor", "flat", "house"}
    | {"building", "bldg", "apartment", "apartments", "apt", "society", "soc", "chs", "plot"}
    | {"room", "no", "block", "wing", "tower", "towers", "residency", "enclave", "chawl"}
    | {"near", "opp", "opposite", "behind", "beside", "po", "box", "suite", "unit", "via"}
    | {"rua", "calle", "strasse", "straße", "ul", "ulica", "rue", "jalan", "jl", "sector"}
    | {"phase", "colony", "quarters", "complex", "heights", "villa", "niwas", "nivas", "bhavan"}
    | {"c/o", "co", "h.no", "hno", "gali", "galli", "mohalla", "ward", "estate", "campus"}
    | {"terrace", "court", "place", "square", "sq", "gate", "chowk", "circle", "layout"}
)
# What a CV writes before a village, a post office, a sub-district or a district.
_ADMIN_PREFIX = re.compile(
    r"^(?:at[ \t]*(?:/|&|and|-)?[ \t]*p(?:ost|\.?o\.?)|at|post[ \t]+office|post|p\.?[ \t]?o"
    r"|vill(?:age)?|via|dist(?:t|rict)?|tal(?:uka)?|teh(?:sil)?|mandal|taluk|city|town)"
    r"\b\.?[ \t:-]*",
    re.I,
)
_DISTRICT = re.compile(r"^(?:dist(?:t|rict)?|tal(?:uka)?|teh(?:sil)?|mandal|taluk)\b", re.I)
# A village or post office: GeoNames has towns of 15,000 people and more, so a village's name
# that matches one is most often another place ("Village Rampur" is not Rampur city).
_VILLAGE = re.compile(r"^(?:vill(?:age)?|post[ \t]+office|p\.?[ \t]?o)\b", re.I)
# "Kalyan (W)", "Andheri (East)": a side of town, not a qualifier.
_SIDE = re.compile(r"[ \t]*\((?:[NSEW]|north|south|east|west)\)", re.I)
_PAREN = re.compile(r"\(([^)]*)\)")
_SHORT_CODE = re.compile(r"^(?P<town>.+?)[ \t]+(?P<code>[A-Z]{2,3})$")  # "Milano MI", "Sydney NSW"
_MAX_WINDOW = 4
_TRIM = " \t-–.:"


@dataclass(frozen=True)
class AddressPlace:
    start: int  # of the town's (or region's) name in the address as written
    end: int
    written: str
    place: Place


@dataclass(frozen=True)
class _Part:
    start: int
    text: str
    rank: int  # 0: a town's part; 1: a district's; 2: a village's or post office's


def _parts(address: str) -> list[_Part]:
    parts: list[_Part] = []
    cursor = 0
    for m in [*_PARTS.finditer(address), None]:
        end = m.start() if m else len(address)
        piece = address[cursor:end]
        if piece.strip(_TRIM):
            lead = len(piece) - len(piece.lstrip(_TRIM))
            text = piece.strip(_TRIM)
            prefix = _ADMIN_PREFIX.match(text)
            rank = 0
            if prefix and _DISTRICT.match(text):
                rank = 1
            elif prefix and _VILLAGE.match(text):
                rank = 2
            if prefix and prefix.end() < len(text):
                lead += prefix.end()
                text = text[prefix.end() :]
            parts.append(_Part(cursor + lead, text, rank))
        cursor = m.end() if m else len(address)
    return parts


# Postcodes that rarely stand for anything else on a header line: India's PIN, a ZIP(+4),
# UK, Canadian, Brazilian and Portuguese codes.
_CLEAR_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]+\d[A-Z]{2}\b|\b[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b"
    r"|\b\d{4,5}-\d{3,4}\b|\b\d{3}[ \t]?\d{3}\b|\b\d{5}\b"
)


def looks_like_address(line: str) -> bool:
    """Whether a line without a label is written as a postal address: parts split by commas,
    and a postcode or a house number with a street word ("12, 3rd Cross, Indiranagar")."""
    if "," not in line or "@" in line or "http" in line.lower():
        return False
    if _CLEAR_POSTCODE.search(line):
        return True
    parts = [p.strip() for p in line.split(",")]
    numbered = any(_HOUSE_NUMBER.match(" " + p) for p in parts)
    return numbered and any(w in _STREET_WORDS for p in parts for w in _words(p))


def _words(text: str) -> list[str]:
    return [w.lower().strip(".,:#") for w in text.split()]


def _after_street(text: str) -> str | None:
    """The words after a part's last street word or house number ("Dadar (E) Hindu Colony
    Road No 2 Mumbai Maharashtra" -> "Mumbai Maharashtra"), the part itself when it has
    none, None when nothing follows."""
    words = list(re.finditer(r"\S+", text))
    last = -1
    for k, w in enumerate(words):
        word = w.group(0)
        if _HOUSE_NUMBER.fullmatch(word) or word.lower().strip(".,:#") in _STREET_WORDS:
            last = k
    if last < 0:
        return text
    return text[words[last].end() :].strip() if last + 1 < len(words) else None


def _qualifier_places(parts: list[str]) -> list[Place]:
    """Regions and countries the address writes as parts of their own."""
    found: list[Place] = []
    for text in parts:
        place = lookup(text)
        if place is not None and place.kind in ("region", "country"):
            found.append(place)
    return found


def _town(name: str, countries: set[str], qualifiers: list[str]) -> Place | None:
    """`name` as a town, in a country the address names where it names one."""
    for qualifier in qualifiers:
        place = lookup(f"{name}, {qualifier}")
        if place is not None and place.kind == "city":
            return place
    if countries:
        return None  # a town of that name, but in another country
    if " " not in name.strip() and not unqualified_ok(name):
        return None  # "Main", "Cross", "Nagar" alone are street words or plain English
    place = lookup(name)
    return place if place is not None and place.kind == "city" else None


def _windows(text: str) -> list[tuple[int, int]]:
    """Spans of runs of words in `text`, the longest and rightmost first."""
    words = list(re.finditer(r"[^\s]+", text))
    spans = []
    for size in range(min(len(words), _MAX_WINDOW), 0, -1):
        for i in range(len(words) - size, -1, -1):
            spans.append((words[i].start(), words[i + size - 1].end()))
    return spans


def place_in_address(address: str) -> AddressPlace | None:
    """The most specific place `address` names unambiguously, or None."""
    if not address.strip() or len(address) > _MAX_ADDRESS:
        return None
    text = _CODE_LABEL.sub(lambda m: " " * len(m.group(0)), address)
    text = _POSTCODE.sub(lambda m: "," + " " * (len(m.group(0)) - 1), text)
    text = _SIDE.sub(lambda m: " " * len(m.group(0)), text)
    parts = _parts(text)
    named = [_PAREN.sub(" ", p.text).strip() for p in parts]
    inner = [m.group(1) for p in parts for m in _PAREN.finditer(p.text)]
    codes = [m.group("code") for p in named if (m := _SHORT_CODE.match(p))]
    # What pins the town down: regions, countries and their codes ("IL", "MI", "NSW"), but
    # not a town that is also a qualifier somewhere ("Delhi", "Georgia" stay towns here).
    qualifying: list[str] = []
    countries: set[str] = set()
    for q in named + inner + codes:
        readings = qualifier_countries(q) if q else set()
        if readings and (lookup(q) or Place()).kind != "city":
            qualifying.append(q)
            countries |= readings
    fallbacks: list[tuple[int, AddressPlace]] = []
    for part, plain in zip(reversed(parts), reversed(named), strict=True):
        tail = _after_street(plain) if plain else None
        if not tail or (len(tail) <= 3 and tail.isupper() and qualifier_countries(tail)):
            continue  # a street, or a code ("DC", "MI") that qualifies the town before it
        short = _SHORT_CODE.match(tail)
        candidates = [tail, short.group("town")] if short else [tail]
        for candidate in candidates:
            found = _in_part(part, candidate, countries, qualifying)
            if found is None:
                continue
            if part.rank == 0:
                return found
            fallbacks.append((part.rank, found))
            break
    if fallbacks:
        return min(fallbacks, key=lambda f: f[0])[1]
    regions = [p for p in _qualifier_places(named) if p.kind == "region"]
    if regions:
        return _spot(address, parts, named, regions[-1])
    countries_named = _qualifier_places(named)
    return _spot(address, parts, named, countries_named[-1]) if countries_named else None


def _in_part(
    part: _Part, plain: str, countries: set[str], qualifiers: list[str]
) -> AddressPlace | None:
    for a, b in _windows(plain):
        name = plain[a:b].strip(" .")
        if not name[:1].isupper():
            continue
        rest = plain[b:].strip(" .")  # "Mumbai Maharashtra": the words after may qualify it
        others = [q for q in qualifiers if q != plain]
        extra = qualifier_countries(rest) if rest else set()
        if extra:
            others = [rest, *others]
        place = _town(name, countries | extra, others)
        if place is None:
            continue
        at = part.text.find(name)
        start = part.start + max(at, 0)
        return AddressPlace(start, start + len(name), name, place)
    return None


def _spot(address: str, parts: list[_Part], named: list[str], place: Place) -> AddressPlace:
    """Where a region or country sits in the address (the last part that names it)."""
    for part, plain in zip(reversed(parts), reversed(named), strict=True):
        if lookup(plain) == place:
            return AddressPlace(part.start, part.start + len(plain), plain, place)
    return AddressPlace(0, len(address), address, place)
