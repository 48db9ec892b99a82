"""What a mention means in its document: labels that are not skills, acronyms that name
different tools in different trades, and the few products O*NET does not list.

- Labels: "LinkedIn: linkedin.com/in/x", "GitHub | jane@x.com", "Skype: jane.doe" are contact
  lines, and "Programming languages:" / "Tools:" are headings; the words are blanked before
  matching so that they never count, while "Git, GitHub, Jenkins" still does.
- Acronyms: "MVC" in a Spring CV is Spring MVC, in a C# CV ASP.NET MVC, and alone ("the MVC
  pattern") no product at all; "TSM" is IBM Tivoli Storage Manager beside backups and tape,
  time-series modelling beside forecasts; "RAC" is Oracle RAC only where Oracle is. The
  nearest context mention decides when a document has two.
- Local definitions: "Hospital Management System (HMS)" says what HMS means in this
  document, so the HMS product O*NET lists is not meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.taxonomy.model import SkillMatch, TechSkill

# Products people list that O*NET 29.2 does not name; appended to the skills table.
SUPPLEMENT: tuple[TechSkill, ...] = (
    TechSkill("Spring MVC", "Web platform development software", hot=False, in_demand=False),
    TechSkill("IBM Tivoli Storage Manager", "Backup or archival software", False, False),
    TechSkill("PyCharm", "Development environment software", False, False),
    TechSkill("Android Studio", "Development environment software", False, False),
    TechSkill("XAMPP", "Web platform development software", False, False),
    TechSkill("Laravel", "Web platform development software", False, False),
    TechSkill(
        "Entity Framework", "Object or component oriented development software", False, False
    ),
    TechSkill("REST APIs", "Web platform development software", False, False),
    TechSkill("Debian", "Operating system software", False, False),
    TechSkill("CentOS", "Operating system software", False, False),
    TechSkill("Tally ERP", "Accounting software", False, False),
    TechSkill("OpenCV", "Graphics or photo imaging software", False, False),
    TechSkill("Matplotlib", "Analytical or scientific software", False, False),
    TechSkill("NLTK", "Analytical or scientific software", False, False),
)

_CONTACT_WORDS = (
    r"linked[ -]?in|github|gitlab|bitbucket|skype|telegram|whats[ -]?app|viber|signal|twitter"
    r"|facebook|instagram|e-?mail|phone|mobile|tel|cell|website|portfolio|stack[ -]?overflow"
    r"|behance|dribbble|xing"
)
_CONTACT = re.compile(rf"(?<![\w.@/])(?:{_CONTACT_WORDS})(?![\w.@/])", re.IGNORECASE)
# A contact line: an e-mail, a URL, a @handle or a phone number on it.
_CONTACT_DATA = re.compile(
    r"\S@\S|https?://|www\.|\.(?:com|org|net|io|me)\b|(?<!\w)@\w|\+?\d[\d ()-]{6,}\d"
)
_ONLY_LABELS = re.compile(
    rf"[\s|•·,;:/()\-–—]*(?:(?:{_CONTACT_WORDS})[\s|•·,;:/()\-–—]*)+", re.IGNORECASE
)
_HEADING_WORDS = (
    r"(?:programming|scripting|computer|software|technical)?[ \t]*languages?|technolog(?:y|ies)"
    r"|tools|frameworks?|librar(?:y|ies)|databases?|platforms?|operating[ \t]+systems?"
    r"|methodolog(?:y|ies)|environment|skills?|ide|ides|cloud|devops|version[ \t]+control"
)
# A heading label: a line that is nothing but the heading, or that starts with it and a colon.
_HEADING = re.compile(
    rf"^[ \t•*#>-]*(?P<h>(?:{_HEADING_WORDS})(?:[ \t]*(?:&|and|/)[ \t]*(?:{_HEADING_WORDS}))?)"
    r"[ \t]*(?::|$)",
    re.IGNORECASE | re.MULTILINE,
)
# Never a skill a person has, wherever it stands: a category of skills.
_GENERIC = re.compile(r"\bprogramming[ \t]+languages?\b", re.IGNORECASE)
# O*NET entries that name a kind of tool, not a tool: "Java IDE-Eclipse" names Eclipse, and
# the "IDE" beside it is no skill of its own. Matched (so a list stays a list), never kept.
CATEGORY_SKILLS = frozenset({"Integrated development environment IDE software"})


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n":
            chars[i] = " "


def mask_labels(text: str) -> str:
    """`text` with contact labels, heading labels and generic categories blanked (same
    length, so offsets into it are offsets into `text`)."""
    chars = list(text)
    for m in _HEADING.finditer(text):
        _blank(chars, m.start("h"), m.end("h"))
    for m in _GENERIC.finditer(text):
        _blank(chars, m.start(), m.end())
    position = 0
    for line in text.split("\n"):
        if _CONTACT.search(line):
            contact_line = bool(_CONTACT_DATA.search(line)) or _ONLY_LABELS.fullmatch(line)
            for m in _CONTACT.finditer(line):
                labelled = re.match(r"[ \t]*[:：]", line[m.end() :]) is not None
                if contact_line or labelled:
                    _blank(chars, position + m.start(), position + m.end())
        position += len(line) + 1
    return "".join(chars)


@dataclass(frozen=True)
class _Reading:
    context: re.Pattern[str]
    skill: str | None  # None: the context says the mention names no product


def _ctx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_JAVA = r"\b(?:java(?![ \t]*script)|j2ee|jee|spring|hibernate|jsp|servlets?|struts|maven)\b"
_DOTNET = r"(?:\.net\b|\bc#|\basp\.net|\bvb\.net|\bvisual[ \t]+studio\b|\bentity[ \t]+framework)"
# Keys are the mention as written, case-folded.
RULES: dict[str, tuple[_Reading, ...]] = {
    "mvc": (
        _Reading(_ctx(_JAVA), "Spring MVC"),
        _Reading(_ctx(_DOTNET), "Microsoft ASP.NET Core MVC"),
    ),
    "tsm": (
        _Reading(
            _ctx(
                r"\b(?:backups?|storage|tivoli|tapes?|san|nas|netbackup|restores?|commvault"
                r"|veritas|spectrum[ \t]+protect|lto|aix)\b"
            ),
            "IBM Tivoli Storage Manager",
        ),
        _Reading(
            _ctx(r"time[- ]series|forecast\w*|arima|econometric\w*"),
            "Time series modeling TSM software",
        ),
    ),
    "rac": (_Reading(_ctx(r"\boracle\b"), "Oracle Real Application Cluster RAC"),),
    # "ASP" in a .NET CV is ASP.NET ("ASP- Experience - 24 months" beside C#); elsewhere the
    # classic Active Server Pages (`DEFAULTS`).
    "asp": (_Reading(_ctx(_DOTNET), "Microsoft ASP.NET"),),
}
# The reading of a mention when no context rule fires; a key missing here drops it instead.
DEFAULTS: dict[str, str] = {"asp": "Microsoft Active Server Pages ASP"}


def _nearest(text: str, reading: _Reading, at: int, skip: tuple[int, int]) -> int | None:
    distances = [
        abs(m.start() - at)
        for m in reading.context.finditer(text)
        if not (m.start() < skip[1] and skip[0] < m.end())
    ]
    return min(distances) if distances else None


_DEF_WORD = r"[A-Z][\w&'’-]*"
_DEF_JOIN = r"(?:of|and|for|the|&|in|on)"
_EXPANSION = rf"{_DEF_WORD}(?:[ \t]+(?:{_DEF_JOIN}[ \t]+)?{_DEF_WORD}){{1,5}}"
# "Hospital Management System (HMS)" or "HMS (Hospital Management System)".
_DEFINED = re.compile(
    rf"(?P<x1>{_EXPANSION})[ \t]*\([ \t]*(?P<a1>[A-Z]{{2,6}})[ \t]*\)"
    rf"|\b(?P<a2>[A-Z]{{2,6}})[ \t]*\([ \t]*(?P<x2>{_EXPANSION})[ \t]*\)"
)


def local_acronyms(text: str) -> dict[str, frozenset[str]]:
    """Acronyms the document spells out itself, acronym -> the words of its expansion (when
    their initials spell it): "School Management System (SMS)" is no text-messaging tool."""
    out: dict[str, frozenset[str]] = {}
    for m in _DEFINED.finditer(text):
        acronym, expansion = (m["a1"], m["x1"]) if m["a1"] else (m["a2"], m["x2"])
        words = [w for w in expansion.split() if not re.fullmatch(_DEF_JOIN, w, re.I)]
        words = words[-len(acronym) :]  # "Built a Hospital Management System (HMS)"
        if "".join(w[0] for w in words).upper() == acronym:
            out.setdefault(acronym, frozenset(w.casefold() for w in words))
    return out


def _defined_otherwise(match: SkillMatch, defined: dict[str, frozenset[str]]) -> bool:
    """The document spells the acronym out, and not as this skill's name."""
    words = defined.get(match.raw)
    return words is not None and not words <= set(re.findall(r"[\w&'’-]+", match.name.casefold()))


