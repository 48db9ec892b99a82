"""How a parsed field counts as matching its gold: the rules the parsing metrics rest on.

- Text is compared after `norm`: case-folded, accents removed, punctuation to spaces.
- **Role**: a parsed role matches a gold role when the titles are `similar` and the start
  years are equal. A gold role the resume gives no title for is matched on the company
  instead; one it gives no start for is matched without the year. Each parsed role matches at
  most one gold role (greedy, best pair first).
- **Dates**, on matched roles: the start (and end) equal at the precision the gold has, month
  (`2018-03`) or year (`2018`); "present" only matches "present".
- **Similar** (titles, companies, institutions): equal token sets, one set containing the
  other, or a Jaccard overlap ≥ 0.5; legal suffixes ("Pvt", "Ltd", "Inc") do not count.
- **Education**: a parsed item matches a gold item when its year (any year in its fields)
  equals the gold year, where the gold has one, and its degree or its institution is similar
  (compared letters-only, so "B.Tech." is "BTech"), or the gold's appear in its text.
- **Skill**: a parsed skill is right when its name equals a gold skill, or one contains the
  other as whole words ("Structured query language SQL" contains "SQL"; "Microsoft Excel"
  contains "Excel"); a one-letter name ("C", "R") must be equal. A gold name the taxonomy
  knows as another name of a skill ("MS Access", "Map Reduce") also matches that skill's
  canonical name ("Microsoft Access"): the gold is written as the resume writes it; and an
  O*NET name's closing acronym ("... programming ABAP") matches that word in the gold
  ("SAP ABAP").
- **Location**, where the gold has one: the parsed location names the gold city (or the
  country, when the gold has no city), as written in the display string or as the place the
  product resolved (`candidates.city` / `country_code`, compared through the gazetteer so
  "Bangalore" is "Bengaluru").
- **Years source**, where the gold has years: "history" when the gold years come from dated
  roles, "phrase" when only from a stated "N years"; the product's `years_source` must agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from evals.parsing.gold import GoldEducation, GoldLocation, GoldRole

_LEGAL = frozenset(
    (
        "pvt",
        "ltd",
        "private",
        "limited",
        "inc",
        "llc",
        "co",
        "corp",
        "corporation",
        "gmbh",
        "ag",
        "sa",
        "plc",
        "the",
        "of",
        "and",
    )
)
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_KEYS, 1)}
_PRESENT = re.compile(
    r"^\s*(present|current(ly)?|now|today|ongoing|till\s*(date|now)|to\s*date|date|---*|"
    r"till the date)\s*$",
    re.IGNORECASE,
)


def norm(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z+#]+", " ", plain.casefold()).split())


def tokens(text: str | None, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(t for t in norm(text).split() if t not in drop)


def similar(a: str | None, b: str | None, drop: frozenset[str] = _LEGAL) -> bool:
    ta, tb = tokens(a, drop), tokens(b, drop)
    if not ta or not tb:
        return False
    return ta <= tb or tb <= ta or len(ta & tb) / len(ta | tb) >= 0.5


def _compact(text: str | None) -> str:
    return norm(text).replace(" ", "")


# -- dates -----------------------------------------------------------------------------------


def normalize_date(raw: str | None, today: date | None = None) -> str | None:
    """A parsed date as "YYYY-MM", "YYYY" or "present"; None when it names no date. Read
    independently of the product's own date parser, so its mistakes are not excused."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    if _PRESENT.match(raw):
        return "present"
    low = raw.casefold()
    if m := re.search(r"\b((?:19|20)\d\d)[-/.](0[1-9]|1[0-2])\b", low):
        return f"{m.group(1)}-{m.group(2)}"
    if m := re.search(r"\b(0?[1-9]|1[0-2])[/.]((?:19|20)\d\d)\b", low):
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    if m := re.search(r"\b([a-z]{3})[a-z]*\.?\s*[,'’]?\s*((?:19|20)\d\d|\d\d)\b", low):
        month = _MONTHS.get(m.group(1))
        if month:
            year = m.group(2)
            year = year if len(year) == 4 else ("20" if int(year) < 50 else "19") + year
            return f"{year}-{month:02d}"
    if m := re.search(r"\b((?:19|20)\d\d)\b", low):
        return m.group(1)
    return None


def year_of(value: str | None) -> str | None:
    return value[:4] if value and value[:4].isdigit() else None


def same_date(gold: str | None, parsed: str | None) -> bool:
    """Equal at the gold's precision (a parsed month matches a gold year of that year)."""
    if gold is None or parsed is None:
        return False
    if gold == "present" or parsed == "present":
        return gold == parsed
    return parsed[: len(gold)] == gold if len(parsed) >= len(gold) else False


