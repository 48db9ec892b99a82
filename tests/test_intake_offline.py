"""Unit tests for the offline intake skill: requests and pasted job descriptions to a JobSpec,
clarifying questions, answer merging, O*NET suggestions, qualifications and refusals."""

from __future__ import annotations

from agents.intake import intake_offline
from agents.schemas import IntakeResult, JobSpec, Qualification, SkillRequirement

EXAMPLE = (
    "Find me a senior Python backend engineer in Berlin, 5+ years, Django and PostgreSQL a "
    "must, Kubernetes nice to have, full-time"
)

JOB_DESCRIPTION = """\
Senior Backend Engineer (m/f/d) – Berlin

About us
Acme Pay is a fintech with 120 people building payment infrastructure for small businesses
across Europe. We are backed by leading investors and grew 3x last year.

Location: Berlin, Germany (hybrid, 2 days a week in the office)

Your tasks
- Design, build and operate the services behind our payments API
- Own features end to end, from design docs to monitoring in production
- Improve the reliability and performance of our event pipeline built on Kafka
- Mentor other engineers and take part in code reviews and on-call rotations
- Work with product managers to shape the roadmap of the merchant platform
- Keep our services secure and compliant with PCI DSS, together with the security team

Requirements
- 5+ years of professional software development experience
- Strong Python and Django
- Solid PostgreSQL knowledge, including query tuning
- Experience with Docker and Linux
- Fluent English; German at B2 or above
- Valid EU work permit
- A native German speaker

Nice to have
- Kubernetes, Terraform
- Experience with Go is a plus
- AWS certification

What we offer
- Permanent contract, full-time, 30 days of vacation
- Attractive salary and a meaningful equity package
- Learning budget of 2,000 EUR per year and a new laptop of your choice
- Public transport ticket, gym membership and team offsites twice a year
- Parental leave top-up and a Women in Tech mentoring network

Acme Pay is an equal opportunity employer. We welcome applicants regardless of age, gender,
religion, ethnicity, disability or sexual orientation.
"""


def names(skills: list[SkillRequirement]) -> list[str]:
    return [skill.name for skill in skills]


def texts(result: IntakeResult) -> list[str]:
    return [q.text for q in result.qualifications]


# -- the example request -----------------------------------------------------------------------


def test_example_request_parses() -> None:
    result = intake_offline(EXAMPLE)
    spec = result.spec
    assert spec.title == "Backend Engineer"
    assert spec.onet_code == "15-1254.00"
    assert spec.seniority == "senior"
    assert spec.location == "Berlin"
    assert spec.min_years_experience == 5
    assert spec.employment_type == "full_time"
    assert names(spec.must_have_skills) == ["Python", "Django", "PostgreSQL"]
    assert names(spec.nice_to_have_skills) == ["Kubernetes"]
    assert not any(s.suggested for s in spec.must_have_skills + spec.nice_to_have_skills)
    assert result.questions == []
    assert result.refused == []
    assert result.engine == "offline" and not result.degraded


def test_example_request_qualifications() -> None:
    result = intake_offline(EXAMPLE)
    quals = result.qualifications
    assert [q.id for q in quals] == [f"q{i}" for i in range(1, len(quals) + 1)]
    assert texts(result) == [
        "Experience with Python",
        "Experience with Django",
        "Experience with PostgreSQL",
        "5+ years of professional experience as a Backend Engineer",
        "Experience with Kubernetes",
    ]
    assert [q.required for q in quals] == [True, True, True, True, False]
    assert quals[0].evidence_hint == "named in skills or used in a described role"
    assert quals[3].evidence_hint == "dated work history totalling 5+ years"
    assert all(not q.suggested for q in quals)


def test_parsing_is_deterministic() -> None:
    assert intake_offline(EXAMPLE) == intake_offline(EXAMPLE)


# -- a pasted job description ------------------------------------------------------------------


def test_job_description_splits_must_from_nice() -> None:
    assert len(JOB_DESCRIPTION) >= 1500
    result = intake_offline(JOB_DESCRIPTION)
    spec = result.spec
    assert spec.title == "Backend Engineer"
    assert spec.seniority == "senior"
    assert spec.location == "Berlin, Germany"
    assert spec.remote == "hybrid"
    assert spec.min_years_experience == 5
    assert spec.employment_type == "full_time"  # read from the benefits
    assert names(spec.must_have_skills) == ["Python", "Django", "PostgreSQL", "Docker", "Linux"]
    nice = names(spec.nice_to_have_skills)
    assert {"Kubernetes", "Terraform", "Go", "Kafka"} <= set(nice)
    assert not set(nice) & set(names(spec.must_have_skills))
    assert result.questions == []


