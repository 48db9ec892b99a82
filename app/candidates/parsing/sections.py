"""Split resume text into sections by its headings.

Sections tile the text: every character belongs to exactly one section and each section's
`text` is `raw_text[start:end]`, so evidence quoted from a section can always be located.
A heading is recognised when it is
- a whole line ("Work Experience:", "## Skills", "EDUCATION");
- at the start of a line with its content run on after a colon, bullet or wide gap
  ("Skills * Python, ...", "TECHNICAL QUALIFICATIONS: • Windows"), or in capitals
  ("SKILLS C Basics, IOT");
- at the very start of the text in title case ("Technical Skills Programming Languages: C");
- one of the public corpus' own headings glued to the previous text at a line end
  ("...Deep learning.Education Details \\n").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.candidates.parsing.dates import DATE_RANGE
from app.candidates.profile import Section


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split("|"))


_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": _phrases(
        "summary | professional summary | career summary | executive summary | "
        "summary of qualifications | profile | professional profile | career profile | "
        "personal profile | profile summary | objective | career objective | "
        "professional objective | about me | about | overview | personal statement"
    ),
    "experience": _phrases(
        "experience | work experience | professional experience | employment | "
        "employment history | work history | career history | relevant experience | "
        "experience details | company details | professional background | internships | "
        "internship | work details | job experience"
    ),
    "education": _phrases(
        "education | education details | educational qualifications | "
        "educational qualification | academic qualifications | academic qualification | "
        "academic background | educational background | academic details | "
        "academic profile | academics | education and training | qualifications"
    ),
    "skills": _phrases(
        "skills | technical skills | skill details | key skills | core skills | skill set | "
        "skillset | skills summary | it skills | computer skills | computer knowledge | "
        "technical qualifications | technical expertise | technical proficiency | "
        "core competencies | key competencies | competencies | areas of expertise | "
        "expertise | technologies | software skills | soft skills | "
        "tools and technologies | tools & technologies"
    ),
    "projects": _phrases(
        "projects | project details | academic projects | key projects | "
        "personal projects | project experience | projects undertaken | major projects"
    ),
    "certifications": _phrases(
        "certifications | certification | certificates | licenses and certifications | "
        "licenses & certifications | courses and certifications | "
        "professional certifications | trainings and certifications | courses | trainings"
    ),
    "other": _phrases(
        "awards | honors and awards | achievements | accomplishments | publications | "
        "languages | languages known | interests | hobbies | hobbies and interests | "
        "personal details | personal information | personal profile details | references | "
        "volunteer experience | volunteering | extracurricular activities | "
        "extra curricular activities | strengths | declaration | activities"
    ),
}
_KIND_OF: dict[str, str] = {
    phrase: kind for kind, phrases in _HEADINGS.items() for phrase in phrases
}
HEADING_PHRASES = frozenset(_KIND_OF)  # lower case
HEADING_WORDS = frozenset(w for phrase in _KIND_OF for w in phrase.split() if len(w) > 3)
# Longest first, so "Work Experience" wins over "Experience".
_PHRASES = "|".join(
    re.escape(p).replace(r"\ ", r"[ \t]+") for p in sorted(_KIND_OF, key=len, reverse=True)
)
_MARKUP = r"[ \t#*=_>]*"  # Markdown `## `, `**bold**`, `> `, underlines
_BULLETS = "*•·▪▶►➢➤✓✔❖●○◦♦■□◆→"

_LINE_START = re.compile(
    rf"^{_MARKUP}(?P<h>{_PHRASES})\b(?P<rest>[^\n]*)", re.IGNORECASE | re.MULTILINE
)
_ONLY_HEADING = re.compile(rf"[ \t]*[:\-–—]?{_MARKUP}")
# Content run on after the heading: a colon or bullet, a spaced dash, or a wide gap.
_RUN_ON = re.compile(rf"[ \t]*[:{re.escape(_BULLETS)}]|[ \t]*[-–—][ \t]|[ \t]{{2,}}\S")
_CAPITALS_RUN_ON = re.compile(r"[ \t]+\S")
_TITLE_RUN_ON = re.compile(r"[ \t]+[A-Z]")
_CORPUS_GLUED = re.compile(
    r"(?P<h>Education Details|Skill Details|Company Details)(?=[ \t]*$)", re.MULTILINE
)


class _Heading(NamedTuple):
    start: int  # where the section begins (the heading line, markup included)
    end: int  # end of the heading phrase
    heading: str
    kind: str


def _kind(phrase: str) -> str:
    return _KIND_OF[" ".join(phrase.lower().split())]


def _is_heading_line(m: re.Match[str]) -> bool:
    phrase, rest = m.group("h"), m.group("rest")
    if _ONLY_HEADING.fullmatch(rest) or _RUN_ON.match(rest):
        return True
    if phrase.isupper() and _CAPITALS_RUN_ON.match(rest):
        return True
    # A title-case heading with its content run on is only trusted at the very start.
    return m.start() == 0 and phrase[0].isupper() and _TITLE_RUN_ON.match(rest) is not None


def _find_headings(text: str) -> list[_Heading]:
    found = [
        _Heading(m.start(), m.end("h"), m.group("h"), _kind(m.group("h")))
        for m in _LINE_START.finditer(text)
        if _is_heading_line(m)
    ]
    found.extend(
        _Heading(m.start(), m.end("h"), m.group("h"), _kind(m.group("h")))
        for m in _CORPUS_GLUED.finditer(text)
    )
    # Keep the earliest heading at each place; drop any that start inside an earlier one.
    found.sort(key=lambda h: (h.start, -h.end))
    kept: list[_Heading] = []
    for heading in found:
        if kept and heading.start < kept[-1].end:
            continue
        if kept and kept[-1].kind == "experience" and _is_job_sub_block(text, heading):
            continue
        kept.append(heading)
    return kept


# Kinds a job's own sub-blocks share a name with.
_SUB_BLOCK_KINDS = frozenset({"skills", "projects"})


def _is_job_sub_block(text: str, heading: _Heading) -> bool:
    """ "Technologies: Java, Spring" or "Projects:" under a job lists that job's stack or
    projects; splitting them off would cut the job (and every job after it) out of the
    experience. A section heading proper is set apart: capitals or Markdown ("PROJECTS",
    "## Skills"), or no colon ("Projects" alone on its line)."""
    if heading.kind not in _SUB_BLOCK_KINDS or heading.heading.isupper():
        return False
    line_start = text.rfind("\n", 0, heading.start) + 1
    if text[line_start : heading.start].strip() or text[heading.start] in "#*=_>":
        return False
    if text[heading.end :].lstrip(" \t").startswith(":"):
        return True
    return _attached_to_dated_job(text, line_start)


_ATTACHED_LINES = 6


def _attached_to_dated_job(text: str, line_start: int) -> bool:
    """A bare "Technologies" or "Projects" line right under a job (no blank line between,
    the job's dates a few lines up) opens that job's sub-block; a section of its own is set
    off by a blank line."""
    above = text[:line_start].rstrip(" \t").split("\n")
    if len(above) < 2 or not above[-2].strip():
        return False  # `above[-1]` is the empty tail after the last newline
    lines = above[-_ATTACHED_LINES - 1 : -1]
    return any(DATE_RANGE.search(line) for line in lines)


def split_sections(text: str) -> list[Section]:
    """Sections covering `text` exactly, in order; text before the first heading is "summary"
    (or "other" when the text has no heading at all)."""
    if not text:
        return []
    headings = _find_headings(text)
    if not headings:
        return [Section(kind="other", heading="", text=text, start=0, end=len(text))]
    sections: list[Section] = []
    if headings[0].start > 0 and text[: headings[0].start].strip():
        first = headings[0].start
        sections.append(Section(kind="summary", heading="", text=text[:first], start=0, end=first))
    for i, heading in enumerate(headings):
        # Whitespace before the first heading joins its section rather than standing alone.
        start = heading.start if sections else 0
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        sections.append(
            Section(
                kind=heading.kind,
                heading=" ".join(heading.heading.split()),
                text=text[start:end],
                start=start,
                end=end,
            )
        )
    return sections


def section_body(section: Section) -> str:
    """The section's text without its heading (markup and trailing colon included)."""
    if not section.heading:
        return section.text
    words = r"\s+".join(re.escape(w) for w in section.heading.split())
    m = re.match(rf"{_MARKUP}{words}[ \t]*[:\-–—]?{_MARKUP}", section.text, re.IGNORECASE)
    return section.text[m.end() :] if m else section.text
