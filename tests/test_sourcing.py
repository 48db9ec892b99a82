"""The sourcing agent's queries: built from a brief, always parseable, widened and narrowed
with a recorded reason; and sourcing runs on the known small pool on real Postgres."""

from __future__ import annotations

import random
import uuid

import pytest

from agents.schemas import CandidateEvaluation, JobSpec, Qualification, SkillRequirement
from agents.sourcing.queries import SourcingQuery, build_query, decide, narrow, widen
from agents.sourcing.run import SourcedCandidate, source_batch
from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.errors import AppError
from app.models import Candidate
from app.runtime import Runtime
from app.search.query_ast import And, Not, Phrase, QuerySyntaxError, Term, leaves
from app.search.query_language import parse_boolean
from tests.conftest import Tenant, make_tenant
from tests.pool import write_pool

AWKWARD_NAMES = [
    "C++", "C#", ".NET", "Node.js", "R", "Go", "F#", "ASP.NET Core", "Objective-C", "CI/CD",
    'the "Go" language', "“smart quotes”", "Spring (Boot)", "std::vector", "skill:python",
    "title:", "OR", "AND", "NOT", "-java", "a OR b", "(", ")", "()", "\"", "''", "C:\\path",
    "k8s", "Postgres", "x AND (y", "tab\tsep", "new\nline", "nul\x00byte", "-", "--", "*",
    "AT&T", "100%", "e-commerce", "O'Reilly", "über-ops", "日本語", "emoji 🚀", "a:b:c",
    "location:Berlin", "   ", "", "R&D", "CSS3/HTML5", "back\\slash", "semi;colon", "'",
]  # fmt: skip
_CHARS = "aZ09 +#./-:()\"“”„'\\&*%!?,;\t\n\x00日🚀"


def _skill(name: str, **kw: object) -> SkillRequirement:
    return SkillRequirement(name=name, **kw)


def _qual(qid: str, text: str, **kw: object) -> Qualification:
    return Qualification(id=qid, text=text, **kw)


def _present(q: SourcingQuery | None) -> SourcingQuery:
    assert q is not None
    return q


def _evaluation(required_met: int, required_total: int = 3) -> CandidateEvaluation:
    return CandidateEvaluation(
        verdicts=[], required_met=required_met, required_total=required_total,
        nice_met=0, nice_total=0, score=float(required_met),
    )  # fmt: skip


def _python_berlin() -> tuple[JobSpec, list[Qualification]]:
    spec = JobSpec(
        title="Senior Data Scientist", onet_code="15-2051.00", seniority="senior",
        location="Berlin, Germany", remote="hybrid",
        must_have_skills=[_skill("Python"), _skill("SQL")],
        nice_to_have_skills=[_skill("pandas"), _skill("Docker")],
        min_years_experience=3, exclusions=["consultants", "employees of Acme Corp"],
    )  # fmt: skip
    quals = [
        _qual("q1", "Experience with Python", starred=True, weight=2.0),
        _qual("q2", "Experience with SQL"),
        _qual("q3", "3+ years of professional experience as a Data Scientist"),
        _qual("q4", "Fluent German (C1)"),
        _qual("q5", "Experience with pandas", required=False),
        _qual("q6", "Experience with Docker", required=False),
    ]
    return spec, quals


def _positive_texts(query: str) -> list[str]:
    return [leaf.text.casefold() for leaf, negated in leaves(parse_boolean(query)) if not negated]


# -- build_query --------------------------------------------------------------------------------


