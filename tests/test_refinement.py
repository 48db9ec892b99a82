"""Refinement, not restart, through the public API on the real stack (offline brain):
a message after approval is read against the current approved set; a change is a diff
for approval; approving it keeps the pipeline (stages, ratings, reasons) and re-evaluates
it; messages that change nothing change nothing."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from agents.refinement.apply import apply_changes
from agents.refinement.offline import parse_changes
from agents.refinement.visible import visible_text
from agents.schemas import JobSpec, Qualification
from agents.supervisor.everyone import asks_for_everyone
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.fake_openai import FakeOpenAI, fake_llm
from tests.test_agent_flow import mailbox, run_conversation
from tests.test_agent_llm import llm_app
from tests.test_agent_llm import responder as llm_responder

__all__ = ["fake_llm"]

BRIEF = (
    "I need a senior Python data scientist with machine learning and SQL, pandas a must, "
    "in Berlin, hybrid. 5+ years of experience."
)
INTERNAL_ID = re.compile(r"\bq\d+\b")


async def approved_project(client: httpx.AsyncClient, team: Tenant) -> dict:
    """A project whose qualifications the recruiter edited (a star, a nice-to-have, one
    of their own) before approving, with the calibration batch sourced."""
    r = await client.post("/v1/projects", json={"text": BRIEF}, headers=team.headers)
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    approval = (await client.get("/v1/approvals", headers=team.headers)).json()["items"][0]
    r = await client.post(
        f"/v1/approvals/{approval['id']}",
        json={
            "decision": "edit",
            "changes": {
                "qualifications": [
                    {"text": "Experience with Python", "starred": True},
                    {"text": "Experience with SQL", "required": False},
                    {"text": "Experience with pandas"},
                    {"text": "Deployed models with Docker", "required": False},
                ]
            },
        },
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    project = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert project["qualifications_approved"]
    return project


async def candidates(client: httpx.AsyncClient, team: Tenant, pid: str) -> list[dict]:
    r = await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def pending(client: httpx.AsyncClient, team: Tenant) -> list[dict]:
    return (await client.get("/v1/approvals", headers=team.headers)).json()["items"]


async def say(client: httpx.AsyncClient, team: Tenant, pid: str, text: str) -> None:
    r = await client.post(f"/v1/projects/{pid}/messages", json={"text": text}, headers=team.headers)
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "done", r.json()


async def test_a_change_is_a_diff_and_approving_it_keeps_the_pipeline(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    project = await approved_project(client, team)
    pid = project["id"]
    before = await candidates(client, team, pid)
    assert before, "the calibration batch is ranked"
    pool = (await client.get("/v1/candidates", headers=team.headers)).json()["items"]
    by_headline = {c["headline"]: c["candidate_id"] for c in pool}
    # The recruiter works the pipeline: adds the DevOps engineer, rates the first match,
    # archives the Java developer with a reason.
    devops, top = by_headline["DevOps Engineer"], before[0]["candidate_id"]
    java = by_headline["Backend Java Developer"]
    url = f"/v1/projects/{pid}/candidates"
    r = await client.post(f"{url}/{devops}", json={"action": "add"}, headers=team.headers)
    assert r.status_code == 204
    r = await client.post(
        f"{url}/{top}",
        json={"action": "rate", "rating": 4, "reason": "strong ML, check SQL"},
        headers=team.headers,
    )
    assert r.status_code == 204
    r = await client.post(
        f"{url}/{java}",
        json={"action": "archive", "reason": "wants a manager role"},
        headers=team.headers,
    )
    assert r.status_code == 204
    ranked = {c["candidate_id"]: c for c in await candidates(client, team, pid)}
    assert ranked[top]["rating"] == 4 and ranked[top]["reason"] == "strong ML, check SQL"
    assert java not in ranked

    await say(client, team, pid, "Also require Kubernetes")
    waiting = await pending(client, team)
    assert len(waiting) == 1
    diff = waiting[0]["payload"]["diff"]
    assert [q["text"] for q in diff["added"]] == ["Experience with Kubernetes"]
    assert diff["added"][0]["required"] and not diff["removed"] and not diff["changed"]
    # The proposal starts from the recruiter's edits, not from the original request.
    proposed = {q["text"]: q for q in waiting[0]["payload"]["qualifications"]}
    assert proposed["Experience with Python"]["starred"]
    assert proposed["Experience with Python"]["weight"] == 2.0
    assert not proposed["Experience with SQL"]["required"]
    assert "Deployed models with Docker" in proposed
    # Until approved, the project works with the approved set.
    now = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert now["qualifications"] == project["qualifications"]
    assert now["qualifications_approved"] and now["status"] != "awaiting_approval"
    assert any("Kubernetes" in q["text"] for q in now["pending_qualifications"])

    r = await client.post(
        f"/v1/approvals/{waiting[0]['id']}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    after = {c["candidate_id"]: c for c in await candidates(client, team, pid)}
    # Nobody new was sourced and nobody left: the same pipeline, re-evaluated (the
    # DevOps engineer the recruiter added is now evaluated and ranked too).
    assert set(after) == set(ranked) | {devops}
    assert after[devops]["stage"] == "pipeline"
    assert after[top]["rating"] == 4 and after[top]["reason"] == "strong ML, check SQL"
    assert after[top]["stage"] == ranked[top]["stage"]
    assert java not in after
    for cand in after.values():
        texts = [e["qualification"] for e in cand["evaluations"]]
        assert "Experience with Kubernetes" in texts, texts
    kube = next(e for e in after[devops]["evaluations"] if "Kubernetes" in e["qualification"])
    assert kube["verdict"] == "met" and kube["evidence"]
    final = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert any(q["text"] == "Experience with Kubernetes" for q in final["qualifications"])
    assert final["qualification_set_version"] > project["qualification_set_version"]
    assert final["pending_qualifications"] is None
    msgs = await mailbox(client, team)
    moved = [m for m in msgs if m["body"].startswith("Re-evaluated")]
    assert moved, [m["body"] for m in msgs]
    assert "Experience with Kubernetes added as required" in moved[-1]["body"]
    assert re.search(r"\d+ moved up|the order did not change", moved[-1]["body"])
    # Plain words everywhere: no internal qualification ids in messages or the plan.
    for m in msgs:
        assert not INTERNAL_ID.search(m["body"]), m["body"]
    for s in final["plan"]["steps"]:
        assert not INTERNAL_ID.search(s["goal"] + " " + s["note"]), s


@pytest.mark.parametrize(
    "text",
    [
        "thanks!",
        "ok",
        "<img src=x onerror=alert(1)>",
        "<script>fetch('/v1/approvals')</script>",
        "What does nice-to-have mean here?",
        "asdf qwerty",
    ],
)
async def test_messages_that_change_nothing_change_nothing(
    client: httpx.AsyncClient, team: Tenant, text: str
) -> None:
    project = await approved_project(client, team)
    pid = project["id"]
    before = await candidates(client, team, pid)
    n_msgs = len(await mailbox(client, team))
    await say(client, team, pid, text)
    after = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert await pending(client, team) == []
    assert after["status"] == project["status"] and after["qualifications_approved"]
    assert after["qualifications"] == project["qualifications"]
    assert after["qualification_set_version"] == project["qualification_set_version"]
    assert after["plan"]["steps"] == project["plan"]["steps"]
    assert [c["candidate_id"] for c in await candidates(client, team, pid)] == [
        c["candidate_id"] for c in before
    ]
    new = (await mailbox(client, team))[n_msgs:]
    replies = [m for m in new if m["sender"] == "supervisor"]
    assert [m["kind"] for m in replies] == ["reply"]
    assert "stay as they are" in replies[0]["body"]


async def test_rejecting_a_change_keeps_the_approved_set(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    project = await approved_project(client, team)
    pid = project["id"]
    await say(client, team, pid, "drop the Docker one")
    waiting = await pending(client, team)
    assert [q["text"] for q in waiting[0]["payload"]["diff"]["removed"]] == [
        "Deployed models with Docker"
    ]
    r = await client.post(
        f"/v1/approvals/{waiting[0]['id']}",
        json={"decision": "reject", "reason": "changed my mind"},
        headers=team.headers,
    )
    assert r.status_code == 200
    after = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert after["qualifications"] == project["qualifications"]
    assert after["pending_qualifications"] is None and after["status"] == project["status"]
    # Another change afterwards still starts from the approved set.
    await say(client, team, pid, "make SQL required")
    diff = (await pending(client, team))[0]["payload"]["diff"]
    assert diff["changed"] == [{"text": "Experience with SQL", "what": "now required"}]


@pytest.mark.parametrize(
    "text", ["show me everyone", "Show all candidates", "Can you list everybody?"]
)
async def test_show_me_everyone_points_to_the_full_list_and_changes_nothing(
    client: httpx.AsyncClient, team: Tenant, text: str
) -> None:
    project = await approved_project(client, team)
    pid = project["id"]
    shown = await candidates(client, team, pid)
    r = await client.get(
        f"/v1/projects/{pid}/candidates", params={"include": "all"}, headers=team.headers
    )
    everyone = r.json()["items"]
    hidden = len(everyone) - len(shown)
    assert hidden > 0, "the pool holds someone meeting no required qualification"
    n_msgs = len(await mailbox(client, team))
    await say(client, team, pid, text)
    new = (await mailbox(client, team))[n_msgs:]
    replies = [m for m in new if m["sender"] == "supervisor"]
    assert [m["kind"] for m in replies] == ["reply"], [m["body"] for m in new]
    body = replies[0]["body"]
    # The counts the API gives, in words, and where the full list is.
    assert f"The project has {len(everyone)} candidates" in body, body
    assert f"the {len(shown)} who meet at least one required qualification" in body, body
    assert f"{hidden} more" in body and "not rejected" in body, body
    assert "Show everyone" in body and "Nothing changed" in body, body
    assert "stay as they are" not in body  # not the generic help: it understood
    assert not INTERNAL_ID.search(body), body
    # Nothing else moved: no plan, no approval, the same lists.
    after = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()
    assert await pending(client, team) == []
    assert after["plan"]["steps"] == project["plan"]["steps"]
    assert after["qualification_set_version"] == project["qualification_set_version"]
    assert [c["candidate_id"] for c in await candidates(client, team, pid)] == [
        c["candidate_id"] for c in shown
    ]


def test_only_a_request_for_the_whole_list_reads_as_show_everyone() -> None:
    for text in ["show me everyone", "show all candidates.", "Please show me all the candidates"]:
        assert asks_for_everyone(text), text
    for text in ["show me everyone with Kubernetes", "find me more candidates", "drop all SQL"]:
        assert not asks_for_everyone(text), text


CURRENT = [
    Qualification(id="q1", text="Experience with Python", starred=True, weight=2.0),
    Qualification(id="q2", text="5+ years of professional experience as a Data Scientist"),
    Qualification(id="q3", text="Bachelor's degree in Computer Science", required=False),
    Qualification(id="q4", text="Experience with Amazon Web Services", required=False),
    Qualification(id="q5", text="Experience with Docker"),
]
SPEC = JobSpec(title="Data Scientist", location="Berlin, Germany", min_years_experience=5)


@pytest.mark.parametrize(
    ("message", "summary"),
    [
        ("also require Kubernetes", "Experience with Kubernetes added as required"),
        ("drop the degree", "Bachelor's degree in Computer Science removed"),
        ("make AWS required", "Experience with Amazon Web Services: now required"),
        ("Docker is nice to have", "Experience with Docker: now nice-to-have"),
        ("relax the location", "location: Berlin, Germany -> anywhere"),
        (
            "3 years is enough",
            "3+ years of professional experience as a Data Scientist: 3+ years instead of 5+",
        ),
        ("unstar Python", "Experience with Python: no longer starred"),
        ("add Tableau as nice to have", "Experience with Tableau added as nice-to-have"),
        (
            "Great. Also require Kubernetes and Terraform",
            "Experience with Kubernetes added as required; "
            "Experience with Terraform added as required",
        ),
        ("<b>make AWS required</b>", "Experience with Amazon Web Services: now required"),
    ],
)
def test_offline_rules_for_common_phrasings(message: str, summary: str) -> None:
    new, diff = apply_changes(CURRENT, SPEC, parse_changes(visible_text(message)))
    assert diff.summary() == summary
    kept = {q.id: q for q in new}
    # What the message did not touch stays exactly as the recruiter left it.
    assert kept["q1"].starred or message == "unstar Python"
    assert [q.id for q in new][: len(CURRENT) - len(diff.removed)] == [
        q.id for q in CURRENT if q not in diff.removed
    ]


@pytest.mark.parametrize(
    "message",
    ["thanks", "ok, great", "Great, find me more candidates", "I need more candidates",
     "how does the ranking work?", "<img src=x onerror=alert(1)>"],
)  # fmt: skip
def test_offline_rules_change_nothing_for_other_messages(message: str) -> None:
    assert parse_changes(visible_text(message)) == []


def test_a_discriminatory_addition_is_refused_not_applied() -> None:
    new, diff = apply_changes(CURRENT, SPEC, parse_changes("also require young candidates"))
    assert diff.empty and diff.refused and new == CURRENT


def refining_responder(body: dict[str, Any]) -> Any:
    """The scripted model of test_agent_llm, plus a planner that reads refinements."""
    if body.get("stream"):
        return "Glad to help."  # a plain reply is written as prose, streamed
    if body["response_format"]["json_schema"]["name"] != "PlanAnswer":
        return llm_responder(body)
    data = json.loads(body["messages"][-1]["content"])
    message = data["message"].lower()
    if "kubernetes" in message:
        return {
            "intent": "refine",
            "steps": [{"agent": a, "goal": f"(llm) {a}"} for a in data["allowed"]["refine"]],
            "changes": [{"op": "add", "target": "", "text": "Kubernetes", "required": True}],
            "reply": "",
        }
    if "docker" in message:  # breaks the policy: intake again; the offline brain answers
        return {"intent": "refine", "steps": [{"agent": "intake", "goal": "redo"}],
                "changes": [], "reply": ""}  # fmt: skip
    return {"intent": "reply", "steps": [], "changes": [], "reply": "Glad to help."}


async def test_the_llm_brain_returns_the_same_diff(
    rt: Runtime, fake_llm: FakeOpenAI, team: Tenant
) -> None:
    fake_llm.responder = refining_responder
    app = llm_app(rt, fake_llm)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
    ) as client:
        project = await run_conversation(client, team)
        pid = project["id"]
        await say(client, team, pid, "thank you!")
        assert await pending(client, team) == []
        reply = (await mailbox(client, team))[-1]
        assert reply["kind"] == "reply" and reply["body"].startswith("Glad to help.")
        assert reply["payload"]["engine"] == "llm" and reply["payload"]["streamed"]

        await say(client, team, pid, "We also need Kubernetes experience")
        waiting = await pending(client, team)
        assert [q["text"] for q in waiting[0]["payload"]["diff"]["added"]] == [
            "Experience with Kubernetes"
        ]
        plan = (await client.get(f"/v1/projects/{pid}", headers=team.headers)).json()["plan"]
        assert [s["goal"] for s in plan["steps"]] == ["(llm) refine", "(llm) change_approval"]
        r = await client.post(
            f"/v1/approvals/{waiting[0]['id']}", json={"decision": "reject", "reason": "no"},
            headers=team.headers,
        )  # fmt: skip
        assert r.status_code == 200

        await say(client, team, pid, "make Docker required")
        waiting = await pending(client, team)
        assert waiting[0]["payload"]["diff"]["added"][0]["text"] == "Experience with Docker"
    app.state.processor.close()
