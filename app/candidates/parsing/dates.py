"""Dates and date ranges as resumes write them.

"Jan 2018 - Present", "June 2014 to May 2015", "Oct, 2017 to Till Date", "03/2019 – 11/2021",
"4/2016  5/2022" (a gap or a tab, as table cells come out of Word), "03.2018-11.2020",
"2017-19", "2013/---" and "June 2015 onwards" (open-ended) and "2009/2013", "since 2020",
"2018 – till date", ISO "2019-03", "2019-03-15", "01-06-2015", "From: Jan 2015 To: Dec 2017",
and month names in English, German, French and Spanish ("März 2019", "juin 2018",
"enero 2020").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple

# Month names by prefix: enough letters to be unambiguous across the four languages.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "janvier", "janv", "enero", "ene"),
    2: ("february", "feb", "februar", "fevrier", "fevr", "fev", "febrero"),
    3: ("march", "mar", "marz", "maerz", "mars", "marzo"),
    4: ("april", "apr", "avril", "avr", "abril", "abr"),
    5: ("may", "mai", "mayo"),
    6: ("june", "jun", "juni", "juin", "junio"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio"),
    8: ("august", "aug", "aout", "agosto", "ago"),
    9: ("september", "sept", "sep", "septembre", "septiembre", "setiembre"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre"),
    11: ("november", "nov", "novembre", "noviembre"),
    12: ("december", "dec", "dezember", "dez", "decembre", "diciembre", "dic"),
}
# Misspellings resumes really write ("Febuary 2016 - Augest 2018"): none is another word.
_MISSPELT: dict[int, tuple[str, ...]] = {
    1: ("janaury", "januray"),
    2: ("febuary", "feburary", "februray"),
    7: ("jully",),
    8: ("augest", "agust", "augst"),
    9: ("septmber", "sepetember", "setember"),
    10: ("octomber", "octuber"),
    11: ("novmber", "novemeber"),
    12: ("decemeber", "decmber", "dicember"),
}
_MONTHS: dict[str, int] = {
    word: n for table in (_MONTH_WORDS, _MISSPELT) for n, words in table.items() for word in words
}


def _accent_tolerant(word: str) -> str:
    """A regex for `word` that also matches it written with its accents ("fevrier", "février")."""
    accented = {"e": "[eéè]", "a": "[aäà]", "u": "[uû]"}
    if word in ("marz", "maerz"):
        return "m(?:ä|ae|a)rz"
    return "".join(accented.get(ch, ch) for ch in word)


_MONTH = (
    "(?:" + "|".join(_accent_tolerant(w) for w in sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTH_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_DAY = r"(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?[ \t-]*(?:of[ \t]+)?)?"  # "16th ", "1-"
_DATE = (
    rf"(?:{_MONTH}[ \t]+{_MONTH_DAY}['’]?,?[ \t]*{_YEAR}"  # Aug 29, 2005, Aug 29th' 2005
    # Jan 2018, Oct, 2017, 16th Jan 2017; "Jan\n2018" where a narrow column wrapped it
    rf"|{_DAY}{_MONTH}[,-]?[ \t]*(?:\n[ \t]*)?['’]?[ \t]*{_YEAR}"
    rf"|{_MONTH}[ \t]*['’-][ \t]*\d{{2}}(?!\d)"  # Jan '19, Jan-19
    rf"|(?:[0-2]?\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-]{_YEAR}"  # 15.04.2016, 15/04/2016, 15-04-2016
    rf"|(?:0?[1-9]|1[0-2])[/.-]{_YEAR}"  # 03/2019, 03.2019, 4-2016
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])(?!\d)"  # 2019-03-15
    rf"|{_YEAR}[-/.](?:0[1-9]|1[0-2])(?![\d/.-])"  # 2019-03, 2019/03
    rf"|{_YEAR})"
)
# Dates precise to the month, which alone may be separated by nothing but a gap or a line
# break ("4/2016  5/2022", table cells): two bare years side by side are too often a list.
_MONTH_DATE = (
    rf"(?:{_MONTH},?[ \t]*['’]?[ \t]*{_YEAR}"
    rf"|(?:0?[1-9]|1[0-2])[/.-]{_YEAR}"
    rf"|{_YEAR}[-/.](?:0[1-9]|1[0-2])(?![\d/.-]))"
)
_PRESENT = (
    r"(?:present(?:ly)?|current(?:ly)?|now|today|ongoing"
    r"|till(?:[ \t]+|[ \t]*\n[ \t]*)(?:date|now|present)"
    r"|up[ \t]?to[ \t]+(?:date|now|present)|continu(?:ing|e|ed)|contd\.?"
    r"|to[ \t]+(?:date|present|now)|till[ \t]+the[ \t]+date|date|still(?:[ \t]+on[ \t]*going)?"
    r"|till|heute|aktuell|jetzt|actuel(?:lement)?"
    r"|aujourd['’]hui|presente|actualidad|actual)"
)
_OPEN_END = r"(?:-{2,}|–+|—+|\.{2,}|…|\?+)"  # "2013/---", "2013 – ...": still there
# "to:" as in "From: Jan 2015 To: Dec 2017", a form's two labelled fields on one line.
_DASH = (
    r"(?:(?:-|to)[ \t]+till(?=[ \t]+\d)|-|–|—|to[ \t]*:|up[ \t]?to|to|till|until"
    r"|bis|au|à|a|hasta)"
)
# "2009/2013", the closed form of "2013/---": written tight, and not a product's versions
# ("SQL Server 2012/2016", "Office 2010/2013").
_VERSIONED = ("server", "windows", "office", "studio", "sql", "excel", "exchange", "visio", "win")
_YEAR_SLASH_YEAR = (
    "".join(f"(?<!{w} )" for w in _VERSIONED) + rf"(?P<ystart>{_YEAR})/(?P<yend>{_YEAR})"
)
# A dash may stand at the end of a wrapped line or open the next ("Jan 2017\n- Present").
_SEP = rf"(?:[ \t]*\n?[ \t]*{_DASH}[ \t]*\n?[ \t]*|[ \t]*[\t|][ \t]*|[ \t]{{2,}})"
DATE_RANGE = re.compile(
    rf"(?<![\w/.])(?:"
    rf"(?P<start>{_DATE}){_SEP}(?P<end>{_DATE}|{_PRESENT}|(?<=\d-)\d{{2}}(?![\w/-]))"
    rf"|{_YEAR_SLASH_YEAR}"
    rf"|(?P<mstart>{_MONTH_DATE})[ \t]*\n[ \t]*(?P<mend>{_PRESENT}|{_MONTH_DATE})"
    # "January 2017 to\nTill Date": a wrapped line; the written dash or "to" says it goes on.
    rf"|(?P<bstart>{_DATE})[ \t]*{_DASH}[ \t]*\n[ \t]*(?P<bend>{_DATE}|{_PRESENT})"
    # "June - Aug 2018", "Jan to Dec 2015": the start month takes the end's year.
    rf"|(?P<hstart>{_MONTH})[ \t]*{_DASH}[ \t]*(?P<hend>{_MONTH}[ \t]*,?[ \t]*{_YEAR})"
    # "Jan 2015 Nov 2016", "01/2015 11/2016": two month dates one space apart are a range.
    rf"|(?P<nstart>{_MONTH_DATE})[ \t]+(?P<nend>{_MONTH_DATE})"
    rf"|(?P<ostart>{_DATE})[ \t]*[/–—-]?[ \t]*{_OPEN_END}"
    rf"|(?P<wstart>{_DATE})[ \t]+onwards?"  # "June 2015 onwards"
    rf"|(?:since|seit|depuis|desde)[ \t]+(?P<sstart>{_DATE})(?!{_SEP}(?:{_PRESENT}|{_DATE}))"
    rf"|from[ \t]+(?P<fstart>{_DAY}{_MONTH_DATE})(?!{_SEP}(?:{_PRESENT}|{_DATE}))"
    # "practising in Guwahati from 2008.", "working with Acme from 2008 as a lead": a bare
    # year that ends its clause or goes on with the job, never "from 2010 for 3 years".
    rf"|from[ \t]+(?P<ystart1>{_YEAR})(?!{_SEP}(?:{_PRESENT}|{_DATE}))"
    r"(?=[ \t]*(?:[.;,)\n]|$)|[ \t]+(?:as|at|in|with|onwards?|where)\b)"
    rf")(?![\w/])",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?P<m>{_MONTH})\W*(?:{_MONTH_DAY}\W*)?(?P<y>{_YEAR})", re.IGNORECASE)
_MONTH_SHORT_YEAR = re.compile(rf"(?P<m>{_MONTH})[ \t]*['’-][ \t]*(?P<yy>\d{{2}})$", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\d{{1,2}}[/.-](?P<m>\d{{1,2}})[/.-](?P<y>{_YEAR})")
_NUMERIC_MONTH_YEAR = re.compile(rf"(?P<m>\d{{1,2}})[/.-](?P<y>{_YEAR})")
_YEAR_MONTH = re.compile(rf"(?P<y>{_YEAR})[-/.](?P<m>\d{{2}})")
_PRESENT_WORD = re.compile(_PRESENT, re.IGNORECASE)
_OPEN_WORD = re.compile(_OPEN_END)


_SHORT_SPAN = 15  # "2005-19" is still a span of years; "1993-12" is a month


class DateRange(NamedTuple):
    start: str  # ISO "2018-01", or "2018" when only the year is known
    end: str  # as start, or "present"
    text: str  # as written


def _month_number(text: str) -> int | None:
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    folded = unicodedata.normalize("NFKD", text.lower().rstrip("."))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("ae", "a")
    return _MONTHS.get(folded)


def normalize_date(raw: str) -> str:
    """ISO `YYYY-MM` / `YYYY`, or "present"; `raw` unchanged when it is none of those."""
    raw = raw.strip()
    if _PRESENT_WORD.fullmatch(raw) or _OPEN_WORD.fullmatch(raw):
        return "present"
    m = _MONTH_SHORT_YEAR.fullmatch(raw)
    if m and (month := _month_number(m.group("m"))):
        yy = int(m.group("yy"))
        return f"{2000 + yy if yy < 50 else 1900 + yy}-{month:02d}"
    for pattern in (_MONTH_YEAR, _DAY_MONTH_YEAR, _NUMERIC_MONTH_YEAR, _YEAR_MONTH):
        m = pattern.search(raw)
        if m and (month := _month_number(m.group("m"))):
            return f"{m.group('y')}-{month:02d}"
    m = re.search(_YEAR, raw)
    return m.group() if m else raw


def _short_end(start: str, yy: str) -> str | None:
    """ "2017-19": the end year in the start's decade or the next; None when the two digits
    cannot be that ("1998-02" would be a 4-year span written backwards)."""
    year = int(start[:2] + yy)
    return str(year) if 0 < year - int(start[:4]) <= _SHORT_SPAN else None


def range_of(m: re.Match[str]) -> DateRange:
    """The normalized range a `DATE_RANGE` match stands for; open ends are "present"."""
    if m.group("start") is not None:
        start, end = normalize_date(m.group("start")), m.group("end")
        if len(end) == 2 and end.isdigit():
            short = _short_end(start, end)
            return DateRange(start, short or start, m.group())  # at least the start year
        return DateRange(start, normalize_date(end), m.group())
    if m.group("ystart") is not None:
        return DateRange(m.group("ystart"), m.group("yend"), m.group())
    if m.group("bstart") is not None:
        return DateRange(
            normalize_date(m.group("bstart")), normalize_date(m.group("bend")), m.group()
        )
    if m.group("hstart") is not None:
        end = normalize_date(m.group("hend"))
        month = _month_number(m.group("hstart")) or 1
        year = int(end[:4]) - (month > int(end[5:]))  # "Nov - Feb 2019" began in 2018
        return DateRange(f"{year}-{month:02d}", end, m.group())
    if m.group("mstart") is not None:
        return DateRange(
            normalize_date(m.group("mstart")), normalize_date(m.group("mend")), m.group()
        )
    if m.group("nstart") is not None:
        return DateRange(
            normalize_date(m.group("nstart")), normalize_date(m.group("nend")), m.group()
        )
    single = (
        m.group("ostart")
        or m.group("wstart")
        or m.group("sstart")
        or m.group("fstart")
        or m.group("ystart1")
    )
    return DateRange(normalize_date(single), "present", m.group())


def find_date_ranges(text: str) -> list[DateRange]:
    return [range_of(m) for m in DATE_RANGE.finditer(text)]


def _month_index(value: str, today: date, *, is_end: bool) -> int | None:
    """Months since year 0; a bare year counts from January (start) or December (end)."""
    if value == "present":
        return today.year * 12 + today.month - 1
    try:
        if len(value) == 7:
            return int(value[:4]) * 12 + int(value[5:]) - 1
        if len(value) == 4:
            return int(value) * 12 + (11 if is_end else 0)
    except ValueError:
        return None
    return None


def span_months(start: str | None, end: str | None, today: date) -> tuple[int, int] | None:
    """(first month, last month) of a range, or None when either end is unknown, reversed,
    or starts in the future (a typo or a planned job, not experience)."""
    if not start or not end:
        return None
    first = _month_index(start, today, is_end=False)
    last = _month_index(end, today, is_end=True)
    now = today.year * 12 + today.month - 1
    if first is None or last is None or last < first or first > now:
        return None
    return first, min(last, now)


def total_years(spans: list[tuple[int, int]]) -> float:
    """Years covered by the spans, counting overlapping months (concurrent jobs) once."""
    months = 0
    current_end = -1
    for first, last in sorted(spans):
        if last <= current_end:
            continue
        months += last - max(first, current_end + 1) + 1
        current_end = last
    return round(months / 12, 1)
