"""Closed-loop learning on the simulated recruiter: does the learning agent learn what a
persona wants from how they react, and does the shortlist get better for it?

Per persona (the simulation bench's pools and personas): the persona approves the proposed
qualifications as they are and reads the shortlist. It never says its hidden preference;
it only reacts, as the product lets it: a profile without the must-have is archived with
the reason a recruiter would type ("no TensorFlow experience"), one with it is added. Every
learning proposal that comes up as an approval is approved when it names the hidden
must-have, rejected otherwise (proposal precision is that share). Then it asks for more
candidates. Measured, per persona:

- `share_before`: the share of the first shortlist (top `SHORTLIST`) meeting the hidden
  preferences (ground truth from the generated fields, never from what the persona read);
- `share_after`: the same share on the shortlist after the loop, of people the persona has
  not reacted to yet (archiving alone removes the misses it saw; this counts only fresh
  people, so a rise is the change of the set and the new search, not the archiving);
- `share_after_learned_order`: the same fresh people ordered by the learned re-ranking
  (`GET /v1/projects/{id}/learned-ranking`) instead of the evaluator's score;
- proposals asked, proposals matching the hidden preference, and whether one was approved.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from app.main import create_app
from app.runtime import Runtime
from evals import data
from evals.context import SuiteContext, SuiteResult, import_texts
from evals.metrics import mean
from evals.persona import Persona, satisfies
from evals.suites.simulation import BASE, SHORTLIST, _Conversation, _tenant, build_pool


def _matches(persona: Persona, learning: dict[str, Any]) -> bool:
    """A proposal matches when it is about the hidden must-have (its skill or its words)."""
    word = persona.must_have_word.lower()
    said = " ".join(str(learning.get(k, "")) for k in ("text", "target", "question")).lower()
    return word in said


async def _loop(
    client: httpx.AsyncClient, persona: Persona, truth: dict[str, bool]
) -> dict[str, Any]:
    talk = _Conversation(client, persona)
    await talk.say(persona.request)
    await talk.decide(await talk.until_approval(), None)
    before = await talk.shortlist()
    reacted: set[str] = set()
    asked = matching = approved = 0
    questions: list[str] = []

    async def decide_learning() -> None:
        nonlocal asked, matching, approved
        waiting = await talk.pending_approval()
        if waiting is None or waiting["kind"] != "learning":
            return
        learning = waiting["payload"]["learning"]
        asked += 1
        questions.append(str(learning["question"]))
        ok = _matches(persona, learning)
        matching += ok
        approved += ok
        body = {"decision": "approve"} if ok else {"decision": "reject", "reason": "not that"}
        await talk._json("POST", f"/v1/approvals/{waiting['id']}", json=body)

    for cand in before:
        profile = await talk._json("GET", f"/v1/candidates/{cand['candidate_id']}")
        await talk.react(
            cand["candidate_id"], archive=not persona.sees_must_have(profile.get("raw_text", ""))
        )
        reacted.add(cand["candidate_id"])
        await decide_learning()
    await talk.say("Find me more candidates")
    await decide_learning()
    page = await talk._json(
        "GET", f"/v1/projects/{talk.pid}/candidates", params={"limit": SHORTLIST + len(reacted)}
    )
    after = [c for c in page["items"] if c["candidate_id"] not in reacted][:SHORTLIST]
    # The same fresh people in the order learned from the reactions (verdict features only).
    learned = await talk._json("GET", f"/v1/projects/{talk.pid}/learned-ranking")
    by_learned = sorted(learned["items"], key=lambda i: i["learned_rank"])
    after_learned = [c for c in by_learned if c["candidate_id"] not in reacted][:SHORTLIST]
    word = persona.must_have_word.lower()

    def meets_must_have(c: dict[str, Any]) -> bool:
        """What the evaluator says about the must-have (diagnosis: evaluator or ranking)."""
        return any(
            word in v["qualification"].lower() and v["verdict"] == "met"
            for v in c.get("evaluations", [])
        )

    def share(items: list[dict[str, Any]]) -> float:
        return mean(float(truth.get(c["candidate_id"], False)) for c in items) if items else 0.0

    return {
        "persona": persona.id,
        "share_before": round(share(before), 4),
        "share_after": round(share(after), 4),
        "share_after_learned_order": round(share(after_learned), 4),
        "after_evaluated_as_meeting_must_have": round(
            mean(float(meets_must_have(c)) for c in after) if after else 0.0, 4
        ),
        "shortlist_before": len(before),
        "shortlist_after": len(after),
        "proposals": asked,
        "proposals_matching": matching,
        "approved": approved,
        "questions": questions,
    }


async def _run_persona(rt: Runtime, persona: Persona, size: str) -> dict[str, Any]:
    pool = build_pool(persona, size)
    org_id, token = _tenant(rt, f"eval-learn-{uuid.uuid4().hex[:8]}")
    ids = import_texts(rt, org_id, [(str(p["id"]), str(p["text"])) for p in pool])
    truth = {
        str(ids[str(p["id"])]): satisfies(p, persona.hidden) for p in pool if ids[str(p["id"])]
    }
    app = create_app(runtime=rt)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers, timeout=600
        ) as client:
            outcome = await _loop(client, persona, truth)
    finally:
        app.state.processor.close()
    outcome["pool_base_rate"] = round(mean(float(v) for v in truth.values()), 4)
    return outcome


def run(ctx: SuiteContext) -> SuiteResult:
    rt = ctx.runtime()
    personas = [Persona.from_dict(p) for p in data.personas()]
    if ctx.size == "smoke":
        personas = personas[:2]
    outcomes = [asyncio.run(_run_persona(rt, p, ctx.size)) for p in personas]
    asked = sum(o["proposals"] for o in outcomes)
    metrics = {
        "personas": float(len(outcomes)),
        "share_before": round(mean(o["share_before"] for o in outcomes), 4),
        "share_after": round(mean(o["share_after"] for o in outcomes), 4),
        "personas_improved": float(sum(o["share_after"] > o["share_before"] for o in outcomes)),
        "share_after_learned_order": round(
            mean(o["share_after_learned_order"] for o in outcomes), 4
        ),
        "personas_improved_learned_order": float(
            sum(o["share_after_learned_order"] > o["share_before"] for o in outcomes)
        ),
        "proposals": float(asked),
        "proposal_precision": round(
            sum(o["proposals_matching"] for o in outcomes) / asked if asked else 0.0, 4
        ),
        "pool_base_rate": round(mean(o["pool_base_rate"] for o in outcomes), 4),
    }
    metrics["share_gain"] = round(metrics["share_after"] - metrics["share_before"], 4)
    return SuiteResult("learning", "ok", metrics, {"personas": outcomes})
