"""Education items from structured fields, or from the lines of a resume's education sections."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.candidates.parsing.history import CORPUS_TITLE_BLOCK
from app.candidates.parsing.sections import section_body
from app.candidates.parsing.vocab import REGION_WORDS
from app.candidates.profile import EducationItem, Section

MAX_ITEMS = 12
_MAX_LINE = 300

# Two-letter abbreviations (BE, MA, BS...) only in capitals, where they cannot be English
# words; longer ones and spelled-out degrees in any case ("Bcom", "Mba", "bachelor of arts").
_DEGREE_FIELD = (
    r"(?:[ ]+(?:of|in)[ ]+(?:business administration|computer (?:applications?|science)"
    r"|fine arts|[A-Za-z]+))?"
)
_DEGREE = re.compile(
    r"(?<![\w.])(?:"
    r"(?:B|M)\.?[ ]?(?:E|A|S)\b\.?"
    r"|(?i:ph\.?[ ]?d|doctorate|mbbs|m\.?[ ]?b\.?[ ]?a|pgd(?:m|ba)|post[ -]?graduate diploma"
    r"|[bm]\.?[ ]?(?:tech|sc|com|pharm)\b|[bm]\.[ ]?(?:arch|ed|des)\b"
    r"|b\.?[ ]?a\.?[ ]?ll\.?[ ]?b|ll\.?[ ]?[bm]|bca|mca|bba|bsc|msc|bcom|mcom"
    rf"|bachelor(?:['’]?s)?{_DEGREE_FIELD}|master(?:['’]?s)?{_DEGREE_FIELD}"
    r"|associate(?:['’]?s)?[ ]+degree|diploma|h\.?[ ]?s\.?[ ]?c|s\.?[ ]?s\.?[ ]?c"
    r"|higher[ ]+secondary|senior[ ]+secondary|secondary|high[ ]+school|intermediate"
    r"|10th|12th|ssc|hsc|sslc|pgp|b-tech)"
    r"|[BM]\.[A-Z](?:\.[A-Z]){1,2}"  # B.C.A, M.F.A, B.M.M
    r"|XII"
    r")\.?(?![\w])"
)
_INSTITUTION = re.compile(
    r"(?:[A-Z][\w.&'’-]*[ ]+(?:(?:of|and|for|&)[ ]+)?){0,6}"
    r"(?i:university|college|institute|school|academy|polytechnic|vidyalaya|mahavidyalaya)"
    r"(?:[ ]+of[ ]+[A-Z][\w.&'’-]*(?:[ ]+[A-Z][\w.&'’-]*){0,4})?"
)
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def education_from_fields(items: object) -> list[EducationItem]:
    """`education: [{degree, institution, year}]` (or plain strings), tolerating stray types."""
    if not isinstance(items, list):
        return []
    result: list[EducationItem] = []
    for item in items[:MAX_ITEMS]:
        if isinstance(item, str) and item.strip():
            result.append(education_from_line(item.strip()))
        elif isinstance(item, dict):
            degree = _as_text(item.get("degree"))
            institution = _as_text(item.get("institution"))
            year = _as_text(item.get("year"))
            text = ", ".join(p for p in (degree, institution, year) if p)
            if text:
                result.append(
                    EducationItem(degree=degree, institution=institution, year=year, text=text)
                )
    return result


def _institution(line: str) -> str | None:
    # The institution closes the line; searching only after the last comma keeps the city
    # and the field of study out of it.
    m = _INSTITUTION.search(line.rsplit(",", 1)[-1]) or _INSTITUTION.search(line)
    if m is None:
        return None
    degree = _DEGREE.match(m.group())
    if degree is not None:  # "B.Tech Manipal Institute": the degree is not part of the name
        m = _INSTITUTION.search(m.group(), degree.end())
    if m is None:
        return None
    words = m.group().split()
    while len(words) > 1 and words[0].lower().strip(".,") in REGION_WORDS:
        words.pop(0)
    return " ".join(words)


def education_from_line(line: str) -> EducationItem:
    degree = _DEGREE.search(line)
    institution = _institution(line)
    years = _YEAR.findall(line)
    return EducationItem(
        degree=" ".join(degree.group().split()) if degree else None,
        institution=institution,
        year=years[-1] if years else None,  # the last year is when it was (or will be) done
        text=line,
    )


# A dated entry: the corpus' "June 2014 to June 2017 Bcom Computer Hyderabad, ... Osmania".
_DATED_START = re.compile(r"^(?:[A-Z][a-z]{2,8}\.?[ ]+)?(?:19[5-9]\d|20[0-4]\d)\b")


def _stray_entry(line: str, item: EducationItem) -> bool:
    """An education line outside an education section (a two-column layout reads its sidebar
    first, the heading left behind): only with a degree, a year, and a date opening the line
    or an institution closing it; a job line rarely has a degree word and a school."""
    if item.degree is None or item.year is None:
        return False
    return _DATED_START.match(line) is not None or item.institution is not None


def education_from_sections(sections: Iterable[Section]) -> list[EducationItem]:
    sections = list(sections)
    items: list[EducationItem] = []
    for section in sections:
        if section.kind == "summary" and not section.heading:
            items += _stray_entries(section)
        if section.kind != "education":
            continue
        body = section_body(section)
        # The corpus export puts the wanted/current title right after the education lines.
        block = CORPUS_TITLE_BLOCK.search(body)
        if block:
            body = body[: block.start()]
        for raw in body.split("\n"):
            line = " ".join(raw.split()).strip(" :-•*")
            if not 2 <= len(line) <= _MAX_LINE:
                continue  # an education entry is one short line; a long one is prose
            item = education_from_line(line)
            if item.degree or item.institution:
                items.append(item)
            if len(items) >= MAX_ITEMS:
                return items
    return items


def _stray_entries(section: Section) -> list[EducationItem]:
    out = []
    for raw in section.text.split("\n"):
        line = " ".join(raw.split()).strip(" :-•*")
        if 2 <= len(line) <= _MAX_LINE:
            item = education_from_line(line)
            if _stray_entry(line, item):
                out.append(item)
    return out
