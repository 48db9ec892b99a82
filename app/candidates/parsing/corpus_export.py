"""The public corpus' export format: a "<wanted title> \\n\\n<current title - company>" block
just before "Skill Details", then "company - X\\ndescription - ..." blocks, one or more per
employer, with a job's dates, role and title somewhere in the opening of its description.
"""

from __future__ import annotations

import re

from app.candidates.parsing.dates import DATE_RANGE, range_of
from app.candidates.parsing.places import place_of
from app.candidates.parsing.prose_roles import ProseRole, find_prose_roles, merge_prose_roles
from app.candidates.parsing.roles import company_evidence, title_evidence
from app.candidates.parsing.titles import (
    clean_title,
    looks_like_title,
    prose_title,
    title_in_opening,
    title_of_stated_experience,
)
from app.candidates.parsing.vocab import TITLE_WORDS
from app.candidates.profile import WorkItem

# The current-title line may be empty, and a PDF reader may drop the empty line it leaves
# ("DevOps Engineer\n\nSkill Details").
CORPUS_TITLE_BLOCK = re.compile(
    r"^(?P<wanted>[^\n]*\S)[ \t]*\n\n(?:(?P<current>[^\n]*)\n)?(?=Skill Details)", re.MULTILINE
)
COMPANY_LINE = re.compile(r"^company - (?P<company>[^\n]*)\n(?:description - )?", re.MULTILINE)
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


def _same_company(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s.lower()).strip()

    return bool(key(a)) and key(a) == key(b)


def corpus_company_fields(text: str) -> set[str]:
    """Every value of the export's "company - X" lines, a role made of it or not."""
    return {m.group("company").strip() for m in COMPANY_LINE.finditer(text)}


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


# "Client: Department of civil aviation", "Clients        MCCIA, Sapphire Park": whom a
# project was for. The export cuts a pasted resume into blocks at odd places, so a client's
# name can end up in the "company - X" slot.
_CLIENT_LINE = re.compile(
    r"^[ \t•*·-]*(?:end[ \t]+)?(?:clients?|customers?)"
    r"(?:[ \t]*[:\-–][ \t]*|[ \t]{2,})(?P<v>[^\n]+)",
    re.IGNORECASE | re.MULTILINE,
)


def _key(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


def _clients(text: str) -> list[str]:
    return [_key(m.group("v")) for m in _CLIENT_LINE.finditer(text)]


def _is_a_client(company: str, clients: list[str]) -> bool:
    key = _key(company)
    return bool(key) and any(key in client for client in clients)


# "company - Bahadarpur, Tal- Parola Dist": the tail of an address the export cut off.
_ADDRESS = re.compile(r"\b(?:dist|distt|district|taluka|taluk|tal|tehsil|tq)\b|\b\d{6}\b", re.I)


def _title_in_company_slot(company: str) -> str | None:
    """ "company - HR Assistant": a job title written where the employer goes. Only a name
    that ends in a job word ("Civil Engineer", "Sales Executive", not "Sales Department") and
    has no sign of a company or a place."""
    words = re.findall(r"[a-z]+", company.lower())
    if not words or words[-1] not in TITLE_WORDS or company_evidence(company):
        return None
    if title_evidence(company) < 2 or place_of(company) is not None:
        return None
    return clean_title(company)


def corpus_work(text: str) -> list[WorkItem]:
    work: list[WorkItem] = []
    dates_at: dict[int, int] = {}
    blocks = list(COMPANY_LINE.finditer(text))
    clients = _clients(text)
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
        if (
            company
            and first is None
            and (_is_a_client(company, clients) or _ADDRESS.search(company))
        ):
            continue  # a client's name or an address, with nothing dated: not a job
        slot_title = _title_in_company_slot(company) if company else None
        item = WorkItem(
            title=(clean_title(hint.group("title")) if hint else None)
            or title_in_opening(desc)
            or title_of_stated_experience(desc[:_ROLE_HINT_WINDOW])
            or slot_title,
            company=None if slot_title else company or None,
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
