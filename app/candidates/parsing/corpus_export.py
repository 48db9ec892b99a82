"""The public corpus' export format: a "<wanted title> \\n\\n<current title - company>" block
just before "Skill Details", then "company - X\\ndescription - ..." blocks, one or more per
employer, with a job's dates, role and title somewhere in the opening of its description.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.candidates.parsing.corpus_blocks import (
    clients_of,
    describes_a_company,
    hint_title,
    is_a_client,
    is_a_school_record,
    is_an_address,
    is_an_objective,
    names_an_employer,
    same_company,
    title_in_company_slot,
)
from app.candidates.parsing.dates import DATE_RANGE, range_of
from app.candidates.parsing.prose_roles import ProseRole, find_prose_roles, merge_prose_roles
from app.candidates.parsing.titles import (
    clean_title,
    looks_like_title,
    prose_title,
    title_in_opening,
    title_of_stated_experience,
    title_worked_as,
)
from app.candidates.parsing.vocab import TITLE_WORDS
from app.candidates.profile import WorkItem

# The current-title line may be empty, and a PDF reader may drop the empty line it leaves
# ("DevOps Engineer\n\nSkill Details") or wrap a long one over the next lines.
CORPUS_TITLE_BLOCK = re.compile(
    r"^(?P<wanted>[^\n]*\S)[ \t]*\n\n(?:(?P<current>[^\n]*(?:\n[^\n]+){0,2})\n)?"
    r"(?=Skill Details)",
    re.MULTILINE,
)
# A two-column layout moves "Skill Details" to the sidebar, away from the title block; its
# "title - company" line still names an employer of the blocks.
# A PDF column may wrap either line once.
_MOVED_TITLE_BLOCKS = tuple(
    re.compile(
        rf"^(?P<wanted>[^\n]*\S{wrap})[ \t]*\n\n(?P<current>[^\n]+{wrap})[ \t]*$", re.MULTILINE
    )
    for wrap in ("", r"(?:\n[^\n]*\S)?")
)
# A PDF reader drops the trailing space of an empty "company - " or "description - ".
# A table layout may set the job's dates in a cell before it ("June 2015 to May 2018 |
# company - Acme", the cells of a DOCX row joined by " | ", of a PDF row by a tab).
COMPANY_LINE = re.compile(
    r"^(?:(?P<cell>[^\n|\t]{1,60}?)[ \t]*[|\t][ \t]*)?"
    r"company -(?:[ \t]+(?P<company>[^\n]*)|(?=\n))\n(?:description -[ \t]?)?",
    re.MULTILINE,
)
_ROLE_HINT = re.compile(
    r"(?:^|[•*\s])(?P<label>role|position|designation|job title|job profile|title)"
    r"(?:[ \t]+held)?(?P<sep>[ \t]*[:\-–][ \t]*|[ \t]+)(?P<title>[^\n]{2,80})",
    re.IGNORECASE,
)
_ROLE_HINT_WINDOW = 600
# A narrow column wraps a long "company - X" line: its tail stands alone on the line above
# "description - ".
_WRAPPED_COMPANY = re.compile(r"(?P<tail>[^\n]{1,60})\ndescription -[ \t]?")
_LONE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")
_SLOT_EDGE = " \t-–—|,:;("
_MAX_WRAPPED_WORDS = 3
_EXPERIENCE_IN = re.compile(
    r"^[ \t]*\d{1,2}(?:\.\d)?[ \t]*\+?[ \t]*(?:years?|yrs?)(?:[ \t]+of)?[ \t]+experience"
    r"[ \t]+(?:in|as)[ \t]+(?:an?[ \t]+)?",
    re.IGNORECASE,
)


def corpus_company_fields(text: str) -> set[str]:
    """Every value of the export's "company - X" lines, a role made of it or not."""
    return {(m.group("company") or "").strip() for m in COMPANY_LINE.finditer(text)} - {""}


def _names_another_employer(desc: str, company: str) -> bool:
    """ "Currently working in Infrasoft Technologies ..." under "company - Maxgen": the
    present tense is about Infrasoft, another job (`merge_prose_roles` adds it)."""
    first = desc.split("\n", 1)[0]
    return any(
        r.item.company and not same_company(r.item.company, company)
        for r in find_prose_roles(first, prose_title)
    )


# A description that opens in the present tense describes the job the person holds now.
_NOW_WORKING = re.compile(
    r"^(?:i['’]?m|i[ \t]+am|currently|presently)\b[^.\n]{0,40}?\bworking\b", re.IGNORECASE
)