def test_build_query_ors_titles_ands_required_and_nots_exclusions() -> None:
    spec, quals = _python_berlin()
    q = build_query(spec, quals)
    assert q.level == 0 and q.adjustments == []
    assert q.titles[0] == "Data Scientist"  # the rank word goes: seniority is judged apart
    assert 2 <= len(q.titles) <= 6
    assert q.required_terms == ["Python", "SQL"]  # starred first
    assert q.optional_terms == ["pandas", "Docker"]
    assert q.location == "Berlin" and q.min_years == 3
    node = parse_boolean(q.boolean)
    fielded = {(leaf.field, leaf.text, negated) for leaf, negated in leaves(node)}
    assert ("title", "Data Scientist", False) in fielded
    assert (None, "Python", False) in fielded and (None, "SQL", False) in fielded
    assert ("title", "consultants", True) in fielded
    assert ("company", "Acme Corp", True) in fielded
    assert "pandas" not in q.boolean  # nice-to-haves only steer the ranking
    assert q.semantic == (
        "senior data scientist, 3+ years, in Berlin with Python, SQL; nice: pandas, Docker"
    )


def test_build_query_without_qualifications_uses_the_spec() -> None:
    spec = JobSpec(
        title="Python Developer", must_have_skills=[_skill("Python"), _skill("k8s")],
        nice_to_have_skills=[_skill("Terraform")], remote="remote", location="Berlin",
    )  # fmt: skip
    q = build_query(spec, [])
    assert q.required_terms == ["Python", "k8s"]
    assert q.location is None  # a remote role is not filtered by place
    assert '("k8s" OR "Kubernetes")' in q.boolean  # profiles may use O*NET's name
    assert q.semantic.startswith("remote python developer with Python, k8s")


def test_approved_qualifications_decide_what_is_required() -> None:
    spec = JobSpec(title="Backend Developer", must_have_skills=[_skill("Python"), _skill("Go")])
    # The recruiter demoted Go to a nice-to-have and added a skill the spec never named.
    quals = [
        _qual("q1", "Experience with Python"),
        _qual("q2", "Experience with Go", required=False),
        _qual("q3", "Strong Django and Postgres", weight=1.5),
    ]
    q = build_query(spec, quals)
    assert q.required_terms == ["Django", "Postgres", "Python"]  # heavier first
    assert q.optional_terms == ["Go"]


def test_a_skill_named_twice_counts_once() -> None:
    spec = JobSpec(title="Platform Engineer", must_have_skills=[_skill("Kubernetes")])
    quals = [_qual("q1", "Experience with Kubernetes"), _qual("q2", "k8s in production")]
    assert build_query(spec, quals).required_terms == ["Kubernetes"]


def test_a_spec_with_nothing_to_search_for_is_a_clear_error() -> None:
    with pytest.raises(AppError, match="title or at least one skill"):
        build_query(JobSpec(location="Berlin", exclusions=["Java"]), [])


def test_only_nice_to_haves_still_make_a_positive_query() -> None:
    q = build_query(JobSpec(nice_to_have_skills=[_skill("Rust"), _skill("C++")]), [])
    assert set(_positive_texts(q.boolean)) == {"rust", "c++"}


# -- the Boolean always parses ------------------------------------------------------------------


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_awkward_names_always_parse_and_stay_one_term(name: str) -> None:
    spec = JobSpec(
        title=f"{name} Developer", must_have_skills=[_skill(name), _skill("Python")],
        nice_to_have_skills=[_skill(name + " 2")], exclusions=[name, f"employees of {name}"],
    )  # fmt: skip
    quals = [_qual("q1", f"Experience with {name}"), _qual("q2", name, required=False)]
    q = build_query(spec, quals)
    node = parse_boolean(q.boolean)
    assert any(not negated for _, negated in leaves(node))
    for leaf, _ in leaves(node):
        assert isinstance(leaf, Phrase | Term) and leaf.text.strip()
    # Operators inside a name stay words: every skill is one phrase, never a sub-query.
    for term in q.required_terms:
        assert term.casefold() in _positive_texts(q.boolean)


