"""What one "company - X\\ndescription - ..." block of the public corpus' export holds.

The export was made by a form that cut pasted resumes into (company, description) pairs at
odd places, so the company slot is not always an employer: it may hold a job title ("HR
Assistant"), a client ("Client: Department of civil aviation" further down), the tail of an
address ("Bahadarpur, Tal- Parola Dist"), or a target employer under a career objective ("I
want to work in organisation as a python developer"). And one employer's projects come as
several blocks, their names written a little differently ("Arsys" and "Arsys Inovics Pvt
Ltd", "Tech Mahindra Pvt. Ltd Pune, Tech Mahindra").
"""

from __future__ import annotations

import re

from app.candidates.parsing.places import place_of
from app.candidates.parsing.roles import company_evidence, title_evidence
from app.candidates.parsing.titles import clean_title, looks_like_title, title_worked_as
from app.candidates.parsing.vocab import TITLE_WORDS

# "company - No", "company - Tata motors, adani, maruti suzuki,jet airways.": the export's
# field filled with an answer or a list of wished-for employers, not the person's employer.
_NO_EMPLOYER = re.compile(r"^(?:no|none|nil|n/?a|not applicable|-+)?\W*$", re.IGNORECASE)
_MAX_LISTED = 3
# "Client: Department of civil aviation", "Clients        MCCIA, Sapphire Park": whom a
# project was for.
_CLIENT_LINE = re.compile(
    r"^[ \t•*·-]*(?:end[ \t]+)?(?:clients?|customers?)"
    r"(?:[ \t]*[:\-–][ \t]*|[ \t]{2,})(?P<v>[^\n]+)",
    re.IGNORECASE | re.MULTILINE,
)
# An address ends in its district ("... Parola Dist"; "District and Session Court" is an
# employer), or holds a PIN code.
_ADDRESS = re.compile(
    r"\b(?:dist|distt|district|taluka|taluk|tehsil)\W*$|\b\d{3}[ \t]?\d{3}\b", re.IGNORECASE
)
# A career objective or a job search, not a job held.
_OBJECTIVE = re.compile(
    r"\bi[ \t]+(?:want|wish|would[ \t]+like|am[ \t]+looking|am[ \t]+seeking)[ \t]+(?:to|for)\b"
    r"|\bin[ \t]+(?:a[ \t]+)?search(?:ing)?[ \t]+(?:of|for)\b"
    r"|\b(?:looking|seeking)[ \t]+(?:for[ \t]+)?(?:an?[ \t]+)?(?:job|position|opportunit)",
    re.IGNORECASE,
)
_OBJECTIVE_WINDOW = 300
# "is a private bank that provides ...": the export cut "BBH is a private bank" after the
# name, so the block describes a company, the employer's own or a client's.
_DESCRIBES_A_COMPANY = re.compile(r"^(?:is|was)[ \t]+(?:an?|the|one)\b", re.IGNORECASE)
_LEGAL_WORDS = frozenset(
    [
        "pvt",
        "private",
        "ltd",
        "limited",
        "inc",
        "llc",
        "llp",
        "co",
        "corp",
        "corporation",
        "gmbh",
        "plc",
        "the",
    ]
)


# "company - Higher Secondary School\ndescription - Pune, 58.8%": an education line (a school
# and a score) that the export put in a company block. A college can be an employer ("Asst.
# Professor at Kisan Arts College"), so only with a score and nothing dated.
_SCHOOL = re.compile(r"\b(?:school|college|university|vidyalaya|academy|institute)\b", re.I)
_SCORE = re.compile(r"\b\d{1,2}(?:\.\d{1,2})?[ \t]*%|\b(?:cgpa|sgpa|gpa|percentage)\b", re.I)


def is_a_school_record(company: str, desc: str) -> bool:
    return (
        _SCHOOL.search(company) is not None and _SCORE.search(desc[:_OBJECTIVE_WINDOW]) is not None
    )


def names_an_employer(company: str) -> bool:
    return not _NO_EMPLOYER.match(company) and company.count(",") < _MAX_LISTED


def clients_of(text: str) -> list[str]:
    return [_key(m.group("v")) for m in _CLIENT_LINE.finditer(text)]


def is_a_client(company: str, clients: list[str]) -> bool:
    key = _key(company)
    return bool(key) and any(key in client for client in clients)


def is_an_address(company: str) -> bool:
    return _ADDRESS.search(company) is not None


def is_an_objective(desc: str) -> bool:
    return _OBJECTIVE.search(desc[:_OBJECTIVE_WINDOW]) is not None


def describes_a_company(desc: str) -> bool:
    return _DESCRIBES_A_COMPANY.match(desc) is not None


def title_in_company_slot(company: str) -> str | None:
    """ "company - HR Assistant", "company - Criminal lawyer (law firm)": a job title written
    where the employer goes. Only a name that ends in a job word ("Civil Engineer", "Sales
    Executive", not "Sales Department") and has no sign of a company or a place."""
    name = re.sub(r"\s*\([^()]*\)\s*", " ", company).strip()
    words = re.findall(r"[a-z]+", name.lower())
    if not words or words[-1] not in TITLE_WORDS or company_evidence(name):
        return None
    if title_evidence(name) < 2 or place_of(name) is not None:
        return None
    return clean_title(name)


def hint_title(value: str, separator: str, company: str) -> str | None:
    """The title a "Role: X" line gives. A label set off by spaces alone is a table's
    ("Role              Network Support Engineer"), or a header row ("Designation
    Duration"): its value counts only when it reads as a title. "Job Profile: Worked as an
    X" names X; "Operations Manager - BNY Mellon" names the title before the employer."""
    worked = title_worked_as(value)
    if worked is not None:
        return worked
    if not separator.strip() and not looks_like_title(value):
        return None
    if " - " in value:
        left, right = value.rsplit(" - ", 1)
        if company and same_company(right, company):
            value = left
    return clean_title(value)


def _key(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


def _core(name: str) -> tuple[str, ...]:
    return tuple(w for w in _key(name).split() if w not in _LEGAL_WORDS)


def same_company(a: str, b: str) -> bool:
    """One employer's name as two blocks write it: equal but for case, punctuation and legal
    form ("Atos Pvt. Ltd", "ATOS"), one a leading part of the other ("Arsys", "Arsys Inovics
    Pvt Ltd"), or a comma-separated part of it ("Tech Mahindra Pvt. Ltd Pune, Tech
    Mahindra")."""
    if not _key(a) or not _key(b):
        return False
    if _key(a) == _key(b):
        return True
    parts_a = [_core(p) for p in a.split(",") if _core(p)]
    parts_b = [_core(p) for p in b.split(",") if _core(p)]
    for x in parts_a:
        for y in parts_b:
            short, long = sorted((x, y), key=len)
            if long[: len(short)] == short:
                return True
    return False
