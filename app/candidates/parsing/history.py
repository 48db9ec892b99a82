"""Work history, from structured fields or from resume text (years: `years.py`).

Two text shapes are understood:
- the public corpus' export format (`corpus_export.py`);
- ordinary resumes: jobs in an experience section, each headed by a date range and up to
  three short lines naming title, employer and place, in whatever order and layout the
  writer chose: "Data Engineer at Acme (Jan 2018 - Present)", "Acme | Analyst | 2016 - 2018",
  "Luxoft, Kyiv, Android Developer 2013/---", "4/2016  5/2022\\nTitle\\nCompany" (dates
  first) or "Company (Country)\\nCity\\nTitle\\nJan 2019 - Now" (dates last). Which part
  is which is decided by evidence in `roles.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.candidates.parsing.corpus_export import (
    COMPANY_LINE,
    CORPUS_TITLE_BLOCK,
    corpus_company_fields,
    corpus_work,
)
from app.candidates.parsing.dates import (
    DATE_RANGE,
    normalize_date,
    range_of,
)
from app.candidates.parsing.prose_roles import find_prose_roles, merge_prose_roles
from app.candidates.parsing.roles import RoleParts, company_evidence, split_role, title_evidence
from app.candidates.parsing.sections import section_body
from app.candidates.parsing.titles import clean_title, prose_title
from app.candidates.profile import Section, WorkItem

# Re-exported: the extractor and the education reader take these from here.
__all__ = ["CORPUS_TITLE_BLOCK", "corpus_company_fields", "work_from_fields", "work_from_text"]

_MAX_HEADER_WORDS = 12  # a job's header line is "Title, Company, dates", not a sentence
_SEPARATORS = ("|", "–", "—", ",", "(", ")", "-", "•")
_EDGE_JUNK = " \t-–—|,:;()[]•*"


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


_BULLET_START = re.compile(r"^[ \t]*[•*·▪●○◦♦■□◆→►➢✓✔❖-]")
# Sub-blocks of one job: their lines describe the job above, they never start a new one.
SUB_BLOCK_LABEL = re.compile(
    r"^[ \t•*-]*(?:technolog(?:y|ies)(?:[ \t]+used)?|tech(?:nology)?[ \t]+stack"
    r"|tools(?:[ \t]+used)?|environment|projects?|project[ \t]+(?:name|title|description)"
    r"|responsibilit(?:y|ies)|key[ \t]+responsibilities|achievements?|tasks|duties"
    r"|description|client|team[ \t]+size|skills[ \t]+used|stack)[ \t]*:",
    re.IGNORECASE,
)
_PROJECT_LINE = re.compile(r"^[ \t•*-]*(?:projects?|client)\b", re.IGNORECASE)
_MAX_HEADER_LINE = 90
_MAX_HEADER_LINE_WORDS = 10
_MAX_HEADER_LINES = 3
_COMPANY_END = re.compile(r"\b(?:inc|ltd|co|corp|pvt|llc|s\.a|b\.v)\.$", re.IGNORECASE)


def _header_like(line: str) -> bool:
    """A short line that could name a title, a company or a place: no bullet, no sentence."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADER_LINE or len(text.split()) > _MAX_HEADER_LINE_WORDS:
        return False
    if _BULLET_START.match(text) or SUB_BLOCK_LABEL.match(text) or DATE_RANGE.search(text):
        return False
    return not (text.endswith((".", ";", ":")) and not _COMPANY_END.search(text))


def _is_job_header(line: str, m: re.Match[str]) -> bool:
    """A job's header line: short, with its dates at one end or set off by separators
    ("Acme | 2016 - 2018 | Analyst"); not a sentence that mentions years."""
    before, after = line[: m.start()].strip(), line[m.end() :].strip()
    if len((before + " " + after).split()) > _MAX_HEADER_WORDS:
        return False
    if _PROJECT_LINE.match(before) or SUB_BLOCK_LABEL.match(before):
        return False  # "Project: Billing (2017 - 2018)" is a project inside the job
    if not before.strip(_EDGE_JUNK) or not after.strip(_EDGE_JUNK):
        return True
    return (before.endswith(_SEPARATORS) and after.startswith(_SEPARATORS)) or "\t" in line


def _contiguous(lines: list[str], start: int, stop: int, step: int) -> list[int]:
    """Indexes of header-like lines from `start` towards `stop` (exclusive), up to the first
    line that is not one."""
    found: list[int] = []
    for j in range(start, stop, step):
        if not _header_like(lines[j]) or len(found) == _MAX_HEADER_LINES:
            break
        found.append(j)
    return found


class _Job:
    def __init__(self, dated_at: int, m: re.Match[str], header: list[int], rest: str):
        self.dated_at = dated_at
        self.match = m
        self.header = header  # indexes of the header lines other than the dated one
        self.rest = rest  # the dated line without its dates

    @property
    def first(self) -> int:
        return min([self.dated_at, *self.header])

    @property
    def last(self) -> int:
        return max([self.dated_at, *self.header])


