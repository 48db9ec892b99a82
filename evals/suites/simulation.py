"""Simulation bench: a scripted recruiter talks to the assistant through the public API.

Per persona: a synthetic pool is built in which it is known, from generated fields, who meets
the persona's hidden preferences. The persona asks for a role without saying everything,
answers the clarifying questions, approves the qualifications, and looks at the calibration
batch. Then it gives feedback the way the product lets it today: a message stating the missing
must-have, and an approval with edits (the must-have present and starred). Where the reactions
endpoint exists it also archives the batch's misses with a reason. Measured:

- turns to approved qualifications (each recruiter message or decision is one turn);
- the share of the ranked shortlist (top `SHORTLIST`) meeting the hidden preferences before
  and after the feedback, next to the pool's base rate, so a gain is visible as a gain over
  chance and not as a property of the pool.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from app.db import transaction
from app.main import create_app
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime
from app.synth import generate_profiles, render_text
from evals import data
from evals.context import SuiteContext, SuiteResult, import_texts
from evals.metrics import mean
from evals.persona import Persona, satisfies

SHORTLIST = 10
MAX_QUESTIONS = 4
BASE = "http://scout.eval"


def build_pool(persona: Persona, size: str) -> list[dict[str, Any]]:
    """Profiles of the target occupation with and without the hidden preferences, plus others,
    all in the persona's city (location is not what this bench measures)."""
    spec = persona.pool
    want = {
        "with": spec[size]["with_hidden"],
        "without": spec[size]["without_hidden"],
        "other": spec[size]["distractors"],
    }
    stream = generate_profiles(spec["generate"], spec["seed"])
    picked: dict[str, list[dict[str, Any]]] = {"with": [], "without": [], "other": []}
    for profile in stream:
        if profile["onet_code"] != persona.hidden["occupation"]:
            kind = "other"
        else:
            kind = "with" if satisfies(profile, persona.hidden) else "without"
        if len(picked[kind]) < want[kind]:
            profile["location"] = spec["location"]
            profile["text"] = render_text(profile)
            picked[kind].append(profile)
        if all(len(picked[k]) >= want[k] for k in want):
            break
    return [p for kind in ("with", "without", "other") for p in picked[kind]]


def _tenant(rt: Runtime, slug: str) -> tuple[uuid.UUID, str]:
    with transaction(rt.sessions) as session:
        org = ensure_org(session, slug, f"Eval {slug}")
        recruiter = ensure_recruiter(session, org, f"{slug}@eval.invalid")
        token = create_token(session, recruiter, "eval")
        return org.id, token


class _Conversation:
    def __init__(self, client: httpx.AsyncClient, persona: Persona) -> None:
        self.client = client
        self.persona = persona
        self.turns = 0
        self.seen_seq = 0
        self.pid = ""
        self.messages: list[dict[str, Any]] = []

    async def _json(self, method: str, url: str, **kw: Any) -> Any:
        r = await self.client.request(method, url, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {url} -> {r.status_code}: {r.text[:300]}")
        return r.json() if r.content else None

    async def say(self, text: str) -> None:
        self.turns += 1
        if not self.pid:
            self.pid = (await self._json("POST", "/v1/projects", json={"text": text}))["id"]
        else:
            await self._json("POST", f"/v1/projects/{self.pid}/messages", json={"text": text})

    async def new_messages(self) -> list[dict[str, Any]]:
        page = await self._json("GET", "/v1/mailbox", params={"project_id": self.pid, "limit": 500})
        fresh = [m for m in page["items"] if m["seq"] > self.seen_seq]
        if fresh:
            self.seen_seq = max(m["seq"] for m in fresh)
        self.messages += [m for m in fresh if m["sender"] != "recruiter"]
        return fresh

    async def pending_approval(self) -> dict[str, Any] | None:
        page = await self._json("GET", "/v1/approvals")
        mine = [a for a in page["items"] if a["project_id"] == self.pid]
        return mine[0] if mine else None

    async def until_approval(self) -> dict[str, Any]:
        """Answer clarifying questions until qualifications wait for approval."""
        for _ in range(MAX_QUESTIONS + 1):
            approval = await self.pending_approval()
            if approval is not None:
                return approval
            questions = [m for m in await self.new_messages() if m["kind"] == "question"]
            if not questions:
                break
            await self.say(self.persona.answer(questions[-1]))
        approval = await self.pending_approval()
        if approval is None:
            raise RuntimeError("the assistant never asked for approval of qualifications")
        return approval

    async def decide(self, approval: dict[str, Any], changes: list[dict[str, Any]] | None) -> None:
        self.turns += 1
        body: dict[str, Any] = {"decision": "approve"}
        if changes is not None:
            body = {"decision": "edit", "changes": {"qualifications": changes}}
        await self._json("POST", f"/v1/approvals/{approval['id']}", json=body)

    async def shortlist(self) -> list[dict[str, Any]]:
        page = await self._json(
            "GET", f"/v1/projects/{self.pid}/candidates", params={"limit": SHORTLIST}
        )
        items: list[dict[str, Any]] = page["items"]
        return items

    async def react(self, candidate_id: str, archive: bool) -> bool:
        """Archive a miss with a reason, add a hit; False when the API has no reactions."""
        body = (
            {"action": "archive", "reason": f"no {self.persona.must_have_word} experience"}
            if archive
            else {"action": "add"}
        )
        r = await self.client.post(f"/v1/projects/{self.pid}/candidates/{candidate_id}", json=body)
        return r.status_code < 300


async def _converse(
    client: httpx.AsyncClient, persona: Persona, truth: dict[str, bool]
) -> dict[str, Any]:
    talk = _Conversation(client, persona)
    await talk.say(persona.request)
    approval = await talk.until_approval()
    refused = [r["text"] for r in approval["payload"].get("refused", [])]
    await talk.decide(approval, None)
    turns_to_approval = talk.turns
    before = await talk.shortlist()

    # The persona reads each shortlisted profile, as a recruiter would, and reacts.
    seen_ok = []
    reactions = None
    for cand in before:
        profile = await talk._json("GET", f"/v1/candidates/{cand['candidate_id']}")
        ok = persona.sees_must_have(profile.get("raw_text", ""))
        seen_ok.append(ok)
        reacted = await talk.react(cand["candidate_id"], archive=not ok)
        reactions = reacted if reactions is None else reactions and reacted
    feedback_turns = 0
    after = before
    # Any miss on the shortlist makes this recruiter say what they left unsaid.
    if before and not all(seen_ok):
        turns = talk.turns
        await talk.say(persona.feedback)
        approval = await talk.until_approval()
        await talk.decide(
            approval, persona.edited_qualifications(approval["payload"]["qualifications"])
        )
        feedback_turns = talk.turns - turns
        after = await talk.shortlist()
    await talk.new_messages()

    def share(items: list[dict[str, Any]]) -> float:
        return mean(float(truth.get(c["candidate_id"], False)) for c in items) if items else 0.0

    wish = persona.protected_wish
    return {
        "persona": persona.id,
        "turns_to_approval": turns_to_approval,
        "feedback_turns": feedback_turns,
        "shortlist_before": len(before),
        "shortlist_after": len(after),
        "share_before": round(share(before), 4),
        "share_after": round(share(after), 4),
        "persona_saw_must_have_before": round(mean(float(x) for x in seen_ok), 4) if seen_ok else 0,
        "reactions_api": reactions,
        "protected_wish_refused": None if wish is None else any(wish in r.lower() for r in refused),
        "refused": refused,
        "messages": [{"kind": m["kind"], "body": m["body"]} for m in talk.messages],
        "ranked_after": [
            {"headline": c.get("headline"), "location": c.get("location"), "recap": c["recap"]}
            for c in after[:5]
        ],
    }


async def _run_persona(rt: Runtime, persona: Persona, size: str) -> dict[str, Any]:
    pool = build_pool(persona, size)
    org_id, token = _tenant(rt, f"eval-sim-{uuid.uuid4().hex[:8]}")
    ids = import_texts(rt, org_id, [(str(p["id"]), str(p["text"])) for p in pool])
    truth = {
        str(ids[str(p["id"])]): satisfies(p, persona.hidden) for p in pool if ids[str(p["id"])]
    }
    app = create_app(runtime=rt)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE, headers=headers, timeout=600
        ) as client:
            outcome = await _converse(client, persona, truth)
    finally:
        app.state.processor.close()
    outcome["pool"] = len(pool)
    outcome["pool_base_rate"] = round(mean(float(v) for v in truth.values()), 4)
    return outcome


