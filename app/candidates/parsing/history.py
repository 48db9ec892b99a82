"""Work history and years of experience, from structured fields or from resume text.

Two text shapes are understood:
- the public corpus' export format: a "<wanted title> \\n\\n<current title - company>" block
  just before "Skill Details", then "company - X\\ndescription - ..." blocks;
- ordinary resumes: a line in an experience section with a date range on it
  ("Data Engineer at Acme (Jan 2018 - Present)", "Acme | Analyst | 2016 - 2018").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from app.candidates.parsing.dates import (
    DATE_RANGE,
    find_date_ranges,
    normalize_date,
    span_months,
    total_years,
)
from app.candidates.parsing.sections import section_body
from app.candidates.parsing.vocab import TITLE_WORDS
from app.candidates.profile import Section, WorkItem

MAX_YEARS = 50.0

CORPUS_TITLE_BLOCK = re.compile(
    r"^(?P<wanted>[^\n]*\S)[ \t]*\n\n(?P<current>[^\n]*)\n(?=Skill Details)", re.MULTILINE
)
_COMPANY_LINE = re.compile(r"^company - (?P<company>[^\n]*)\n(?:description - )?", re.MULTILINE)
_ROLE_HINT = re.compile(
    r"(?:^|[•*\s])(?:role|position|designation|job title|title)"
    r"(?:[ \t]*[:\-–][ \t]*|[ \t]{2,})(?P<title>[^\n]{2,80})",
    re.IGNORECASE,
)
_ROLE_HINT_WINDOW = 600
_MAX_TITLE_CHARS = 80
_MAX_TITLE_WORDS = 10
_MAX_HEADER_WORDS = 12  # a job's header line is "Title, Company, dates", not a sentence
_SEPARATORS = ("|", "–", "—", ",", "(", ")", "-", "•")
_SPLIT_AT = re.compile(r"[ \t]+(?:at|@)[ \t]+", re.IGNORECASE)
_SPLIT_PARTS = re.compile(r"[ \t]*[|–—][ \t]*|[ \t]+-[ \t]+|,[ \t]+")
_EDGE_JUNK = " \t-–—|,:;()[]•*"
_TITLE_EDGE = " \t-–—|,:;.[]•*"
_YEARS_STATEMENT = re.compile(
    r"(?P<a>\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)['’]?(?:[ \t]+of)?"
    r"(?:[ \t]+[\w-]+){0,4}?[ \t]+experience"
    r"|experience[ \t]+(?:of[ \t]+)?(?:(?:over|more than|around|about|nearly|almost)[ \t]+)?"
    r"(?P<b>\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_SKILL_MONTHS = re.compile(r"- Experience - (\d{1,3}) months?")


def clean_title(raw: str | None) -> str | None:
    """The title tidied, or None when it is prose rather than a title."""
    if raw is None:
        return None
    title = " ".join(raw.split()).strip(_TITLE_EDGE)
    title = title.lstrip(")").rstrip("(").strip(_TITLE_EDGE)
    if title.count("(") > title.count(")"):
        title += ")"  # "Design Engineer (Mechanical" lost its ")" to a line break
    if len(title) > _MAX_TITLE_CHARS or len(title.split()) > _MAX_TITLE_WORDS:
        return None
    return title or None


def looks_like_title(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return 0 < len(words) <= 8 and any(w in TITLE_WORDS for w in words)


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def work_from_fields(items: object) -> list[WorkItem]:
    """`experience: [{title, company, start, end, description}]`, tolerating stray types."""
    if not isinstance(items, list):
        return []
    work: list[WorkItem] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        start, end = _as_text(item.get("start")), _as_text(item.get("end"))
        work.append(
            WorkItem(
                title=clean_title(_as_text(item.get("title"))),
                company=_as_text(item.get("company")),
                start=normalize_date(start) if start else None,
                end=normalize_date(end) if end else None,
                description=_as_text(item.get("description")),
            )
        )
    return [w for w in work if w.title or w.company]


def _same_company(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s.lower()).strip()

    return bool(key(a)) and key(a) == key(b)


def _corpus_work(text: str) -> list[WorkItem]:
    work: list[WorkItem] = []
    blocks = list(_COMPANY_LINE.finditer(text))
    for n, m in enumerate(blocks):
        desc = text[m.end() : blocks[n + 1].start() if n + 1 < len(blocks) else len(text)]
        desc = desc.strip()
        ranges = find_date_ranges(desc)
        # A role line, when there is one, opens the description.
        hint = _ROLE_HINT.search(desc, 0, _ROLE_HINT_WINDOW)
        work.append(
            WorkItem(
                title=clean_title(hint.group("title")) if hint else None,
                company=m.group("company").strip() or None,
                start=ranges[0].start if ranges else None,
                end=ranges[0].end if ranges else None,
                description=desc or None,
            )
        )
    block = CORPUS_TITLE_BLOCK.search(text)
    current = block.group("current").strip() if block else ""
    if not current:
        return [w for w in work if w.title or w.company]
    title, company = current, None
    if " - " in current:
        left, right = current.rsplit(" - ", 1)
        if any(w.company and _same_company(w.company, right) for w in work) or not work:
            title, company = left, right
    title_clean = clean_title(title)
    # The current-title line describes the most recent job, which the export lists first.
    target = next(
        (w for w in work if company and w.company and _same_company(w.company, company)),
        work[0] if work else None,
    )
    if target is None:
        work.append(WorkItem(title=title_clean, company=company))
    else:
        target.title = title_clean
    return [w for w in work if w.title or w.company]


def _split_title_company(line: str) -> tuple[str | None, str | None]:
    parts = _SPLIT_AT.split(line, maxsplit=1)
    if len(parts) < 2:
        parts = [p for p in _SPLIT_PARTS.split(line) if p.strip(_EDGE_JUNK)]
    if not parts:
        return None, None
    if len(parts) == 1:
        return clean_title(parts[0]), None
    first, second = parts[0], parts[1]
    if not looks_like_title(first) and looks_like_title(second):
        first, second = second, first  # "Acme Corp | Data Analyst"
    return clean_title(first), clean_title(second)


def _is_job_header(line: str, m: re.Match[str]) -> bool:
    """A job's header line: short, with its dates at one end or set off by separators
    ("Acme | 2016 - 2018 | Analyst"); not a sentence that mentions years."""
    before, after = line[: m.start()].strip(), line[m.end() :].strip()
    if len((before + " " + after).split()) > _MAX_HEADER_WORDS:
        return False
    if not before.strip(_EDGE_JUNK) or not after.strip(_EDGE_JUNK):
        return True
    return before.endswith(_SEPARATORS) and after.startswith(_SEPARATORS)


def _dated_lines_work(section_text: str) -> list[WorkItem]:
    lines = section_text.split("\n")
    dated: list[tuple[int, re.Match[str]]] = []
    for i, line in enumerate(lines):
        m = DATE_RANGE.search(line)
        if m is not None:
            dated.append((i, m))
    # Where each job's lines begin: its dated line, or the line above when the dated line
    # holds nothing but the dates ("Data Analyst, Acme\nJan 2018 - Present").
    heads: list[tuple[int, int, str, re.Match[str]]] = []  # (head line, dated line, ...)
    floor = 0
    for i, m in dated:
        line = lines[i]
        if not _is_job_header(line, m):
            continue
        rest = re.sub(r"\(\s*\)", "", line[: m.start()] + " " + line[m.end() :])
        rest = rest.strip(_EDGE_JUNK)
        head_at = i
        if len(rest) < 3:
            above = next((j for j in range(i - 1, floor - 1, -1) if lines[j].strip()), None)
            if above is not None:
                head_at, rest = above, lines[above].strip(_EDGE_JUNK)
        heads.append((head_at, i, rest, m))
        floor = i + 1
    work: list[WorkItem] = []
    for n, (head_at, dated_at, rest, m) in enumerate(heads):
        body_start = max(head_at, dated_at) + 1
        body_end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        title, company = _split_title_company(rest)
        description = "\n".join(lines[body_start:body_end]).strip()
        work.append(
            WorkItem(
                title=title,
                company=company,
                start=normalize_date(m.group("start")),
                end=normalize_date(m.group("end")),
                description=description or None,
            )
        )
    return [w for w in work if w.title or w.company]


def work_from_text(text: str, sections: Iterable[Section]) -> list[WorkItem]:
    if _COMPANY_LINE.search(text):
        return _corpus_work(text)
    sections = list(sections)
    chosen = [s for s in sections if s.kind == "experience"] or [
        s for s in sections if s.kind in ("summary", "other")
    ]
    work: list[WorkItem] = []
    for section in chosen:
        body = section_body(section)
        work.extend(_dated_lines_work(body))
    return work


def _as_years(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        years = float(value)
    elif isinstance(value, str):
        try:
            years = float(value.strip().rstrip("+"))
        except ValueError:
            return None
    else:
        return None
    return min(years, MAX_YEARS) if years >= 0 else None


def years_of_experience(
    field_value: object, text: str, work: list[WorkItem], today: date
) -> float | None:
    """Fields first, then the largest "N years of experience" claim, then the months the
    dated jobs cover, then (public corpus) the longest "Skill - Experience - N months"."""
    from_fields = _as_years(field_value)
    if from_fields is not None:
        return from_fields
    claims = [float(m.group("a") or m.group("b")) for m in _YEARS_STATEMENT.finditer(text)]
    if claims:
        return min(max(claims), MAX_YEARS)
    spans = [s for w in work if (s := span_months(w.start, w.end, today)) is not None]
    if spans:
        return min(total_years(spans), MAX_YEARS)
    months = [int(m.group(1)) for m in _SKILL_MONTHS.finditer(text)]
    if months:
        return min(round(max(months) / 12, 1), MAX_YEARS)
    return None
