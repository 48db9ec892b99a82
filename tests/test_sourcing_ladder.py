"""Sourcing that never starves silently: unknown years and places are kept by the filters
(ranked after known matches), the relaxation ladder names each step with its real count,
counts on the plan and in notices are true, and the default candidate list shows who meets a
required qualification (the others stay in the project). Real Postgres, real search."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from agents.schemas import (
    CandidateEvaluation,
    JobSpec,
    Qualification,
    QualificationVerdict,
    SkillRequirement,
)
from agents.sourcing.ladder import filters_of
from agents.sourcing.notes import sourcing_note
from agents.sourcing.queries import build_query, decide, widen
from agents.sourcing.run import source_relaxed
from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.models import Candidate
from app.runtime import Runtime
from app.search.schemas import SearchFilters
from app.search.service import search
from tests.conftest import Tenant, make_tenant
from tests.test_agent_flow import mailbox, run_conversation


def _dev(pid: str, location: str | None, years: float | None, **extra: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "title": "Python Developer",
        "company": f"Firm {pid}",
        "description": "Built REST APIs in Python and Django for a payments product.",
    }
    profile: dict[str, Any] = {
        "id": pid,
        "name": f"Dev {pid}",
        "headline": "Python Developer",
        "experience": [job],
        "skills": ["Python", "Django", "PostgreSQL"],
        **extra,
    }
    if location is not None:
        profile["location"] = location
    if years is not None:
        profile["years_experience"] = years
    return profile


PROFILES = [
    _dev("pune-senior", "Pune, India", 6),
    _dev("pune-junior", "Pune, India", 2),
    _dev("mumbai", "Mumbai, India", 7),
    _dev("berlin", "Berlin, Germany", 8),
    _dev("silent", None, None),  # says neither where nor how long
    {
        "id": "bio",
        "name": "Ana Bio",
        "headline": "Aquatic Biologist",
        "location": "Pune, India",
        "years_experience": 9,
        "experience": [
            {"title": "Aquatic Biologist", "company": "River Lab", "description": "Fish surveys."}
        ],
        "skills": ["Field sampling", "R"],
    },
]
NAMES = {p["id"]: p["name"] for p in PROFILES}


@pytest.fixture(scope="module")
def ladder_pool(rt: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    tenant = make_tenant(rt)
    path = tmp_path_factory.mktemp("ladder") / "pool.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PROFILES), encoding="utf-8")
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(read_paths([path]))
    return tenant


def _spec(**kw: Any) -> JobSpec:
    base: dict[str, Any] = {
        "title": "Python Developer",
        "onet_code": "15-1252.00",
        "location": "Pune, India",
        "min_years_experience": 5,
        "must_have_skills": [SkillRequirement(name="Python"), SkillRequirement(name="Django")],
    }
    return JobSpec(**{**base, **kw})


def _names(rt: Runtime, ids: list[uuid.UUID]) -> list[str]:
    with transaction(rt.sessions) as session:
        return [session.get(Candidate, cid).name or "" for cid in ids]  # type: ignore[union-attr]


def test_filters_keep_unknowns_after_known_matches_and_flag_them(
    rt: Runtime, ladder_pool: Tenant
) -> None:
    kept = SearchFilters(location="Pune", min_years=5, keep_unknown=True)
    with transaction(rt.sessions) as session:
        found = search(
            session, rt.embedder, rt.settings, ladder_pool.org.id, '"Django"',
            filters=kept, mode="boolean",
        ).results  # fmt: skip
        strict = search(
            session, rt.embedder, rt.settings, ladder_pool.org.id, '"Django"',
            filters=SearchFilters(location="Pune", min_years=5), mode="boolean",
        ).results  # fmt: skip
    names = [h.name for h in found]
    # Known match first, then the profile that says nothing; known misses stay out.
    assert names == ["Dev pune-senior", "Dev silent"], names
    assert found[0].unknown_filters == []
    assert found[1].unknown_filters == ["location", "years"]
    assert [h.name for h in strict] == ["Dev pune-senior"]


async def test_search_api_keeps_unknowns_only_when_asked(
    client: httpx.AsyncClient, ladder_pool: Tenant
) -> None:
    params: dict[str, Any] = {"q": "django", "min_years": 5, "mode": "boolean"}
    r = await client.get("/v1/candidates/search", params=params, headers=ladder_pool.headers)
    assert "Dev silent" not in [h["name"] for h in r.json()["results"]]
    params["include_unknown"] = "true"
    r = await client.get("/v1/candidates/search", params=params, headers=ladder_pool.headers)
    hits = r.json()["results"]
    assert hits[-1]["name"] == "Dev silent" and hits[-1]["unknown_filters"] == ["years"]


def test_ladder_relaxes_the_place_first_and_counts_each_step(
    rt: Runtime, ladder_pool: Tenant
) -> None:
    spec = _spec()
    q = build_query(spec, [])
    assert (q.location_level, q.location, q.country_code) == ("city", "Pune", "IN")
    with transaction(rt.sessions) as session:
        sourced = source_relaxed(
            session, rt.embedder, rt.settings, ladder_pool.org.id, q, spec,
            limit=10, exclude=set(), target=3,
        )  # fmt: skip
    # Pune with 5+ years: the senior and the silent one (2 < 3), so the place widens to
    # India, where Mumbai's 7 years count too: 3, and the ladder stops there.
    assert [a.change for a in sourced.relaxed] == ["looked anywhere in India, not only in Pune"]
    assert sourced.relaxed[0].count == 3 == sourced.matched
    assert sourced.relaxed[0].reason == "only 2 new candidates matched the query"
    boolean = [c.candidate_id for c in sourced.found if c.via == "boolean"]
    assert set(_names(rt, boolean)) == {"Dev pune-senior", "Dev mumbai", "Dev silent"}
    note = sourcing_note(sourced)
    assert note.startswith(f"3 new candidates matched {sourced.query.boolean} in India")
    assert "looked anywhere in India, not only in Pune (3 matches) because only 2" in note
    semantic = [c for c in sourced.found if c.via == "semantic"]
    assert f"{len(semantic)} more added because their profiles read like the job" in note


def test_country_rung_uses_the_gazetteer_country_code(rt: Runtime, ladder_pool: Tenant) -> None:
    """A profile whose location text names no country still counts at the country rung
    when the import's gazetteer placed it there."""
    tenant = make_tenant(rt)
    path = Path(rt.settings.data_dir) / f"{tenant.org.id}.jsonl"
    path.write_text(json.dumps(_dev("nagpur", "Nagpur", 6)) + "\n", encoding="utf-8")
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(read_paths([path]))
    with transaction(rt.sessions) as session:
        row = session.query(Candidate).filter(Candidate.org_id == tenant.org.id).one()
        row.city, row.country_code = "Nagpur", "IN"
    spec = _spec()
    q = widen(build_query(spec, []), spec)
    assert q is not None and q.location_level == "country"
    assert filters_of(q).country_code == "IN"
    with transaction(rt.sessions) as session:
        sourced = source_relaxed(
            session, rt.embedder, rt.settings, tenant.org.id, q, spec, limit=5, exclude=set(),
            target=1,
        )  # fmt: skip
    assert sourced.matched == 1 and not sourced.relaxed