def _rest_of(line: str, m: re.Match[str]) -> str:
    rest = re.sub(r"\(\s*\)", "", line[: m.start()] + "\t" + line[m.end() :])
    return rest.strip(_EDGE_JUNK + "\t")


def _completes(parts: RoleParts, line: str) -> bool:
    """Whether a neighbouring line supplies what the dated line lacks: a title with a job
    word, or an employer (legal form, or a short capitalised name), or a place; not the
    first line of the description ("Built the app in Kotlin")."""
    if parts.title is None and title_evidence(line):
        return True
    if parts.company is not None:
        return False
    other = split_role([line])
    if other.title is not None and parts.title is not None and other.company is None:
        return False
    words = line.split()
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    return bool(other.places) or company_evidence(line) > 0 or (len(words) <= 4 and capitalised)


def _names_a_job(label_line: str, m: re.Match[str]) -> bool:
    """A dated line under a one-line "Projects: a; b" that names a title and an employer of
    its own ("Itaú | Software Engineer | 2014 - 2020") is the next job; under a bare
    "Projects:" label, or naming less, it is one of the projects."""
    if not label_line.split(":", 1)[-1].strip():
        return False
    parts = split_role([_rest_of(m.string, m)])
    return parts.company is not None and title_evidence(parts.title or "") > 0


def _find_jobs(lines: list[str]) -> list[_Job]:
    dated: list[tuple[int, re.Match[str]]] = []
    after_project_label = -10
    skip_to = -1
    for i, line in enumerate(lines):
        if i <= skip_to:
            continue
        if _PROJECT_LINE.match(line) and SUB_BLOCK_LABEL.match(line):
            after_project_label = i
        elif not line.strip():
            after_project_label = -10  # a blank line ends the "Projects:" sub-block
        m = DATE_RANGE.search(line)
        if m is None and i + 1 < len(lines):
            # Two table cells, one date each ("4/2016\n5/2022"): the range spans the break
            # and belongs to the line it starts on.
            m = DATE_RANGE.fullmatch(line.strip() + "\n" + lines[i + 1].strip())
            line = line.strip() + "\n" + lines[i + 1].strip()
            skip_to = i + 1 if m else skip_to
        if m is None or not _is_job_header(line, m):
            continue
        if i - after_project_label <= 2 and not _names_a_job(lines[after_project_label], m):
            continue
        dated.append((i, m))
    # Whether the header sits above the dates-only lines or below them is one choice per
    # document ("Title\nCompany\n2016 - 2018" or "2016 - 2018\nTitle\nCompany"), read
    # off its first job: a document does not change layout half way down.
    below: bool | None = None
    jobs: list[_Job] = []
    floor = 0
    for n, (i, m) in enumerate(dated):
        rest = _rest_of(m.string, m)
        span_end = i + m.group().count("\n")
        ceiling = dated[n + 1][0] if n + 1 < len(dated) else len(lines)
        above = _contiguous(lines, i - 1, floor - 1, -1)
        under = _contiguous(lines, span_end + 1, ceiling, 1)
        if below is None:
            below = not above and bool(under) if len(rest) < 3 else False
        if len(rest) >= 3:
            # The dated line names the job; one more line may complete it when it lacks a
            # title or an employer ("Android Developer  2016 - 2018\nAcme GmbH, Berlin").
            parts = split_role([rest])
            extra = under[:1] if below or not above else above[:1]
            header = extra if extra and _completes(parts, lines[extra[0]]) else []
        else:
            header = under if below else above
        jobs.append(_Job(i, m, header, rest))
        floor = max([span_end, *header]) + 1
    return jobs


def _dated_lines_work(section_text: str) -> list[WorkItem]:
    lines = section_text.split("\n")
    jobs = _find_jobs(lines)
    work: list[WorkItem] = []
    for n, job in enumerate(jobs):
        order = sorted({job.dated_at, *job.header})
        header_lines = [job.rest if j == job.dated_at else lines[j] for j in order]
        parts = split_role([h for h in header_lines if h])
        span_end = job.dated_at + job.match.group().count("\n")
        body_start = max(job.last, span_end) + 1
        body_end = jobs[n + 1].first if n + 1 < len(jobs) else len(lines)
        description = "\n".join(lines[body_start:body_end]).strip()
        dates = range_of(job.match)
        work.append(
            WorkItem(
                title=clean_title(parts.title),
                company=clean_title(parts.company),
                location=parts.location,
                start=dates.start,
                end=dates.end,
                description=description or None,
            )
        )
    return [w for w in work if w.title or w.company]


def work_from_text(text: str, sections: Iterable[Section]) -> list[WorkItem]:
    if COMPANY_LINE.search(text):
        return corpus_work(text)
    sections = list(sections)
    chosen = [s for s in sections if s.kind == "experience"] or [
        s for s in sections if s.kind in ("summary", "other")
    ]
    work: list[WorkItem] = []
    for section in chosen:
        body = section_body(section)
        work.extend(_dated_lines_work(body))
        work = merge_prose_roles(work, find_prose_roles(body, prose_title))
    return work
