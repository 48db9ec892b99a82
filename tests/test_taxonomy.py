"""The packaged O*NET taxonomy: title normalization, skill finding and lookups (no database)."""

from __future__ import annotations

import pytest

from app.taxonomy import Taxonomy, get_taxonomy
from app.taxonomy.aliases import HAND_ALIASES


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return get_taxonomy()


def test_loaded_once_and_attributed(taxonomy: Taxonomy) -> None:
    assert get_taxonomy() is taxonomy
    assert "O*NET 29.2" in taxonomy.attribution
    assert "USDOL/ETA" in taxonomy.attribution
    assert len(taxonomy.occupations) > 900
    assert len(taxonomy.skills) > 5000


@pytest.mark.parametrize(
    ("title", "code_prefix"),
    [
        ("Data Scientist", "15-2051.00"),
        ("Sr. Python Developer", "15-1252"),
        ("Senior Software Engineer", "15-1252"),
        # O*NET lists "Java Developer" under Computer Programmers (15-1251), the sibling of
        # Software Developers (15-1252): the same software-development family.
        ("Java developer", "15-125"),
        ("Frontend Developer", "15-1254"),
        ("civil site engineer", "17-2051"),
        ("Registered Nurse", "29-1141"),
        ("Staff Accountant", "13-2011"),
        ("Security Analyst", "15-1212"),
        ("Head of Marketing", "11-2021"),
        ("ML Engineer II", "15-"),
        ("Electrician", "47-2111"),
    ],
)
def test_normalize_title(taxonomy: Taxonomy, title: str, code_prefix: str) -> None:
    match = taxonomy.normalize_title(title)
    assert match is not None, title
    assert match.code.startswith(code_prefix), (title, match)
    assert 0 < match.score <= 1
    occupation = taxonomy.occupation(match.code)
    assert occupation is not None
    assert match.occupation_title == occupation.title


def test_exact_title_scores_one_and_fuzzy_less(taxonomy: Taxonomy) -> None:
    exact = taxonomy.normalize_title("Data Scientist")
    fuzzy = taxonomy.normalize_title("civil site engineer")
    assert exact is not None and exact.score == 1.0
    assert fuzzy is not None and fuzzy.score < 1.0


@pytest.mark.parametrize("title", ["", "   ", "asdfgh qwerty", "!!!"])
def test_normalize_title_gives_up_on_nonsense(taxonomy: Taxonomy, title: str) -> None:
    assert taxonomy.normalize_title(title) is None


def test_search_occupations(taxonomy: Taxonomy) -> None:
    matches = taxonomy.search_occupations("civil site engineer", limit=5)
    assert 1 < len(matches) <= 5
    assert len({match.code for match in matches}) == len(matches)
    assert matches[0] == taxonomy.normalize_title("civil site engineer")


RESUME = """Jane Doe | jane.doe@python.org | github.com/janedoe
SUMMARY
Backend engineer. I excel at mentoring and go the extra mile; led R&D for two years.
SKILLS
Languages: Python, C++, C#, Go, SQL
Cloud & tools: AWS (EC2, S3), Docker, k8s, Git, Node.js, .NET, Postgres
EXPERIENCE
- Built reporting dashboards in Excel and Tableau for the finance team.
- Rewrote the Python ingestion service; tuned T-SQL queries.
"""


def test_find_skills_in_resume(taxonomy: Taxonomy) -> None:
    matches = taxonomy.find_skills(RESUME)
    by_raw = {match.raw: match for match in matches}
    expected = {
        "Python": "Python",
        "C++": "C++",
        "C#": "C#",
        "Go": "Go",
        "SQL": "Structured query language SQL",
        "AWS": "Amazon Web Services AWS software",
        "EC2": "Amazon Elastic Compute Cloud EC2",
        "Docker": "Docker",
        "k8s": "Kubernetes",
        "Git": "Git",
        "Node.js": "Node.js",
        ".NET": "Microsoft .NET Framework",
        "Postgres": "PostgreSQL",
        "Excel": "Microsoft Excel",
        "Tableau": "Tableau",
        "T-SQL": "Microsoft transact-structural query language T-SQL",
    }
    for raw, name in expected.items():
        assert raw in by_raw, raw
        assert by_raw[raw].name == name
    for match in matches:
        assert RESUME[match.start : match.end] == match.raw
    # One match per skill, at its first occurrence.
    assert len({match.name for match in matches}) == len(matches)
    python = by_raw["Python"]
    assert python.start == RESUME.index("Python, C++")
    assert python.hot


