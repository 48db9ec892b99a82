"""The SQL of both search legs. Every statement carries the organization filter itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.search.schemas import SearchFilters


@dataclass
class Clause:
    """A SQL boolean fragment over `c` (candidates) with its bind parameters."""

    sql: str = "TRUE"
    params: dict[str, Any] = field(default_factory=dict)

    def and_(self, other: Clause) -> Clause:
        return Clause(f"({self.sql}) AND ({other.sql})", {**self.params, **other.params})


# Nothing says where this person is: no location text and no place the gazetteer found.
_NO_LOCATION = (
    "((c.location IS NULL OR btrim(c.location) = '') AND c.city IS NULL AND c.country_code IS NULL)"
)
_NO_YEARS = "c.years_experience IS NULL"
_NAMED = "c.location_tsv @@ plainto_tsquery('simple', :{key})"


def _location_parts(filters: SearchFilters) -> tuple[list[str], dict[str, Any]]:
    """One SQL alternative per place the filter names; a row matching any of them is in."""
    alternatives: list[str] = []
    params: dict[str, Any] = {}
    if filters.location:
        alternatives.append(_NAMED.format(key="f_location"))
        params["f_location"] = filters.location
    for column, value in (("city", filters.city), ("region", filters.region)):
        if value:
            key = f"f_{column}"
            alternatives.append(f"lower(c.{column}) = lower(:{key}) OR {_NAMED.format(key=key)}")
            params[key] = value
    if filters.country_code:
        alternatives.append("c.country_code = :f_country_code")
        params["f_country_code"] = filters.country_code.upper()
        if filters.country_name:
            alternatives.append(_NAMED.format(key="f_country_name"))
            params["f_country_name"] = filters.country_name
    if not alternatives:
        return [], {}
    return ["(" + " OR ".join(f"({a})" for a in alternatives) + ")"], params


def _years_parts(filters: SearchFilters) -> tuple[list[str], dict[str, Any]]:
    parts: list[str] = []
    params: dict[str, Any] = {}
    if filters.min_years is not None:
        parts.append("c.years_experience >= :f_min_years")
        params["f_min_years"] = filters.min_years
    if filters.max_years is not None:
        parts.append("c.years_experience <= :f_max_years")
        params["f_max_years"] = filters.max_years
    return parts, params


def filter_clause(filters: SearchFilters) -> Clause:
    """The filters as SQL. With `keep_unknown`, a row whose location or years are unknown
    passes that filter (it is ranked after known matches by `known_clause`)."""
    sql: list[str] = []
    params: dict[str, Any] = {}
    for (parts, values), unknown in (
        (_location_parts(filters), _NO_LOCATION),
        (_years_parts(filters), _NO_YEARS),
    ):
        if not parts:
            continue
        params.update(values)
        known = " AND ".join(parts)
        sql.append(f"({unknown} OR ({known}))" if filters.keep_unknown else f"({known})")
    return Clause(" AND ".join(sql) or "TRUE", params)


def unknown_filters(filters: SearchFilters, location: str | None, years: float | None) -> list[str]:
    """Which active filters a row passed only because it does not say."""
    out: list[str] = []
    if filters.has_place and not (location or "").strip():
        out.append("location")
    if (filters.min_years is not None or filters.max_years is not None) and years is None:
        out.append("years")
    return out


def lexical_leg(
    session: Session, org_id: uuid.UUID, where: Clause, rank_sql: str, limit: int
) -> list[tuple[uuid.UUID, float]]:
    rows = session.execute(
        text(
            f"""
            SELECT c.id, ts_rank_cd(c.search_tsv, {rank_sql}, 1) AS rank
            FROM candidates c
            WHERE c.org_id = :org_id AND ({where.sql})
            ORDER BY rank DESC, c.content_hash, c.id
            LIMIT :limit
            """
        ),
        {**where.params, "org_id": org_id, "limit": limit},
    ).tuples()
    return [(cid, float(rank)) for cid, rank in rows]


_NATURAL_LEG = """
    WITH every_term AS MATERIALIZED (
        SELECT c.id FROM candidates c
        WHERE c.org_id = :org_id AND ({where}) AND c.search_tsv @@ {all_terms}
        ORDER BY ts_rank(c.brief_tsv, {all_terms}) DESC, c.content_hash, c.id
        LIMIT :cap
    ), some_term AS MATERIALIZED (
        SELECT c.id FROM candidates c
        WHERE c.org_id = :org_id AND ({where}) AND c.search_tsv @@ {any_term}
          AND (SELECT count(*) FROM every_term) < :cap
        ORDER BY ts_rank(c.brief_tsv, {any_term}) DESC, c.content_hash, c.id
        LIMIT :cap
    ), pool AS (
        SELECT id, 1 AS tier FROM every_term
        UNION ALL
        SELECT id, 0 AS tier FROM some_term WHERE id NOT IN (SELECT id FROM every_term)
    )
    SELECT p.id, p.tier + ts_rank_cd(c.search_tsv, {any_term}, 1) AS rank
    FROM pool p JOIN candidates c ON c.id = p.id AND c.org_id = :org_id
    ORDER BY rank DESC, c.content_hash, c.id
    LIMIT :limit
