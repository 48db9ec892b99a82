from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk, utcnow
from app.projects.states import ProjectMode, ProjectStatus, QualificationSetStatus
from app.sourcing.states import SourcingRunStatus


class Project(UUIDPk, Timestamps, Base):
    """A hiring project: one role a recruiter is filling with their assistant.

    `spec` is the job spec so far; `plan` the supervisor's current plan with step statuses
    (what the recruiter sees as "what the assistant is doing").
    """

    __tablename__ = "projects"
    __table_args__ = (Index("ix_projects_recruiter", "recruiter_id", "created_at"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300), default="New project")
    status: Mapped[str] = mapped_column(String(32), default=ProjectStatus.INTAKE)
    request: Mapped[str] = mapped_column(Text, default="")
    spec: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    plan: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    sourcing: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # Interactive until the recruiter switches on "source while you sleep" (async).
    mode: Mapped[str] = mapped_column(String(16), default=ProjectMode.INTERACTIVE)
    async_interval_s: Mapped[int] = mapped_column(Integer, default=3600)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow, onupdate=utcnow
    )


class QualificationSet(UUIDPk, Timestamps, Base):
    """A versioned list of qualifications; evaluations point at the version they used."""

    __tablename__ = "qualification_sets"
    __table_args__ = (UniqueConstraint("project_id", "version"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    qualifications: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    status: Mapped[str] = mapped_column(String(16), default=QualificationSetStatus.PROPOSED)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class SourcingRun(UUIDPk, Timestamps, Base):
    """One background sourcing pass over a project: what it looked at and what it added.

    The partial unique index lets at most one run per project be `running`: two schedulers
    or a schedule and a nearline trigger can never overlap.
    """

    __tablename__ = "sourcing_runs"
    __table_args__ = (
        Index(
            "uq_sourcing_runs_one_running",
            "project_id",
            unique=True,
            postgresql_where=text("status = 'running'"),
        ),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(16))  # a SourcingTrigger
    status: Mapped[str] = mapped_column(String(16), default=SourcingRunStatus.RUNNING)
    looked_at: Mapped[int] = mapped_column(Integer, default=0)
    evaluated: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
