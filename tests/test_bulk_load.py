"""The COPY bulk loader against the real stack: rows exactly as the importer's path builds
them, searchable lexically and by vector, blind, resumable, indexes rebuilt."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import text

from app.candidates.dedupe import content_hash
from app.candidates.dedupe import simhash as product_simhash
from app.db import transaction
from app.models.candidate import BRIEF_TSV_SQL, SEARCH_TSV_SQL
from app.runtime import Runtime
from app.search.service import search
from app.synth import generate_profiles
from app.synth.bulk_load import DEFERRED_BTREES, DEFERRED_INDEXES, BulkLoader
from app.synth.bulk_rows import (
    CANDIDATE_COLUMNS,
    ShingleMemo,
    identity_variant,
    profile_rows,
    simhash,
)
from app.synth.generator import phrases
from app.synth.vectors import VocabularyVectors, base_title, profile_phrases
from tests.conftest import Tenant

PROFILES = list(generate_profiles(12, 42))


def test_fast_simhash_is_the_product_simhash() -> None:
    for profile in PROFILES:
        raw = str(profile["text"])
        assert simhash(raw) == product_simhash(raw)
    assert simhash("") == product_simhash("")


@pytest.mark.parametrize("memo_kind", [dict, ShingleMemo])
def test_simhash_memo_shared_by_variants_gives_the_product_simhash(memo_kind: type) -> None:
    org = uuid.uuid4()
    at = {c: i for i, c in enumerate(CANDIDATE_COLUMNS)}
    for n, fields in enumerate(PROFILES[:4]):
        memo = memo_kind()
        rows = profile_rows(fields, org, "s", memo)
        hashed = len(memo)
        raw = str(rows.candidate[at["raw_text"]])
        assert rows.candidate[at["simhash"]] == product_simhash(raw)
        assert rows.content_hash == rows.candidate[at["content_hash"]] == content_hash(raw)
        for v in range(1, 4):
            variant = identity_variant(rows, fields, v, "s", random.Random(n), memo)
            raw = str(variant.candidate[at["raw_text"]])
            assert raw != rows.candidate[at["raw_text"]]
            # With a ShingleMemo, the votes are the resume's corrected around the new
            # identity's words: still exactly the product's SimHash.
            assert variant.candidate[at["simhash"]] == product_simhash(raw)
            assert variant.content_hash == content_hash(raw)
        # Variants hashed only the shingles their new identity changed.
        assert len(memo) < 2 * hashed
        if memo_kind is ShingleMemo:
            assert memo.base is not None and len(memo.base[0]) > 3


def test_simhash_base_of_other_length_is_not_used() -> None:
    memo = ShingleMemo()
    first = "Senior data engineer at Acme building Kafka pipelines in Go"
    assert simhash(first, memo) == product_simhash(first)
    for other in (
        "Senior data engineer at Initech building Kafka pipelines in Go",  # one word swapped
        "Junior data engineer at Acme building Kafka pipelines in Go and Rust",  # longer
        "data engineer",  # under three words
        "",
    ):
        assert simhash(other, memo) == product_simhash(other)


@pytest.mark.parametrize("n", range(6))
def test_identity_variant_equals_the_full_product_path(n: int) -> None:
    org = uuid.uuid4()
    fields = PROFILES[n]
    rows = profile_rows(fields, org, "s")
    variant = identity_variant(rows, fields, 1, "s", random.Random(n))
    at = {c: i for i, c in enumerate(CANDIDATE_COLUMNS)}
    name = variant.candidate[at["name"]]
    assert name != fields["name"] or variant.candidate[at["phones"]] != [fields["phone"]]
    again = profile_rows(
        {
            **fields,
            "name": name,
            "email": variant.candidate[at["emails"]][0],
            "phone": variant.candidate[at["phones"]][0],
        },
        org,
        "s",
    )
    for column in CANDIDATE_COLUMNS:
        if column != "id":
            assert again.candidate[at[column]] == variant.candidate[at[column]], column
    assert [s[1:] for s in again.sections] == [s[1:] for s in variant.sections]
    assert again.chunks == variant.chunks
    # Blind: the variant indexes exactly as the original.
    for column in ("search_text", "titles_text", "skills_text", "companies_text", "profile"):
        assert variant.candidate[at[column]] == rows.candidate[at[column]]
    assert variant.vector_text_hash != rows.vector_text_hash  # a vector of its own


def test_phrases_cover_every_title_and_skill_a_profile_carries() -> None:
    titles, skills = phrases()
    universe = {base_title(t) for t in titles} | set(skills)
    seen: set[str] = set()
    for profile in generate_profiles(400, 7):  # another seed than the pools'
        profile_titles, profile_skills = profile_phrases(profile)
        seen |= {base_title(t) for t in profile_titles} | set(profile_skills)
    assert seen and seen <= universe
    assert len(universe) > len(seen)  # the whole vocabulary, not one pool's


def test_composed_vectors_are_unit_and_near_their_phrases(rt: Runtime) -> None:
    import numpy as np

    vocab = VocabularyVectors(rt.embedder)
    vocab.ensure(["Data Engineer", "Registered Nurse", "Python", "Patient care"])
    rng = np.random.default_rng(1)
    engineer = vocab.compose(["Senior Data Engineer"], ["Python"], rng)
    nurse = vocab.compose(["Registered Nurse"], ["Patient care"], rng)
    assert abs(float(np.linalg.norm(engineer)) - 1) < 1e-5
    assert float(engineer @ vocab.vectors["Data Engineer"]) > float(
        engineer @ vocab.vectors["Registered Nurse"]
    )
    assert float(nurse @ vocab.vectors["Registered Nurse"]) > float(
        nurse @ vocab.vectors["Data Engineer"]
    )


def test_bulk_load_small_pool(rt: Runtime, tenant: Tenant) -> None:
    org = tenant.org.id
    loader = BulkLoader(rt, org, seed=42, workers=0, batch=5, variants=2)
    report = loader.load(12)
    assert report.profiles_loaded == 12
    with rt.engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM candidates WHERE org_id = :o"), {"o": org}
        ).scalar_one()
        assert count == 12
        indexes = set(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE indexname = ANY(:n)"),
                {"n": [*DEFERRED_INDEXES, *DEFERRED_BTREES]},
            ).scalars()
        )
        # dropped for the load, built after it
        assert indexes == set(DEFERRED_INDEXES) | set(DEFERRED_BTREES)
        rows = conn.execute(
            text(
                "SELECT c.name, c.emails, c.search_text, c.search_tsv::text, c.brief_tsv::text,"
                " (SELECT count(*) FROM candidate_chunks ch WHERE ch.candidate_id = c.id),"
                " (SELECT count(*) FROM candidate_chunks ch WHERE ch.candidate_id = c.id"
                "   AND ch.embedding_id IS NOT NULL),"
                " (SELECT count(*) FROM candidate_sections s WHERE s.candidate_id = c.id),"
                " (SELECT count(*) FROM candidate_documents d WHERE d.candidate_id = c.id)"
                " FROM candidates c WHERE c.org_id = :o"
            ),
            {"o": org},
        ).all()
        # Variants were copied with their resume's tsvectors (the trigger computed those of
        # the first row only): each is exactly what the expressions give for its row.
        stale = conn.execute(
            text(
                "SELECT count(*) FROM candidates WHERE org_id = :o AND"
                f" (search_tsv <> {SEARCH_TSV_SQL} OR brief_tsv <> {BRIEF_TSV_SQL})"
            ),
            {"o": org},
        ).scalar_one()
        vectors = conn.execute(
            text("SELECT count(DISTINCT vector::text) FROM embeddings WHERE org_id = :o"),
            {"o": org},
        ).scalar_one()
        # Written in pgvector's binary form: read back as the unit vectors composed.
        low, high, dims = conn.execute(
            text(
                "SELECT min(vector_norm(vector)), max(vector_norm(vector)),"
                " min(vector_dims(vector)) FROM embeddings WHERE org_id = :o"
            ),
            {"o": org},
        ).one()
        # COPY ran without the foreign-key triggers (superuser): every reference holds.
        orphans = conn.execute(
            text(
                "SELECT"
                " (SELECT count(*) FROM candidate_sections s WHERE s.org_id = :o AND NOT EXISTS"
                "   (SELECT 1 FROM candidates c WHERE c.id = s.candidate_id)),"
                " (SELECT count(*) FROM candidate_documents d WHERE d.org_id = :o AND NOT EXISTS"
                "   (SELECT 1 FROM candidates c WHERE c.id = d.candidate_id)),"
                " (SELECT count(*) FROM candidate_chunks ch WHERE ch.org_id = :o AND ("
                "   NOT EXISTS (SELECT 1 FROM candidate_sections s"
                "     WHERE s.id = ch.section_id AND s.candidate_id = ch.candidate_id)"
                "   OR (ch.embedding_id IS NOT NULL AND NOT EXISTS"
                "     (SELECT 1 FROM embeddings e WHERE e.id = ch.embedding_id))))"
            ),
            {"o": org},
        ).one()
    assert loader.load_settings.get("session_replication_role") == "replica"
    assert tuple(orphans) == (0, 0, 0)
    assert stale == 0
    assert vectors == 12  # one vector per profile, variants included
    assert abs(low - 1) < 1e-5 and abs(high - 1) < 1e-5 and dims == rt.embedder.dim
    for name, emails, search_text, tsv, brief, chunks, with_vector, sections, docs in rows:
        assert chunks >= 3 and with_vector == 1 and sections >= 3 and docs == 1
        # Blind: no name or e-mail in what the index reads.
        for word in [*name.lower().split(), emails[0].split("@")[0]]:
            assert word not in search_text.lower()
            assert f"'{word}'" not in tsv and f"'{word}'" not in brief

    # Every profile is reachable by vector; a title finds its resume and the variant of
    # it lexically, at one rank (they index identically).
    first = PROFILES[0]
    title = str(first["experience"][0]["title"])  # type: ignore[index]
    with transaction(rt.sessions) as session:
        hits = search(session, rt.embedder, rt.settings, org, title, limit=12).results
        rows_by_source = session.execute(
            text("SELECT source, id FROM candidates WHERE org_id = :o AND source LIKE :s"),
            {"o": org, "s": "synth-42.jsonl#line=1%"},
        )
        ids = {source: cid for source, cid in rows_by_source}
    assert len(hits) == 12 and all(h.semantic_rank is not None for h in hits)
    by_id = {h.candidate_id: h for h in hits}
    original, variant = (
        by_id[ids["synth-42.jsonl#line=1"]],
        by_id[ids["synth-42.jsonl#line=1&variant=1"]],
    )
    assert original.lexical_rank is not None and original.lexical_rank == variant.lexical_rank
    assert original.name == first["name"] and variant.name != first["name"]

    # Resumable: the same count adds nothing; a larger one adds only the rest.
    assert loader.load(12).profiles_loaded == 0
    # A load broken after dropping its indexes: the next run puts them back.
    with rt.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_candidates_brief_tsv"))
    # (Its build time is no evidence: a small pool rebuilds in under the report's rounding.)
    assert loader.load(12).profiles_loaded == 0
    with rt.engine.connect() as conn:
        back = conn.execute(
            text("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_candidates_brief_tsv'")
        ).scalar_one()
    assert back == 1
    assert loader.load(16).profiles_loaded == 4
