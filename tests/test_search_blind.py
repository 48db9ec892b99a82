"""Search is blind by construction: the full-text and vector indexes read the redacted text.
A name or an email in a resume is not findable, a counterfactual swap of name and pronouns
ranks the same, while the display fields still show the profile. On real Postgres+pgvector."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from app.candidates.profile import RawRecord
from app.candidates.service import Importer
from app.db import transaction
from app.runtime import Runtime
from app.search.service import search
from tests.conftest import Tenant

RESUME = """{name}
Senior Data Engineer | Hamburg, Germany
{email} | +49 40 1234 5678
Date of Birth: 14/02/1964
SUMMARY
{subj} led the move of {poss} team's batch jobs to streaming pipelines.

EXPERIENCE
Senior Data Engineer, Nordlicht Logistics (Jan 2017 - Present)
- Built streaming pipelines in Python and Apache Spark.
- Ran production workloads on Kubernetes.

EDUCATION
M.Sc. Computer Science, University of Hamburg, 2016
{club}

SKILLS
Python, Spark, Kubernetes, Kafka, SQL
"""

OTHERS = [
    "Nurse\nRegistered Nurse | Leeds, UK\nEXPERIENCE\nStaff Nurse, Leeds General Infirmary\n"
    "- Acute care on a surgical ward, records in Epic.\nSKILLS\nPatient care, Epic\n",
    "Analyst\nReporting Analyst | Dresden, Germany\nEXPERIENCE\nReporting Analyst, Elbe Trading\n"
    "- Weekly sales reports in Excel and some Python.\nSKILLS\nExcel, Python\n",
]


def _resume(name: str, subj: str, poss: str, club: str, email: str | None = None) -> str:
    email = email or name.split()[0].lower() + "@example.org"
    return RESUME.format(name=name, email=email, subj=subj, poss=poss, club=club)


def _import(rt: Runtime, tenant: Tenant, texts: dict[str, str]) -> dict[str, uuid.UUID]:
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id).run(
            RawRecord(source=f"{key}.txt", text=body) for key, body in texts.items()
        )
    with rt.sessions() as session:
        rows = session.execute(
            text("SELECT source, id FROM candidates WHERE id = ANY(:ids)"),
            {"ids": summary.candidate_ids},
        ).tuples()
        return {source.removesuffix(".txt"): cid for source, cid in rows}


def _search(rt: Runtime, tenant: Tenant, query: str, mode: str | None = None):  # type: ignore[no-untyped-def]
    with transaction(rt.sessions) as session:
        return search(
            session,
            rt.embedder,
            rt.settings,
            tenant.org.id,
            query,
            limit=50,
            mode=mode,  # type: ignore[arg-type]
        )


def test_name_email_and_personal_lines_are_not_findable(rt: Runtime, tenant: Tenant) -> None:
    ids = _import(
        rt,
        tenant,
        {"zeb": _resume("Zebulon Quixote", "He", "his", "", email="zeb.quixote@example.org")},
    )
    for query in ("Zebulon", "Quixote", "zeb.quixote@example.org", "birth", "Zebulon Quixote"):
        hits = _search(rt, tenant, query, mode="natural").results
        assert all(h.lexical_rank is None for h in hits), query
    for query in ("Zebulon", "Quixote", '"Zebulon Quixote"'):
        assert _search(rt, tenant, query, mode="boolean").results == [], query
    with rt.sessions() as session:
        indexed = session.execute(
            text(
                "SELECT search_tsv::text || ' ' || brief_tsv::text || ' ' || search_text "
                "FROM candidates WHERE id = :id"
            ),
            {"id": ids["zeb"]},
        ).scalar_one()
    for withheld in ("zebulon", "quixot", "example.org", "1964", "49 40"):
        assert withheld not in indexed.lower()
    # What the person is good at is findable; the display still shows who they are.
    hits = _search(rt, tenant, "data engineer spark kubernetes").results
    assert hits and hits[0].candidate_id == ids["zeb"]
    assert hits[0].name == "Zebulon Quixote" and hits[0].lexical_rank == 1


def test_counterfactual_swap_ranks_the_same(rt: Runtime, tenant: Tenant) -> None:
    texts = {
        "emily": _resume("Emily Walsh", "She", "her", "Member, Society of Women Engineers"),
        "james": _resume("James Walsh", "He", "his", "Member, Society of Automotive Engineers"),
        "jamal": _resume("Jamal Washington", "They", "their", "Chairman of the robotics society"),
        **{f"other{i}": body for i, body in enumerate(OTHERS)},
    }
    ids = _import(rt, tenant, texts)
    for query in ("senior data engineer python spark kubernetes", "streaming pipelines"):
        hits = {h.candidate_id: h for h in _search(rt, tenant, query).results}
        swapped = [hits[ids[k]] for k in ("emily", "james", "jamal")]
        assert len({h.score for h in swapped}) == 1, query
        assert len({h.lexical_rank for h in swapped}) == 1, query
        assert len({h.semantic_rank for h in swapped}) == 1, query
        assert swapped[0].lexical_rank == 1
        assert {h.name for h in swapped} == {"Emily Walsh", "James Walsh", "Jamal Washington"}
