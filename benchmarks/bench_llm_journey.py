"""The Pune journey of issue 10 with the LLM brain up, slow and down, next to offline.

    python -m benchmarks.bench_llm_journey [--conditions offline up slow down]

"up" is the real local model (llama.cpp's server with the packaged SmolLM2-135M; build it
with `make llm-build`); "slow" is the same server behind a per-call timeout it cannot meet;
"down" is an endpoint nobody listens on. For each: wall time from the request to an
evaluated, ranked list (approved as proposed), LLM calls, schema-valid share per task (calls
answered, repaired or not), latency per call, degraded calls, and which engine scored the
ranking. Needs ../shared/data/resumes (the public corpus).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from app.candidates.service import Importer, read_paths
from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import LLMCallRecord
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime
from benchmarks.common import percentile, write_result
from evals.local_model import LocalModel, start

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "resumes"
REQUEST = (
    "I need a senior Python developer in Pune, India, 5+ years, Django and REST APIs "
    "required, AWS nice to have"
)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settings_for(condition: str, data_dir: Path, served: LocalModel | None) -> Settings:
    base: dict[str, Any] = {"data_dir": data_dir}
    if condition == "offline":
        return Settings(**base, llm_base_url=None, llm_api_key=None)
    if condition == "down":
        url = f"http://127.0.0.1:{_closed_port()}/v1"
        return Settings(**base, llm_base_url=url, llm_model_strong="x", llm_model_cheap="x")
    assert served is not None
    extra = {"llm_timeout_s": 0.5} if condition == "slow" else {"llm_timeout_s": 60.0}
    return Settings(
        **base,
        llm_base_url=served.base_url,
        llm_model_strong=served.alias,
        llm_model_cheap=served.alias,
        **extra,
    )


async def journey(rt: Runtime, org_slug: str) -> dict[str, Any]:
    with transaction(rt.sessions) as session:
        org = ensure_org(session, org_slug)
        recruiter = ensure_recruiter(session, org, f"{org_slug}@example.com")
        token = create_token(session, recruiter, "bench")
        org_id = org.id
    with transaction(rt.sessions) as session:
        report = Importer(session, rt.embedder, org_id).run(read_paths([CORPUS]))
    app = create_app(runtime=rt)
    headers = {"Authorization": f"Bearer {token}"}
    started = time.monotonic()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=3600
    ) as client:
        r = await client.post("/v1/projects", json={"text": REQUEST}, headers=headers)
        pid = r.json()["id"]
        approvals = (await client.get("/v1/approvals", headers=headers)).json()["items"]
        for a in approvals:
            await client.post(
                f"/v1/approvals/{a['id']}", json={"decision": "approve"}, headers=headers
            )
        ranked = (await client.get(f"/v1/projects/{pid}/candidates", headers=headers)).json()
        project = (await client.get(f"/v1/projects/{pid}", headers=headers)).json()
    wall = time.monotonic() - started
    app.state.processor.close()
    with transaction(rt.sessions) as session:
        calls = list(session.scalars(select(LLMCallRecord).where(LLMCallRecord.org_id == org_id)))
    per_task: dict[str, dict[str, Any]] = {}
    by_task: dict[str, list[LLMCallRecord]] = defaultdict(list)
    for c in calls:
        by_task[c.task].append(c)
    for task, items in sorted(by_task.items()):
        answered = [c.latency_ms for c in items if c.attempts > 0]
        per_task[task] = {
            "calls": len(items),
            "schema_valid_share": round(sum(c.ok for c in items) / len(items), 3),
            "repaired": sum(1 for c in items if c.repairs),
            "breaker_open_calls": sum(1 for c in items if c.attempts == 0),
            "latency_p50_ms": round(percentile(answered, 50), 1) if answered else None,
            "latency_p95_ms": round(percentile(answered, 95), 1) if answered else None,
        }
    items = ranked.get("items", [])
    return {
        "imported": report.imported,
        "wall_s": round(wall, 1),
        "ranked_candidates": len(items),
        "ranking_engines": sorted({c["engine"] for c in items}),
        "degraded_candidates": sum(1 for c in items if c["degraded"]),
        "llm_usage": project.get("llm_usage"),
        "status": project["status"],
        "per_task": per_task,
        "plan": [f"{s['agent']}: {s['note']}" for s in project["plan"]["steps"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--conditions", nargs="+", default=["offline", "up", "slow", "down"])
    args = parser.parse_args()
    served = start() if {"up", "slow"} & set(args.conditions) else None
    results: dict[str, Any] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="scout-bench-llm-") as tmp:
            for condition in args.conditions:
                rt = Runtime.start(settings_for(condition, Path(tmp), served), upgrade=True)
                try:
                    results[condition] = asyncio.run(journey(rt, f"bench-{condition}"))
                finally:
                    rt.close()
                print(condition, results[condition]["wall_s"], "s", flush=True)
    finally:
        if served is not None:
            served.stop()
    walls = {k: v["wall_s"] for k, v in results.items()}
    write_result(
        "llm_journey",
        {"request": REQUEST, "wall_s": walls, "conditions": results,
         "median_wall_s": statistics.median(walls.values()) if walls else None},
    )  # fmt: skip


if __name__ == "__main__":
    main()