def test_job_description_credentials_and_refusals() -> None:
    result = intake_offline(JOB_DESCRIPTION)
    required = [q.text for q in result.qualifications if q.required]
    assert "Fluent English" in required
    assert "Valid EU work permit" in required
    optional = [q.text for q in result.qualifications if not q.required]
    assert "AWS certification" in optional
    # Only the native-speaker line is refused: not "(m/f/d)", "Attractive salary", the
    # Women in Tech network or the equal-opportunity statement.
    assert [r.text for r in result.refused] == ["A native German speaker"]
    assert result.refused[0].rewrite == "German at C2 / full professional proficiency"
    assert not any("native" in text.lower() for text in texts(result))


def test_inline_headings_and_trailing_cues() -> None:
    result = intake_offline(
        "Data Engineer in Munich, senior.\nMust have: Python, SQL, Airflow\n"
        "Nice to have: Kafka, Terraform\nPython, Spark or Scala would be a plus"
    )
    assert names(result.spec.must_have_skills) == ["Python", "SQL", "Airflow"]
    assert names(result.spec.nice_to_have_skills) == ["Kafka", "Terraform", "Spark", "Scala"]


# -- clarifying questions and answers ----------------------------------------------------------


def test_missing_location_and_seniority_give_two_questions() -> None:
    result = intake_offline("We need a data scientist. Python, R and SQL required.")
    assert result.spec.title == "Data Scientist"
    assert [q.field for q in result.questions] == ["location", "seniority"]
    assert all(q.question.endswith("?") for q in result.questions)
    assert "Data Scientist" in result.questions[1].question


def test_missing_title_is_asked() -> None:
    result = intake_offline("Someone strong in Python and Django, based in Berlin, senior")
    assert result.spec.title is None
    assert [q.field for q in result.questions] == ["title"]


def test_fully_remote_needs_no_location_question() -> None:
    result = intake_offline("Hiring a senior DevOps engineer, fully remote")
    assert result.spec.remote == "remote"
    assert result.questions == []


def test_answer_is_merged_into_previous_spec() -> None:
    first = intake_offline("We need a data scientist. Python, R and SQL required.")
    second = intake_offline("Berlin, hybrid", previous=first.spec)
    assert second.spec.location == "Berlin"
    assert second.spec.remote == "hybrid"
    assert second.spec.title == "Data Scientist"
    assert names(second.spec.must_have_skills) == ["Python", "R", "SQL"]
    assert [q.field for q in second.questions] == ["seniority"]
    third = intake_offline("senior", previous=second.spec)
    assert third.spec.seniority == "senior"
    assert third.spec.location == "Berlin"
    assert third.questions == []
    # Qualifications come from the spec, so answering keeps their ids.
    assert texts(third)[:3] == texts(first)[:3]
    assert [q.id for q in third.qualifications][:3] == ["q1", "q2", "q3"]


def test_answer_only_fills_what_it_says() -> None:
    previous = JobSpec(title="Data Scientist", onet_code="15-2051.00", location="Berlin")
    result = intake_offline("lead", previous=previous)
    assert result.spec.seniority == "lead"
    assert result.spec.title == "Data Scientist"
    assert result.spec.location == "Berlin"


def test_answer_can_move_a_skill_and_exclude_one() -> None:
    first = intake_offline("Senior backend engineer in Berlin, Python and Kubernetes required")
    second = intake_offline("Kubernetes is just nice to have, no Java", previous=first.spec)
    assert names(second.spec.must_have_skills) == ["Python"]
    assert "Kubernetes" in names(second.spec.nice_to_have_skills)
    assert second.spec.exclusions == ["Java"]
    assert second.spec.location == "Berlin"


def test_seniority_is_read_from_years_when_not_said() -> None:
    result = intake_offline("Java developer in London, 6+ years")
    assert result.spec.seniority == "senior"
    assert [q.field for q in result.questions] == []