def read_in_context(
    text: str, matches: list[SkillMatch], skills_by_name: dict[str, TechSkill]
) -> list[SkillMatch]:
    """`matches` with ambiguous acronyms resolved by the document (or dropped), one per skill;
    an acronym the document defines as something else is no skill."""
    out: list[SkillMatch] = []
    seen: set[str] = set()
    defined = local_acronyms(text)
    for match in matches:
        if match.name in CATEGORY_SKILLS or _defined_otherwise(match, defined):
            continue
        readings = RULES.get(match.raw.casefold())
        if readings is not None:
            scored = [
                (distance, n, reading)
                for n, reading in enumerate(readings)
                if (distance := _nearest(text, reading, match.start, (match.start, match.end)))
                is not None
            ]
            default = DEFAULTS.get(match.raw.casefold())
            if not scored and default is None:
                continue  # "the MVC pattern", "TSM" with nothing around it: no product
            chosen = (
                min(scored, key=lambda item: (item[0], item[1]))[2].skill if scored else default
            )
            skill = skills_by_name.get(chosen or "")
            if skill is None:
                continue
            match = SkillMatch(
                skill.name, match.raw, match.start, match.end, skill.category, skill.hot,
                skill.in_demand,
            )  # fmt: skip
        if match.name not in seen:
            seen.add(match.name)
            out.append(match)
    return out
