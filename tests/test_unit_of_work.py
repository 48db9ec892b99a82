"""The edge owns the transaction: services flush, work is published after the commit, and
an import keeps per-batch atomicity through savepoints inside the caller's unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.candidates.profile import RawRecord
from app.candidates.service import Importer
from app.candidates.states import ImportRunStatus
from app.db import after_commit, transaction
from app.models import Candidate, CandidateSection, ImportRun
from app.runtime import Runtime
from tests.conftest import Tenant

GOOD = "Summary\nWelder with ten years of TIG welding on pressure vessels."
ALSO_GOOD = "Summary\nElectrician: industrial wiring, PLC panels, motor controls."
# Postgres refuses the row (a name longer than its column holds): the batch fails and is
# retried one record at a time.
REFUSED_SOURCE = "refused.jsonl#line=2"


def _names(rt: Runtime, tenant: Tenant) -> list[str]:
    with transaction(rt.sessions) as s:
        return list(s.scalars(select(Candidate.source).where(Candidate.org_id == tenant.org.id)))


def test_published_only_after_the_commit_and_never_after_a_rollback(
    rt: Runtime, tenant: Tenant
) -> None:
    seen: list[int] = []

    def count_runs() -> None:
        # Runs once committed: a fresh unit of work already sees the row.
        with transaction(rt.sessions) as s:
            seen.append(int(s.scalar(select(func.count()).select_from(ImportRun)) or 0))

    with transaction(rt.sessions) as session:
        before = int(session.scalar(select(func.count()).select_from(ImportRun)) or 0)
        session.add(ImportRun(org_id=tenant.org.id))
        after_commit(session, count_runs)
        assert seen == []
    assert seen == [before + 1]

    with pytest.raises(RuntimeError), transaction(rt.sessions) as session:
        after_commit(session, lambda: seen.append(-1))
        raise RuntimeError("the edge failed")
    assert seen == [before + 1]


def test_a_refused_row_fails_alone_and_the_rest_of_its_batch_is_kept(
    rt: Runtime, tenant: Tenant
) -> None:
    records = [
        RawRecord(source="good.txt", text=GOOD),
        RawRecord(
            source=REFUSED_SOURCE,
            text="Summary\nPainter, industrial coatings.",
            fields={"name": "Ann " + "Lee" * 200},
        ),
        RawRecord(source="also-good.txt", text=ALSO_GOOD),
    ]
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id).run(records)
    assert summary.imported == 2
    assert [f.file for f in summary.failed] == [REFUSED_SOURCE]
    assert "could not store" in summary.failed[0].error
    assert sorted(_names(rt, tenant)) == ["also-good.txt", "good.txt"]
    with transaction(rt.sessions) as s:
        run = s.get(ImportRun, summary.import_run_id)
        assert run is not None and run.status == ImportRunStatus.FINISHED and run.imported == 2
        orphans = s.scalar(
            select(func.count())
            .select_from(CandidateSection)
            .where(
                CandidateSection.org_id == tenant.org.id,
                ~CandidateSection.candidate_id.in_(select(Candidate.id)),
            )
        )
    assert orphans == 0


def test_an_import_the_edge_rolls_back_leaves_nothing(rt: Runtime, tenant: Tenant) -> None:
    with pytest.raises(RuntimeError), transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id).run(
            [RawRecord(source="good.txt", text=GOOD)]
        )
        assert summary.imported == 1
        raise RuntimeError("the request failed after the import")
    assert _names(rt, tenant) == []
    with transaction(rt.sessions) as s:
        assert s.get(ImportRun, summary.import_run_id) is None