# -- O*NET suggestions -------------------------------------------------------------------------


def test_onet_fills_skills_and_adjacent_titles_as_suggestions() -> None:
    result = intake_offline("Find me a senior backend engineer in Berlin")
    spec = result.spec
    assert spec.must_have_skills == []
    assert 3 <= len(spec.nice_to_have_skills) <= 5
    assert all(skill.suggested for skill in spec.nice_to_have_skills)
    assert spec.adjacent_titles and "Web Developers" not in spec.adjacent_titles
    suggested = [q for q in result.qualifications if q.suggested]
    assert len(suggested) == len(spec.nice_to_have_skills)
    assert all(not q.required for q in suggested)


def test_no_onet_skills_when_the_recruiter_named_must_haves() -> None:
    result = intake_offline(EXAMPLE)
    assert not any(s.suggested for s in result.spec.nice_to_have_skills)


def test_past_qualifications_are_reused_as_suggestions_when_not_covered() -> None:
    past = [
        Qualification(id="q1", text="Experience with Python"),
        Qualification(id="q2", text="Experience with Tableau", evidence_hint="dashboards"),
        Qualification(id="q3", text="Young and dynamic"),
        Qualification(id="q4", text="Experience with Java"),
    ]
    result = intake_offline(
        "Senior data scientist in Berlin, Python and SQL required, no Java",
        past_qualifications=past,
    )
    reused = [q for q in result.qualifications if q.suggested]
    assert [q.text for q in reused] == ["Experience with Tableau"]
    assert reused[0].required is False and reused[0].evidence_hint == "dashboards"


# -- refusals and exclusions inside a request --------------------------------------------------


def test_refused_phrases_never_become_qualifications() -> None:
    result = intake_offline(
        "Looking for a backend developer in Berlin, young and energetic, native English "
        "speaker, max 10 years of experience, no kids, Django required"
    )
    assert [r.text for r in result.refused] == [
        "young and energetic",
        "native English speaker",
        "max 10 years of experience",
        "no kids",
    ]
    assert result.spec.min_years_experience is None  # the cap is not read as a minimum
    assert texts(result) == ["Experience with Django"]
    assert result.spec.exclusions == []


def test_gendered_title_is_refused_and_the_neutral_title_used() -> None:
    result = intake_offline("Salesman for our Leeds office")
    assert result.spec.title == "Salesperson"
    assert result.spec.location == "Leeds"
    assert result.refused[0].rewrite == "Salesperson"


def test_candidate_side_exclusions_only() -> None:
    result = intake_offline(
        "Senior Java developer in Youngstown, OH, Spring required, no PHP, exclude consultants. "
        "No agencies please."
    )
    spec = result.spec
    assert spec.location == "Youngstown, OH"
    assert spec.exclusions == ["PHP", "consultants"]
    assert "PHP" not in names(spec.must_have_skills + spec.nice_to_have_skills)
    assert result.refused == []


def test_year_ranges_keep_the_lower_bound() -> None:
    result = intake_offline("Mid-level QA engineer in Toronto, 3-5 years, contract role")
    assert result.spec.min_years_experience == 3
    assert result.spec.seniority == "mid"
    assert result.spec.employment_type == "contract"


def test_vague_title_is_asked_about_and_the_answer_refines_it() -> None:
    first = intake_offline("Senior engineer in Oslo, Python required")
    assert first.spec.title == "Senior Engineer"
    assert first.spec.onet_code is None  # O*NET would say Petroleum Engineers
    assert [q.field for q in first.questions] == ["title"]
    second = intake_offline("data", previous=first.spec)
    assert second.spec.title == "Data Engineer"
    assert second.spec.onet_code is not None
    assert second.spec.seniority == "senior"
    assert second.questions == []


def test_company_blurb_is_screened_but_gives_no_requirements() -> None:
    result = intake_offline(
        "Senior Data Engineer - Hamburg\n\nAbout us\nWe are a young team that loves Scala.\n\n"
        "Requirements\n- Python and SQL\n\nBenefits\n- Women in Tech network, attractive salary"
    )
    assert [r.text for r in result.refused] == ["We are a young team that loves Scala"]
    assert names(result.spec.must_have_skills) == ["Python", "SQL"]
    assert "Scala" not in names(result.spec.nice_to_have_skills)
