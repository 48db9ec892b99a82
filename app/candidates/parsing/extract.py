"""`extract_profile`: one `RawRecord` (from any reader, or the synthesizer) -> `ParsedProfile`.

Structured fields win over what the text suggests, because a person or a system wrote them
on purpose; the text fills in whatever the fields leave out. Everything that quotes text
(sections, skill matches) points into `raw_text`, which is the record's cleaned text, or a
rendering of its fields when it came without text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.education import education_from_fields, education_from_sections
from app.candidates.parsing.header import guess_headline, guess_name
from app.candidates.parsing.history import (
    CORPUS_TITLE_BLOCK,
    corpus_company_fields,
    work_from_fields,
    work_from_text,
)
from app.candidates.parsing.identifiers import find_identifiers
from app.candidates.parsing.lead import find_lead
from app.candidates.parsing.location import find_location
from app.candidates.parsing.places import place_of
from app.candidates.parsing.render import render_profile_text
from app.candidates.parsing.roles import title_evidence
from app.candidates.parsing.sections import HEADING_WORDS, split_sections
from app.candidates.parsing.skill_table import table_skills
from app.candidates.parsing.skills import collect_skills, field_skill_names
from app.candidates.parsing.titles import clean_title
from app.candidates.parsing.years import years_of_experience
from app.candidates.profile import ParsedProfile, RawRecord, Section, WorkItem
from app.taxonomy import get_taxonomy

# Below this the taxonomy's best guess is as often wrong as right on the public corpus
# ("Data Science Assurance Associate" -> Data Entry Keyers at 0.64, "SAP Consultant" -> Sap
# Gatherer at 0.74), so such titles stay unmapped: no code beats a wrong one for search.
MIN_TITLE_SCORE = 0.75
_MIN_SKIPPED, _MAX_SKIPPED = 3, 60


def _field(fields: Mapping[str, object], key: str) -> str | None:
    value = fields.get(key)
    if isinstance(value, str):
        return clean_text(" ".join(value.split())) or None
    return None


def _normalize_titles(work: list[WorkItem]) -> None:
    taxonomy = get_taxonomy()
    for item in work:
        if not item.title:
            continue
        match = taxonomy.normalize_title(item.title)
        if match is not None and match.score >= MIN_TITLE_SCORE:
            item.onet_code = match.code
            item.normalized_title = match.occupation_title


def _current_title(work: list[WorkItem]) -> str | None:
    """The title of the current job ("present"), else of the first listed (resumes list the
    latest first); only a title with a job word or an O*NET match, so a stray header line
    ("Freelance", a company) does not become the headline."""
    titled = [w for w in work if w.title and title_evidence(w.title)]
    current = next((w for w in titled if w.end == "present"), titled[0] if titled else None)
    return current.title if current else None


def _spans_of(text: str, values: tuple[str | None, ...]) -> list[tuple[int, int]]:
    """Where each value first occurs in `text`, ignoring case."""
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for value in values:
        at = lowered.find(value.lower()) if value else -1
        if value and at >= 0:
            spans.append((at, at + len(value)))
    return spans


def _company_spans(text: str, values: set[str]) -> list[tuple[int, int]]:
    """Where each employer's name is written: every occurrence of a name of several words
    ("Inetsoft Solution" is a name wherever it stands), only the first of a one-word name
    ("Oracle" on the job line, not in "tuned Oracle databases"). Only values of a name's
    length: a misread "company" holding a whole stack would hide real skills."""
    spans: list[tuple[int, int]] = []
    for value in values:
        if not _MIN_SKIPPED <= len(value) <= _MAX_SKIPPED:
            continue
        at = text.find(value)
        while at >= 0:
            spans.append((at, at + len(value)))
            at = text.find(value, at + len(value)) if " " in value.strip() else -1
    return spans


def extract_profile(record: RawRecord, *, today: date | None = None) -> ParsedProfile:
    """Parse one record; never raises on odd field types (they are ignored).

    `today` resolves "Present" in date ranges (default: the current date); pass it to make
    years of experience reproducible.
    """
    today = today or date.today()
    fields = record.fields
    raw_text = clean_text(record.text or "") or render_profile_text(fields)
    sections = split_sections(raw_text)
    leads: list[Section] = []
    if record.text:
        sections, leads = find_lead(raw_text, sections)

    work = work_from_fields(fields.get("experience")) or work_from_text(raw_text, sections)
    _normalize_titles(work)

    # Name, headline and location are only guessed from the lead: the text above the first
    # heading, where resumes put them, or the block a two-column layout moved below the
    # sidebar (`find_lead`). Elsewhere a "Location:" is a job's, not the person's.
    lead = leads[0].text if leads else ""
    lead_at = leads[0].start if leads else 0
    name = _field(fields, "name") or guess_name(lead, HEADING_WORDS)
    headline = _field(fields, "headline") or _current_title(work)
    if headline is None and record.text:
        block = CORPUS_TITLE_BLOCK.search(raw_text)
        # The corpus' "wanted title" line when no job carried a title.
        headline = clean_title(block.group("wanted")) if block else None
        headline = headline or guess_headline(lead, name)
    location = _field(fields, "location")
    place = place_of(location, labelled=True) if location else None
    found = None
    if not location and record.text:
        # The rest of the header, where a layout split it off, is read before the jobs.
        for part in leads[1:]:
            found = found or find_location(part.text, sections, [], part.start)
        if found is None:
            found = find_location(lead, sections, work, lead_at, personal=raw_text)
    if found is not None:
        location, place = found.display, found.place
    # The person's name and written location are not skills ("JANE DOE" is not DOE, "San
    # Francisco" not a SAN).
    skip = [(lead_at + a, lead_at + b) for a, b in _spans_of(lead, (name,))]
    if found is not None and found.start >= 0:
        skip.append((found.start, found.end))
    # An employer's name is no skill claim ("company - Inetsoft solution", "MIS Generation
    # of Tata Sky"), nor is the export's company field where it named none ("company - Tata
    # motors, adani, ... jet airways.").
    employers = {w.company for w in work if w.company} | corpus_company_fields(raw_text)
    skip += _company_spans(raw_text, employers)

    years, years_source = years_of_experience(fields.get("years_experience"), raw_text, work, today)
    education = education_from_fields(fields.get("education")) or education_from_sections(sections)
    return ParsedProfile(
        name=name,
        headline=headline,
        location=location,
        place=place,
        years_experience=years,
        years_source=years_source,
        category=_field(fields, "category"),
        work_history=work,
        education=education,
        skills=collect_skills(
            field_skill_names(fields.get("skills")) + table_skills(raw_text),
            raw_text,
            skip,
        ),
        sections=sections,
        identifiers=find_identifiers(raw_text, fields),
        raw_text=raw_text,
    )
