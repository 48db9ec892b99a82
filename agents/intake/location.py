"""Find where the job is.

A candidate is a run of capitalised words in a position that says "place": under a Location
heading, after "based in" / "office in", after the title ("Engineer in Berlin", "Engineer -
Munich"), or after a bare "in" that does not follow skill words ("experience in Python",
"degree in Computer Science"). Capitalised words O*NET knows as skills, languages and
academic fields are rejected early; then the gazetteer (`app.geo.lookup`) decides: a
location is set only when the whole phrase names a place ("Pay Options", "Java Developer" and
a partner company's site do not), and the spec carries the normalised place beside the
words the ad used. When no cue finds one, the gazetteer's own scan of the location part and
the title line does ("Boston, MA | Hybrid").
"""

from __future__ import annotations

import re

from agents.intake.segments import BOILERPLATE, Document, wordset
from app.geo import Place, find_places, lookup
from app.taxonomy import get_taxonomy

Found = tuple[str, Place]  # the words the ad used, and the place they name

_WORD = r"[A-Z][\w'’-]*"
_PLACE = re.compile(rf"(?:\b[Tt]he\s+)?{_WORD}\.?(?:\s+{_WORD}){{0,3}}")
# ", Germany", ", TX", ", D.C." (initials keep their dots: "Washington, D" is no place).
_TAIL = re.compile(rf",\s*((?:[A-Z]\.){{1,2}}[A-Z]\.?|{_WORD}(?:\s+{_WORD}){{0,2}})")
_NOT_PLACE = wordset(
    "english german french spanish italian portuguese dutch polish swedish danish norwegian "
    "finnish czech russian ukrainian arabic hebrew hindi mandarin chinese cantonese japanese "
    "korean january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday computer science "
    "engineering mathematics math maths physics economics business finance marketing sales "
    "healthcare fintech tech it agile scrum production ai ml data machine backend frontend "
    "devops cloud web mobile software security our your this that an a we i you it addition "
    "particular general order total charge person remote hybrid onsite on-site office "
    "anywhere worldwide full-time part-time senior junior lead principal mid staff requirements "
    "responsibilities benefits nice must bonus plus experience strong spring summer autumn "
    "fall winter q1 q2 q3 q4 h1 h2 saas b2b b2c startup startups series"
)
_TRAILING_NOT_PLACE = frozenset({"office", "hq", "headquarters", "campus", "hub", "area"})
_SKILL_CONTEXT = wordset(
    "experience experienced skilled skills degree background expertise expert proficient "
    "proficiency fluent fluency knowledge career interest interested certified certification "
    "certificate qualification qualified trained training written development developing "
    "programming coding code excellent strong hands-on bsc msc phd ba ma major studies "
    "diploma courses specialization specialisation speak speaking communicate communication "
    "conversant years year months proven work worked working"
)
_CUED = re.compile(
    r"\b(?:based|located|situated|offices?|onsite|on-site|hybrid|remote|relocate|relocation"
    r"|hq|headquartered|anywhere|positions?|roles?|jobs?|team)\s+(?:in|from|out\s+of|at|near"
    r"|to)\s+",
    re.IGNORECASE,
)
_BEFORE_OFFICE = re.compile(
    rf"\b(?:our|the|a|an)\s+(?={_WORD}(?:\s+{_WORD}){{0,2}}\s+(?:office|hq|headquarters|campus"
    r"|site|branch|store|clinic|hospital|plant|warehouse)\b)"
)
# "Boston, MA": a city and a two-letter state or province code, wherever it stands.
_CITY_STATE = re.compile(rf"\b{_WORD}(?:\s+{_WORD})?,\s*[A-Z]{{2}}\b")
# Upper-case words that are places; other acronyms ("ICU", "SRE") are not.
_PLACE_ACRONYMS = frozenset({"USA", "UAE", "NYC", "EMEA", "APAC", "DACH", "LATAM", "NZ"})
# What may sit between a title and its place: "Engineer - Remote (EU)", "Engineer, Berlin".
_AFTER_TITLE = re.compile(
    r"\s*(?:[-–—|@,/(]|\bin\b|\bat\b)\s*(?:(?:fully\s+)?(?:remote|hybrid|on-?site)\b\s*[(,/–-]?\s*)?",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_BARE_IN = re.compile(r"\bin\s+", re.IGNORECASE)
_ANYWHERE = re.compile(
    r"\b(?:anywhere|worldwide|global(?:ly)?|no\s+preference|any\s+location|location\s+"
    r"(?:doesn't|does\s+not)\s+matter)\b",
    re.IGNORECASE,
)
_ANSWER_STOPWORDS = wordset(
    "no not and or with also just only any for to is are be we they it need want a an in at on"
)
_OR_REMOTE = re.compile(r"\s+or\s+(?:fully\s+)?remote\b.*$", re.IGNORECASE | re.DOTALL)
_GENDER_MARKER = re.compile(r"\(\s*(?:[mfwdx]\s*/\s*){1,2}[mfwdxi*]\s*\)", re.IGNORECASE)


def _clean(words: list[str]) -> list[str]:
    while words and words[-1].lower().strip(".") in _TRAILING_NOT_PLACE:
        words = words[:-1]
    if words and words[0].lower() == "the":
        words = words[1:]
    return words


def _is_place(words: list[str]) -> bool:
    if not words:
        return False
    taxonomy = get_taxonomy()
    first = words[0].lower().strip(".")
    if len(words) == 1 and len(words[0]) >= 3 and words[0].isupper():
        return words[0] in _PLACE_ACRONYMS
    if first in _NOT_PLACE or any(char.isdigit() for char in "".join(words)):
        return False
    # "San Francisco" is a place although "SAN" is a skill; a lone skill name is not.
    return taxonomy.canonical_skill(" ".join(words)) is None


def place_at(text: str, start: int, end: int | None = None) -> str | None:
    """The place that starts at `start` (after blanks), with a ', Region' tail if it has one."""
    end = len(text) if end is None else end
    match = _PLACE.match(text, start, end)
    while match is None and start < end and text[start] in " \t(":
        start += 1
        match = _PLACE.match(text, start, end)
    if match is None:
        return None
    words = _clean(match.group(0).rstrip(".").split())
    if not _is_place(words):
        return None
    tail = _TAIL.match(text, match.end(), end)
    if tail:
        tail_words = _clean(tail.group(1).split())
        if re.fullmatch(r"(?:[A-Z]\.){1,2}[A-Z]\.?", tail.group(1)):
            initials = tail.group(1) if tail.group(1).endswith(".") else tail.group(1) + "."
            words = [*words[:-1], words[-1] + ",", initials]
        elif _is_place(tail_words) or re.fullmatch(r"[A-Z]{2}", tail.group(1)):
            words = [*words[:-1], words[-1] + ",", *tail_words]
    return " ".join(words)


def accept(candidate: str | None) -> Found | None:
    """The candidate and its place, when the gazetteer says the whole phrase is one."""
    if not candidate:
        return None
    place = lookup(candidate)
    return (candidate, place) if place is not None else None


def _first_place(text: str, start: int, end: int) -> Found | None:
    for match in _PLACE.finditer(text, start, end):
        found = accept(place_at(text, match.start(), end))
        if found:
            return found
    return None


def _scanned(masked: str, start: int, end: int) -> Found | None:
    """The gazetteer's own scan of a stretch of text: the most specific place in it."""
    matches = find_places(masked[start:end])
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.place.kind == "city", len(m.text)))
    return best.text, best.place


