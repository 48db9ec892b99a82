"""Where the candidate is, read with the gazetteer (`app.geo`).

In order of trust:
1. a labelled line ("Residence:", "Location:", "Address:", "City:", "Based in", "Lives in")
   in the header or in personal details, never inside a job (there "Location:" is the job's);
2. the header: a "City, Country" / "Country, City" / "City, ST" segment or a bare city line
   under the name;
3. a labelled line in a personal-details block run into other text (the public corpus'
   export puts "PERSONAL DETAIL / DOB: ... / Location: Pune, India" in a job's description):
   only beside a personal cue (date of birth, marital status, a personal-details heading);
   a line opening with an address label anywhere (a job has no address), or with a label
   only a person's own place follows ("Current Location:", "Hometown:", "Native place:");
   a "Place:" under the closing declaration ("I hereby declare ... Place: Chennai") or
   beside its "Date:" where the export dropped the declaration;
4. nothing else: a job's city, even the current one's, is the employer's office and says
   nothing of where the person lives, so it is never taken for the person's place.

A street address is personal contact data: only the place it names is kept for display
("Pune, India"), never the street. Single words that are places and also tools or plain
words ("Java", "Spring", "Mobile", "Nice") only count after a label or with a qualifier
(see `places.place_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.candidates.parsing.addresses import AddressPlace, looks_like_address, place_in_address
from app.candidates.parsing.places import place_of, unqualified_ok
from app.candidates.profile import Section, WorkItem
from app.geo import Place, PlaceMatch

_HEAD_LINES = 8
_MAX_HEAD_LINE = 120  # longer lines are prose
_MAX_ADDRESS_LINE = 200
_LABELLED = (
    r"(?P<label>(?:place[ \t]+of[ \t]+)?residence|location|current[ \t]+location"
    r"|present[ \t]+location|address"
    r"|(?:current|permanent|home|residential|correspondence|postal|mailing|present|local)"
    r"[ \t]+address|native[ \t]+place|current[ \t]+city|city|place|based[ \t]+in"
    r"|lives[ \t]+in|living[ \t]+in|located[ \t]+in|hometown|country(?:[ \t]+of[ \t]+residence)?"
    r"|wohnort|adresse|ort)\b[ \t]*(?:[:\-–][ \t]*|[ \t]+(?=(?-i:[A-Z])))(?P<value>[^\n|•]{2,120})"
)
LABEL = re.compile(rf"^[ \t•*-]*{_LABELLED}", re.IGNORECASE | re.MULTILINE)
# After a personal-details heading on its own line ("PERSONAL DOSSIER Permanent Address: ..."),
# and only with a colon: "in place of" is no label.
_INLINE_LABEL = re.compile(
    _LABELLED.replace(r"(?:[:\-–][ \t]*|[ \t]+(?=(?-i:[A-Z])))", r"[:\-–][ \t]*"), re.IGNORECASE
)
# What marks personal details where the public corpus' export ran them into a job's text.
_PERSONAL_CUE = re.compile(
    r"\bpersonal[ \t]+(?:details?|dossier|information|info|profile|data|particulars)\b"
    r"|\bdate[ \t]+of[ \t]+birth\b|\bd\.?o\.?b\b|\bmarital[ \t]+status\b|\bnationality\b",
    re.IGNORECASE,
)
_PERSONAL_WINDOW = (6, 8)  # lines before and after a cue that belong to the same block
# A corpus heading glued to the end of a value ("Mumbai 400 050Education Details").
_GLUED_HEADING = re.compile(r"(?:Education|Skill|Company)[ \t]+Details[ \t]*$")
_DATED_ENTRY = re.compile(r"[ \t•*-]*(?:[A-Z][a-z]{2,8}\.?[ \t]+)?(?:19|20)\d\d\b")
_SEGMENT_SPLIT = re.compile(r"[ \t]*[|•·;\t][ \t]*|[ \t]{3,}")
_POSTCODE = re.compile(r"[ \t]*(?:\b\d{5}(?:-\d{4})?\b|\b\d{6}\b|\b\d{3}[ \t]\d{3}\b)[ \t]*")
_INSTITUTION = re.compile(
    r"\b(?:universit\w*|college|institute|school|academy|polytechnic)\b", re.IGNORECASE
)
# Degrees and school boards, as the corpus and Indian CVs write them.
_DEGREE = re.compile(
    r"\b(?:bachelor|master|diploma|degree|b\.?\s?e|b\.?\s?tech|m\.?\s?tech|b\.?\s?sc|m\.?\s?sc"
    r"|b\.?\s?com|m\.?\s?com|mba|bca|mca|ssc|hsc|engineering|board|ph\.?\s?d)\b\.?",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(
    r"\b(?:pvt|private|ltd|limited|inc|llc|gmbh|corporation|corp|technologies|solutions"
    r"|infotech|software|consultancy|services|hospital|bank)\b\.?",
    re.IGNORECASE,
)
# Labels that only ever say where the person is, so they count wherever the export put them
# (a job has a "Location:", never a "Current Location:" or a "Native place:").
_PERSONAL_ONLY = re.compile(
    r"^[ \t•*-]*(?P<label>(?:place[ \t]+of[ \t]+)?residence|current[ \t]+location"
    r"|present[ \t]+location|current[ \t]+city|native[ \t]+place|home[ \t]?town"
    r"|lives[ \t]+in|living[ \t]+in|wohnort)\b[ \t]*(?:[:\-–][ \t]*|[ \t]+(?=(?-i:[A-Z])))"
    r"(?P<value>[^\n|•]{2,120})",
    re.IGNORECASE | re.MULTILINE,
)
# The signature block that closes many CVs ("Place: Pune" beside "Date: ..."), also where
# the export dropped the declaration above it.
_PLACE_LINE = re.compile(
    r"^[ \t•*-]*place[ \t]*[:\-–][ \t]*(?P<value>[^\n|•]{2,60})", re.IGNORECASE | re.MULTILINE
)
_INLINE_ADDRESS = re.compile(
    r"(?:(?<![\w@])|(?<=[a-z.]))(?:(?:permanent|current|present|residential|home|postal"
    r"|correspondence|communication|contact|local|mailing)[ \t]+)?address"
    r"[ \t]*(?::-?|：|[ \t]-[ \t]|-[ \t])[ \t]*(?P<value>[^\n|•]{0,300})",
    re.IGNORECASE,
)
# Labels that only ever say where the person is, run into other text, with their colon.
_INLINE_PERSONAL = re.compile(
    r"(?<![\w@])(?P<label>(?:place[ \t]+of[ \t]+)?residence|current[ \t]+location"
    r"|present[ \t]+location|current[ \t]+city|native[ \t]+place|home[ \t]?town)"
    r"[ \t]*(?::-?|：|[ \t]-[ \t])[ \t]*(?P<value>[^\n|•]{2,120})",
    re.IGNORECASE,
)
_INLINE_PLACE = re.compile(
    r"(?<![\w@])place[ \t]*(?::-?|：|[ \t]-[ \t])[ \t]*(?P<value>[^\n|•]{2,80})", re.IGNORECASE
)
_DECLARATION_CHARS = 600
_OTHER_ADDRESSES = frozenset(
    {"office", "company", "email", "e-mail", "mail", "ip", "mac", "web", "site", "billing"}
    | {"shipping", "registered", "business", "work", "client", "branch", "factory", "plant"}
)
# A person's address label at the start of a line; the value on the line, or (label alone,
# a "PERMANENT ADDRESS" heading) on the lines under it.
_ADDRESS_LINE = re.compile(
    r"^[ \t•*-]*(?P<label>(?:(?:permanent|current|present|residential|home|postal|mailing"
    r"|correspondence|communication|contact|local)[ \t]+)?address(?:[ \t]+for[ \t]+"
    r"(?:communication|correspondence))?|add\.?(?=[ \t]*[:\-–])|(?:resides|residing|staying"
    r"|lives|living)[ \t]+(?:at|in)|resident[ \t]+of)(?:\b|(?<=\.))[ \t]*(?P<sep>[:\-–]+|\t)?[ \t]*"
    r"(?P<value>[^\n|•]*)",
    re.IGNORECASE | re.MULTILINE,
)
_ADDRESS_BLOCK_LINES = 4
_PHONE = re.compile(r"\+\d|\(\d{3}\)|\d{5}[ \t]?\d{5}|\d{3}[-.]\d{3}[-.]\d{4}")
# Without a colon, a value reads as an address only when it is written as one.
_UNSEPARATED_OK = re.compile(r"(?-i:[A-Z0-9])[^\n]*(?:,|\d)")
_OTHER_LABEL = re.compile(r"^[ \t•*-]*[A-Za-z][\w .'/&()-]{1,30}[ \t]*[:：]")
_DATE_LABEL = re.compile(r"\bdate\b[ \t]*(?:[:\-–]|$)", re.IGNORECASE | re.MULTILINE)
# A value run on into the next label on its line ("Pune    Date: 12/03/2019").
_TRAILING_LABEL = re.compile(r"[ \t]+(?:date|dob|d\.o\.b|phone|mobile|e-?mail)\b.*$", re.I)
_DECLARATION = re.compile(r"(?:\bdeclaration\b|\bi[ \t]+hereby[ \t]+declare\b)", re.I)
_DECLARATION_LINES = 6
_PERSONAL_HEADINGS = ("personal", "contact", "address")
_DISPLAY_MAX = 60
_MAX_VALUE = 200
# The next label on a line: one to three words, the first capitalised, then a colon (" - "
# would be "Pune - 411041").
_NEXT_LABEL = re.compile(
    r"(?:(?<=[\s,;.)])|(?<=[a-z0-9]))(?P<label>(?-i:[A-Z])[\w'’./&]*(?:[ \t]+[\w'’./&]+){0,2})"
    r"[ \t]*[:：]"
)
# Labels written inside an address: they do not end it.
_INNER_LABELS = frozenset(
    {"c/o", "c/0", "co", "at", "post", "po", "p.o", "at/post", "at/po", "dist", "distt"}
    | {"district", "tal", "taluka", "tehsil", "pin", "pincode", "zip", "postcode", "flat"}
    | {"plot", "h.no", "house", "room", "village", "vill", "near", "opp", "sector", "block"}
    | {"road", "street", "city", "state", "country", "landmark", "door", "survey"}
)
# A heading the export glued to a value ("400 050Education Details", "Pune.Personal").
_GLUED_ANY = re.compile(
    r"(?<=[a-z0-9.)])(?=(?:Education|Skills?|Company|Experience|Personal|Declaration|Hobbies"
    r"|Languages?|Strengths?|Projects?|Interests)\b)"
)
_ENTRY_LINES = 2  # lines after a dated entry's first that still belong to it
_ROLE_LINE_WORDS = 6
_ROLE_LINE_LABEL = re.compile(
    r"[ \t•*-]*(?:project|client|description|role|responsib|duration|team|environment)", re.I
)


@dataclass(frozen=True)
class FoundLocation:
    display: str  # as the CV writes it, or the gazetteer's label for an address
    place: Place | None
    start: int  # where the written text sits in the searched text (for skill masking)
    end: int


def _best(matches: list[PlaceMatch]) -> PlaceMatch | None:
    """The most specific mention, the last one first (addresses end with the city)."""
    usable = [m for m in matches if "," in m.text or unqualified_ok(m.text)]
    for kind in ("city", "region", "country"):
        of_kind = [m for m in usable if m.place.kind == kind]
        if of_kind:
            return of_kind[-1]
    return None


def _cut_value(value: str) -> str:
    """A labelled value without what the line runs on into: the next label ("Pune Date: ...",
    "... 440022 Mobile: 98220", "Languages Known: ..."), a heading the export glued on
    ("Navi Mumbai-410210Education Details"); labels inside an address ("PIN Code:", "C/O:",
    "Dist:") are kept."""
    value = _TRAILING_LABEL.sub("", _GLUED_HEADING.sub("", value))
    glued = _GLUED_ANY.search(value)
    if glued is not None:
        value = value[: glued.start()]
    for m in _NEXT_LABEL.finditer(value):
        if m.start() > 0 and m.group("label").split()[0].lower().strip(".") not in _INNER_LABELS:
            value = value[: m.start()]
            break
    return value[:_MAX_VALUE].strip(" .,;:-–")


def _display(found: AddressPlace) -> str:
    """The place as the CV writes it ("Bangalore", not GeoNames' "Bengaluru"), with the
    region or country the gazetteer adds: never the street around it."""
    written = found.written.title() if found.written.isupper() else found.written
    place = found.place
    tail = [p for p in (place.region, place.country) if p and p.lower() not in written.lower()]
    return ", ".join([written, *tail])


def _in_address(value: str, offset: int) -> FoundLocation | None:
    """The place inside an address, unless the address is a school's or an employer's."""
    if _INSTITUTION.search(value) or _EMPLOYER.search(value):
        return None
    found = place_in_address(value)
    if found is None:
        return None
    return FoundLocation(_display(found), found.place, offset + found.start, offset + found.end)


def _from_value(value: str, offset: int, *, address: bool) -> FoundLocation | None:
    """A labelled value: a place as a whole ("Nice", "Pune, India"), a place inside an
    address, or (no place known, and not an address: a street is contact data) the value
    itself when short ("Remote (EU time zones)")."""
    value = _cut_value(value)
    bare = _POSTCODE.sub(" ", value).strip(" ,-")
    place = None if address else place_of(bare, labelled=True)
    if place is not None:
        return FoundLocation(value, place, offset, offset + len(value))
    found = _in_address(value, offset)
    if found is not None:
        return found
    if not address and len(value) <= _DISPLAY_MAX and not any(ch.isdigit() for ch in value):
        return FoundLocation(value, None, offset, offset + len(value))
    return None


def _labelled(text: str, offset: int) -> FoundLocation | None:
    for m in LABEL.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        address = "addr" in m.group("label").lower()
        # A street address runs long ("Current Address:- Mr. X, C/O: Y, Flat# G2-702, ...,
        # Pune - 411028"); any other label on a long line is inside a sentence ("...
        # location: Goregaon (Client - SUN Pharma) ...").
        longest = _MAX_ADDRESS_LINE if address else _MAX_HEAD_LINE
        if (line_end if line_end >= 0 else len(text)) - line_start > longest:
            continue
        found = _from_value(m.group("value"), offset + m.start("value"), address=address)
        if found is not None:
            return found
    return None


def _personal_block(text: str) -> FoundLocation | None:
    """A labelled place in personal details anywhere in the text: the public corpus' export
    runs them into the last job's description ("PERSONAL DETAIL\nDOB: ...\nLocation: Pune,
    India"), where a "Location:" alone would be the job's. Only lines near a cue count."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for k, line in enumerate(lines):
        cue = _PERSONAL_CUE.search(line)
        if cue is None:
            continue
        for m in _INLINE_LABEL.finditer(line, cue.end()):
            address = "addr" in m.group("label").lower()
            found = _from_value(m.group("value"), starts[k] + m.start("value"), address=address)
            if found is not None:
                return found
        first = max(0, k - _PERSONAL_WINDOW[0])
        last = min(len(lines), k + _PERSONAL_WINDOW[1] + 1)
        found = _labelled(text[starts[first] : starts[last]], starts[first])
        if found is not None:
            return found
    return None


def _address_anywhere(text: str) -> FoundLocation | None:
    """A line that opens with a person's address label ("Address: Jijayi Heights, ...,
    Pune- 411041", "Add.: Plot 7, Nagpur", "Resides at Whitefield, Bangalore"), or such a
    label alone on its line with the address on the lines under it, wherever the export
    put it: a job has a location, never an address of its own (an "Office Address" does not
    open with the label)."""
    for m in _ADDRESS_LINE.finditer(text):
        value, at = m.group("value"), m.start("value")
        if not value.strip(" \t:-–"):
            value, at = _lines_under(text, m.end())
            if m.group("sep") is None and m.group("label").lower().startswith(("add", "resid")):
                continue  # "Address" or "Add" alone and no colon: a heading, or a verb
        elif m.group("sep") is None and not _UNSEPARATED_OK.match(value):
            continue  # "Address customer grievances": the verb
        line_end = text.find("\n", m.end())
        long_line = (line_end if line_end >= 0 else len(text)) - m.start() > _MAX_ADDRESS_LINE
        if long_line and m.group("sep") is None:
            continue  # without its colon, a long line is a sentence
        if m.group("value").strip(" \t:-–"):
            found = _address_value(text, at, m.end("value"))
        else:
            found = _from_value(value, at, address=True)
        if found is not None and found.place is not None:
            return found
    return None


def _lines_under(text: str, at: int) -> tuple[str, int]:
    """The address under a label on its own line: the next lines up to a blank line, another
    label or a heading, joined as one address (offsets kept: newlines count as commas)."""
    start = at + 1 if text[at : at + 1] == "\n" else at
    end = start
    for _ in range(_ADDRESS_BLOCK_LINES):
        line_end = text.find("\n", end)
        line = text[end : len(text) if line_end < 0 else line_end]
        if not line.strip() or _OTHER_LABEL.match(line) or len(line) > _MAX_HEAD_LINE:
            break
        end = len(text) if line_end < 0 else line_end + 1
    return text[start:end].rstrip("\n"), start


def _address_inline(text: str) -> FoundLocation | None:
    """A person's address label run into other text ("... Exceed 4000 etc. Permanent
    Address: Bandra West, Mumbai 400 050"), with its colon: an office's, a company's or an
    e-mail / IP address is not the person's."""
    for m in _INLINE_ADDRESS.finditer(text):
        if not m.group(0)[0].isupper():
            continue  # "the client's address: change requests": prose, not a label
        before = text[max(0, m.start() - 20) : m.start()].split()
        if before and before[-1].lower().strip(".,:;()") in _OTHER_ADDRESSES:
            continue
        found = _address_value(text, m.start("value"), m.end("value"))
        if found is not None:
            return found
    return None


def _address_value(text: str, start: int, end: int) -> FoundLocation | None:
    """The place in an address value; where it names no town on its line, the address may
    wrap onto the next one (a PDF's line ends: "Permanent Address: Bandra" / "West, Mumbai
    400 050")."""
    found = _from_value(text[start:end], start, address=True)
    if found is not None and found.place is not None and found.place.kind == "city":
        return found
    if end < len(text) and text[end] == "\n":
        next_end = text.find("\n", end + 1)
        wrapped = text[end + 1 : len(text) if next_end < 0 else next_end]
        if wrapped.strip() and len(wrapped) <= _MAX_HEAD_LINE and not _OTHER_LABEL.match(wrapped):
            # The newline stands for the space it replaced; offsets stay those of the text.
            joined = _from_value(text[start:end] + " " + wrapped, start, address=True)
            if joined is not None and joined.place is not None:
                return joined
    return found if found is not None and found.place is not None else None


def _declaration(text: str) -> FoundLocation | None:
    """The "Place: Chennai" under the closing declaration ("I hereby declare that ... Place:
    Chennai  Date: ..."), where Indian CVs state where the person signs from: only in the few
    lines after the declaration, since elsewhere "Place:" is a project's."""
    for cue in _DECLARATION.finditer(text):
        window_end = cue.end()
        for _ in range(_DECLARATION_LINES):
            next_end = text.find("\n", window_end + 1)
            window_end = len(text) if next_end < 0 else next_end
        window_end = min(window_end, cue.end() + _DECLARATION_CHARS)
        found = _labelled(text[cue.start() : window_end], cue.start())
        if found is not None and found.place is not None:
            return found
        # The export runs the declaration and its signature into one line ("DECLARATION: I
        # hereby declare ... Place: Nashik Date: / / Name:").
        for m in _INLINE_PLACE.finditer(text, cue.end(), window_end):
            found = _from_value(m.group("value"), m.start("value"), address=False)
            if found is not None and found.place is not None:
                return found
    return None


def _personal_label(text: str) -> FoundLocation | None:
    """A label that only a person's own place follows ("Current Location: Pune"), anywhere."""
    for m in _PERSONAL_ONLY.finditer(text):
        line_end = text.find("\n", m.end())
        if (line_end if line_end >= 0 else len(text)) - m.start() > _MAX_HEAD_LINE:
            continue
        found = _from_value(m.group("value"), m.start("value"), address=False)
        if found is not None and found.place is not None:
            return found
    for m in _INLINE_PERSONAL.finditer(text):  # "• Team player • Residence: Thane West"
        if not m.group("label")[0].isupper():
            continue
        found = _from_value(m.group("value"), m.start("value"), address=False)
        if found is not None and found.place is not None:
            return found
    return None


def _signature(text: str) -> FoundLocation | None:
    """ "Place: Pune" with a "Date:" on its own line or the next: where the person signs."""
    for m in _PLACE_LINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        after = text.find("\n", m.end() + 1)
        window = text[before : len(text) if after < 0 else after]
        if _DATE_LABEL.search(window) is None:
            continue
        found = _from_value(m.group("value"), m.start("value"), address=False)
        if found is not None and found.place is not None:
            return found
    return None


def _schooling(lines: list[str], k: int) -> bool:
    """Whether line `k` belongs to an education entry: it, or the line above or below it (a
    narrow column wraps "Nashik, Maharashtra S. M. E. S." / "Polytechnic College"), names a
    school or a degree."""
    near = [lines[j] for j in (k - 1, k, k + 1) if 0 <= j < len(lines)]
    return any(_INSTITUTION.search(line) or _DEGREE.search(line) for line in near)


def _from_header(lead: str, offset: int) -> FoundLocation | None:
    position = offset
    seen = 0
    previous: list[str] = []
    lines = lead.split("\n")
    filled = [line for line in lines if line.strip()]
    for line in lines:
        line_at = position
        position += len(line) + 1
        if not line.strip():
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        # A narrow column wraps an entry over lines ("June 2006 to May 2007 B.E" /
        # "Computer Engineering Navi" / "Mumbai, Maharashtra Ryan"): two lines count, and
        # the dated line itself ("January 2006 SSC   Maharashtra").
        dated_entry = any(
            _DATED_ENTRY.match(p) is not None for p in [*previous[-_ENTRY_LINES:], line]
        )
        previous.append(line)
        if len(line) > _MAX_HEAD_LINE or dated_entry or _schooling(filled, seen - 1):
            # Under "January 2011 Diploma Thergaon" a "Pune, Maharashtra" is the school's:
            # a line opening with a date starts an entry (a course, a job), not the header;
            # so is a line naming a school ("Chandigarh, Chandigarh Panjab University").
            continue
        cursor = 0
        for piece in _SEGMENT_SPLIT.split(line):
            at = line.find(piece, cursor)
            cursor = at + len(piece)
            segment = piece.strip(" .;")
            if not segment or "@" in segment or "/" in segment:
                continue
            bare = _POSTCODE.sub(" ", segment).strip(" ,-")
            place = place_of(bare)
            start = line_at + at + piece.find(segment)
            if place is not None:
                return FoundLocation(segment, place, start, start + len(segment))
            if looks_like_address(segment) and _PHONE.search(segment) is None:
                # "B-12, Lajpat Nagar, New Delhi 110024" under the name: the place, not the
                # street.
                found = _in_address(segment, start)
                if found is not None:
                    return found
    return None


def find_location(
    lead: str,
    sections: list[Section],
    work: list[WorkItem],
    lead_at: int = 0,
    personal: str | None = None,
) -> FoundLocation | None:
    """The candidate's location; offsets point into the raw text (which the sections tile,
    `lead` starting at `lead_at`) where it was written, else -1. `personal`: the raw text,
    to look for personal details outside the lead and personal sections (after the header,
    before the jobs)."""
    found = _labelled(lead, lead_at)
    if found is not None:
        return found
    for section in sections:
        heading = section.heading.lower()
        if section.kind == "other" and heading.startswith(_PERSONAL_HEADINGS):
            found = _labelled(section.text, section.start)
            if found is not None:
                return found
    found = _from_header(lead, lead_at)
    if found is not None:
        return found
    if personal is not None:
        found = (
            _personal_block(personal)
            or _personal_label(personal)
            or _address_anywhere(personal)
            or _address_inline(personal)
            or _declaration(personal)
            or _signature(personal)
        )
        if found is not None:
            return found
    # Nothing stated: no location. The city of a job, even the current one, is the
    # employer's office, not where the person says they live (the issue: "from a
    # gazetteer, not a guess"); a recruiter still sees it in the job line.
    return None
