"""The learning agent through the API: reactions become signals; archiving several
candidates for the same missing skill yields a proposal as an approval (kind `learning`,
with its evidence counts); nothing changes until it is approved; approving it changes the
set and re-ranks with the change explained. The learned re-ranking reads verdicts only."""

from __future__ import annotations

import httpx

from agents.evaluation.offline import evaluate_offline
from agents.learning.offline import propose
from agents.schemas import Qualification
from app.signals.rerank import features, fit, prior_weights
from app.signals.schemas import Reaction
from app.signals.service import rank_reactions
from tests.conftest import Tenant
from tests.test_agent_flow import mailbox, run_conversation

REASON = "no Kubernetes experience"


async def _ranked(client: httpx.AsyncClient, team: Tenant, pid: str) -> list[dict]:
    r = await client.get(
        f"/v1/projects/{pid}/candidates", params={"include": "all"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_archiving_for_one_missing_skill_proposes_it_and_approval_applies_it(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    version = project["qualification_set_version"]
    assert not any("kubernetes" in q["text"].lower() for q in project["qualifications"])
    ranked = await _ranked(client, team, pid)
    assert len(ranked) >= 3, "the test pool gives a calibration batch of at least three"

    for cand in ranked[:2]:
        r = await client.post(
            f"/v1/projects/{pid}/candidates/{cand['candidate_id']}",
            json={"action": "archive", "reason": REASON},
            headers=team.headers,
        )
        assert r.status_code == 204, r.text
    # Two reactions are not enough evidence: no review, no approval yet.
    waiting = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
    assert waiting == []
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{ranked[2]['candidate_id']}",
        json={"action": "archive", "reason": REASON},
        headers=team.headers,
    )
    assert r.status_code == 204, r.text

    waiting = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
    assert len(waiting) == 1, waiting
    approval = waiting[0]
    assert approval["kind"] == "learning"
    learned = approval["payload"]["learning"]
    assert learned["evidence"] == {
        "signal": "archived", "matching": 3, "total": 3, "contrast": 0, "contrast_total": 0,
        "earlier": 0,
    }  # fmt: skip
    assert "Kubernetes" in learned["question"] and "3" in learned["question"]
    added = approval["payload"]["diff"]["added"]
    assert [q["required"] for q in added] == [True]
    assert "kubernetes" in added[0]["text"].lower()
    proposal = [m for m in await mailbox(client, team) if m["sender"] == "agent:learning"]
    assert any(m["kind"] == "proposal" and "Kubernetes" in m["body"] for m in proposal)

    # Not applied before approval: the approved set is unchanged.
    before = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert before["qualification_set_version"] == version
    assert not any("kubernetes" in q["text"].lower() for q in before["qualifications"])

    r = await client.post(
        f"/v1/approvals/{approval['id']}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    after = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert after["qualification_set_version"] > version
    kube = [q for q in after["qualifications"] if "kubernetes" in q["text"].lower()]
    assert len(kube) == 1 and kube[0]["required"]
    # Re-ranked, with the change explained.
    moved = [m for m in await mailbox(client, team) if m["body"].startswith("Re-evaluated")]
    assert moved and "Kubernetes" in moved[-1]["body"] and "added as required" in moved[-1]["body"]

    # The same pattern is never proposed twice: more archives for it bring no new approval.
    for cand in ranked[3:6]:
        await client.post(
            f"/v1/projects/{pid}/candidates/{cand['candidate_id']}",
            json={"action": "archive", "reason": REASON},
            headers=team.headers,
        )
    waiting = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
    assert all(a["payload"].get("learning", {}).get("key") != learned["key"] for a in waiting)


async def test_a_rejected_learning_proposal_changes_nothing(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    ranked = await _ranked(client, team, pid)
    for cand in ranked[:3]:
        await client.post(
            f"/v1/projects/{pid}/candidates/{cand['candidate_id']}",
            json={"action": "archive", "reason": REASON},
            headers=team.headers,
        )
    approval = (await client.get("/v1/approvals", headers=team.headers)).json()["items"][0]
    assert approval["kind"] == "learning"
    r = await client.post(
        f"/v1/approvals/{approval['id']}",
        json={"decision": "reject", "reason": "not for this role"},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    after = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert after["qualification_set_version"] == project["qualification_set_version"]
    assert after["qualifications"] == project["qualifications"]


async def test_learned_ranking_is_explained_and_scoped(
    client: httpx.AsyncClient, team: Tenant, other_tenant: Tenant
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    ranked = await _ranked(client, team, pid)
    r = await client.get(f"/v1/projects/{pid}/learned-ranking", headers=team.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reactions"] == 0 and "no reactions" in body["note"]
    assert {w["qualification_id"] for w in body["weights"]} == {
        q["id"] for q in project["qualifications"]
    }
    await client.post(
        f"/v1/projects/{pid}/candidates/{ranked[0]['candidate_id']}",
        json={"action": "rate", "rating": 5},
        headers=team.headers,
    )
    body = (await client.get(f"/v1/projects/{pid}/learned-ranking", headers=team.headers)).json()
    assert body["reactions"] == 1 and "1 reactions" in body["note"]
    assert sorted(i["learned_rank"] for i in body["items"]) == list(
        range(1, len(body["items"]) + 1)
    )
    r = await client.get(f"/v1/projects/{pid}/learned-ranking", headers=other_tenant.headers)
    assert r.status_code == 404


QUALS = [
    Qualification(id="q1", text="Experience with Python", required=True),
    Qualification(id="q2", text="Experience with Kubernetes", required=False),
    Qualification(id="q3", text="Experience with SQL", required=False),
]


def _resume(name: str, skills: str) -> str:
    return (
        f"{name}\n{name.split()[0].lower()}@example.org\n\nExperience\nSoftware Engineer, Acme "
        f"(2018 - present)\nBuilt services with {skills}.\n\nSkills\n{skills}\n"
    )


def _reaction(i: int, text: str, stage: str, added_by: str = "assistant") -> Reaction:
    result = evaluate_offline(QUALS, [], text)
    return Reaction(
        candidate_id=f"00000000-0000-0000-0000-{i:012d}",  # type: ignore[arg-type]
        stage=stage,
        added_by=added_by,
        rating=None,
        reason=None,
        score=result.score,
        verdicts=[
            {**v.model_dump(mode="json"), "evidence": len(v.evidence)} for v in result.verdicts
        ],
    )


def test_learned_reranking_is_invariant_to_name_swaps() -> None:
    """Counterfactual swap: the same resumes under other names give the same learned scores
    (delta 0), since the model's only features are verdicts and their evidence strength."""
    skills = ["Python, Kubernetes, SQL", "Python", "Python, SQL", "Python, Kubernetes"]
    stages = ["pipeline", "archived", "archived", "pipeline"]
    by = ["recruiter", "assistant", "assistant", "recruiter"]
    for names in (["Emily Walsh", "Greg Baker"], ["Lakisha Washington", "Jamal Jones"]):
        rows = [
            _reaction(i, _resume(names[i % 2], s), st, b)
            for i, (s, st, b) in enumerate(zip(skills, stages, by, strict=True))
        ]
        ranking = rank_reactions([q.model_dump(mode="json") for q in QUALS], rows)
        scores = [(i.candidate_id, i.learned_score) for i in ranking.items]
        if names[0] == "Emily Walsh":
            first = scores
        else:
            assert scores == first  # delta 0 under the swap
    # And the reactions did teach something: Kubernetes' weight rose above its prior.
    kube = next(w for w in ranking.weights if w.qualification_id == "q2")
    assert kube.learned > kube.prior


def test_the_model_is_pulled_toward_the_prior() -> None:
    prior = prior_weights([q.model_dump() for q in QUALS])
    assert fit([], [], prior).weights == prior
    x = features([{"qualification_id": "q2", "verdict": "met", "confidence": 0.9, "evidence": 1}],
                 ["q1", "q2", "q3"])  # fmt: skip
    assert x == [0.0, 0.9, 0.0]
    one = fit([x], [1], prior)
    assert 0 < one.weights[1] - prior[1] < 2.0, "one reaction bends the prior, never replaces it"


def test_offline_proposals_from_verdicts_drop_a_requirement_people_were_added_without() -> None:
    quals = [
        Qualification(id="q1", text="Experience with Python", required=True),
        Qualification(id="q2", text="Bachelor's degree in computer science", required=True),
    ]
    rows = [
        Reaction(
            candidate_id=f"00000000-0000-0000-0000-{i:012d}",  # type: ignore[arg-type]
            stage="pipeline",
            added_by="recruiter",
            rating=None,
            reason=None,
            score=0.5,
            verdicts=[
                {"qualification_id": "q1", "verdict": "met", "confidence": 0.9, "evidence": 1},
                {"qualification_id": "q2", "verdict": "not_met", "confidence": 0.8, "evidence": 0},
            ],
        )
        for i in range(3)
    ]
    found = propose(quals, rows)
    assert found and found[0].key == "relax:q2"
    assert found[0].change.op == "nice_to_have"
    assert found[0].question.startswith("You added 3 people without")
    assert propose(quals, rows[:2]) == [], "two people are not enough evidence"


def test_earlier_projects_of_the_same_role_make_a_pattern_show_sooner() -> None:
    rows = [
        Reaction(
            candidate_id=f"00000000-0000-0000-0000-{i:012d}",  # type: ignore[arg-type]
            stage="archived",
            added_by="assistant",
            rating=None,
            reason=REASON,
            score=0.5,
            verdicts=[],
        )
        for i in range(1)
    ]
    assert propose(QUALS[:1], rows) == [], "one archive alone is not enough"
    found = propose(QUALS[:1], rows, [REASON, "no kubernetes at all", "too junior"])
    assert found and found[0].key == "add_required:kubernetes"
    assert (found[0].evidence.matching, found[0].evidence.total) == (3, 4)
    assert found[0].evidence.earlier == 2
    assert "2 in your earlier projects for this role" in found[0].question
