"""Work history, from structured fields or from resume text (years: `years.py`).

Two text shapes are understood:
- the public corpus' export format: a "<wanted title> \\n\\n<current title - company>" block
  just before "Skill Details", then "company - X\\ndescription - ..." blocks;
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

from app.candidates.parsing.dates import (
    DATE_RANGE,
    normalize_date,
    range_of,
)
from app.candidates.parsing.prose_roles import ProseRole, find_prose_roles, merge_prose_roles
from app.candidates.parsing.roles import RoleParts, company_evidence, split_role, title_evidence
from app.candidates.parsing.sections import section_body
from app.candidates.parsing.titles import (
    clean_title,
    looks_like_title,
    prose_title,
    title_in_opening,
    title_of_stated_experience,
)
from app.candidates.profile import Section, WorkItem

# The current-title line may be empty, and a PDF reader may drop the empty line it leaves
# ("DevOps Engineer\n\nSkill Details").
CORPUS_TITLE_BLOCK = re.compile(
    r"^(?P<wanted>[^\n]*\S)[ \t]*\n\n(?:(?P<current>[^\n]*)\n)?(?=Skill Details)", re.MULTILINE
)
_COMPANY_LINE = re.compile(r"^company - (?P<company>[^\n]*)\n(?:description - )?", re.MULTILINE)
_ROLE_HINT = re.compile(
    r"(?:^|[•*\s])(?P<label>role|position|designation|job title|title)"
    r"(?:[ \t]*[:\-–][ \t]*|[ \t]{2,})(?P<title>[^\n]{2,80})",
    re.IGNORECASE,
)
_ROLE_HINT_WINDOW = 600
_EXPERIENCE_IN = re.compile(
    r"^[ \t]*\d{1,2}(?:\.\d)?[ \t]*\+?[ \t]*(?:years?|yrs?)(?:[ \t]+of)?[ \t]+experience"
    r"[ \t]+(?:in|as)[ \t]+(?:an?[ \t]+)?",
    re.IGNORECASE,
)
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


def _same_company(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s.lower()).strip()

    return bool(key(a)) and key(a) == key(b)


def corpus_company_fields(text: str) -> set[str]:
    """Every value of the export's "company - X" lines, a role made of it or not."""
    return {m.group("company").strip() for m in _COMPANY_LINE.finditer(text)}


def _names_another_employer(desc: str, company: str) -> bool:
    """ "Currently working in Infrasoft Technologies ..." under "company - Maxgen": the
    present tense is about Infrasoft, another job (`merge_prose_roles` adds it)."""
    first = desc.split("\n", 1)[0]
    return any(
        r.item.company and not _same_company(r.item.company, company)
        for r in find_prose_roles(first, prose_title)
    )


# "company - No", "company - Tata motors, adani, maruti suzuki,jet airways.": the export's
# field filled with an answer or a list of wished-for employers, not the person's employer.
_NO_EMPLOYER = re.compile(r"^(?:no|none|nil|n/?a|not applicable|-+)?\W*$", re.IGNORECASE)
_MAX_LISTED = 3
# A description that opens in the present tense describes the job the person holds now.
_NOW_WORKING = re.compile(
    r"^(?:i['’]?m|i[ \t]+am|currently|presently)\b[^.\n]{0,40}?\bworking\b", re.IGNORECASE
)


_PROJECT_ABOVE = re.compile(r"\bproject\b[^\n]*(?:\n[^\n]*)?$", re.IGNORECASE)


def _role_hint(desc: str) -> re.Match[str] | None:
    """The first "Role: X" line in a description's opening; a bare "Title:" on the line under
    "Project:" names the project ("Project:\nTitle: A G JOHNSON"), not the job."""
    for m in _ROLE_HINT.finditer(desc, 0, _ROLE_HINT_WINDOW):
        bare = m.group("label").lower() == "title"
        if bare and _PROJECT_ABOVE.search(desc, max(0, m.start() - 120), m.start() + 1):
            continue
        return m
    return None


def _names_an_employer(company: str) -> bool:
    return not _NO_EMPLOYER.match(company) and company.count(",") < _MAX_LISTED


