"""The contract between sub-agents: job spec, qualifications, evaluations.

Every skill returns these types whichever brain produced them (LLM or offline engine), and
says which in `engine` / `degraded`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.geo import Place

Engine = Literal["llm", "offline"]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "principal", "executive"]
EmploymentType = Literal["full_time", "part_time", "contract", "temporary", "internship"]
VerdictValue = Literal["met", "not_met", "unknown"]


WorkMode = Literal["onsite", "hybrid", "remote"]
# What a qualification is about. "legal": a clearance or the right to work, a legal condition
# of the job the recruiter must see as such (never refused as a protected attribute).
QualificationKind = Literal["skill", "years", "credential", "legal"]


class SkillRequirement(BaseModel):
    name: str
    suggested: bool = False  # filled in from O*NET / talent insights, not said by the recruiter


class SkillAlternatives(BaseModel):
    """ "One of Python, Perl or PHP": any one of the skills is enough."""

    any_of: list[str]
    required: bool = True


class SkillYears(BaseModel):
    """ "5+ years of Python": experience with one skill, not the whole career."""

    name: str
    years: float
    required: bool = True


class JobSpec(BaseModel):
    title: str | None = None
    onet_code: str | None = None
    seniority: Seniority | None = None
    location: str | None = None  # as the ad or the recruiter wrote it
    place: Place | None = None  # what the gazetteer says `location` names
    remote: WorkMode | None = None
    work_mode: WorkMode | None = None  # the same as `remote`, under the name sourcing reads
    must_have_skills: list[SkillRequirement] = Field(default_factory=list)
    nice_to_have_skills: list[SkillRequirement] = Field(default_factory=list)
    min_years_experience: float | None = None
    employment_type: EmploymentType | None = None
    adjacent_titles: list[str] = Field(default_factory=list)  # suggestions from O*NET
    exclusions: list[str] = Field(default_factory=list)  # terms the recruiter ruled out
    # OR-groups, kept out of the two skill lists (each entry there is one skill on its own).
    skill_alternatives: list[SkillAlternatives] = Field(default_factory=list)
    skill_years: list[SkillYears] = Field(default_factory=list)


class ClarifyingQuestion(BaseModel):
    field: Literal["title", "location", "seniority"]
    question: str


class Qualification(BaseModel):
    id: str  # stable within a qualification set, e.g. "q1"
    text: str  # "5+ years of Python"
    required: bool = True
    weight: float = 1.0  # a starred qualification weighs more
    starred: bool = False
    evidence_hint: str = ""  # how it would show in a profile
    suggested: bool = False  # reused from a past project or derived, not typed by the recruiter
    # Alternatives, any one of which meets it ("one of Python, Perl or PHP"); the text says
    # so too ("or", "one of"), which is what the evaluation reads.
    any_of: list[str] = Field(default_factory=list)
    kind: QualificationKind | None = None


class RefusedQualification(BaseModel):
    text: str
    reason: str  # which protected attribute it targets or proxies, in plain words
    rewrite: str | None = None  # a neutral, job-related rewrite when one exists


class IntakeResult(BaseModel):
    spec: JobSpec
    questions: list[ClarifyingQuestion] = Field(default_factory=list)
    qualifications: list[Qualification] = Field(default_factory=list)
    refused: list[RefusedQualification] = Field(default_factory=list)
    engine: Engine = "offline"
    degraded: bool = False  # the LLM failed and the offline engine answered


class Evidence(BaseModel):
    quote: str  # verbatim from the candidate's stored text
    section: str  # the section kind/heading it came from


class QualificationVerdict(BaseModel):
    qualification_id: str
    verdict: VerdictValue
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    explanation: str = ""


class CandidateEvaluation(BaseModel):
    verdicts: list[QualificationVerdict]
    required_met: int
    required_total: int
    nice_met: int
    nice_total: int
    score: float  # for ranking only; nobody is rejected by it
    engine: Engine = "offline"
    degraded: bool = False

    @property
    def recap(self) -> str:
        return (
            f"{self.required_met}/{self.required_total} required, "
            f"{self.nice_met}/{self.nice_total} nice-to-have"
        )