_PROJECT_ABOVE = re.compile(r"\bproject\b[^\n]*(?:\n[^\n]*)?$", re.IGNORECASE)


class _Slot(NamedTuple):
    company: str
    body_at: int  # where the description starts
    dates: re.Match[str] | None  # a date range written with the company
    dates_at: int


def _company_of(text: str, m: re.Match[str]) -> _Slot:
    """The block's company, where its description starts, and the dates written with the
    company ("company - Acme Softech June 2015 to May 2018", or in the table cell before
    it). A page layout may wrap the company line ("company - Hewlett-Packard India Sales
    PVT. LTD. On the payroll of\nSoftenger India PVT. LTD\ndescription - ..."): the line
    between it and "description -" is the rest of the name."""
    company = (m.group("company") or "").strip()
    body_at = m.end()
    if company and not m.group().rstrip(" \t").endswith("description -"):
        wrap = _WRAPPED_COMPANY.match(text, m.end())
        if wrap is not None and not COMPANY_LINE.match(wrap.group("tail")):
            company, body_at = f"{company} {wrap.group('tail').strip()}", wrap.end()
    for group in ("cell", "company"):
        dates = DATE_RANGE.search(m.group(group) or "")
        if dates is not None:
            if group == "company":
                company = (company[: dates.start()] + " " + company[dates.end() :]).strip()
                company = re.sub(r"\(\s*\)", "", company).strip(_SLOT_EDGE)
            return _Slot(company, body_at, dates, m.start(group) + dates.start())
    return _Slot(company, body_at, None, -1)


def first_dates(desc: str) -> re.Match[str] | None:
    """The first date range in a description's opening. A page layout may break a line
    anywhere, also inside a range ("Duration: June 2015 to\nMay 2018" in a narrow column,
    where "from June 2015 to May\n2018" would read as open-ended): single line breaks read
    as spaces (the same length, so offsets still point into `desc`) make such a range whole
    again, and it wins where it starts first or runs on past the cut one."""
    window = desc[:_ROLE_HINT_WINDOW]
    cut = DATE_RANGE.search(window)
    whole = DATE_RANGE.search(_LONE_BREAK.sub(" ", window))
    if whole is None or cut is None:
        return whole or cut
    if whole.start() < cut.start() or (whole.start() < cut.end() < whole.end()):
        return whole
    return cut


_DESCRIPTION_CELL = re.compile(r"^[ \t|]*(?:description -)?[ \t]*")


def _opening_without_dates(desc: str, first: re.Match[str] | None, in_desc: bool) -> str:
    """The description with the job's dates cut out of its first line, where a title may
    stand before or after them ("Java Developer June 2015 to May 2018", "Jan 2013 to May
    2015 Junior Developer", or a table row's "Jan 2013 to May 2015 | description - Junior
    Developer")."""
    if first is None or not in_desc:
        return desc
    line_end = desc.find("\n")
    if 0 <= line_end < first.start():
        return desc
    rest = desc[: first.start()].rstrip(" \t") + " " + desc[first.end() :].lstrip(" \t")
    return _DESCRIPTION_CELL.sub("", rest.strip())


def _unwrapped_value(desc: str, m: re.Match[str]) -> str:
    """A "Role:" value with no job word whose next line opens with the rest of a title
    ("Role: Senior Database\nAdministrator for the SQL Server estate"): a narrow column
    wrapped the value. The title ends at the first job word of that line."""
    value = m.group("title")
    line_end = m.end("title")
    if looks_like_title(value) or desc[line_end : line_end + 1] != "\n":
        return value
    following = desc[line_end + 1 :].split("\n", 1)[0].split()
    for k, word in enumerate(following[:_MAX_WRAPPED_WORDS], 1):
        if re.sub(r"[^a-z]", "", word.lower()) in TITLE_WORDS:
            return " ".join([value.strip(), *following[:k]])
    return value