def _corpus_work(text: str) -> list[WorkItem]:
    work: list[WorkItem] = []
    dates_at: dict[int, int] = {}
    blocks = list(_COMPANY_LINE.finditer(text))
    for n, m in enumerate(blocks):
        raw = text[m.end() : blocks[n + 1].start() if n + 1 < len(blocks) else len(text)]
        desc = raw.strip()
        desc_at = m.end() + len(raw) - len(raw.lstrip())
        # Its dates open the description; a range further down is a project, a course or a
        # birth date in a resume pasted whole into the field.
        first = DATE_RANGE.search(desc[:_ROLE_HINT_WINDOW])
        # A role line, when there is one, opens the description.
        hint = _role_hint(desc)
        company = m.group("company").strip()
        if company and not _names_an_employer(company):
            continue
        item = WorkItem(
            title=(clean_title(hint.group("title")) if hint else None)
            or title_in_opening(desc)
            or title_of_stated_experience(desc[:_ROLE_HINT_WINDOW]),
            company=company or None,
            start=range_of(first).start if first else None,
            end=range_of(first).end if first else None,
            description=desc or None,
        )
        if first is not None:
            dates_at[id(item)] = desc_at + first.start()
        elif _NOW_WORKING.match(desc) and not _names_another_employer(desc, company):
            item.end = "present"
        work.append(item)
    block = CORPUS_TITLE_BLOCK.search(text)
    current = (block.group("current") or "").strip() if block else ""
    wanted = block.group("wanted") if block else ""
    if not current and len(work) == 1 and not work[0].title and looks_like_title(wanted):
        # No "title - company" line, one job without a title: the title the resume is headed
        # with ("DevOps Engineer") is the one the person holds there.
        work[0].title = clean_title(wanted)
    if not current:
        work = merge_prose_roles(work, find_prose_roles(text, prose_title), dates_at)
        return _one_per_stint([w for w in work if w.title or w.company])
    title, company = current, None
    if " - " in current:
        left, right = current.rsplit(" - ", 1)
        if any(w.company and _same_company(w.company, right) for w in work) or not work:
            title, company = left, right
    # "2+ Years of experience in MySQL Database Administrator": the line states a length and
    # then the title; a line with no title at all leaves the one the resume is headed with.
    title_clean = clean_title(_EXPERIENCE_IN.sub("", title))
    if title_clean is None and looks_like_title(wanted):
        title_clean = clean_title(wanted)
    # The current-title line describes the most recent job, which the export lists first.
    target = next(
        (w for w in work if company and w.company and _same_company(w.company, company)),
        work[0] if work else None,
    )
    if target is None:
        work.append(WorkItem(title=title_clean, company=company))
    else:
        target.title = title_clean or target.title
    prose = find_prose_roles(text, prose_title)
    if target is not None and company and target.company and _same_company(target.company, company):
        _undate_if_another_job(target, prose, dates_at)
    work = merge_prose_roles(work, prose, dates_at)
    return _one_per_stint([w for w in work if w.title or w.company])


def _undate_if_another_job(item: WorkItem, prose: list[ProseRole], dates: dict[int, int]) -> None:
    """ "Advocate - Gauhati High Court" heads the export and the description speaks of "the
    Gauhati High Court", so that block is an employer (unlike "CIVIL ENGINEER - Site
    Encharge", a site): when the dates in its description are a sentence's about another
    employer ("Working as Executive (Legal) at Hindustan Paper ... since Jan '2012"), they
    are that job's, not this one's, and the sentence becomes a job of its own."""
    at = dates.get(id(item))
    if at is None or item.company is None:
        return
    if item.company.lower() not in (item.description or "").lower():
        return
    for role in prose:
        other = role.item.company
        if role.start <= at < role.end and other and not _same_company(other, item.company):
            item.start = item.end = None
            del dates[id(item)]
            return


def _one_per_stint(work: list[WorkItem]) -> list[WorkItem]:
    """The export repeats "company - Wipro" for each project at one employer: blocks of one
    company merge into its first, unless both are dated differently (two stints)."""
    out: list[WorkItem] = []
    for item in work:
        first = next(
            (
                w
                for w in out
                if w.company
                and item.company
                and _same_company(w.company, item.company)
                and (
                    item.start is None
                    or w.start is None
                    or (w.start, w.end) == (item.start, item.end)
                )
            ),
            None,
        )
        if first is None:
            out.append(item)
            continue
        first.title = first.title or item.title
        if first.start is None and item.start is not None:
            first.start, first.end = item.start, item.end
        first.end = first.end or item.end
        first.description = "\n".join(d for d in (first.description, item.description) if d) or None
    return out


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
        work = merge_prose_roles(work, find_prose_roles(body, prose_title))
    return work
