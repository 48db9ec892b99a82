"""The natural-language leg drops the commonest words first; how common a word is comes from
the searching organization's own profiles. Not from pg_stats: that mixes every
organization's words, and row-level security hides it from API searches, so an API search
and an unscoped one over the same pool used to relax the same query differently."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import text

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.runtime import Runtime
from app.search import repository
from tests.conftest import Tenant
from tests.pool import PROFILES


def _frequencies(rt: Runtime, org: uuid.UUID, *, scoped: bool) -> dict[str, float]:
    repository.forget_lexeme_stats()
    with transaction(rt.sessions, org_id=org if scoped else None) as session:
        return repository._common_lexemes(session, org)


def _holders(word: str) -> int:
    return sum(word in str(p).lower() for p in PROFILES)


def test_word_shares_come_from_the_org_and_match_under_row_level_security(
    rt: Runtime, team: Tenant
) -> None:
    scoped = _frequencies(rt, team.org.id, scoped=True)
    assert scoped, "an API (row-level security) search sees the org's word frequencies"
    assert scoped == _frequencies(rt, team.org.id, scoped=False)
    # The share of the pool's profiles that mention Python, as a person would count it.
    assert scoped["python"] == _holders("python") / len(PROFILES)
    assert 0 < scoped["python"] < 1


def test_another_orgs_profiles_and_analyze_change_nothing(
    rt: Runtime, team: Tenant, other_tenant: Tenant, tmp_path: Path
) -> None:
    before = _frequencies(rt, team.org.id, scoped=True)
    files = []
    for i in range(6):
        path = tmp_path / f"cad{i}.txt"
        path.write_text(
            f"Draftsman {i}\nSkills: AutoCAD, Revit, geothermal drilling plans {i}\n"
            f"Experience\nCAD Technician, Firm {i}, 2015 - 2020\n",
            encoding="utf-8",
        )
        files.append(path)
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, other_tenant.org.id).run(read_paths(files))
    with transaction(rt.sessions) as session:
        session.execute(text("ANALYZE candidates"))
    assert _frequencies(rt, team.org.id, scoped=True) == before
    theirs = _frequencies(rt, other_tenant.org.id, scoped=True)
    assert theirs["geotherm"] == 1.0 and "geotherm" not in before
