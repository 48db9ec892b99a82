"""Compressed project history: one short summary per project that stands in for the old
turns in what the planner sees, kept in the recruiter's memory (and deletable there)."""

from __future__ import annotations

import uuid
from collections import Counter

from agents.deps import AgentDeps
from agents.memory.capture import label, onet_of
from app.memory import service as memory
from app.projects import service as projects
from app.signals import service as signals
from app.unit_of_work import transaction

MAX_REASONS = 3


def compress(deps: AgentDeps, project_id: str) -> str:
    """Rebuild the summary from what is true now (the approved set, the reactions, the
    plan): deterministic, so the same project state gives the same text."""
    with transaction(deps.sessions) as session:
        project = projects.get(session, uuid.UUID(project_id))
        qset = projects.approved_qset(session, project.id)
        seen = signals.of_project(session, project.id)
        plan = projects.plan_of(project)
        counts = Counter(s.kind for s in seen)
        reasons = Counter(
            str(s.data.get("reason") or "").strip().lower()
            for s in seen
            if s.kind == "archive" and s.data.get("reason")
        )
        parts = [f"Project {label(project)!r}"]
        if qset is not None:
            required = [q["text"] for q in qset.qualifications if q.get("required", True)]
            nice = [q["text"] for q in qset.qualifications if not q.get("required", True)]
            parts.append(
                f"approved set v{qset.version}: required {'; '.join(required) or 'none'}"
                + (f"; nice-to-have {'; '.join(nice)}" if nice else "")
            )
        if counts:
            parts.append(
                "reactions: "
                + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()) if k != "review")
            )
        if reasons:
            top = [f"{r} ({n})" for r, n in reasons.most_common(MAX_REASONS)]
            parts.append("archived for: " + "; ".join(top))
        if plan.plan_no:
            parts.append(f"{plan.plan_no} plans so far")
        summary = ". ".join(parts) + "."
        memory.remember(
            session,
            project,
            kind="history",
            topic="project",
            key=f"history:{project.id}",
            text=summary,
            role_family=onet_of(project),
            source={"type": "project_history", "label": label(project)},
            replace=True,
        )
    return summary
