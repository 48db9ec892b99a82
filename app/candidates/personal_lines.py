"""Personal data written in a resume's own words, found without knowing whose resume it is.

Detectors for what the evaluator must never see and a quote must never reveal, beyond the
identifiers of `parsing.identifiers`: ages ("34 years old", "Age 34"), a "Name:" label and its
value, contact lines and labels ("LinkedIn | GitHub", "Skype: jm.garcia", "@handle" after a
social label), lines holding only personal words ("Male | Married | Indian"), street
addresses and postcodes, and gendered pronouns. Each returns character spans with a kind:
"name", "contact", "personal", "pronoun".

They are tuned for precision on work text: "age-groups 5-12", "Project Name:", "Company name:",
"@Override", "a single-page app" and "Based in Austin" are left alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.candidates.parsing.identifiers import find_emails, find_phones, find_urls


class Span(NamedTuple):
    start: int
    end: int
    kind: str  # "name" | "contact" | "personal" | "pronoun"


AGE = re.compile(
    r"(?<![\w.])(?:aged?[ \t]*[:\-–]?[ \t]*\d{2}\b(?:[ \t]*(?:years?|yrs)\.?(?:[ \t]+old)?)?"
    r"|\d{2}[ \t]*(?:years?|yrs)\.?[ \t-]*old\b)",
    re.IGNORECASE,
)
# "Name: X" alone, not "Project Name:" / "Company name:" (a word and one space before it).
NAME_LABEL = re.compile(
    r"(?<![A-Za-z])(?<![A-Za-z][ \t])(?:full[ \t]+|candidate(?:['’]s)?[ \t]+)?name"
    r"[ \t]*[:\-–][ \t]*"
    r"(?P<value>[^\W\d_][^\n:|;,]{1,60}?)(?=[ \t]*(?:$|[|;,\n]|[ \t]+[A-Z][a-z]+[ \t]*:))",
    re.IGNORECASE | re.MULTILINE,
)
SOCIAL = (
    r"linked[ \t]?in|git[ \t]?hub|git[ \t]?lab|bitbucket|stack[ \t]?overflow|skype|twitter"
    r"|whats[ \t]?app|telegram|instagram|facebook|portfolio|web[ \t]?site|blog|behance"
    r"|dribbble|kaggle|leetcode|hackerrank|wechat"
)
CONTACT = (
    rf"{SOCIAL}|e-?mail(?:[ \t]+(?:id|address))?|phone(?:[ \t]+(?:no\.?|number))?"
    r"|mobile(?:[ \t]+(?:no\.?|number))?|mob\.?|tel\.?|telephone|contact(?:[ \t]+(?:no\.?"
    r"|number|details|info))?"
)
# "LinkedIn: jane-doe", "Skype - jm.garcia", "Mobile No.: ..." at a line start or after a
# separator: the label and its value.
CONTACT_FIELD = re.compile(
    rf"(?:^|(?<=[|•·;]))[ \t*•·-]*(?:{CONTACT})[ \t]*(?:id|handle|profile)?[ \t]*[:=–-][ \t]*"
    r"[^\n|•·;]*",
    re.IGNORECASE | re.MULTILINE,
)
# A line made of contact labels only: "LinkedIn | GitHub | Portfolio" (the links themselves
# were lost when the PDF became text).
_CONTACT_WORD = re.compile(rf"(?:{CONTACT})\b[ \t]*(?:profile|id)?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[ \t|•·,;/]+")
HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z_][\w.]{1,30}[\w]")
_SOCIAL_BEFORE = re.compile(rf"(?:{SOCIAL})[ \t]*[:=–-]?[ \t]*$", re.IGNORECASE)

_STATUS_WORDS = frozenset(
    [
        "male",
        "female",
        "man",
        "woman",
        "nonbinary",
        "non-binary",
        "married",
        "unmarried",
        "single",
        "divorced",
        "widowed",
        "widow",
        "widower",
        "engaged",
        "separated",
        "hindu",
        "muslim",
        "christian",
        "catholic",
        "protestant",
        "sikh",
        "jain",
        "buddhist",
        "jewish",
        "parsi",
        "atheist",
    ]
)
# Words that say nothing but a personal attribute when they stand alone on a line: a status
# word, or a nationality, a number word and the like that only a personal line is made of.
_PERSONAL_WORDS = _STATUS_WORDS | frozenset(
    [
        "indian",
        "british",
        "american",
        "german",
        "french",
        "canadian",
        "australian",
        "pakistani",
        "bangladeshi",
        "nepali",
        "chinese",
        "japanese",
        "nigerian",
        "kenyan",
        "irish",
        "spanish",
        "italian",
        "dutch",
        "polish",
        "russian",
        "ukrainian",
        "turkish",
        "brazilian",
        "mexican",
        "filipino",
        "sri",
        "lankan",
        "years",
        "yrs",
        "old",
        "aged",
        "age",
        "children",
        "kids",
        "child",
        "son",
        "daughter",
        "two",
        "three",
        "one",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_LINE = re.compile(r"[^\n]+")

# A house number, one to four capitalised words and a street word: "1234 Elm Street",
# "221B Baker Street", "12 M.G. Road"; abbreviations only in title case with their dot, so
# "Oracle 8i, PL/SQL" and "1996 S.S.C. St. Xavier's" stay. Years are not house numbers.
_STREET_WORDS = (
    r"Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Boulevard|Blvd\.|Drive|Dr\.|Way|Court|Place"
    r"|Terrace|Crescent|Highway|Marg|Nagar|Colony|Society|Chowk|Layout|Close"
)
STREET = re.compile(
    r"(?<![\w/.-])(?!(?:19|20)\d\d\b)\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?,?[ \t]"
    rf"(?:[A-Z][\w'’.-]*[ \t]){{1,4}}(?:{_STREET_WORDS})(?![\w])"
    r"(?:,?[ \t]*(?:Apt|Apartment|Suite|Flat|Unit)\.?[ \t]*#?[\w-]{1,6})?"
    r"|(?<![\w])[A-ZÄÖÜ][a-zäöüß]{2,}(?:straße|strasse|str\.|weg|platz|gasse|allee)"
    r"[ \t]\d{1,4}[a-z]?\b"
    r"|(?<![\w])(?i:apt|apartment|suite|flat|house|plot|door)[ \t]*(?i:no\.?|number|#)"
    r"[ \t]*[\w/-]{0,8}\d\w*",
)
# Postcodes in a line that holds an address: US ZIP, UK, Indian PIN, 5-digit European before
# a city.
POSTCODE = re.compile(
    r"(?<![\w-])(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|\d{3}[ \t]?\d{3})(?![\w-])"
)
PRONOUN = re.compile(r"(?<![\w'’-])(?:he|she|him|her|his|hers|himself|herself)(?![\w'’-])", re.I)


def age_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "personal") for m in AGE.finditer(text)]


def name_label_spans(text: str) -> tuple[list[Span], list[str]]:
    """("Name: X" spans, the values): the value's words are the candidate's name elsewhere."""
    spans: list[Span] = []
    values: list[str] = []
    for m in NAME_LABEL.finditer(text):
        spans.append(Span(m.start(), m.end("value"), "name"))
        values.append(m.group("value"))
    return spans, values


def only_contact_words(line: str) -> bool:
    rest = _CONTACT_WORD.sub(" ", CONTACT_FIELD.sub(" ", line))
    return rest != line and not _SEPARATORS.sub("", rest).strip(" :-–*")


def contact_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "contact") for m in CONTACT_FIELD.finditer(text)]
    for m in _LINE.finditer(text):
        if len(m.group()) <= 120 and only_contact_words(m.group()):
            spans.append(Span(m.start(), m.end(), "contact"))
    for m in HANDLE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _SOCIAL_BEFORE.search(text, line_start, m.start()):
            spans.append(Span(m.start(), m.end(), "contact"))
    return spans


def is_personal_line(line: str) -> bool:
    """A line that holds nothing but personal attributes: "Male | Married", "34 years old,
    married, British"."""
    words = [w.lower() for w in _WORD.findall(line)]
    if not words or len(words) > 10:
        return False
    if not all(w in _PERSONAL_WORDS for w in words):
        return False
    # A nationality alone may be a language or a market ("Indian"): it takes a status or an
    # age beside it.
    return any(w in _STATUS_WORDS for w in words) or AGE.search(line) is not None


