"""The parsing eval's yardstick: its matching rules, its gold data, its layouts, and the suite
end to end on a tiny subset against the real stack (and "not run" without the corpus)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.candidates.parsing.readers import read_path
from app.runtime import Runtime
from evals.context import SuiteContext
from evals.data import RESUME_CORPUS
from evals.engine import eval_settings, make_engine
from evals.parsing import gold as gold_mod
from evals.parsing.gold import GoldEducation, GoldLocation, GoldResume, GoldRole, gold_years
from evals.parsing.layouts import LAYOUTS, render, restyle_dates, split_columns
from evals.parsing.matching import (
    ParsedEducation,
    ParsedRole,
    education_matches,
    location_matches,
    match_roles,
    normalize_date,
    role_matches,
    same_date,
    similar,
    skill_matches,
)
from evals.parsing.scoring import Parsed, metrics_of, score
from evals.suites import parsing

TODAY = date(2025, 6, 1)


def _resume(**fields: object) -> GoldResume:
    base: dict[str, object] = {"key": "t", "origin": "written", "split": "test", "text": "x"}
    return GoldResume.model_validate({**base, **fields})


# -- matching rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jan 2018", "2018-01"),
        ("4/2016", "2016-04"),
        ("03.2018", "2018-03"),
        ("2018-03", "2018-03"),
        ("Aug'18", "2018-08"),
        ("September 2019", "2019-09"),
        ("2013", "2013"),
        ("Till Date", "present"),
        ("Now", "present"),
        ("---", "present"),
        ("", None),
        ("somewhere", None),
    ],
)
def test_normalize_date_reads_the_shapes_resumes_use(raw: str, expected: str | None) -> None:
    assert normalize_date(raw) == expected


def test_same_date_compares_at_the_gold_precision() -> None:
    assert same_date("2018", "2018-03")
    assert same_date("2018-03", "2018-03")
    assert not same_date("2018-03", "2018")  # the month was lost
    assert not same_date("2018-03", "2018-04")
    assert same_date("present", "present")
    assert not same_date("present", "2025-06")
    assert not same_date("2018", None)


def test_similar_ignores_legal_suffixes_and_needs_real_overlap() -> None:
    assert similar("Mahal Pvt Ltd", "Mahal")
    assert similar("Java Developer", "Senior Java Developer")
    assert not similar("Java Developer", "Data Analyst")
    assert not similar(None, "Anything")
    assert not similar("Pvt Ltd", "Pvt Ltd")  # nothing left to compare


def test_a_role_matches_on_title_and_start_year() -> None:
    gold = GoldRole(title="Sales Manager", company="ICICI", start="2017-01", end="2018-08")
    assert role_matches(gold, ParsedRole("Sales Manager", "ICICI Bank", "2017-02", None))
    assert not role_matches(gold, ParsedRole("Sales Manager", "ICICI", "2016-01", None))
    assert not role_matches(gold, ParsedRole("Driver", "ICICI", "2017-01", None))
    assert not role_matches(gold, ParsedRole(None, "ICICI", "2017-01", None))


def test_an_untitled_gold_role_matches_on_its_company_and_an_undated_one_on_any_year() -> None:
    gold = GoldRole(company="THEMATHCOMPANY")
    assert role_matches(gold, ParsedRole(None, "THEMATHCOMPANY", None, None))
    assert role_matches(gold, ParsedRole("THEMATHCOMPANY", None, "2019", None))
    assert not role_matches(gold, ParsedRole("Analyst", "Other Co", None, None))


def test_roles_match_one_to_one() -> None:
    gold = [GoldRole(title="Java Developer", start="2017"), GoldRole(title="Java Developer")]
    parsed = [ParsedRole("Java Developer", None, "2017-07", None)]
    assert match_roles(gold, parsed) == [(0, 0)]  # the dated pair wins; the other stays missed
    two = [*parsed, ParsedRole("Java Developer", None, None, None)]
    assert match_roles(gold, two) == [(0, 0), (1, 1)]


def test_education_needs_the_year_and_a_degree_or_institution() -> None:
    gold = GoldEducation(
        degree="B.Tech", institution="Manipal Institute of Technology", year="2019"
    )
    assert education_matches(gold, ParsedEducation("BTech", None, "January 2019"))
    assert education_matches(gold, ParsedEducation(None, "Manipal Institute of Technology", "2019"))
    assert not education_matches(gold, ParsedEducation("BTech", None, "2015"))
    assert not education_matches(gold, ParsedEducation("MBA", "Amity University", "2019"))


def test_skills_match_as_whole_words_and_single_letters_exactly() -> None:
    assert skill_matches("SQL", "Structured query language SQL")
    assert skill_matches("Microsoft Excel", "Microsoft Excel")
    assert skill_matches("Excel", "Microsoft Excel")
    assert not skill_matches("Java", "JavaScript")
    assert not skill_matches("C", "Objective C")
    assert skill_matches("C", "c")
    assert skill_matches("C++", "C++")
    assert not skill_matches("C++", "C")


def test_location_names_the_city_or_else_the_country() -> None:
    assert location_matches(GoldLocation(city="Kraków", country="Poland"), "Krakow, PL")
    # The product's resolved place counts, through the gazetteer's alternate names.
    bengaluru = GoldLocation(city="Bengaluru", country="India")
    assert location_matches(bengaluru, "Bangalore", "Bengaluru", "IN")
    assert not location_matches(bengaluru, "Remote", "Mumbai", "IN")
    assert location_matches(GoldLocation(country="India"), None, None, "IN")
    assert not location_matches(GoldLocation(city="Pune", country="India"), "Mumbai, India")
    assert location_matches(GoldLocation(country="India"), "Mumbai, India")
    assert not location_matches(GoldLocation(city="Pune"), None)


def test_gold_years_are_the_union_of_dated_roles_or_the_stated_phrase() -> None:
    overlapping = _resume(
        roles=[
            {"title": "A", "start": "2015-10", "end": "2019-06"},
            {"title": "B", "start": "2019-01", "end": "2019-12"},  # overlaps A, counted once
            {"title": "C", "start": "2021-03", "end": "2025-02"},  # after a gap
        ]
    )
    assert gold_years(overlapping, TODAY) == round((45 + 6 + 48) / 12, 1)
    current = _resume(roles=[{"title": "A", "start": "2020-06", "end": "present"}])
    assert gold_years(current, TODAY) == 5.1  # June 2020 to June 2025, both months counted
    assert gold_years(_resume(roles=[{"title": "A"}], years_stated=7), TODAY) == 7
    assert gold_years(_resume(), TODAY) is None


def test_score_counts_misses_extras_junk_and_spurious_locations() -> None:
    gold = _resume(
        roles=[
            {"title": "Data Engineer", "company": "BBVA", "start": "2015-10", "end": "2019-06"},
            {"title": "Astronaut", "company": "NASA", "start": "1999"},
        ],
        skills=["Python", "SQL"],
        education=[{"degree": "MSc", "institution": "UPM", "year": "2015"}],
    )
    parsed = Parsed(
        roles=[
            ParsedRole("Data Engineer", "BBVA", "2015-10", "2019-05"),
            ParsedRole("Freelance", None, None, None),
        ],
        education=[ParsedEducation("MSc", "UPM", "2015")],
        skills=["Python", "Structured query language SQL", "LinkedIn"],
        location="Madrid",
        years=3.7,
    )
    counts, issues = score(gold, parsed, TODAY)
    m = metrics_of(counts)
    assert (m["roles.precision"], m["roles.recall"]) == (0.5, 0.5)
    assert (m["dates.start_accuracy"], m["dates.end_accuracy"]) == (1.0, 0.0)
    assert m["skills.precision"] == round(2 / 3, 4) and m["skills.recall"] == 1.0
    assert m["education.f1"] == 1.0
    assert m["years.within_1"] == 1.0  # gold 3.8 (2015-10..2019-06), parsed 3.7
    assert m["years.source_accuracy"] == 0.0  # the product did not say where 3.7 came from
    assert m["location.spurious_rate"] == 1.0  # the gold states no location
    assert issues["missed_roles"] == ["Astronaut | NASA | 1999"]
    assert issues["junk_skills"] == ["LinkedIn"]
    failed, _ = score(gold, None, TODAY)
    assert metrics_of(failed)["read_failure_rate"] == 1.0
    assert metrics_of(failed)["roles.recall"] == 0.0


# -- gold data --------------------------------------------------------------------------------


def _check_gold(resume: GoldResume) -> None:
    for role in resume.roles:
        assert role.title or role.company, resume.key
        for value in (role.start, role.end):
            assert value is None or value == "present" or normalize_date(value) == value
    for edu in resume.education:
        assert edu.year is None or (len(edu.year) == 4 and edu.year.isdigit())
    assert len(set(resume.skills)) == len(resume.skills), resume.key


def test_hand_labelled_years_source_agrees_with_the_gold_roles() -> None:
    for resume in gold_mod.written_gold():
        assert resume.years_source == gold_mod.gold_years_source(resume), resume.key


def test_written_gold_is_well_formed_and_true_to_its_text() -> None:
    written = gold_mod.written_gold()
    assert len(written) >= 15
    assert len({r.key for r in written}) == len(written)
    assert {r.split for r in written} == {"dev", "test"}
    for resume in written:
        _check_gold(resume)
        for role in resume.roles:
            for raw in (role.start_raw, role.end_raw):
                assert raw is None or raw in resume.text, (resume.key, raw)
            assert not role.title or role.title in resume.text, (resume.key, role.title)
        if resume.location and resume.location.city:
            assert resume.location.city in resume.text


def test_corpus_gold_resolves_to_real_corpus_texts() -> None:
    if not RESUME_CORPUS.exists():
        pytest.skip(f"public resume corpus absent at {RESUME_CORPUS} (CI has it)")
    corpus = gold_mod.corpus_gold(RESUME_CORPUS)
    assert len(corpus) >= 40
    assert len({r.category for r in corpus}) >= 20
    for resume in corpus:
        _check_gold(resume)
        assert resume.years_source == gold_mod.gold_years_source(resume), resume.key
        for role in resume.roles:
            assert role.start_raw is None or role.start_raw in resume.text, resume.key


def test_corpus_gold_says_when_the_corpus_is_absent(tmp_path: Path) -> None:
    with pytest.raises(gold_mod.CorpusAbsent):
        gold_mod.corpus_gold(tmp_path / "missing.csv")


# -- layouts ----------------------------------------------------------------------------------


def test_every_layout_renders_text_the_product_reader_reads(tmp_path: Path) -> None:
    resume = next(r for r in gold_mod.written_gold() if r.key.startswith("w14"))
    for layout in LAYOUTS:
        record = next(iter(read_path(render(resume, layout, tmp_path))))
        text = getattr(record, "text", None)
        assert text, (layout, record)
        text = " ".join(text.split())  # a narrow column wraps lines
        # The words survive; only where they sit changes (dates restyled in docx-dates).
        for word in ("Flipkart", "Infosys", "Systems Engineer", "R.V. College of Engineering"):
            assert word in text, (layout, word)


def test_date_restyling_keeps_the_gold_dates() -> None:
    import random

    resume = next(r for r in gold_mod.written_gold() if r.key.startswith("w14"))
    styles = set()
    for seed in range(12):
        text = restyle_dates(resume, random.Random(seed))
        assert "Aug'18" not in text and "Jul'14" not in text
        line = next(x for x in text.splitlines() if x.startswith("Flipkart"))
        start, end = line.removeprefix("Flipkart").strip().split(" - ")
        assert normalize_date(start) == "2018-08"
        assert normalize_date(end) == "present"
        styles.add(start)
    assert len(styles) > 1  # the seed really varies the style
    assert restyle_dates(resume, random.Random(3)) == restyle_dates(resume, random.Random(3))


def test_two_columns_put_skills_and_education_in_the_sidebar() -> None:
    resume = next(r for r in gold_mod.written_gold() if r.key.startswith("w14"))
    sidebar, main = split_columns(resume.text)
    assert "TECHNICAL SKILLS" in sidebar and "EDUCATION" in sidebar
    assert "PROFESSIONAL EXPERIENCE" in main and main[0] == "Rahul Verma"


# -- the suite --------------------------------------------------------------------------------


def test_suite_runs_end_to_end_on_the_real_stack(rt: Runtime) -> None:
    written = {r.key[:3]: r for r in gold_mod.written_gold()}
    planted = written["w07"].model_copy(
        update={
            "key": "w07-planted",
            "split": "test",
            "roles": [*written["w07"].roles, GoldRole(title="Astronaut", start="1999")],
        }
    )
    resumes = [written["w14"], planted]
    engine = make_engine("offline", eval_settings(engine="offline"))
    ctx = SuiteContext(engine, "smoke", _runtime=rt)  # the test session's stack, not a new one
    try:
        result = parsing.measure(ctx, resumes, ("docx-table", "pdf-columns"))
    finally:
        engine.close()
    assert result.status == "ok"
    m = result.metrics
    assert m["resumes"] == 2.0
    assert m["read_failure_rate"] == 0.0
    assert {"layout.docx-table.roles.recall", "layout.pdf-columns.roles.recall"} <= set(m)
    for key, value in m.items():
        if key != "resumes" and value == value:  # not NaN
            assert 0.0 <= value <= 1.0, key
    # The planted role is in no resume: it is missed in every layout, so recall < 1.
    assert m["roles.recall"] < 1.0
    missed = [p for p in result.details["problems"] if p["resume"] == "w07-planted"]
    assert len(missed) == 2
    assert all("Astronaut | None | 1999" in p["missed_roles"] for p in missed)


def test_suite_is_not_run_without_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "CORPUS", tmp_path / "absent.csv")
    engine = make_engine("offline", eval_settings(engine="offline"))
    try:
        result = parsing.run(SuiteContext(engine, "smoke"))
    finally:
        engine.close()
    assert result.status == "not run"
    assert "corpus absent" in result.reason and "absent.csv" in result.reason
    assert not result.metrics


def test_parsing_is_in_every_composite_and_gated_in_the_right_direction() -> None:
    from evals import gate, run

    assert "parsing" in run.resolve(["smoke"])[0]
    assert "parsing" in run.resolve(["full"])[0]
    assert gate.policy_for("parsing.roles.recall") == ("higher", 0.0)
    assert gate.policy_for("parsing.layout.pdf-columns.skills.precision") == ("higher", 0.0)
    assert gate.policy_for("parsing.corpus.location.spurious_rate") == ("lower", 0.0)
    assert gate.policy_for("parsing.read_failure_rate") == ("lower", 0.0)
    assert gate.policy_for("parsing.resumes") is None  # a count of cases, not a quality


def test_report_tabulates_parsing_by_group() -> None:
    from evals.report import _parsing_table

    metrics = {
        "roles.recall": 0.5,
        "corpus.roles.recall": 0.4,
        "written.roles.recall": 0.6,
        "layout.docx-table.roles.recall": 0.3,
        "layout.docx-table.skills.precision": 0.9,
    }
    rows = _parsing_table(metrics)
    names = [r.split("|")[1].strip() for r in rows[2:]]
    assert names == ["all", "corpus", "written", "docx-table"]
    assert "0.3" in rows[-1] and "0.9" in rows[-1]
