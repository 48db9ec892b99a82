"""Jobs written as a sentence rather than as a header line.

"Working Experience at ALIA CONSTRUCTION AT NALLASOPARA (WEST) Mumbai since JUNE 2014 to
MAY 2015. As a Civil Engineer", "Currently Working at NOVA ENGINEERING WORKS Since MAY 2018
to TILL DATE as a CIVIL ENGINEER", "Currently working in Infrasoft Technologies, Andheri as a
Java Developer." The sentence names the employer after "working at/in/with/for"; its dates
and its "as a <title>" follow within a short tail. A sentence counts only when it opens a
line, a list item or a sentence, names a capitalised employer that is not a skill ("worked
with Java"), and gives dates or a title with a job word: "worked in a team" or "working with
clients" are not jobs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.candidates.parsing.dates import DATE_RANGE, range_of
from app.candidates.profile import WorkItem
from app.taxonomy import get_taxonomy

# What may open the sentence: a line start, a list number "1)", a bullet, a sentence end or a
# field label ("description - ").
_OPENER = r"(?:^|(?<=[.:;•*·▪▶►➢➤✓✔❖●○◦♦■□◆→)\]])|(?<=\s-)|(?<=\s–))[ \t]*"
# "Currently I am", "At present", "Previous Experience": words a job sentence opens with.
_LEAD = (
    r"(?:(?:previous|past|work|working)[ \t]+experience[ \t:-]*)?"
    r"(?:(?:currently|presently|at[ \t]+present|now)[ \t,]+)?"
    r"(?:i[ \t]+(?:am|was|have[ \t]+been)[ \t]+)?"
    r"(?:working|worked|employed|associated)"
)
_COMPANY = r"(?P<company>[^\n.,;:()\[\]]{2,80}?)"
_COMPANY_END = (
    r"(?=[ \t]*(?:,|\.(?:\s|$)|\(|;|\n|$)"
    r"|[ \t]+(?:at|since|from|as|in|during|till|until|for[ \t]+\d|for[ \t]+the[ \t]+last)\b)"
)
# "Working Experience at ALIA CONSTRUCTION ... since JUNE 2014 ... As a Civil Engineer".
_COMPANY_FIRST = re.compile(
    _OPENER + r"(?P<lead>" + _LEAD + r"(?:[ \t]+experience)?[ \t]+(?P<prep>at|in|with|for)"
    r"[ \t]+)" + _COMPANY + _COMPANY_END,
    re.IGNORECASE | re.MULTILINE,
)
# "Worked as a Software Engineer in Technosoft Corporation, Chennai from Aug 2015 to ...".
_TITLE_FIRST = re.compile(
    _OPENER + r"(?P<lead>" + _LEAD + r"[ \t]+as[ \t]+(?:an?[ \t]+)?)"
    r"(?P<title>[^\n.,;:]{2,60}?)[ \t]+(?P<prep>at|in|with|for)[ \t]+" + _COMPANY + _COMPANY_END,
    re.IGNORECASE | re.MULTILINE,
)
_TITLE = re.compile(
    r"\bas[ \t\n]+(?:an?[ \t\n]+)?(?P<title>[A-Za-z.][A-Za-z .&/-]{1,60}?)"
    r"(?=[ \t]*(?:[.(,;:\n]|$)|[ \t]+(?:since|from|at|in|with|for|till|until|and|having)\b)",
    re.IGNORECASE,
)
_TAIL_CHARS = 170
_DANGLING = re.compile(r"\b(?:as|an?|at|in|to|of|the|and)[ \t]*$", re.IGNORECASE)
_CURRENT = re.compile(r"\b(?:currently|presently|present|now|i[ \t]+am)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProseRole:
    start: int  # where the sentence starts in the text
    end: int  # where its tail (dates, title) ends
    dates_at: int | None  # where its date range starts, when it has one
    item: WorkItem


def _looks_like_employer(company: str, preposition: str) -> bool:
    words = company.split()
    if not words or not words[0][:1].isupper() or len(words) > 8:
        return False
    if preposition.lower() in ("at", "for"):
        return True  # nobody works "at Java": "worked at Oracle" is the employer
    # "worked with Java and Python", "working in Python": tools, not an employer.
    taxonomy = get_taxonomy()
    if taxonomy.canonical_skill(company) is not None:
        return False
    return not any(m.start == 0 for m in taxonomy.find_skills(company))


def _sentences(text: str) -> list[tuple[re.Match[str], str | None]]:
    """Job-sentence matches in reading order, each with its title when it comes first."""
    found = [(m, m.group("title")) for m in _TITLE_FIRST.finditer(text)]
    taken = [m.span() for m, _ in found]
    for m in _COMPANY_FIRST.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m, None))
    return sorted(found, key=lambda pair: pair[0].start())


def find_prose_roles(text: str, tidy_title: Callable[[str], str | None]) -> list[ProseRole]:
    """Every job sentence in `text`, in reading order. `tidy_title` returns a clean title, or
    None for words that are no job title (the history module's rules)."""
    found: list[ProseRole] = []
    sentences = _sentences(text)
    for n, (m, title_first) in enumerate(sentences):
        company = " ".join(m.group("company").split())
        if not _looks_like_employer(company, m.group("prep")):
            continue
        stop = sentences[n + 1][0].start() if n + 1 < len(sentences) else len(text)
        tail_end = min(stop, m.end() + _TAIL_CHARS)
        blank = text.find("\n\n", m.end(), tail_end)
        while blank >= 0 and _DANGLING.search(text, m.end(), blank):
            # "... APRIL 2018 As\n\nA Civil Engineer": a page layout put a blank line in
            # the middle of the sentence; one ending on "as" has not ended.
            blank = text.find("\n\n", blank + 2, tail_end)
        tail_end = blank if blank >= 0 else tail_end
        # A layout may break the sentence anywhere ("since JUNE 2014 to\nMAY 2015"); same
        # length, so offsets stay offsets into `text`.
        tail = text[m.end() : tail_end].replace("\n", " ")
        dates = DATE_RANGE.search(tail)
        dates_at = m.end() + dates.start() if dates else None
        if dates is None:
            # A table row put the dates in the cell before the sentence ("JUNE 2014 to MAY
            # 2015 | Working Experience at ALIA ... since . As a Civil Engineer").
            line_start = text.rfind("\n", 0, m.start()) + 1
            dates = DATE_RANGE.search(text, line_start, m.start())
            dates_at = dates.start() if dates else None
            tail_dates = False
        else:
            tail_dates = True
        titled = None if title_first is not None else _TITLE.search(tail)
        raw_title = (
            title_first if title_first is not None else titled.group("title") if titled else None
        )
        title = tidy_title(raw_title) if raw_title else None
        current = _CURRENT.search(m.group("lead")) is not None
        if title is None and (dates is None or title_first is not None):
            continue  # "worked in a team", "worked at Acme" with nothing to date or name it
        start = end = None
        if dates is not None:
            span = range_of(dates)
            start, end = span.start, span.end
        elif current:
            end = "present"
        last = max(
            m.end() + (dates.end() if dates and tail_dates else 0),
            m.end() + (titled.end() if titled else 0),
        )
        found.append(
            ProseRole(
                start=min(m.start("lead"), dates_at if dates_at is not None else m.start("lead")),
                end=last,
                dates_at=dates_at,
                item=WorkItem(title=title, company=company, start=start, end=end),
            )
        )
    return found


def _key(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


def merge_prose_roles(
    work: list[WorkItem], roles: list[ProseRole], dates_at: dict[int, int] | None = None
) -> list[WorkItem]:
    """`work` with the job sentences merged in.

    `dates_at` maps `id(item)` to where the item's dates were read in the same text. An item
    dated by a job sentence is that sentence's job: the export's "company - Site Encharge"
    above "Currently Working at NOVA ENGINEERING WORKS Since MAY 2018" was a site, not the
    employer. A sentence naming an employer already listed fills in what that job lacks; one
    with the same dates as a listed job is that job; any other is a job of its own.
    """
    dates_at = dates_at or {}
    for role in roles:
        new = role.item
        owner = next(
            (
                w
                for w in work
                if (at := dates_at.get(id(w))) is not None and role.start <= at < role.end
            ),
            None,
        )
        if owner is not None:
            owner.company, owner.title = new.company, new.title or owner.title
            continue
        same = next(
            (
                w
                for w in work
                if (w.company and new.company and _key(w.company) == _key(new.company))
                or (new.start is not None and (w.start, w.end) == (new.start, new.end))
            ),
            None,
        )
        if same is not None:
            same.title = same.title or new.title
            same.start, same.end = same.start or new.start, same.end or new.end
            continue
        work.append(new)
    return work