# -- roles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRole:
    title: str | None
    company: str | None
    start: str | None  # normalized
    end: str | None


def role_matches(gold: GoldRole, parsed: ParsedRole) -> bool:
    if gold.title:
        named = similar(gold.title, parsed.title, frozenset())
    else:
        named = similar(gold.company, parsed.company) or similar(gold.company, parsed.title)
    if not named:
        return False
    return gold.start is None or year_of(gold.start) == year_of(parsed.start)


def _role_score(gold: GoldRole, parsed: ParsedRole) -> float:
    return (
        float(similar(gold.title, parsed.title, frozenset()))
        + float(similar(gold.company, parsed.company))
        + float(same_date(gold.start, parsed.start))
        + float(same_date(gold.end, parsed.end))
    )


def match_roles(gold: list[GoldRole], parsed: list[ParsedRole]) -> list[tuple[int, int]]:
    """One-to-one (gold index, parsed index) pairs, the best-scoring pairs first."""
    pairs = [
        (_role_score(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(parsed)
        if role_matches(g, p)
    ]
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


# -- education -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedEducation:
    degree: str | None
    institution: str | None
    year: str | None
    text: str = ""


def education_matches(gold: GoldEducation, parsed: ParsedEducation) -> bool:
    if gold.year:
        years = set(re.findall(r"(?:19|20)\d\d", f"{parsed.year} {parsed.text}"))
        if gold.year not in years:
            return False
    whole = _compact(f"{parsed.degree} {parsed.institution} {parsed.text}")
    degree_ok = bool(gold.degree) and (
        _compact(gold.degree) == _compact(parsed.degree)
        or bool(parsed.degree and _compact(parsed.degree) in _compact(gold.degree))
        or _compact(gold.degree) in whole
    )
    institution_ok = bool(gold.institution) and (
        similar(gold.institution, parsed.institution) or _compact(gold.institution) in whole
    )
    return degree_ok or institution_ok


def match_education(
    gold: list[GoldEducation], parsed: list[ParsedEducation]
) -> list[tuple[int, int]]:
    used: set[int] = set()
    out = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(parsed):
            if pi not in used and education_matches(g, p):
                used.add(pi)
                out.append((gi, pi))
                break
    return out


# -- skills and location ---------------------------------------------------------------------


def _words_match(gold: str, parsed: str) -> bool:
    g, p = norm(gold).split(), norm(parsed).split()
    if not g or not p:
        return False
    if g == p:
        return True
    short, long = (g, p) if len(g) <= len(p) else (p, g)
    if len(short) == 1 and len(short[0]) == 1:
        return False
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def skill_matches(gold: str, parsed: str) -> bool:
    if _words_match(gold, parsed):
        return True
    from app.taxonomy import get_taxonomy

    canonical = get_taxonomy().canonical_skill(gold)
    if canonical is not None and norm(canonical.name) == norm(parsed):
        return True
    # O*NET names end in their acronym ("Advanced business application programming ABAP");
    # a gold "SAP ABAP" names that acronym.
    last = parsed.split()[-1] if parsed.split() else ""
    return (
        len(last) >= 3 and last.isupper() and last.isalpha() and last.lower() in norm(gold).split()
    )


def _gold_place(gold: GoldLocation) -> tuple[str | None, str | None]:
    """(folded city, ISO country code) of the gold place, read by the gazetteer so that
    "Bangalore" and "Bengaluru" are one city."""
    from app.geo import country_code_of, lookup

    phrase = ", ".join(p for p in (gold.city, gold.country) if p)
    place = lookup(phrase) if phrase else None
    if place is not None:
        return norm(place.city) or None, place.country_code
    return norm(gold.city) or None, country_code_of(gold.country) if gold.country else None


def location_matches(
    gold: GoldLocation,
    parsed: str | None,
    city: str | None = None,
    country_code: str | None = None,
) -> bool:
    """The parsed location names the gold city (the country, when the gold has no city):
    in the display string as written, or as the place the product resolved it to."""
    want_city, want_cc = _gold_place(gold)
    if city or country_code:
        if want_city and norm(city) == want_city:
            return not (want_cc and country_code) or want_cc == country_code
        if not want_city and want_cc and want_cc == country_code:
            return True
    want = gold.city or gold.country
    if not want or not parsed:
        return False
    got, needle = norm(parsed).split(), norm(want).split()
    n = len(needle)
    return any(got[i : i + n] == needle for i in range(len(got) - n + 1))
