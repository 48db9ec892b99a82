"""Import into the real database: formats, bad input, dedupe, the embedding existence check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.models import Candidate, CandidateChunk, CandidateSection, Embedding
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.pool import PROFILES, write_pool


def _import(rt: Runtime, tenant: Tenant, *paths: Path) -> dict[str, object]:
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id).run(read_paths(list(paths)))
    return summary.model_dump()


def _count(rt: Runtime, model: Any, tenant: Tenant) -> int:
    with transaction(rt.sessions) as s:
        stmt = select(func.count()).select_from(model).where(model.org_id == tenant.org.id)
        return int(s.scalar(stmt) or 0)


def test_jsonl_import_builds_profiles_sections_and_embeddings(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    result = _import(rt, tenant, write_pool(tmp_path / "pool.jsonl"))
    assert result["imported"] == len(PROFILES)
    assert result["failed"] == []
    assert result["embedding_calls"] > 0
    with transaction(rt.sessions) as s:
        ds = s.scalar(
            select(Candidate).where(
                Candidate.org_id == tenant.org.id, Candidate.source.like("%line=1")
            )
        )
        assert ds is not None
        assert ds.name == "Ada Lindqvist"
        assert ds.emails == ["ada@example.org"]
        assert "Python" in ds.skills
        # Identifiers stay in their own columns, out of the profile handed to scoring.
        assert "ada@example.org" not in json.dumps(ds.profile)
        sections = s.scalars(
            select(CandidateSection).where(CandidateSection.candidate_id == ds.id)
        ).all()
        assert sections
        for sec in sections:
            assert ds.raw_text[sec.start_offset : sec.end_offset] == sec.text
        chunks = s.scalars(select(CandidateChunk).where(CandidateChunk.candidate_id == ds.id))
        assert all(c.embedding_id is not None for c in chunks)


async def test_reimport_is_idempotent_and_embeds_nothing(
    rt: Runtime, tenant: Tenant, tmp_path: Path, client: httpx.AsyncClient
) -> None:
    pool = write_pool(tmp_path / "pool.jsonl")
    first = _import(rt, tenant, pool)
    before = (await client.get("/metrics")).text
    embeddings_after_first = _count(rt, Embedding, tenant)
    second = _import(rt, tenant, pool)
    assert second["imported"] == 0
    assert second["duplicates"] == first["imported"]
    assert second["embedding_calls"] == 0
    # The shared counter (all processes) did not move either.
    assert (await client.get("/metrics")).text == before
    assert "scout_embedding_texts_total" in before
    assert _count(rt, Candidate, tenant) == len(PROFILES)
    assert _count(rt, Embedding, tenant) == embeddings_after_first


def test_identical_text_is_embedded_once(rt: Runtime, tenant: Tenant, tmp_path: Path) -> None:
    shared = "SKILLS\nPython, SQL, Docker, Kubernetes, Terraform\n"
    (tmp_path / "a.txt").write_text("Summary\nBackend engineer at Alpha.\n" + shared)
    (tmp_path / "b.txt").write_text("Summary\nPlatform engineer at Beta.\n" + shared)
    before = rt.embedder.stats.texts
    result = _import(rt, tenant, tmp_path)
    assert result["imported"] == 2
    with transaction(rt.sessions) as s:
        chunks = s.scalar(
            select(func.count())
            .select_from(CandidateChunk)
            .where(CandidateChunk.org_id == tenant.org.id)
        )
        distinct = s.scalar(
            select(func.count(func.distinct(CandidateChunk.embedding_id))).where(
                CandidateChunk.org_id == tenant.org.id
            )
        )
    assert distinct is not None and chunks is not None and distinct < chunks
    assert rt.embedder.stats.texts - before == distinct


def test_near_duplicate_is_imported_and_reported(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    text = PROFILES[0]["experience"][0]["description"] * 6
    (tmp_path / "v1.txt").write_text("Data Scientist\n" + text)
    (tmp_path / "v2.txt").write_text("Data Scientist.\n" + text + " Thanks.")
    result = _import(rt, tenant, tmp_path)
    assert result["imported"] == 2
    assert len(result["near_duplicates"]) == 1
    assert result["near_duplicates"][0]["source"].endswith("v2.txt")


def test_bad_files_get_their_own_error_and_the_rest_imports(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    from docx import Document
    from fpdf import FPDF

    good_txt = tmp_path / "good.txt"
    good_txt.write_text("Summary\nNurse with ICU experience.\nSkills\nEpic, patient care\n")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Experience\nSoftware Engineer at Contoso\nSkills\nPython, Django")
    pdf.output(str(tmp_path / "good.pdf"))
    doc = Document()
    doc.add_paragraph("Experience")
    doc.add_paragraph("Accountant at Woodgrove, 2015 - 2021, Excel and SAP")
    doc.save(str(tmp_path / "good.docx"))

    scanned = FPDF()
    scanned.add_page()
    scanned.rect(10, 10, 100, 100, style="F")
    scanned.output(str(tmp_path / "scanned.pdf"))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip" * 10)
    (tmp_path / "wrong.csv").write_text("foo,bar\n1,2\n")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "huge.txt").write_bytes(b"a" * (11 * 1024 * 1024))

    result = _import(rt, tenant, tmp_path)
    assert result["imported"] == 3
    failed = {Path(f["file"]).name: f["error"] for f in result["failed"]}
    assert set(failed) == {
        "scanned.pdf",
        "empty.txt",
        "corrupt.docx",
        "wrong.csv",
        "junk.txt",
        "huge.txt",
    }
    assert "scanned" in failed["scanned.pdf"] or "no text" in failed["scanned.pdf"]
    assert "empty" in failed["empty.txt"]
    assert "docx" in failed["corrupt.docx"].lower()
    assert "column" in failed["wrong.csv"].lower()
    assert "binary" in failed["junk.txt"].lower()
    assert "MB" in failed["huge.txt"] or "limit" in failed["huge.txt"]
    with transaction(rt.sessions) as s:
        sources = set(s.scalars(select(Candidate.source).where(Candidate.org_id == tenant.org.id)))
    assert {Path(x).name for x in sources} == {"good.txt", "good.pdf", "good.docx"}


def test_a_row_the_database_rejects_leaves_nothing_behind(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    rows = [
        {"name": "Good One", "text": "Summary\nWelder with ten years of TIG welding."},
        {"name": "Bad One", "text": "Summary\nHas a NUL \u0000 byte Postgres refuses."},
        {"name": "Good Two", "text": "Summary\nElectrician, industrial wiring, PLCs."},
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = _import(rt, tenant, path)
    with transaction(rt.sessions) as s:
        names = set(s.scalars(select(Candidate.name).where(Candidate.org_id == tenant.org.id)))
        orphans = s.scalar(
            select(func.count())
            .select_from(CandidateSection)
            .where(
                CandidateSection.org_id == tenant.org.id,
                ~CandidateSection.candidate_id.in_(
                    select(Candidate.id).where(Candidate.org_id == tenant.org.id)
                ),
            )
        )
    assert {"Good One", "Good Two"} <= names
    assert orphans == 0
    # Either the reader cleaned the NUL (3 imported) or the row failed alone (2 + 1 failed).
    assert result["imported"] + len(result["failed"]) == 3


def test_shared_resume_csv_imports_out_of_the_box(
    rt: Runtime, tenant: Tenant, shared_data: Path
) -> None:
    result = _import(rt, tenant, shared_data / "resumes" / "UpdatedResumeDataSet.csv")
    assert result["failed"] == []
    assert 150 <= result["imported"] <= 170  # 166 distinct texts in 962 rows
    assert result["imported"] + result["duplicates"] == 962


async def test_http_import_multipart(
    client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    pool = write_pool(tmp_path / "pool.jsonl").read_bytes()
    files = [
        ("files", ("pool.jsonl", pool, "application/jsonl")),
        ("files", ("empty.txt", b"", "text/plain")),
    ]
    r = await client.post("/v1/candidates/import", files=files, headers=tenant.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["imported"] == len(PROFILES)
    assert [f["file"] for f in body["failed"]] == ["empty.txt"]
    listed = await client.get("/v1/candidates?limit=4", headers=tenant.headers)
    page = listed.json()
    assert len(page["items"]) == 4 and page["next_cursor"]
    rest = await client.get(
        f"/v1/candidates?limit=4&cursor={page['next_cursor']}", headers=tenant.headers
    )
    assert len(rest.json()["items"]) == len(PROFILES) - 4


async def test_http_import_rejects_bad_column_map_and_missing_token(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    files = [("files", ("a.csv", b"Resume\nhello world", "text/csv"))]
    r = await client.post(
        "/v1/candidates/import",
        files=files,
        data={"column_map": "{nope"},
        headers=tenant.headers,
    )
    assert r.status_code == 400
    assert "column_map" in r.json()["error"]
    r = await client.post("/v1/candidates/import", files=files)
    assert r.status_code == 401
    assert "token" in r.json()["error"]