def test_random_specs_always_parse_through_every_adjustment() -> None:
    rng = random.Random(20240601)

    def name() -> str:
        if rng.random() < 0.4:
            return rng.choice(AWKWARD_NAMES)
        return "".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 12)))

    built = 0
    for _ in range(400):
        spec = JobSpec(
            title=name() if rng.random() < 0.7 else None,
            must_have_skills=[_skill(name()) for _ in range(rng.randint(0, 5))],
            nice_to_have_skills=[_skill(name()) for _ in range(rng.randint(0, 3))],
            exclusions=[name() for _ in range(rng.randint(0, 3))],
            location=name() if rng.random() < 0.5 else None,
            min_years_experience=rng.choice([None, 2.0, 5.0]),
            seniority=rng.choice([None, "junior", "senior"]),
        )
        quals = [
            _qual(f"q{i}", rng.choice(["Experience with ", ""]) + name(),
                  required=rng.random() < 0.7, weight=rng.choice([0.5, 1.0, 2.0]),
                  starred=rng.random() < 0.2)
            for i in range(rng.randint(0, 5))
        ]  # fmt: skip
        try:
            q: SourcingQuery | None = build_query(spec, quals)
        except AppError:
            continue  # nothing searchable in this spec: the recruiter is told so
        built += 1
        for adjust in (widen, widen, widen, narrow, widen, narrow, narrow, widen, widen):
            assert q is not None
            parse_boolean(q.boolean)
            q = adjust(q, spec) or q
    assert built > 200


def test_the_parser_still_rejects_what_we_guard_against() -> None:
    """Guards the premise of the quoting above: unquoted, these names break the grammar."""
    for raw in ["x AND (y", "title:", "-", '"', "skils:python"]:
        with pytest.raises(QuerySyntaxError):
            parse_boolean(raw)
    assert parse_boolean('"x AND (y"') == Phrase(("x", "AND", "(y"))
    assert parse_boolean('NOT title:"consultants" AND "a"') == And(
        (Not(Phrase(("consultants",), "title")), Phrase(("a",)))
    )


# -- widen / narrow -----------------------------------------------------------------------------


def test_widen_drops_the_weakest_unstarred_term_and_says_why() -> None:
    spec = JobSpec(title="DevOps Engineer", onet_code="15-1252.00", min_years_experience=5)
    quals = [
        _qual("q1", "Experience with Python", starred=True, weight=0.5),
        _qual("q2", "Experience with Kubernetes", weight=2.0),
        _qual("q3", "Experience with Terraform"),
        _qual("q4", "Experience with React"),
    ]
    q = build_query(spec, quals)
    reason = "only 2 of 12 calibration candidates met every required qualification"
    # The ladder gives up years before any required skill: 5+ -> 3+ -> any.
    wider = _present(widen(q, spec, reason=reason))
    assert wider.min_years == 3 and wider.required_terms == q.required_terms
    assert wider.adjustments[-1].change == "asked for 3+ years instead of 5+"
    wider = _present(widen(wider, spec, reason=reason))
    assert wider.min_years is None and wider.years_dropped
    wider = widen(wider, spec, reason=reason)
    assert wider is not None
    assert wider.required_terms == ["Python", "Kubernetes", "Terraform"]  # last of equals
    assert "React" in wider.optional_terms and "React" not in _positive_texts(wider.boolean)
    assert wider.level == -3
    assert wider.adjustments[-1].action == "widen"
    assert wider.adjustments[-1].change == 'dropped "React" from the required terms'
    assert wider.adjustments[-1].reason == reason

    wider = widen(_present(widen(wider, spec)), spec)
    assert wider is not None and wider.required_terms == ["Python"]  # starred stays longest
    wider = widen(wider, spec)
    assert wider is not None and wider.adjacent_titles  # then adjacent occupations
    assert set(wider.adjacent_titles) <= set(wider.titles)
    assert all(t.casefold() in _positive_texts(wider.boolean) for t in wider.adjacent_titles)
    wider = widen(wider, spec)
    assert wider is not None and wider.required_terms == []  # the titles still anchor it
    assert widen(wider, spec) is None
    assert wider.level == -7 and len(wider.adjustments) == 7