def personal_line_spans(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "personal")
        for m in _LINE.finditer(text)
        if is_personal_line(m.group())
    ]


def address_spans(text: str) -> list[Span]:
    """Street addresses anywhere, with the postcodes on their lines; the city stays."""
    spans: list[Span] = []
    for m in STREET.finditer(text):
        spans.append(Span(m.start(), m.end(), "personal"))
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        for code in POSTCODE.finditer(text, line_start, line_end):
            spans.append(Span(code.start(), code.end(), "personal"))
    return spans


def pronoun_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "pronoun") for m in PRONOUN.finditer(text)]


_BIRTH = re.compile(
    r"(?<![\w.])(?:date[ \t]+of[ \t]+birth|birth[ \t]*date|d\.?o\.?b\b\.?|born)[ \t]*[:\-–]?[ \t]*"
    r"(?:on[ \t]+|in[ \t]+)?(?=\d|[A-Z])",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"(?<![\w.])(?:gender|sex|marital[ \t]+status|nationality|religion|caste|passport"
    r"(?:[ \t]+no\.?)?|(?:father|mother|husband|wife|spouse)['’]?s?[ \t]+name)[ \t]*[:\-–][ \t]*\w",
    re.IGNORECASE,
)


def quote_reveals(quote: str) -> str | None:
    """What personal data an evidence quote would show (None when it shows none): the reason
    a quote is rejected, whoever produced it."""
    if find_emails(quote):
        return "an email address"
    if find_phones(quote):
        return "a phone number"
    if find_urls(quote) or HANDLE.search(quote):
        return "a link or handle"
    if _BIRTH.search(quote):
        return "a birth date"
    if AGE.search(quote):
        return "an age"
    if _LABELLED.search(quote) or NAME_LABEL.search(quote) or is_personal_line(quote):
        return "a personal detail"
    if STREET.search(quote):
        return "a street address"
    if CONTACT_FIELD.search(quote) or only_contact_words(quote):
        return "a contact line"
    return None
