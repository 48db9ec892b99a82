"""What is worth remembering, written as it happens; every write is keyed so a re-run
step remembers nothing twice. Only the recruiter's own decisions and words are kept:
nothing from a resume or a candidate's reply ever becomes a memory."""

from __future__ import annotations

import re
import uuid

from agents.deps import AgentDeps
from agents.intake.responsible_ai import check_qualification
from agents.memory.preferences import extract_preferences
from app.memory import service as memory
from app.projects import service as projects
from app.projects.service import Project
from app.unit_of_work import UnitOfWork, transaction


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", text.lower()))[:200]


def label(project: Project) -> str:
    """ "Java developer, May": how a recruiter remembers a project."""
    return f"{project.title}, {project.created_at:%b}" if project.created_at else project.title


def onet_of(project: Project) -> str | None:
    code = (project.spec or {}).get("onet_code")
    return str(code) if code else None


def remember_approved_set(deps: AgentDeps, project_id: str) -> int:
    """Each approved qualification becomes one decision the recruiter can see and delete
    (deleting one removes it from later suggestions)."""
    with transaction(deps.sessions) as session:
        project = projects.get(session, uuid.UUID(project_id))
        qset = projects.approved_qset(session, project.id)
        if qset is None:
            return 0
        for order, raw in enumerate(qset.qualifications):
            text = str(raw.get("text", "")).strip()
            if not text:
                continue
            memory.remember(
                session,
                project,
                kind="decision",
                topic="qualification",
                key=f"qualification:{project.id}:{_key(text)}",
                text=text,
                role_family=onet_of(project),
                source={
                    "type": "approved_qualifications",
                    "label": label(project),
                    "version": qset.version,
                },
                data={
                    "order": order,
                    "required": bool(raw.get("required", True)),
                    "evidence_hint": str(raw.get("evidence_hint") or ""),
                },
            )
        return len(qset.qualifications)


def remember_search(session: UnitOfWork, project: Project, boolean: str) -> None:
    """The project's current Boolean search, offered to later projects of the same role."""
    if not boolean:
        return
    memory.remember(
        session,
        project,
        kind="decision",
        topic="search",
        key=f"search:{project.id}",
        text=boolean,
        role_family=onet_of(project),
        source={"type": "sourcing", "label": label(project)},
        replace=True,
    )


def remember_archive(session: UnitOfWork, project: Project, reason: str, count: int) -> None:
    """ "Archived 3 for: no Kubernetes": one item per reason and project, counted."""
    reason = " ".join(reason.split())[:300]
    if not reason:
        return
    memory.remember(
        session,
        project,
        kind="decision",
        topic="archive",
        key=f"archive:{project.id}:{_key(reason)}",
        text=f"Archived {count} candidate{'s' if count != 1 else ''} for: {reason}",
        role_family=onet_of(project),
        source={"type": "archive", "label": label(project)},
        data={"reason": reason, "count": count},
        replace=True,
    )


def observe_message(deps: AgentDeps, project_id: str, message_id: str, text: str) -> int:
    """Preferences the recruiter stated in a message ("I prefer product companies",
    "keep outreach short and friendly"), remembered with the message they came from."""
    # A preference that selects people by a protected attribute is never remembered.
    found = [p for p in extract_preferences(text) if check_qualification(p.text) is None]
    if not found:
        return 0
    with transaction(deps.sessions) as session:
        project = projects.get(session, uuid.UUID(project_id))
        for pref in found:
            memory.remember(
                session,
                project,
                kind="preference",
                topic=pref.topic,
                key=f"preference:{pref.topic}:{_key(pref.text)}",
                text=pref.text,
                role_family=onet_of(project) if pref.role_specific else None,
                source={"type": "message", "message_id": message_id, "quote": pref.quote},
            )
    return len(found)
