"""The SQL of both search legs. Every statement carries the organization filter itself."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
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
        params = {**self.params, **other.params}
        # TRUE stays TRUE: the vector leg reads "nothing to filter on" from it (cut first).
        if other.sql == "TRUE":
            return Clause(self.sql, params)
        if self.sql == "TRUE":
            return Clause(other.sql, params)
        return Clause(f"({self.sql}) AND ({other.sql})", params)


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
    session: Session,
    org_id: uuid.UUID,
    where: Clause,
    rank_sql: str,
    limit: int,
    ties: dict[uuid.UUID, str] | None = None,
) -> list[tuple[uuid.UUID, float]]:
    """Boolean matches best first; with `ties`, each row's tie key (`tie_keys`) is put there
    too, read with the row instead of again."""
    rows = session.execute(
        text(
            f"""
            SELECT c.id, ts_rank_cd(c.search_tsv, {rank_sql}, 1) AS rank, c.content_hash
            FROM candidates c
            WHERE c.org_id = :org_id AND ({where.sql})
            ORDER BY rank DESC, c.content_hash, c.id
            LIMIT :limit
            """
        ),
        {**where.params, "org_id": org_id, "limit": limit},
    ).tuples()
    return _with_ties(rows, ties)


def _with_ties(
    rows: Iterable[tuple[uuid.UUID, float, str]], ties: dict[uuid.UUID, str] | None
) -> list[tuple[uuid.UUID, float]]:
    out = []
    for cid, rank, tie in rows:
        out.append((cid, float(rank)))
        if ties is not None:
            ties[cid] = str(tie)
    return out


# The lexemes of each term, from the parser the index used. In the same round trip the
# planner is kept off sequential scans for the ladder (see natural_lexical_leg); the old
# value comes back so it can be restored.
_TERM_LEXEMES = """
    SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true),
           ARRAY(SELECT array_to_string(tsvector_to_array(to_tsvector('english', t)), ' ')
                 FROM unnest(CAST(:terms AS text[])) WITH ORDINALITY AS u(t, i) ORDER BY i)
"""
# How common each word is, from the searching organization's own profiles only: pg_stats
# would mix every organization's words (one org's data reordering another's results) and
# is hidden under row-level security anyway (`row_security_active`), so API searches saw
# no frequencies while unscoped ones did. A fixed sample (the first rows by content hash,
# through the (org_id, content_hash) index) keeps it cheap and the same in every process.
_ORG_LEXEMES = """
    SELECT word, ndoc FROM ts_stat(
        'SELECT search_tsv FROM candidates WHERE org_id = ''{org}'' ORDER BY content_hash LIMIT {n}'
    )
"""
_ORG_SAMPLE_ROWS = 500  # ~20 ms warm at 100k; the order of common words settles well before
_ORG_SAMPLED = """
    SELECT count(*) FROM (
        SELECT 1 FROM candidates WHERE org_id = :org_id ORDER BY content_hash LIMIT :n
    ) s
"""
_STATS_TTL_S = 300.0
_common: dict[uuid.UUID, tuple[float, dict[str, float]]] = {}
# One relaxation step: rows matching it that no stricter step found, at most :scan of them
# taken straight from the GIN bitmap (no ranking), the best :cap of those by the cheap
# ts_rank over the compact, inline brief_tsv. Postgres runs the UNION ALL branches in
# order and stops pulling once the LIMIT is filled: looser steps cost nothing then.
_LADDER_STEP = """
    SELECT id, {tier} AS tier FROM (
        SELECT m.id, m.brief_tsv, m.content_hash FROM (
            SELECT c.id, c.brief_tsv, c.content_hash FROM candidates c
            WHERE c.org_id = :org_id AND ({where}) AND c.search_tsv @@ {step}
            LIMIT :scan
        ) m {unseen}
        ORDER BY ts_rank(m.brief_tsv, {any_term}) DESC, m.content_hash, m.id
        LIMIT :cap
    ) s{tier}
"""
# The pool's final order: its step first (stricter above), then the whole-resume
# ts_rank_cd the old statement ranked by (normalization 1 as before; | 32 maps it to
# r / (r + 1), the same order, below 1, so a step is never outranked by a looser one).
_LADDER = """
    WITH {steps}
    SELECT c.id, p.tier + ts_rank_cd(c.search_tsv, {any_term}, 1 | 32) AS rank, c.content_hash
    FROM (SELECT * FROM ({union}) u LIMIT :cap) p
    JOIN candidates c ON c.id = p.id AND c.org_id = :org_id
    ORDER BY rank DESC, c.content_hash, c.id
    LIMIT :limit