"""


def natural_lexical_leg(
    session: Session,
    org_id: uuid.UUID,
    where: Clause,
    all_terms: str,
    any_term: str,
    limit: int,
    cap: int,
) -> list[tuple[uuid.UUID, float]]:
    """The natural-language full-text leg: AND first, relaxed to OR only when fewer than
    `cap` rows hold every term. Each set is capped through the GIN index by a cheap order
    (ts_rank over the compact brief_tsv, which is small and stored inline) before the
    whole-resume ts_rank_cd runs, so ranking costs at most 2 x `cap` detoasted vectors
    however many rows match. A row holding every term ranks above one holding some (its
    rank is 1 + ts_rank_cd, and ts_rank_cd with normalization 1 stays below 1)."""
    sql = _NATURAL_LEG.format(where=where.sql, all_terms=all_terms, any_term=any_term)
    rows = session.execute(
        text(sql), {**where.params, "org_id": org_id, "limit": limit, "cap": cap}
    ).tuples()
    return [(cid, float(rank)) for cid, rank in rows]


def org_embedding_counts(session: Session, org_id: uuid.UUID, model: str) -> tuple[int, int]:
    """(this organization's embeddings, all embeddings) for the exact-vs-HNSW choice."""
    org_count = session.execute(
        text("SELECT count(*) FROM embeddings WHERE org_id = :org_id AND model = :model"),
        {"org_id": org_id, "model": model},
    ).scalar_one()
    # The planner's estimate is plenty for a ratio and costs nothing on a big table.
    total = session.execute(
        text("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = 'embeddings'")
    ).scalar_one()
    return int(org_count), max(int(total), int(org_count))


_SEMANTIC_JOIN = """
    SELECT DISTINCT ON (ch.candidate_id) ch.candidate_id, nn.d, ch.start_offset, ch.end_offset,
        c.content_hash AS tie
    FROM nn
    JOIN candidate_chunks ch ON ch.embedding_id = nn.id AND ch.org_id = :org_id
    JOIN candidates c ON c.id = ch.candidate_id AND c.org_id = :org_id
    WHERE {where}
    ORDER BY ch.candidate_id, nn.d, ch.start_offset
"""


def semantic_leg(
    session: Session,
    org_id: uuid.UUID,
    model: str,
    vector: list[float],
    where: Clause,
    limit: int,
    *,
    exact: bool,
    ef_search: int,
) -> list[tuple[uuid.UUID, float, int, int]]:
    """Best chunk per candidate: (candidate id, cosine distance, chunk start, chunk end)."""
    params = {**where.params, "org_id": org_id, "model": model, "qvec": str(vector)}
    if exact:
        # Small organizations: scan only their own vectors, exactly. pgvector 0.6 applies
        # WHERE after the HNSW scan, which would starve a small org in a big table.
        nn = f"""
            SELECT e.id, e.vector <=> CAST(:qvec AS vector) AS d
            FROM embeddings e
            JOIN candidate_chunks ch ON ch.embedding_id = e.id
            JOIN candidates c ON c.id = ch.candidate_id AND c.org_id = :org_id
            WHERE e.org_id = :org_id AND e.model = :model AND ({where.sql})
            ORDER BY d, c.content_hash, ch.start_offset
            LIMIT :k
        """
        params["k"] = limit * 4
    else:
        session.execute(text(f"SET LOCAL hnsw.ef_search = {int(ef_search)}"))
        nn = """
            SELECT e.id, e.vector <=> CAST(:qvec AS vector) AS d
            FROM embeddings e
            WHERE e.org_id = :org_id AND e.model = :model
            ORDER BY e.vector <=> CAST(:qvec AS vector)
            LIMIT :k
        """
        params["k"] = max(limit * 4, ef_search)
    best = _SEMANTIC_JOIN.format(where=where.sql)
    sql = (
        f"WITH nn AS MATERIALIZED ({nn}) SELECT candidate_id, d, start_offset, end_offset "
        f"FROM ({best}) best ORDER BY d, tie LIMIT :limit"
    )
    params["limit"] = limit
    rows = session.execute(text(sql), params).tuples()
    return [(cid, float(d), int(a), int(b)) for cid, d, a, b in rows]


def hit_details(
    session: Session,
    org_id: uuid.UUID,
    ids: list[uuid.UUID],
    term_sql: list[str],
    params: dict[str, Any],
) -> dict[uuid.UUID, dict[str, Any]]:
    """Display fields, and which positive terms each hit matches, for the final page only."""
    if not ids:
        return {}
    matches = ", ".join(f"c.search_tsv @@ {t}" for t in term_sql) or "NULL"
    rows = session.execute(
        text(
            f"""
            SELECT c.id, c.name, c.headline, c.location, c.source, c.raw_text, c.years_experience,
                   ARRAY[{matches}]::boolean[] AS matched
            FROM candidates c
            WHERE c.org_id = :org_id AND c.id = ANY(:ids)
            """
        ),
        {**params, "org_id": org_id, "ids": ids},
    ).mappings()
    return {row["id"]: dict(row) for row in rows}


def tie_keys(session: Session, org_id: uuid.UUID, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """A stable tie-break per candidate: the hash of their resume's content. Ids are random,
    so ordering equal scores by id would rank the same resumes differently in every org."""
    if not ids:
        return {}
    rows = session.execute(
        text(
            "SELECT c.id, c.content_hash FROM candidates c "
            "WHERE c.org_id = :org_id AND c.id = ANY(:ids)"
        ),
        {"org_id": org_id, "ids": ids},
    ).tuples()
    return {cid: str(h) for cid, h in rows}


def known_ids(
    session: Session, org_id: uuid.UUID, ids: list[uuid.UUID], strict: Clause
) -> set[uuid.UUID]:
    """Which of `ids` meet the filters on known values (not merely by saying nothing)."""
    if not ids:
        return set()
    rows = session.execute(
        text(
            f"SELECT c.id FROM candidates c WHERE c.org_id = :org_id AND c.id = ANY(:ids) "
            f"AND ({strict.sql})"
        ),
        {**strict.params, "org_id": org_id, "ids": ids},
    ).scalars()
    return set(rows)
