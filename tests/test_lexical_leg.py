"""The natural-language full-text leg: every term first, relaxed to any term only when too
few rows hold them all, each step capped before ranking. Field and phrase queries keep
their Boolean meaning (tests/test_search.py)."""

from __future__ import annotations

import uuid

from app.db import transaction
from app.runtime import Runtime
from app.search import repository
from app.search.repository import Clause
from app.search.service import search
from tests.conftest import Tenant


def _leg(rt: Runtime, org: uuid.UUID, terms: list[str], cap: int) -> list[tuple[uuid.UUID, float]]:
    params = {f"t{i}": t for i, t in enumerate(terms)}
    each = [f"plainto_tsquery('english', :t{i})" for i in range(len(terms))]
    with transaction(rt.sessions) as session:
        return repository.natural_lexical_leg(
            session,
            org,
            Clause("TRUE", params),
            "(" + " && ".join(each) + ")",
            "(" + " || ".join(each) + ")",
            limit=10,
            cap=cap,
        )


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


def test_no_relaxation_once_the_cap_is_reached(rt: Runtime, team: Tenant) -> None:
    both = _leg(rt, team.org.id, ["python", "kubernetes"], cap=1)
    assert len(both) == 1 and both[0][1] >= 1.0  # Femi: every term, so no OR step
    relaxed = _leg(rt, team.org.id, ["python", "autocad"], cap=10)
    assert len(relaxed) == 4  # nobody has both: the three Python rows and the AutoCAD one
    assert all(rank < 1.0 for _, rank in relaxed)
    capped = _leg(rt, team.org.id, ["python", "autocad"], cap=2)
    assert len(capped) == 2  # the OR step is capped too