def find_location(doc: Document, masked: str, title_end: int | None) -> Found | None:
    """Location in order of confidence: heading, cue words, after the title, bare 'in'."""
    for sentence in doc.sentences:
        if sentence.section == "location":
            found = _first_place(masked, sentence.start, sentence.end) or _scanned(
                masked, sentence.start, sentence.end
            )
            if found:
                return found
    readable = [s for s in doc.sentences if s.section != "company" and s.section not in BOILERPLATE]
    for sentence in readable:
        for cue in (
            *_CUED.finditer(masked, sentence.start, sentence.end),
            *_BEFORE_OFFICE.finditer(masked, sentence.start, sentence.end),
        ):
            found = accept(place_at(masked, cue.end(), sentence.end))
            if found:
                return found
    title_sentence = None
    if title_end is not None:
        title_sentence = next((s for s in doc.sentences if s.start < title_end <= s.end), None)
        if title_sentence is not None:
            sentence_end = title_sentence.end
            rest = _GENDER_MARKER.sub(lambda m: " " * len(m.group(0)), masked[:sentence_end])
            # "Backend Engineer (Python) - Berlin": skip what the title says in brackets.
            while bracket := _BRACKETS.match(rest, title_end):
                title_end = bracket.end()
            after = _AFTER_TITLE.match(rest, title_end)
            if after:
                found = accept(place_at(rest, after.end(), sentence_end))
                if found:
                    return found
    if not doc.has_headings:
        # A chat request lists the place as a clause of its own: "Backend engineer, Berlin".
        for sentence in readable:
            for clause in sentence.clauses:
                found = accept(bare_place(masked[clause.start : clause.end]))
                if found:
                    return found
    for sentence in readable:
        for bare in _BARE_IN.finditer(masked, sentence.start, sentence.end):
            before = masked[sentence.start : bare.start()].split()
            if before and before[-1].lower().strip(",.") in _SKILL_CONTEXT:
                continue
            found = accept(place_at(masked, bare.end(), sentence.end))
            if found:
                return found
    for sentence in readable:
        for match in _CITY_STATE.finditer(masked, sentence.start, sentence.end):
            found = accept(place_at(masked, match.start(), sentence.end))
            if found:
                return found
    # "Boston, MA | Hybrid" on a line of its own, "DevOps Engineer - £55,000 - Manchester".
    first_lines = [s for s in readable if s.line <= 1 or s is title_sentence]
    for sentence in first_lines:
        found = _scanned(masked, sentence.start, sentence.end)
        if found:
            return found
    return None


def says_anywhere(text: str) -> bool:
    return _ANYWHERE.search(text) is not None


def bare_place(text: str, *, fix_case: bool = False) -> str | None:
    """A clause that is only a place ("Berlin", "the EU", "Lisbon or remote"): how answers and
    chat requests give it. `fix_case` accepts "munich" too, which only an answer may risk."""
    text = _OR_REMOTE.sub("", text)
    words = _clean(text.replace("(", " ").replace(")", " ").split())
    if not words or len(words) > 4 or any(not w[:1].isalpha() for w in words):
        return None
    if any(word.lower() in _ANSWER_STOPWORDS for word in words):
        return None  # "no Java", "just remote": a sentence, not a place
    if not fix_case and not all(word[:1].isupper() for word in words):
        return None
    # "eu" and "nyc" are acronyms; "munich" a name.
    fixed = [w if w[:1].isupper() else w.upper() if len(w) <= 3 else w.capitalize() for w in words]
    joined = " ".join(fixed)
    return place_at(joined, 0) if _is_place(fixed) else None
