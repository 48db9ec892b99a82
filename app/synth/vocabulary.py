"""Word lists and small grammar helpers for synthetic resumes.

Everything here is invented or generic on purpose: names are common given and family names
mixed freely, companies and schools are made up, e-mail domains are the reserved example.*
ones and phone numbers use the fictional 555-01xx range, so no profile points at a real person.
"""

from __future__ import annotations

import re


def words(text: str) -> tuple[str, ...]:
    """Whitespace-separated word list; long lists stay readable as a paragraph."""
    return tuple(text.split())


FIRST_NAMES = words(
    """Aaliyah Adebayo Aisha Akira Alejandro Amara Ana Andrei Anika Arjun Beatriz Camille Carlos
    Chen Chloe Daniel Daniela David Deepika Diego Dmitri Elena Elif Emeka Emily Emma Fatima
    Felipe Gabriel Grace Hana Hannah Hiroshi Ibrahim Ines Isabella James Javier Jin Joao Jonas
    Kai Kavya Kenji Khadija Kwame Lars Layla Leila Liam Lucas Lucia Malik Marco Maria
    Mateo Mei Mohammed Nadia Naomi Nia Noah Olga Omar Oscar Priya Rahul Ravi Rosa Sakura
    Samuel Santiago Sara Sofia Tariq Thandiwe Tomas Valentina Wei Yara Yusuf Zainab Zoe"""
)
LAST_NAMES = words(
    """Abara Adeyemi Ahmed Alvarez Andersen Bauer Becker Brown Castillo Chen Cohen Costa Dang
    Das Diaz Dubois Edwards Eriksson Fernandez Fischer Garcia Gonzalez Gupta Haddad Hansen
    Hernandez Ibrahim Ito Jansen Johnson Kaur Khan Kim Kowalski Kumar Larsen Lee Lopez Martin
    Mendes Mensah Meyer Mohamed Moreau Murphy Nakamura Nguyen Novak Nowak Obi Okafor Oliveira
    Owusu Park Patel Perez Petrov Popescu Quispe Rahman Ramirez Reddy Rossi Said Santos Schmidt
    Sharma Silva Singh Smith Suzuki Tanaka Taylor Tran Walker Wang Williams Wong Yamamoto Yilmaz
    Zhang"""
)
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")

# (location, weight): a mostly North American and European pool with a global tail.
LOCATIONS: tuple[tuple[str, float], ...] = (
    ("San Francisco, CA", 3),
    ("New York, NY", 4),
    ("Seattle, WA", 3),
    ("Austin, TX", 3),
    ("Boston, MA", 2.5),
    ("Chicago, IL", 2.5),
    ("Denver, CO", 2),
    ("Atlanta, GA", 2),
    ("Los Angeles, CA", 2.5),
    ("Washington, DC", 2),
    ("Raleigh, NC", 1.5),
    ("Pittsburgh, PA", 1),
    ("Minneapolis, MN", 1),
    ("Miami, FL", 1),
    ("Toronto, ON", 2),
    ("Vancouver, BC", 1),
    ("London, UK", 3),
    ("Dublin, Ireland", 1),
    ("Berlin, Germany", 2),
    ("Munich, Germany", 1),
    ("Amsterdam, Netherlands", 1.5),
    ("Paris, France", 1.5),
    ("Madrid, Spain", 1),
    ("Lisbon, Portugal", 1),
    ("Stockholm, Sweden", 1),
    ("Warsaw, Poland", 1),
    ("Zurich, Switzerland", 1),
    ("Tel Aviv, Israel", 1),
    ("Dubai, UAE", 1),
    ("Bangalore, India", 2),
    ("Hyderabad, India", 1),
    ("Singapore", 1.5),
    ("Tokyo, Japan", 1),
    ("Sydney, Australia", 1.5),
    ("Melbourne, Australia", 1),
    ("São Paulo, Brazil", 1),
    ("Mexico City, Mexico", 1),
    ("Lagos, Nigeria", 1),
    ("Nairobi, Kenya", 1),
    ("Cape Town, South Africa", 1),
    ("Remote", 4),
)