def _role_hint(desc: str, company: str) -> str | None:
    """The title of the first "Role: X" line in a description's opening; a bare "Title:" on
    the line under "Project:" names the project ("Project:\nTitle: A G JOHNSON"), not the
    job. A label followed by one space only counts at the start of its line ("Role IT
    Executive", a table row the export flattened)."""
    for m in _ROLE_HINT.finditer(desc, 0, _ROLE_HINT_WINDOW):
        bare = m.group("label").lower() == "title"
        if bare and _PROJECT_ABOVE.search(desc, max(0, m.start() - 120), m.start() + 1):
            continue
        sep = m.group("sep")
        line_start = desc.rfind("\n", 0, m.start("label")) + 1
        if sep in (" ", "\t") and desc[line_start : m.start("label")].strip(" \t•*-"):
            continue
        # "Role: Junior Developer, Jan 2013 to May 2015": the job's dates are no part of it.
        value = DATE_RANGE.sub(" ", _unwrapped_value(desc, m)).strip(_SLOT_EDGE)
        title = hint_title(value, sep, company) if value else None
        if title is not None:
            return title
    return None


_MAX_CURRENT_COMMAS = 2


def _title_block(text: str, companies: list[str]) -> tuple[str, str]:
    """(wanted title, current-title line) of the export's title block; empty where none."""
    block = CORPUS_TITLE_BLOCK.search(text)
    # "...Education Details \n\nSkill Details": in a two-column layout the sidebar's own
    # headings can look like a title block with no current line.
    if block is not None and not block.group("wanted").rstrip().endswith(" Details"):
        return block.group("wanted"), " ".join((block.group("current") or "").split())
    for pattern in _MOVED_TITLE_BLOCKS:
        for m in pattern.finditer(text):
            wanted, current = (" ".join(m.group(g).split()) for g in ("wanted", "current"))
            employer = current.rsplit(" - ", 1)[1] if " - " in current else ""
            if employer and any(same_company(employer, c) for c in companies):
                return wanted, current
    return "", ""


def _not_a_job(company: str, desc: str, clients: list[str], after_a_job: bool) -> bool:
    """An undated block that is not a job: an empty one, a client's name, an address or a
    school with its score in the company slot, a career objective, or (after a job) a
    description of some company ("is a private bank ..."): a client's, or the employer's
    own, which another block already names."""
    if not company and not desc:
        return True  # an empty block
    if company and (
        is_a_client(company, clients) or is_an_address(company) or is_a_school_record(company, desc)
    ):
        return True
    return is_an_objective(desc) or (after_a_job and describes_a_company(desc))


def _one_untitled_employer(work: list[WorkItem]) -> WorkItem | None:
    """The first block, when no block has a title and all name one employer (or none: a
    block with an empty company slot is a job whose employer the export lost)."""
    if not work or any(w.title for w in work):
        return None
    named = [w.company for w in work if w.company]
    if any(not same_company(c, named[0]) for c in named):
        return None
    return next((w for w in work if w.company), work[0])


# The export's own headings; a PDF column may wrap "...monthsCompany Details".
_EXPORT_HEADING = re.compile(r"(?:Education|Skill|Company)\s+Details[ \t]*$", re.MULTILINE)


def _blocks(text: str) -> list[tuple[re.Match[str], int]]:
    """The export's blocks, each with where its description ends, in the order the export
    wrote them. A two-column layout moves part of the experience into the sidebar, which is
    read first: blocks read before the "Company Details" heading came after the main
    column's, so they follow them here (the first block stays the latest job), and a block's
    description stops at the next export heading (a moved block is followed by the main
    column's top, not by its own text)."""
    blocks = list(COMPANY_LINE.finditer(text))
    out: list[tuple[re.Match[str], int]] = []
    for n, m in enumerate(blocks):
        stop = blocks[n + 1].start() if n + 1 < len(blocks) else len(text)
        heading = _EXPORT_HEADING.search(text, m.end(), stop)
        out.append((m, heading.start() if heading else stop))
    company_heading = [h for h in _EXPORT_HEADING.finditer(text) if h.group().startswith("Co")]
    if not company_heading:
        return out
    at = company_heading[-1].start()
    return [b for b in out if b[0].start() > at] + [b for b in out if b[0].start() < at]


