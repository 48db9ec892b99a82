"""Fusion: score normalisation, weights per query type, and the rerank of the fused top by
blind features (skill overlap, title match). Pure functions; the end-to-end search with the
rerank on real Postgres is in test_search_rerank.py."""

from __future__ import annotations

import uuid

import pytest

from app.config import Settings
from app.search.fusion import FusionParams, fuse, fusion_params, normalise, order, rerank
from app.search.rerank import (
    RELATED_TITLE,
    CandidateFeatures,
    QueryFeatures,
    feature_score,
    query_features,
    skill_overlap,
    title_match,
)

A, B, C, D = (uuid.UUID(int=i) for i in range(1, 5))


def test_minmax_maps_the_leg_to_unit_range() -> None:
    got = normalise([(A, 0.9), (B, 0.5), (C, 0.1)], "minmax")
    assert got == pytest.approx({A: 1.0, B: 0.5, C: 0.0})


def test_minmax_of_equal_scores_is_all_ones() -> None:
    assert normalise([(A, 0.3), (B, 0.3)], "minmax") == {A: 1.0, B: 1.0}


def test_z_scores_shifted_so_the_worst_is_zero() -> None:
    got = normalise([(A, 3.0), (B, 2.0), (C, 1.0)], "z")
    assert got[C] == pytest.approx(0.0)
    # Standard scores keep the spacing: A-B == B-C, one standard deviation each 1.2247.
    assert got[A] - got[B] == pytest.approx(got[B] - got[C])
    assert got[A] - got[C] == pytest.approx(2 / (2 / 3) ** 0.5)


def test_rrf_ties_share_a_rank() -> None:
    got = normalise([(A, 0.9), (B, 0.9), (C, 0.1)], "rrf", k=10)
    assert got[A] == got[B] == pytest.approx(1 / 11)
    assert got[C] == pytest.approx(1 / 13)


def test_normalisation_uses_the_margin_rrf_ignores() -> None:
    # The lexical leg is barely sure of A over B, the vector leg very sure of B over A.
    lexical = [(A, 0.51), (B, 0.50), (C, 0.0)]
    semantic = [(B, 0.9), (A, 0.2), (C, 0.1)]
    assert order(fuse(lexical, semantic, FusionParams(normalisation="minmax")))[0] == B
    # By rank alone the two legs cancel out: A and B tie and the id decides.
    rrf = fuse(lexical, semantic, FusionParams())
    assert rrf[A] == pytest.approx(rrf[B])


def test_a_zero_weight_turns_a_leg_off() -> None:
    lexical = [(A, 1.0), (B, 0.5)]
    semantic = [(B, 0.9), (A, 0.2), (C, 0.1)]
    got = order(fuse(lexical, semantic, FusionParams(lexical_weight=0.0)))
    assert got == [B, A, C]


QUERY = QueryFeatures(
    skills=frozenset({"Python", "Apache Spark"}),
    occupation="15-1243.00",
    related=frozenset({"15-1252.00"}),
)


def test_features() -> None:
    both = CandidateFeatures(frozenset({"Python", "Apache Spark", "SQL"}), frozenset())
    one = CandidateFeatures(frozenset({"Python"}), frozenset({"15-1252.00"}))
    same_job = CandidateFeatures(frozenset(), frozenset({"15-1243.00"}))
    assert skill_overlap(QUERY, both) == 1.0
    assert skill_overlap(QUERY, one) == 0.5
    assert title_match(QUERY, same_job) == 1.0
    assert title_match(QUERY, one) == RELATED_TITLE
    assert title_match(QUERY, both) == 0.0
    assert feature_score(QUERY, one, 0.2, 0.4) == pytest.approx(0.2 * 0.5 + 0.4 * RELATED_TITLE)
    assert feature_score(QUERY, None, 1.0, 1.0) == 0.0


def test_rerank_moves_the_better_evidence_up_inside_the_top_only() -> None:
    ranked = [A, B, C, D]
    scores = {A: 0.30, B: 0.29, C: 0.28, D: 0.27}
    features = {
        A: CandidateFeatures(frozenset(), frozenset()),
        B: CandidateFeatures(frozenset({"Python", "Apache Spark"}), frozenset({"15-1243.00"})),
        C: CandidateFeatures(frozenset({"Python"}), frozenset()),
        D: CandidateFeatures(frozenset({"Python", "Apache Spark"}), frozenset({"15-1243.00"})),
    }
    asked: list[list[uuid.UUID]] = []

    def load(ids: list[uuid.UUID]) -> dict[uuid.UUID, CandidateFeatures]:
        asked.append(ids)
        return {i: features[i] for i in ids}

    params = FusionParams(rerank_depth=3, skill_weight=0.5, title_weight=0.5)
    got, rescored = rerank(ranked, scores, QUERY, load, params)
    # Fused scores min-maxed over the top: A 1.0, B 0.5, C 0.0. B (every skill, the same
    # job: +1.0) overtakes A; C (half the skills: +0.25) stays below A. D is as good as B
    # but outside the top 3, so it neither enters the top nor is read.
    assert got == [B, A, C, D]
    assert asked == [[A, B, C]]
    assert min(rescored[c] for c in (A, B, C)) > rescored[D]