COMPANY_WORDS = words(
    """Northwind Bluebird Granite Summit Harbor Meridian Cedar Silverline Evergreen Ironwood
    Lighthouse Keystone Riverbend Aurora Beacon Crescent Falcon Horizon Juniper Lakeshore
    Maple Oakridge Pioneer Redwood Sterling Tidewater Vantage Willow Cobalt Brightwater"""
)
# Company name endings by SOC major group (the first two digits of an O*NET code).
COMPANY_KINDS: dict[str, tuple[str, ...]] = {
    "15": ("Analytics", "Software", "Labs", "Systems", "Technologies", "Data", "Cloud"),
    "17": ("Engineering", "Design Group", "Infrastructure", "Dynamics", "Consultants"),
    "13": ("Capital", "Financial", "Advisors", "Partners", "Consulting"),
    "11": ("Group", "Holdings", "Partners", "Enterprises", "Ventures"),
    "29": ("Health", "Medical Center", "Clinic", "Care Network", "Hospital"),
    "31": ("Health", "Care Services", "Clinic", "Senior Living"),
    "25": ("Academy", "School District", "College", "Learning"),
    "27": ("Media", "Studio", "Creative", "Communications"),
    "19": ("Research Institute", "Laboratories", "Sciences", "Bio"),
    "23": ("Law Group", "Legal", "Attorneys"),
    "41": ("Retail", "Sales", "Commerce", "Brands"),
    "43": ("Services", "Group", "Associates"),
}
DEFAULT_COMPANY_KINDS = ("Industries", "Services", "Logistics", "Manufacturing", "Co.", "Group")
SCHOOL_PLACES = words(
    """Westbrook Lakeside Northfield Riverton Ashford Maplewood Fairview Brookhaven Eastport
    Kingsbridge Pinecrest Stonebridge Whitmore Greenfield Hillcrest Bayside Clearwater
    Elmwood Foxboro Glendale"""
)
# Fields of study by SOC major group; the fallback covers everything else.
FIELDS: dict[str, tuple[str, ...]] = {
    "15": (
        "Computer Science",
        "Information Systems",
        "Mathematics",
        "Statistics",
        "Software Engineering",
        "Computer Engineering",
    ),
    "17": (
        "Civil Engineering",
        "Mechanical Engineering",
        "Electrical Engineering",
        "Industrial Engineering",
        "Chemical Engineering",
        "Architecture",
    ),
    "13": ("Finance", "Accounting", "Economics", "Business Administration"),
    "11": ("Business Administration", "Management", "Economics", "Public Administration"),
    "29": ("Nursing", "Biology", "Health Sciences", "Pharmacy", "Public Health"),
    "31": ("Health Sciences", "Nursing"),
    "25": ("Education", "English", "History", "Mathematics", "Library Science"),
    "27": ("Graphic Design", "Communications", "Journalism", "Fine Arts", "Film"),
    "19": ("Biology", "Chemistry", "Physics", "Psychology", "Economics", "Geology"),
    "21": ("Social Work", "Psychology", "Sociology"),
    "23": ("Law", "Political Science"),
    "41": ("Marketing", "Business Administration", "Communications"),
}
DEFAULT_FIELDS = ("Business Administration", "General Studies", "Applied Technology")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_IRREGULAR_PAST = {
    "build": "built",
    "buy": "bought",
    "choose": "chose",
    "cut": "cut",
    "do": "did",
    "draw": "drew",
    "drive": "drove",
    "feed": "fed",
    "find": "found",
    "give": "gave",
    "hold": "held",
    "keep": "kept",
    "lay": "laid",
    "lead": "led",
    "make": "made",
    "meet": "met",
    "oversee": "oversaw",
    "pay": "paid",
    "put": "put",
    "read": "read",
    "run": "ran",
    "seek": "sought",
    "sell": "sold",
    "send": "sent",
    "set": "set",
    "shoot": "shot",
    "sit": "sat",
    "speak": "spoke",
    "spend": "spent",
    "split": "split",
    "take": "took",
    "teach": "taught",
    "tell": "told",
    "undertake": "undertook",
    "write": "wrote",
    "withdraw": "withdrew",
    "upset": "upset",
    "get": "got",
    "go": "went",
    "see": "saw",
}
# One-syllable verbs that double their last consonant: "plan" -> "planned", "planning".
_DOUBLING = frozenset(
    words(
        "plan stop ship chop drop scan log jog map tap trim wrap strip grip plug pin dip rub scrub "
        "skim slip snap step tag tip top admit commit control refer transfer prefer confer infer "
        "deter occur equip submit permit omit emit remit patrol compel propel program set cut put "
        "get run sit hit shut begin dig"
    )
)
_LEADING_VERBS = re.compile(r"^([A-Z][a-z]+)((?:, [a-z]+)*,? (?:or|and) [a-z]+)?\b")


def _past(verb: str) -> str:
    lower = verb.lower()
    if lower in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lower]
    if lower in _DOUBLING:
        return lower + lower[-1] + "ed"
    if lower.endswith("e"):
        return lower + "d"
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return lower[:-1] + "ied"
    return lower + "ed"


def _gerund(verb: str) -> str:
    lower = verb.lower()
    if lower in _DOUBLING:
        return lower + lower[-1] + "ing"
    if lower.endswith("ie"):
        return lower[:-2] + "ying"
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")) and len(lower) > 2:
        return lower[:-1] + "ing"
    return lower + "ing"


def _inflect(task: str, form: str) -> str:
    """Re-inflect a task statement's leading verbs: "Plan, direct, or coordinate X" ->
    "Planned, directed, or coordinated X" (past) / "planning, directing, ..." (gerund)."""
    match = _LEADING_VERBS.match(task)
    if not match:
        return task
    change = _past if form == "past" else _gerund
    head = change(match.group(1))
    tail = re.sub(
        r"\b([a-z]+)$|(?<=, )([a-z]+)(?=,)",
        lambda m: change(m.group(0)) if m.group(0) not in ("or", "and") else m.group(0),
        match.group(2) or "",
    )
    phrase = head + tail + task[match.end() :]
    return phrase[0].upper() + phrase[1:] if form == "past" else phrase


def past_tense(task: str) -> str:
    return _inflect(task, "past")


def gerund_phrase(task: str) -> str:
    """Lower-case gerund phrase without the final full stop, for "experienced in ..."."""
    return _inflect(task, "gerund").rstrip(".")