def test_years_then_nice_to_haves_then_alternatives() -> None:
    spec = _spec(
        location=None,
        must_have_skills=[SkillRequirement(name="Python")],
        nice_to_have_skills=[SkillRequirement(name="AWS")],
    )
    quals = [
        Qualification(id="q1", text="Experience with Python"),
        Qualification(id="q2", text="Experience with Django or Flask"),
        Qualification(id="q3", text="Experience with AWS", required=False),
    ]
    q = build_query(spec, quals)
    assert q.alternatives == [["Django", "Flask"]]
    changes = []
    current = q
    for _ in range(4):
        nxt = widen(current, spec)
        assert nxt is not None
        changes.append(nxt.adjustments[-1].change)
        current = nxt
    assert changes == [
        "asked for 3+ years instead of 5+",
        "dropped the 3+ years filter",
        'stopped steering the search by "AWS"',
        'accepted any one of "Django" or "Flask"',
    ]
    assert "nice:" in q.semantic and "nice:" not in current.semantic
    assert '("Django" OR "Flask")' in current.boolean and '"Django" AND' not in current.boolean
    # Only then are required skills given up.
    nxt = widen(current, spec)
    assert nxt is not None and nxt.adjustments[-1].change.startswith("dropped ")


def test_nothing_anywhere_says_what_was_tried_and_what_to_change(
    rt: Runtime, ladder_pool: Tenant
) -> None:
    spec = JobSpec(
        title="Underwater Welder", location="Pune, India", min_years_experience=3,
        must_have_skills=[SkillRequirement(name="COBOL")],
    )  # fmt: skip
    q = build_query(spec, [])
    with transaction(rt.sessions) as session:
        sourced = source_relaxed(
            session, rt.embedder, rt.settings, ladder_pool.org.id, q, spec, limit=3,
            exclude=set(),
        )  # fmt: skip
    assert sourced.matched == 0 and sourced.exhausted
    note = sourcing_note(sourced)
    assert note.startswith("0 new candidates matched ")
    for step in ("looked anywhere in India", "looked everywhere", "years filter", '"COBOL"'):
        assert step in note, (step, note)
    assert "Nobody new in your talent pool matched the query, even after every relaxation" in note
    assert "next, accept job titles other than" in note
    # What was added was found by meaning only, and the note says so.
    assert all(c.via == "semantic" for c in sourced.found)


