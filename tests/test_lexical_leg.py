"""The natural-language full-text leg: every term first, relaxed to any term only when too
few rows hold them all, each step capped before ranking. Field and phrase queries keep
their Boolean meaning (tests/test_search.py)."""

from __future__ import annotations

import itertools
import uuid

from sqlalchemy import text

from app.db import transaction
from app.runtime import Runtime
from app.search import repository
from app.search.query_language import compile_tsquery, parse_boolean
from app.search.repository import Clause
from app.search.service import search
from tests.conftest import Tenant


def _leg(
    rt: Runtime, org: uuid.UUID, terms: list[str], cap: int, scan: int = 2000
) -> list[tuple[uuid.UUID, float]]:
    params = {f"t{i}": t for i, t in enumerate(terms)}
    each = [f"plainto_tsquery('english', :t{i})" for i in range(len(terms))]
    with transaction(rt.sessions) as session:
        rows = repository.natural_lexical_leg(
            session, org, Clause("TRUE", params), terms, each, limit=10, cap=cap, scan=scan
        )
        # The leg keeps the planner off sequential scans only for itself.
        assert session.execute(text("SHOW enable_seqscan")).scalar_one() == "on"
        return rows


def _names(rt: Runtime, team: Tenant, query: str) -> dict[str, int | None]:
    with transaction(rt.sessions) as session:
        hits = search(session, rt.embedder, rt.settings, team.org.id, query, limit=10).results
    return {h.name or "": h.lexical_rank for h in hits}


def test_every_term_ranks_first_then_relaxed(rt: Runtime, team: Tenant) -> None:
    ranks = _names(rt, team, "python docker")
    assert ranks["Ada Lindqvist"] == 1  # the only one with both
    # Relaxed: Python alone still finds the others, ranked after her.
    for name in ("Bruno Keller", "Femi Adeyemi"):
        assert ranks[name] is not None and ranks[name] > 1


# Two terms: the steps are both (tier 2), the rarer alone (tier 1), either (tier 0).
EVERY_TERM_TIER = 2


def test_no_relaxation_once_the_cap_is_reached(rt: Runtime, team: Tenant) -> None:
    both = _leg(rt, team.org.id, ["python", "kubernetes"], cap=1)
    assert len(both) == 1 and both[0][1] >= EVERY_TERM_TIER  # Femi: every term, no more
    relaxed = _leg(rt, team.org.id, ["python", "autocad"], cap=10)
    assert len(relaxed) == 4  # nobody has both: the three Python rows and the AutoCAD one
    assert all(rank < EVERY_TERM_TIER for _, rank in relaxed)
    ranks = [rank for _, rank in relaxed]
    assert ranks == sorted(ranks, reverse=True)
    capped = _leg(rt, team.org.id, ["python", "autocad"], cap=2)
    assert len(capped) == 2  # the looser steps are capped too
    # However few matches a step may read from the index, the cap still fills.
    assert len(_leg(rt, team.org.id, ["python"], cap=3, scan=1)) == 3


def test_relaxation_drops_the_commonest_terms_first() -> None:
    # "microsoft" (in 90% of profiles) goes first, then "excel"; "geothermal" stays longest.
    ladder = repository.relaxation_ladder([0.0, 0.9, 0.5])
    assert ladder == [[0, 1, 2], [0, 2], [0]]
    # Unknown frequencies (no statistics yet): the later terms go first.
    assert repository.relaxation_ladder([0.0, 0.0, 0.0]) == [[0, 1, 2], [0, 1], [0]]
    # A pasted description: a short ladder, strictly looser at each step, down to one term.
    long = repository.relaxation_ladder([i / 40 for i in range(30)])
    sizes = [len(step) for step in long]
    assert len(long) <= 9 and sizes == sorted(set(sizes), reverse=True) and long[-1] == [0]
    assert all(set(b) <= set(a) for a, b in itertools.pairwise(long))


BOOLEAN = [
    'title:"Data Scientist"',
    "title:engineer AND skill:python",
    'skill:"Spring Boot" OR title:"Registered Nurse"',
    "title:developer AND NOT skill:java",
    "-title:engineer AND python",
    'skill:"patient care" AND nurse',
    'title:"Site Reliability Engineer" AND skill:kubernetes AND NOT company:acme',
]


def _matches(rt: Runtime, org: uuid.UUID, query: str, brief: str | None) -> set[uuid.UUID]:
    compiled = compile_tsquery(
        parse_boolean(query),
        search_column="c.search_tsv",
        location_column="c.location_tsv",
        brief_column=brief,
    )
    with transaction(rt.sessions) as session:
        rows = session.execute(
            text(f"SELECT c.id FROM candidates c WHERE c.org_id = :o AND {compiled.where_sql}"),
            {**compiled.params, "o": org},
        ).scalars()
        return set(rows)


def test_title_and_skill_leaves_on_brief_tsv_match_exactly_as_on_search_tsv(
    rt: Runtime, team: Tenant
) -> None:
    for query in BOOLEAN:
        on_search = _matches(rt, team.org.id, query, None)
        assert on_search == _matches(rt, team.org.id, query, "c.brief_tsv"), query
    assert _matches(rt, team.org.id, BOOLEAN[0], "c.brief_tsv")  # the check can fail


def test_the_capped_natural_leg_keeps_phrase_and_field_queries_whole(
    rt: Runtime, team: Tenant
) -> None:
    """Field and phrase queries take the Boolean leg, never the capped ladder: with the cap
    at its floor every match of a field query is still returned."""
    settings = rt.settings.model_copy(update={"search_rank_cap": 1, "search_rank_scan": 1})
    for query in ('title:"Data Scientist"', '"patient care"', "skill:python"):
        expected = _matches(rt, team.org.id, query, None)
        with transaction(rt.sessions) as session:
            hits = search(session, rt.embedder, settings, team.org.id, query, limit=50).results
        lexical = {h.candidate_id for h in hits if h.lexical_rank is not None}
        assert lexical == expected and expected, query