"""


def _common_lexemes(session: Session, org_id: uuid.UUID) -> dict[str, float]:
    """Share of the org's sampled profiles holding each word, cached per org for a while
    (a word's commonness moves slowly; the ladder only needs its order)."""
    now = time.monotonic()
    cached = _common.get(org_id)
    if cached is None or now - cached[0] >= _STATS_TTL_S:
        org = str(uuid.UUID(str(org_id)))  # a UUID's text: safe inside the quoted query
        sampled = int(
            session.execute(text(_ORG_SAMPLED), {"org_id": org_id, "n": _ORG_SAMPLE_ROWS}).scalar()
            or 0
        )
        rows = session.execute(text(_ORG_LEXEMES.format(org=org, n=_ORG_SAMPLE_ROWS))).tuples()
        freqs = {word: ndoc / sampled for word, ndoc in rows} if sampled else {}
        cached = (now, freqs)
        _common[org_id] = cached
    return cached[1]


def forget_lexeme_stats() -> None:
    """Read the word frequencies afresh at the next search: the ladder's order of dropping
    terms follows them, so a run that must repeat itself (the evals) reads them at a known
    point instead of whenever the cache last expired."""
    _common.clear()


def relaxation_ladder(frequencies: list[float]) -> list[list[int]]:
    """Which terms each AND step keeps, strictest first: all of them, then without the
    commonest (a word most profiles hold tells the least), and so on down to the rarest
    alone; long queries drop several at a time so the ladder stays short. Ties: the later
    term goes first (the head of a query is usually the job it names)."""
    n = len(frequencies)
    order = sorted(range(n), key=lambda i: (frequencies[i], i))  # rarest first
    sizes = {n, n - 1, n - 2, 2, 1} | {max(1, round(n * f)) for f in (0.75, 0.5, 0.33, 0.25)}
    return [sorted(order[:k]) for k in sorted((k for k in sizes if 1 <= k <= n), reverse=True)]


def natural_lexical_leg(
    session: Session,
    org_id: uuid.UUID,
    where: Clause,
    terms: list[str],
    term_sql: list[str],
    limit: int,
    cap: int,
    scan: int,
    ties: dict[uuid.UUID, str] | None = None,
) -> list[tuple[uuid.UUID, float]]:
    """The natural-language full-text leg: AND first, then relaxed step by step (dropping
    the commonest terms first, `relaxation_ladder`), finally any term (OR), stopping as
    soon as `cap` rows are found. Every step is bounded through the GIN index: at most
    `scan` matches are read, ranked only by ts_rank over brief_tsv (small, stored inline);
    the whole-resume ts_rank_cd (the old statement's rank) runs once, on at most `cap`
    rows. A row found by a stricter step ranks above every row of a looser one."""
    previous, _, lexemes = session.execute(text(_TERM_LEXEMES), {"terms": terms}).one()
    try:
        common = _common_lexemes(session, org_id)
        frequencies = [max((common.get(x, 0.0) for x in lx.split()), default=0.0) for lx in lexemes]
        any_term = "(" + " || ".join(term_sql) + ")"
        ladder = relaxation_ladder(frequencies) if len(terms) > 1 else [[0]]
        steps = ["(" + " && ".join(term_sql[i] for i in keep) + ")" for keep in ladder]
        if len(terms) > 1:
            steps.append(any_term)
        ctes, branches = [], []
        for n, step in enumerate(steps):
            tier = len(steps) - 1 - n
            # Steps are nested (each holds the one before), so "new" = not in a stricter one.
            unseen = " ".join(
                f"{'WHERE' if k == 0 else 'AND'} m.id NOT IN (SELECT id FROM step{j})"
                for k, j in enumerate(range(n))
            )
            body = _LADDER_STEP.format(
                tier=tier, where=where.sql, step=step, any_term=any_term, unseen=unseen
            )
            ctes.append(f"step{n} AS MATERIALIZED ({body})")
            branches.append(f"SELECT id, tier FROM step{n}")
        sql = _LADDER.format(
            steps=", ".join(ctes), any_term=any_term, union=" UNION ALL ".join(branches)
        )
        rows = session.execute(
            text(sql),
            {**where.params, "org_id": org_id, "scan": max(scan, cap), "cap": cap, "limit": limit},
        ).tuples()
        return _with_ties(rows, ties)
    finally:
        session.execute(text("SELECT set_config('enable_seqscan', :v, true)"), {"v": previous})


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


def rerank_rows(
    session: Session, org_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[list[str], list[str]]]:
    """(parsed skills, O*NET codes) of `ids`: the blind fields the fused top is reranked by."""
    if not ids:
        return {}
    rows = session.execute(
        text(
            "SELECT c.id, c.skills, c.onet_codes FROM candidates c "
            "WHERE c.org_id = :org_id AND c.id = ANY(:ids)"
        ),
        {"org_id": org_id, "ids": ids},
    ).tuples()
    return {cid: (list(skills or ()), list(codes or ())) for cid, skills, codes in rows}