def test_rerank_takes_in_rows_tied_at_the_cut_off() -> None:
    # B and C tie on fused score at the cut-off (depth 2): both are reranked, or neither
    # would be fair to the one left out by its id.
    ranked = [A, B, C, D]
    scores = {A: 0.3, B: 0.2, C: 0.2, D: 0.1}
    same = CandidateFeatures(frozenset({"Python"}), frozenset())
    params = FusionParams(rerank_depth=2, skill_weight=1.0)
    got, rescored = rerank(ranked, scores, QUERY, lambda ids: {i: same for i in ids}, params)
    assert got == [A, B, C, D]
    assert rescored[B] == rescored[C] > rescored[D]


def test_rerank_without_weights_or_query_features_keeps_the_order() -> None:
    ranked = [A, B]
    scores = {A: 0.2, B: 0.1}
    never = lambda ids: pytest.fail("features loaded")  # noqa: E731
    assert rerank(ranked, scores, QUERY, never, FusionParams())[0] == ranked
    params = FusionParams(skill_weight=1.0)
    assert rerank(ranked, scores, QueryFeatures(), never, params)[0] == ranked


def test_rerank_is_blind_equal_features_keep_the_fused_order() -> None:
    # Two profiles with the same skills and jobs get the same boost, whoever they are.
    ranked = [A, B]
    same = CandidateFeatures(frozenset({"Python"}), frozenset({"15-1243.00"}))
    params = FusionParams(skill_weight=1.0, title_weight=1.0)
    got, rescored = rerank(ranked, {A: 0.2, B: 0.1}, QUERY, lambda ids: {A: same, B: same}, params)
    assert got == [A, B]
    assert rescored[A] - rescored[B] == pytest.approx(1.0)  # only the fused margin remains


def test_query_features_from_a_pasted_description() -> None:
    got = query_features("Data Engineer\n\nWe need Python and Apache Spark on AWS.")
    assert {"Python", "Apache Spark"} <= got.skills
    assert got.occupation is not None
    assert not query_features("").skills


def test_defaults_loaded_per_query_type() -> None:
    settings = Settings()
    pasted = fusion_params(settings, "pasted")
    short = fusion_params(settings, "short")
    assert pasted.lexical_weight == settings.search_fusion_lexical_long
    assert pasted.normalisation == settings.search_fusion_norm_long
    assert pasted.skill_weight == settings.search_rerank_skill_long
    assert pasted.title_weight == settings.search_rerank_title_long
    assert short.lexical_weight == settings.search_fusion_lexical_short
    assert short.normalisation == settings.search_fusion_norm_short
    assert short.rerank_depth == settings.search_rerank_depth == 50
    boolean = fusion_params(settings, "boolean")
    assert (boolean.normalisation, boolean.k, boolean.reranks) == (
        "rrf",
        settings.search_rrf_k,
        False,
    )


def test_fusion_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOUT_SEARCH_FUSION_NORM_SHORT", "z")
    monkeypatch.setenv("SCOUT_SEARCH_RERANK_TITLE_SHORT", "0.7")
    short = fusion_params(Settings(), "short")
    assert (short.normalisation, short.title_weight) == ("z", 0.7)
    monkeypatch.setenv("SCOUT_SEARCH_FUSION_NORM_SHORT", "cosine")
    with pytest.raises(ValueError, match="rrf"):
        Settings()


def test_a_title_spelled_out_by_the_leading_words_wins_over_a_fuzzy_guess() -> None:
    # With the skills taken out first, "python developer django flask" read as "developer
    # flask", which matched a casting-machine job; the leading words name a known title.
    got = query_features("python developer django flask")
    assert got.occupation == "15-1252.00"  # Software Developers
    assert "Python" in got.skills


def test_a_title_after_skills_and_joining_words_is_still_found() -> None:
    got = query_features("reporting analyst with python and excel")
    assert got.occupation is not None
    assert query_features("with python and excel").occupation is None
