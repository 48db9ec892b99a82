"""The structured profile every import path produces (CSV, JSONL, PDF, DOCX, TXT, synth).

Personal identifiers live in `Identifiers`, apart from everything else, so that scoring code
can be handed a profile with them withheld. `sections` point into `raw_text` by character
offsets so that later evidence quotes can name the section they came from.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.geo import Place

SECTION_KINDS = (
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "certifications",
    "other",
)


class Identifiers(BaseModel):
    """Personal identifiers, never shown to the evaluator."""

    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)


class WorkItem(BaseModel):
    title: str | None = None
    company: str | None = None
    start: str | None = None  # as written ("Jan 2018"), or ISO "2018-01" when known
    end: str | None = None  # "present" for current roles
    location: str | None = None  # where the job was, as written ("Berlin", "Pune, India")
    description: str | None = None
    onet_code: str | None = None  # O*NET-SOC code the title normalized to
    normalized_title: str | None = None  # the O*NET occupation title


class EducationItem(BaseModel):
    degree: str | None = None
    institution: str | None = None
    year: str | None = None
    text: str = ""


class SkillItem(BaseModel):
    name: str  # canonical name from the taxonomy, or the raw name when unknown
    raw: str  # as written in the resume
    known: bool = False  # found in the O*NET technology-skill taxonomy
    hot: bool = False
    in_demand: bool = False


class Section(BaseModel):
    kind: str  # one of SECTION_KINDS
    heading: str
    text: str  # == raw_text[start:end]
    start: int
    end: int


class ParsedProfile(BaseModel):
    name: str | None = None
    headline: str | None = None
    location: str | None = None  # as displayed; `place` is the gazetteer's reading of it
    place: Place | None = None
    years_experience: float | None = None
    # Where the figure came from: "history" (union of dated roles), "phrase" ("5+ years of
    # experience"), "field" (a structured source field).
    years_source: str | None = None
    category: str | None = None  # a label the source gave (e.g. the CSV "Category")
    work_history: list[WorkItem] = Field(default_factory=list)
    education: list[EducationItem] = Field(default_factory=list)
    skills: list[SkillItem] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    identifiers: Identifiers = Field(default_factory=Identifiers)
    raw_text: str = ""


class RawRecord(BaseModel):
    """One profile as a reader found it, before extraction.

    `source` says where it came from: a file name, or `file.csv#row=12` / `file.jsonl#line=3`.
    Either `text` (free resume text) or `fields` (structured profile keys) or both are set.
    """

    source: str
    text: str | None = None
    fields: dict[str, object] = Field(default_factory=dict)
    # Characters of text a reader of the document cannot see (white on white, hidden
    # formatting, tiny or off-page text), by kind: dropped by the reader, kept here to report.
    hidden_text: dict[str, int] = Field(default_factory=dict)


class ReadError(BaseModel):
    """A file (or row) that could not be read, with a message a person can act on."""

    file: str
    error: str
