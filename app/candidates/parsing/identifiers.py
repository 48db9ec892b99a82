"""Personal identifiers (emails, phones, URLs), from structured fields and from resume text.

Phone matching is the delicate part: resumes are full of digit runs that are not phones
(date ranges "2014 - 2018", postcodes, version numbers, IP addresses), so a candidate number
must have 10-15 digits (8 with a leading +) and must not be made of years.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping

from app.candidates.profile import Identifiers

# An email is found from its "@" (a literal the regex engine scans for quickly) and its local
# part is then read backwards; a pattern that starts with the local part would be tried at
# every letter of the text. Lengths follow RFC 5321 (64-character local part).
_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b")
_EMAIL_LOCAL_CHARS = frozenset(string.ascii_letters + string.digits + "._%+-")
_MAX_LOCAL_PART = 64
# "Not part of a longer token" is checked in Python (`_free_start`) rather than with a
# lookbehind: a pattern that opens with a lookbehind loses the engine's fast scan for its
# first character, which made these two searches the slowest part of extraction.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'|,]+|(?:linkedin\.com/in/|github\.com/)[\w\-./%]+",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:\+[ \t]?|00)?\(?\d[\d \t().-]{6,20}\d(?![\w/]|\.\d)")
_YEAR_GROUP = re.compile(r"(?:19|20)\d\d")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_URL_MARKERS = ("http", "www.", "linkedin.com", "github.com")
_URL_TAIL = ".,;:)]}'\""

_EMAIL_KEYS = ("email", "emails")
_PHONE_KEYS = ("phone", "phones", "mobile")
_URL_KEYS = ("url", "urls", "website", "linkedin", "github")


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    minimum = 8 if candidate.startswith(("+", "00")) else 10
    if not minimum <= len(digits) <= 15:
        return False
    if _IPV4.fullmatch(candidate.strip("()")):
        return False
    groups = re.findall(r"\d+", candidate)
    # "2014 - 2018", "2012 2014 2016": runs of years, not a phone.
    return not (len(groups) > 1 and all(_YEAR_GROUP.fullmatch(g) for g in groups))


def _free_start(text: str, start: int, joiners: str) -> bool:
    """True when the match does not continue a longer token (a word, a path, a number)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in joiners)


def find_emails(text: str) -> list[str]:
    emails: list[str] = []
    for m in _EMAIL_DOMAIN.finditer(text):
        start = m.start()
        while (
            start > 0
            and m.start() - start < _MAX_LOCAL_PART
            and text[start - 1] in _EMAIL_LOCAL_CHARS
        ):
            start -= 1
        local = text[start : m.start()].lstrip(".")
        if local:
            emails.append(local + m.group())
    return emails


def find_urls(text: str) -> list[str]:
    lowered = text.lower()
    if not any(marker in lowered for marker in _URL_MARKERS):
        return []  # most resumes have no link; skip the case-insensitive scan
    urls: list[str] = []
    for m in _URL.finditer(text):
        if _free_start(text, m.start(), "_@/-"):
            urls.append(m.group().rstrip(_URL_TAIL))
    return urls


def find_phones(text: str) -> list[str]:
    phones: list[str] = []
    for m in _PHONE.finditer(text):
        if not _free_start(text, m.start(), "_+/.-"):
            continue
        candidate = m.group().strip()
        if candidate.count("(") != candidate.count(")"):
            candidate = candidate.strip("()").strip()
        if _is_phone(candidate):
            phones.append(candidate)
    return phones


def _strings(fields: Mapping[str, object], keys: Iterable[str]) -> list[str]:
    values: list[str] = []
    for key in keys:
        value = fields.get(key)
        items = value if isinstance(value, list) else [value]
        values.extend(v.strip() for v in items if isinstance(v, str) and v.strip())
    return values


def _dedupe(values: Iterable[str], *, by_digits: bool = False) -> list[str]:
    """First of each value; phones compare by their digits, the rest case-insensitively."""
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        key = re.sub(r"\D", "", value) if by_digits else value.lower().rstrip("/")
        if key and key not in seen:
            seen.add(key)
            result.append(value)
    return result


def find_identifiers(text: str, fields: Mapping[str, object]) -> Identifiers:
    """Field values first (as given), then what the text adds, each list deduplicated."""
    return Identifiers(
        emails=_dedupe([*_strings(fields, _EMAIL_KEYS), *find_emails(text)]),
        phones=_dedupe([*_strings(fields, _PHONE_KEYS), *find_phones(text)], by_digits=True),
        urls=_dedupe([*_strings(fields, _URL_KEYS), *find_urls(text)]),
    )
