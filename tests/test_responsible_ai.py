"""Unit tests for the responsible-AI check: protected-attribute requirements are refused with a
reason (and a neutral rewrite where one exists); legitimate look-alikes are accepted."""

from __future__ import annotations

import pytest

from agents.intake.responsible_ai import RULES, check_all, check_qualification

REFUSED = [
    # age
    "young and energetic",
    "Under 30",
    "candidates under 30 only",
    "aged 25-35",
    "recent graduate",
    "new grads",
    "digital native",
    "join our energetic young team",
    "max 10 years of experience",
    "no more than 8 years experience",
    "born after 1990",
    "Gen Z",
    "mature candidates",
    # gender and gender identity
    "he must have 5 years of Java",
    "she should be friendly with clients",
    "male candidates preferred",
    "female only",
    "looking for a salesman",
    "girls for the front desk",
    "guys who love code",
    "a woman for reception",
    "no transgender applicants",
    # race, ethnicity, colour
    "white candidates only",
    "Caucasian",
    "ethnic background must match our clients",
    "skin colour: fair",
    # religion
    "Christian preferred",
    "no Muslims",
    "no headscarves",
    # national origin, nationality, citizenship
    "German nationals only",
    "EU citizens only",
    "British passport holders",
    "no foreigners",
    "native English speaker",
    "German mother tongue",
    "native-level French",
    # disability and health
    "able-bodied",
    "no disabilities",
    "in good health",
    "no history of mental illness",
    # pregnancy, marital and family status
    "not pregnant",
    "no plans to have children in the next two years",
    "no kids",
    "single",
    "must be married",
    # sexual orientation
    "straight",
    "no LGBT people",
    # photo and appearance
    "photo required",
    "please attach a recent photo",
    "attractive",
    "good-looking",
    "well-groomed",
    "minimum height 180 cm",
    # a protected word capitalised as if a name is still a criterion when it names people
    "Christian Candidates Only",
    "US Nationals only",
    "must be an American citizen",
]

ACCEPTED = [
    "valid EU work permit",
    "German C1",
    "able to lift 20 kg",
    "fluent English",
    "security clearance",
    "driving licence",
    "5+ years of Python",
    "Youngstown, OH office",
    "Django",
    "mastery of SQL",
    "chairman of the board experience",
    "reporting to the chairman",
    "maternity cover",
    "experience in men's fashion retail",
    "women's health nursing",
    "man-in-the-middle attacks",
    "male connectors and crimping",
    "race conditions in concurrent code",
    "Six Sigma Black Belt",
    "black-box testing",
    "single sign-on",
    "attractive salary",
    "Photoshop",
    "available to work Saturdays",
    "care for senior citizens",
    "3-5 years of experience",
    "no less than 5 years of experience",
    "over 5 years in fintech",
    "under 30 minutes from the office",
    "no visa sponsorship available",
    "US citizenship required for security clearance",
    "Senior Engineer (m/f/d)",
    "he/she will lead the team",
    "We welcome applicants regardless of age, gender or religion",
    "cloud-native",
    "React Native",
    "native iOS apps",
    "near-native Spanish",
    "experience working with young people",
    "a young company",
    "right to work in the UK",
    "stand for 8-hour shifts",
    "pretty good at SQL",
    "master's degree",
    "Scrum Master",
    "entry-level",
    "Asian markets experience",
    "photos of your work",
    # employer names that hold a protected-attribute word (issue 10)
    "National Grid Analytics Partners is hiring a Senior Data Scientist",
    "About National Grid Analytics Partners",
    "American Express is looking for a Software Engineer",
    "Retail Data Analyst – Christian Dior Couture",
    "Senior Backend Engineer - National Australia Bank",
    "Women's Health Collective builds apps for clinics",
    # look-alikes the safety suite lists
    "Wiring male and female XLR connectors",
    "Structural design of tall buildings",
    "Performs pregnancy tests in a clinical laboratory",
]


@pytest.mark.parametrize("text", REFUSED)
def test_protected_phrasings_are_refused_with_a_reason(text: str) -> None:
    refused = check_qualification(text)
    assert refused is not None, text
    assert refused.text == text
    assert len(refused.reason) > 20
    attributes = {rule.attribute for rule in RULES}
    assert any(refused.reason.lower().startswith(a) for a in attributes), refused.reason


def test_at_least_25_refused_and_12_accepted() -> None:
    assert len(REFUSED) >= 25
    assert len(ACCEPTED) >= 12


@pytest.mark.parametrize("text", ACCEPTED)
def test_legitimate_look_alikes_are_accepted(text: str) -> None:
    assert check_qualification(text) is None


def test_young_and_energetic_has_no_rewrite() -> None:
    refused = check_qualification("young and energetic")
    assert refused is not None
    assert refused.rewrite is None
    assert "age" in refused.reason.lower()


def test_native_speaker_gets_a_neutral_proficiency_rewrite() -> None:
    refused = check_qualification("native English speaker")
    assert refused is not None
    assert refused.rewrite == "English at C2 / full professional proficiency"
    assert "national origin" in refused.reason.lower()


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("recent graduate", "Entry-level role; 0-2 years of experience"),
        ("German nationals only", "Authorized to work in Germany"),
        ("EU citizens only", "Authorized to work in the EU"),
        ("looking for a salesman", "Salesperson"),
        ("well-groomed", "Follows the company dress code in client-facing settings"),
        ("max 10 years of experience", None),
        ("under 30", None),
    ],
)
def test_rewrites(text: str, rewrite: str | None) -> None:
    refused = check_qualification(text)
    assert refused is not None
    assert refused.rewrite == rewrite


def test_several_attributes_are_all_named_and_no_rewrite_is_offered() -> None:
    refused = check_qualification("married men, native German speaker")
    assert refused is not None
    reason = refused.reason.lower()
    assert "marital" in reason and "gender" in reason and "national origin" in reason
    assert refused.rewrite is None


def test_check_is_deterministic() -> None:
    first = check_qualification("young digital native, photo required")
    second = check_qualification("young digital native, photo required")
    assert first == second


def test_check_all_splits_accepted_and_refused_in_order() -> None:
    accepted, refused = check_all(["Python", "under 30", "German C1", "no kids"])
    assert accepted == ["Python", "German C1"]
    assert [r.text for r in refused] == ["under 30", "no kids"]