def corpus_work(text: str) -> list[WorkItem]:
    work: list[WorkItem] = []
    dates_at: dict[int, int] = {}
    slot_titled: set[int] = set()  # items whose title was written in the company slot
    labelled: set[int] = set()  # items whose title a "Role:" line gives
    clients = clients_of(text)
    for m, stop in _blocks(text):
        slot = _company_of(text, m)
        company, body_at = slot.company, slot.body_at
        raw = text[body_at:stop]
        desc = raw.strip()
        desc_at = body_at + len(raw) - len(raw.lstrip())
        # Its dates are written with the company or open the description; a range further
        # down is a project, a course or a birth date in a resume pasted whole into the field.
        first = slot.dates or first_dates(desc)
        first_at = slot.dates_at if slot.dates else desc_at + first.start() if first else -1
        if company and not names_an_employer(company):
            continue
        if first is None and _not_a_job(company, desc, clients, bool(work)):
            continue
        slot_title = title_in_company_slot(company) if company else None
        hinted = _role_hint(desc, company)
        item = WorkItem(
            title=hinted
            or title_in_opening(_opening_without_dates(desc, first, slot.dates is None))
            or title_of_stated_experience(desc[:_ROLE_HINT_WINDOW])
            or title_worked_as(desc)
            # "Worked as a Software\nEngineer in ...": a layout broke the sentence.
            or title_worked_as(_LONE_BREAK.sub(" ", desc))
            or slot_title,
            company=None if slot_title else company or None,
            start=range_of(first).start if first else None,
            end=range_of(first).end if first else None,
            description=desc or None,
        )
        if slot_title is not None and item.title == slot_title:
            slot_titled.add(id(item))
        if hinted is not None:
            labelled.add(id(item))
        if first is not None:
            dates_at[id(item)] = first_at
        elif _NOW_WORKING.match(desc) and not _names_another_employer(desc, company):
            item.end = "present"
        work.append(item)
    wanted, current = _title_block(text, [w.company for w in work if w.company])
    if current.count(",") >= _MAX_CURRENT_COMMAS:
        current = ""  # "hadoop,hive,sqoop,...": a list of skills, not the current title
    untitled = _one_untitled_employer(work)
    if not current and untitled is not None and looks_like_title(wanted):
        # No "title - company" line, one employer and no title: the title the resume is
        # headed with ("DevOps Engineer") is the one the person holds there.
        untitled.title = clean_title(wanted)
    if not current:
        work = merge_prose_roles(work, find_prose_roles(text, prose_title), dates_at)
        return _one_per_stint([w for w in work if w.title or w.company], labelled)
    title: str = current
    employer: str | None = None
    if " - " in current:
        left, right = current.rsplit(" - ", 1)
        if any(w.company and same_company(w.company, right) for w in work) or not work:
            title, employer = left, right
    # "2+ Years of experience in MySQL Database Administrator": the line states a length and
    # then the title; a line with no title at all leaves the one the resume is headed with.
    title_clean = clean_title(_EXPERIENCE_IN.sub("", title))
    if title_clean is None and looks_like_title(wanted):
        title_clean = clean_title(wanted)
    # The current-title line describes the most recent job, which the export lists first.
    target = next(
        (w for w in work if employer and w.company and same_company(w.company, employer)),
        work[0] if work else None,
    )
    if target is None:
        work.append(WorkItem(title=title_clean, company=employer))
    elif id(target) not in slot_titled or employer:
        target.title = title_clean or target.title
    prose = find_prose_roles(text, prose_title)
    if (
        target is not None
        and employer
        and target.company
        and same_company(target.company, employer)
    ):
        _undate_if_another_job(target, prose, dates_at)
    work = merge_prose_roles(work, prose, dates_at)
    return _one_per_stint([w for w in work if w.title or w.company], labelled)


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
        if role.start <= at < role.end and other and not same_company(other, item.company):
            item.start = item.end = None
            del dates[id(item)]
            return


def _one_per_stint(work: list[WorkItem], labelled: set[int]) -> list[WorkItem]:
    """The export repeats "company - Wipro" for each project at one employer: a block of the
    company just above merges into it, unless the two are dated differently or titled
    differently by their "Role:" lines (two stints, or two roles there). The same employer
    again after another one is a later stint ("Capita, Saviant, Infosys, Capita")."""
    out: list[WorkItem] = []
    for item in work:
        above = next((w for w in reversed(out) if w.company), None)
        if not (
            above is not None
            and above.company
            and item.company
            and same_company(above.company, item.company)
            and (
                item.start is None
                or above.start is None
                or (above.start, above.end) == (item.start, item.end)
            )
            and not ({id(above), id(item)} <= labelled and _titled_apart(above.title, item.title))
        ):
            out.append(item)
            continue
        above.title = above.title or item.title
        if above.start is None and item.start is not None:
            above.start, above.end = item.start, item.end
        above.end = above.end or item.end
        above.description = "\n".join(d for d in (above.description, item.description) if d) or None
    return out


def _titled_apart(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = (" ".join(re.findall(r"[a-z0-9]+", t.lower())) for t in (a, b))
    return ka not in kb and kb not in ka