def test_widen_without_titles_keeps_one_term() -> None:
    spec = JobSpec(must_have_skills=[_skill("Python"), _skill("Rust")])
    wider = widen(build_query(spec, []), spec)
    assert wider is not None and wider.required_terms == ["Python"]
    assert widen(wider, spec) is None


def test_narrow_promotes_a_nice_to_have_then_requires_years() -> None:
    spec, quals = _python_berlin()
    spec.min_years_experience = None
    q = build_query(spec, quals)
    reason = "40 matches but only 10% met the required qualifications"
    narrower = narrow(q, spec, reason=reason)
    assert narrower is not None
    assert narrower.required_terms == ["Python", "SQL", "pandas"]
    assert "pandas" in _positive_texts(narrower.boolean)
    assert narrower.level == 1
    assert narrower.adjustments[-1].change == 'made "pandas" a required term'
    assert narrower.adjustments[-1].reason == reason
    narrower = narrow(_present(narrow(narrower, spec)), spec)
    assert narrower is not None and narrower.min_years == 5  # a senior role's years
    assert narrow(narrower, spec) is None


def test_narrow_does_not_undo_a_widening() -> None:
    spec = JobSpec(
        title="Data Scientist", onet_code="15-2051.00", min_years_experience=4,
        must_have_skills=[_skill("Python"), _skill("Spark")],
    )  # fmt: skip
    q = build_query(spec, [])
    for _ in range(4):  # 4+ -> 2+ years -> any, then drop Spark, then adjacent titles
        q = widen(q, spec) or q
    assert q.dropped_terms == ["Spark"] and q.adjacent_titles and q.min_years is None
    narrower = narrow(q, spec)
    assert narrower is not None
    assert narrower.required_terms == ["Python"] and narrower.min_years is None
    assert not narrower.adjacent_titles  # only the adjacent titles could go back
    assert narrow(narrower, spec) is None


# -- decide -------------------------------------------------------------------------------------


def test_decide_thresholds() -> None:
    nobody = decide([], batch_size=12)
    assert nobody.action == "widen" and "no candidates" in nobody.reason

    thin = decide([_evaluation(3)] * 4, batch_size=12)
    assert thin.action == "widen" and "only 4 for a batch of 12" in thin.reason

    few = decide([_evaluation(3)] * 2 + [_evaluation(1)] * 10, batch_size=12)
    assert few.action == "widen"
    assert few.reason.startswith("only 2 of 12 calibration candidates met every required")

    loose = decide([_evaluation(3)] * 4 + [_evaluation(0)] * 36, batch_size=40)
    assert loose.action == "narrow"
    assert loose.reason == "40 matches but only 10% met the required qualifications"

    good = decide([_evaluation(3)] * 5 + [_evaluation(2)] * 7, batch_size=12)
    assert good.action == "keep" and "5 of 12" in good.reason

    # A half-full batch of qualified people is kept; so is a tiny batch size.
    assert decide([_evaluation(3)] * 7, batch_size=12).action == "keep"
    assert decide([_evaluation(2, 2)] * 2, batch_size=2).action == "keep"
    # No required qualifications: everyone qualifies.
    assert decide([_evaluation(0, 0)] * 12, batch_size=12).action == "keep"


# -- sourcing on the real pool ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool(rt: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    tenant = make_tenant(rt)
    path = write_pool(tmp_path_factory.mktemp("pool") / "pool.jsonl")
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(read_paths([path]))
    return tenant


def _source(
    rt: Runtime, tenant: Tenant, q: SourcingQuery, limit: int, exclude: set[uuid.UUID] | None = None
) -> list[tuple[str, SourcedCandidate]]:
    """(name, sourced candidate) pairs, in the order sourcing returned them."""
    with transaction(rt.sessions) as session:
        found = source_batch(
            session, rt.embedder, rt.settings, tenant.org.id, q, limit=limit,
            exclude=exclude or set(),
        )  # fmt: skip
        people = {c.candidate_id: session.get(Candidate, c.candidate_id) for c in found}
        return [(getattr(people[c.candidate_id], "name", ""), c) for c in found]