# -- the conversation: true counts, the default list, words on screen ---------------------------


async def test_counts_are_true_and_the_list_shows_who_meets_a_requirement(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    project = await run_conversation(client, team)
    pid = project["id"]
    steps = project["plan"]["steps"]
    for step in (s for s in steps if s["agent"] == "sourcing"):
        assert re.match(r"^\d+ new candidates? matched ", step["note"]), step["note"]
    h = team.headers
    default = (await client.get(f"/v1/projects/{pid}/candidates", headers=h)).json()
    everyone = (
        await client.get(f"/v1/projects/{pid}/candidates", params={"include": "all"}, headers=h)
    ).json()
    assert len(everyone["items"]) == len(default["items"]) + default["hidden"]
    assert everyone["hidden"] == 0
    for item in default["items"]:
        assert any(e["required"] and e["verdict"] == "met" for e in item["evaluations"])
    hidden = [c for c in everyone["items"] if c not in default["items"]]
    for item in hidden:  # in the project, not rejected: just not in the default list
        assert not any(e["required"] and e["verdict"] == "met" for e in item["evaluations"])
    if default["hidden"]:
        assert default["note"].startswith(f"{default['hidden']} more candidate")

    ready = [m for m in await mailbox(client, team) if m["kind"] == "ready"]
    first = ready[-1]["body"]
    assert first.startswith(f"{len(default['items'])} new candidate")
    assert not re.search(r"\bq\d+\b", first), first  # names, not internal ids

    # "Show me more": the next notice counts only the candidates that run added.
    before = {c["candidate_id"] for c in everyone["items"]}
    r = await client.post(f"/v1/projects/{pid}/messages", json={"text": "show me more"}, headers=h)
    assert r.status_code == 202, r.text
    after = (
        await client.get(f"/v1/projects/{pid}/candidates", params={"include": "all"}, headers=h)
    ).json()["items"]
    added = [c for c in after if c["candidate_id"] not in before]
    shown = [
        c for c in added if any(e["required"] and e["verdict"] == "met" for e in c["evaluations"])
    ]
    ready = [m for m in await mailbox(client, team) if m["kind"] == "ready"]
    assert len(ready) >= 2
    latest = ready[-1]
    assert latest["payload"]["count"] == len(shown)
    assert latest["payload"]["hidden"] == len(added) - len(shown)


def test_unknown_required_verdicts_do_not_push_a_widening() -> None:
    def evaluation(*verdicts: str) -> CandidateEvaluation:
        return CandidateEvaluation(
            verdicts=[
                QualificationVerdict(qualification_id=f"q{i}", verdict=v, confidence=0.5)  # type: ignore[arg-type]
                for i, v in enumerate(verdicts, start=1)
            ],
            required_met=verdicts.count("met"),
            required_total=len(verdicts),
            nice_met=0,
            nice_total=0,
            score=0.5,
        )

    # Python and Django met, the years as a Python developer unknown (no dated roles).
    batch = [evaluation("met", "met", "unknown") for _ in range(3)] + [
        evaluation("met", "not_met", "unknown") for _ in range(3)
    ]
    strict = decide(batch, batch_size=6)
    assert strict.action == "widen"  # counting unknown as missing: nobody qualifies
    fair = decide(batch, batch_size=6, required=["q1", "q2", "q3"])
    assert fair.action == "keep", fair
    assert fair.reason.startswith("3 of 6 calibration candidates met every required")
    # Silence on everything is not a match either.
    silent = decide([evaluation("unknown", "unknown")] * 6, batch_size=6, required=["q1", "q2"])
    assert silent.action == "widen"