def run(ctx: SuiteContext) -> SuiteResult:
    rt = ctx.runtime()
    personas = [Persona.from_dict(p) for p in data.personas()]
    if ctx.size == "smoke":
        personas = personas[:1]
    outcomes = [asyncio.run(_run_persona(rt, p, ctx.size)) for p in personas]
    metrics = {
        "turns_to_approval": round(mean(o["turns_to_approval"] for o in outcomes), 2),
        "share_before": round(mean(o["share_before"] for o in outcomes), 4),
        "share_after": round(mean(o["share_after"] for o in outcomes), 4),
        "pool_base_rate": round(mean(o["pool_base_rate"] for o in outcomes), 4),
    }
    metrics["share_gain"] = round(metrics["share_after"] - metrics["share_before"], 4)
    # An empty shortlist counts as 0% above; this says how many there were.
    metrics["empty_shortlists"] = float(
        sum((o["shortlist_before"] == 0) + (o["shortlist_after"] == 0) for o in outcomes)
    )
    wishes = [
        o["protected_wish_refused"] for o in outcomes if o["protected_wish_refused"] is not None
    ]
    if wishes:
        metrics["protected_wish_refused_rate"] = round(mean(float(w) for w in wishes), 4)
    ctx.artifacts["messages"] = [m for o in outcomes for m in o["messages"]]
    ctx.artifacts["summaries"] = [
        {
            "profile": "\n".join(
                f"{c['headline']} ({c['location']}): {c['recap']}" for c in o["ranked_after"]
            ),
            "summary": m["body"],
        }
        for o in outcomes
        for m in o["messages"]
        if m["kind"] == "ready"
    ][-len(outcomes) :]
    details = {"personas": [{k: v for k, v in o.items() if k != "messages"} for o in outcomes]}
    return SuiteResult("simulation", "ok", metrics, details, usage=_app_llm_usage(rt))


def _app_llm_usage(rt: Runtime) -> dict[str, Any]:
    """What the app's own gateway spent (it records every call in `llm_calls`); the eval
    stack is private to this run, so the whole table is this suite's."""
    from sqlalchemy import text as sql

    with rt.sessions() as session:
        row = session.execute(
            sql(
                "SELECT count(*), coalesce(sum(prompt_tokens), 0), "
                "coalesce(sum(completion_tokens), 0), coalesce(sum(cached_tokens), 0), "
                "coalesce(sum(CASE WHEN cached_tokens > 0 THEN 1 ELSE 0 END), 0), "
                "coalesce(sum(cost_usd), 0) FROM llm_calls"
            )
        ).one()
    keys = ("llm_calls", "prompt_tokens", "completion_tokens", "cached_tokens", "cache_hit_calls")
    usage: dict[str, Any] = {k: int(v) for k, v in zip(keys, row[:5], strict=True)}
    usage["cost_usd"] = round(float(row[5]), 6)
    return usage