def test_find_skills_handles_punctuated_names(taxonomy: Taxonomy) -> None:
    names = {
        m.raw: m.name for m in taxonomy.find_skills("Python/Django, C/C++, Vue.js, HTML5/CSS3")
    }
    assert names == {
        "Python": "Python",
        "Django": "Django",
        "C": "C",
        "C++": "C++",
        "Vue.js": "Vue.js",
        "HTML5": "Hypertext markup language HTML",
        "CSS3": "Cascading style sheets CSS",
    }


@pytest.mark.parametrize(
    "text",
    [
        "I need to go to the store and then go home.",
        "Led R&D efforts for the new product line.",
        "I excel at building teams and react quickly to feedback.",
        "Senior Project Manager. Word of mouth referrals.",
        "Improved access to care for patients in the office.",
        "Grades: A, B, C. Plan B was adopted.",
        "Contact: jane@python.org, www.linkedin.com/in/jane",
        "Taylor Swift fan. Rust removal on bridges.",
        "Worked at Google for two years.",
    ],
)
def test_find_skills_ignores_plain_english(taxonomy: Taxonomy, text: str) -> None:
    assert taxonomy.find_skills(text) == []


def test_ambiguous_names_count_in_a_skill_context(taxonomy: Taxonomy) -> None:
    listed = [m.name for m in taxonomy.find_skills("Stack: Go, R, Swift")]
    assert listed == ["Go", "R", "Swift"]
    prose = [m.name for m in taxonomy.find_skills("Proficient in Excel and built UIs in React.")]
    assert prose == ["Microsoft Excel", "React"]
    spelled_out = [m.name for m in taxonomy.find_skills("R programming and Golang services")]
    assert spelled_out == ["R", "Go"]


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("k8s", "Kubernetes"),
        ("excel", "Microsoft Excel"),
        ("Microsoft Excel", "Microsoft Excel"),
        ("postgres", "PostgreSQL"),
        ("SQL", "Structured query language SQL"),
        ("Java", "Oracle Java"),
        ("golang", "Go"),
        ("node.js", "Node.js"),
    ],
)
def test_canonical_skill(taxonomy: Taxonomy, name: str, canonical: str) -> None:
    skill = taxonomy.canonical_skill(name)
    assert skill is not None and skill.name == canonical


def test_canonical_skill_unknown(taxonomy: Taxonomy) -> None:
    assert taxonomy.canonical_skill("definitely not a skill") is None
    assert taxonomy.canonical_skill("") is None


def test_every_skill_name_is_its_own_canonical(taxonomy: Taxonomy) -> None:
    for skill in taxonomy.skills:
        found = taxonomy.canonical_skill(skill.name)
        assert found is not None and found.name == skill.name


def test_hand_aliases_point_at_real_skills(taxonomy: Taxonomy) -> None:
    names = {skill.name for skill in taxonomy.skills}
    assert [target for _, target, _ in HAND_ALIASES if target not in names] == []


def test_occupation_lookups(taxonomy: Taxonomy) -> None:
    developers = taxonomy.occupation("15-1252.00")
    assert developers is not None
    assert developers.title == "Software Developers"
    assert developers.job_zone == 4
    assert "Software Engineer" in developers.titles
    assert 0 < len(developers.tasks) <= 8
    assert 0 < len(developers.related) <= 10
    assert taxonomy.occupation("99-9999.99") is None


def test_usual_skills_put_hot_ones_first(taxonomy: Taxonomy) -> None:
    skills = taxonomy.usual_skills("15-2051.00", limit=15)
    assert len(skills) == 15
    assert "Python" in {skill.name for skill in skills}
    flags = [skill.hot for skill in skills]
    assert flags == sorted(flags, reverse=True)
    assert taxonomy.usual_skills("99-9999.99") == []


def test_related_titles(taxonomy: Taxonomy) -> None:
    related = taxonomy.related_titles("15-1252.00", limit=10)
    assert "Computer Programmers" in related
    assert len(related) <= 10
    assert taxonomy.related_titles("15-1252.00", limit=3) == related[:3]


def test_title_synonyms(taxonomy: Taxonomy) -> None:
    synonyms = taxonomy.title_synonyms("Data Scientist", limit=10)
    assert 0 < len(synonyms) <= 10
    assert "Data Scientist" not in synonyms
    assert "Data Analyst" in synonyms
    by_code = taxonomy.title_synonyms("15-1252.00")
    assert "Software Engineer" in by_code
    assert "Developer" not in by_code  # too generic to OR into a Boolean query
    assert taxonomy.title_synonyms("asdfgh qwerty") == []