def test_python_data_scientist_in_berlin_sources_ada_first(rt: Runtime, pool: Tenant) -> None:
    spec, quals = _python_berlin()
    spec.exclusions = []
    found = _source(rt, pool, build_query(spec, quals), limit=5)
    assert found[0][0] == "Ada Lindqvist" and found[0][1].via == "boolean"
    assert {"python", "sql"} <= {t.casefold() for t in found[0][1].matched_terms}
    # The top-up is by meaning, marked so, and still inside Berlin.
    assert {name for name, c in found[1:]} <= {"Dmitri Volkov"}
    assert all(c.via == "semantic" for _, c in found[1:])


def test_too_narrow_query_widens_to_more_matches(rt: Runtime, pool: Tenant) -> None:
    spec = JobSpec(
        must_have_skills=[_skill(s) for s in ("Python", "Kubernetes", "Terraform", "React")]
    )
    q = build_query(spec, [])
    before = [n for n, c in _source(rt, pool, q, limit=3) if c.via == "boolean"]
    assert before == []
    decision = decide([], batch_size=3)
    wider = widen(q, spec, reason=decision.reason)
    assert wider is not None
    assert wider.adjustments[-1].change == 'dropped "React" from the required terms'
    assert wider.adjustments[-1].reason == "the search found no candidates"
    after = _source(rt, pool, wider, limit=3)
    assert [n for n, c in after if c.via == "boolean"] == ["Femi Adeyemi"]


def test_exclusions_and_pipeline_ids_are_kept_out(rt: Runtime, pool: Tenant) -> None:
    spec = JobSpec(must_have_skills=[_skill("Python")], exclusions=["Java"])
    q = build_query(spec, [])
    found = _source(rt, pool, q, limit=6)
    names = [n for n, _ in found]
    assert "Bruno Keller" not in names  # a NOT holds in the semantic top-up as well
    assert {"Ada Lindqvist", "Femi Adeyemi"} <= set(names)
    ada = next(c.candidate_id for n, c in found if n == "Ada Lindqvist")
    again = _source(rt, pool, q, limit=6, exclude={ada})
    assert "Ada Lindqvist" not in [n for n, _ in again]
    assert len({c.candidate_id for _, c in again}) == len(again)


def test_min_years_filter_and_its_widening(rt: Runtime, pool: Tenant) -> None:
    spec = JobSpec(must_have_skills=[_skill("Python")], min_years_experience=7)
    q = build_query(spec, [])
    strict = {n for n, c in _source(rt, pool, q, limit=6) if c.via == "boolean"}
    assert strict == {"Bruno Keller", "Femi Adeyemi"}
    lower = _present(widen(q, spec))  # 7+ -> 4+ -> any
    assert lower.min_years == 4
    middle = {n for n, c in _source(rt, pool, lower, limit=6) if c.via == "boolean"}
    assert strict < middle and "Ada Lindqvist" in middle
    wider = widen(lower, spec)
    assert wider is not None and wider.min_years is None
    loose = {n for n, c in _source(rt, pool, wider, limit=6) if c.via == "boolean"}
    assert middle <= loose


def test_awkward_terms_run_against_postgres(rt: Runtime, pool: Tenant) -> None:
    """Parsing is not enough: stopword-only or symbol-heavy terms must not break the SQL."""
    for name in ["C++", "C#", ".NET", "Node.js", "R", "Go", "The", "IT", "a:b", "O'Reilly"]:
        spec = JobSpec(title="Data Scientist", must_have_skills=[_skill(name), _skill("Python")])
        found = _source(rt, pool, build_query(spec, []), limit=2)
        assert len(found) == 2  # nobody has these, so the semantic top-up fills the batch
        if name in ("The", "IT"):
            # PostgreSQL drops a stopword-only term from an AND instead of matching nothing.
            assert found[0][0] == "Ada Lindqvist" and found[0][1].via == "boolean"
