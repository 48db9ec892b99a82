"""The rerank of the fused top on real Postgres+pgvector: it reads blind profile fields of
the caller's organization only, orders the top by its evidence, and keeps a counterfactual
pair (same resume, other name and pronouns) tied."""

from __future__ import annotations

from app.config import Settings
from app.db import transaction
from app.runtime import Runtime
from app.search.rerank import feature_score, load_features, query_features
from app.search.service import search
from tests.conftest import Tenant
from tests.test_search_blind import OTHERS, _import, _resume

QUERY = "Reporting Analyst with Python and Microsoft Excel"


def _rerank_settings(rt: Runtime) -> Settings:
    # Weights far above any fused margin, so the order is the features' order.
    return rt.settings.model_copy(
        update={"search_rerank_skill_short": 10.0, "search_rerank_title_short": 10.0}
    )


def test_rerank_orders_the_top_by_blind_evidence(rt: Runtime, tenant: Tenant) -> None:
    ids = _import(
        rt,
        tenant,
        {
            "emily": _resume("Emily Walsh", "She", "her", ""),
            "james": _resume("James Walsh", "He", "his", ""),
            **{f"other{i}": body for i, body in enumerate(OTHERS)},
        },
    )
    settings = _rerank_settings(rt)
    with transaction(rt.sessions) as session:
        hits = search(session, rt.embedder, settings, tenant.org.id, QUERY, limit=10).results
        features = load_features(session, tenant.org.id, [h.candidate_id for h in hits])
    wanted = query_features(QUERY)
    assert {"Python", "Microsoft Excel"} <= wanted.skills and wanted.occupation
    evidence = [feature_score(wanted, features[h.candidate_id], 10.0, 10.0) for h in hits]
    assert evidence == sorted(evidence, reverse=True)
    # The analyst (the job named, both skills) leads; the nurse (neither) comes last.
    assert hits[0].candidate_id == ids["other1"]
    assert hits[-1].candidate_id == ids["other0"]
    # The counterfactual pair: same features, same fused score, so still equal.
    pair = [h for h in hits if h.candidate_id in (ids["emily"], ids["james"])]
    assert len(pair) == 2 and pair[0].score == pair[1].score


def test_rerank_features_stay_inside_the_organization(
    rt: Runtime, tenant: Tenant, other_tenant: Tenant
) -> None:
    ids = _import(rt, tenant, {"analyst": OTHERS[1]})
    with rt.sessions() as session:
        assert load_features(session, other_tenant.org.id, [ids["analyst"]]) == {}
        mine = load_features(session, tenant.org.id, [ids["analyst"]])[ids["analyst"]]
    assert {"Python", "Microsoft Excel"} <= mine.skills
