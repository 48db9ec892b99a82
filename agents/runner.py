"""Processes each recruiter's mailbox through the supervisor graph, in order, at most once
in effect, and resumes threads that a crash left half-way."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.types import Command
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from agents.deps import AgentDeps, current_scope
from agents.supervisor.graph import build_graph
from app.approvals import service as approvals
from app.dispatch import Dispatcher
from app.mailbox import service as mailbox
from app.projects import service as projects
from app.unit_of_work import transaction

log = logging.getLogger(__name__)


def psycopg_url(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


class AssistantRunner:
    def __init__(self, deps: AgentDeps, database_url: str) -> None:
        self.deps = deps
        self.pool = ConnectionPool(
            psycopg_url(database_url),
            min_size=1,
            max_size=4,
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            open=True,
        )
        self.checkpointer = PostgresSaver(self.pool)  # type: ignore[arg-type]  # dict_row above
        self.checkpointer.setup()
        self.graph = build_graph(deps).compile(checkpointer=self.checkpointer)

    def close(self) -> None:
        self.pool.close()

    # -- locking: one processor per mailbox, across processes ---------------------------
    @contextmanager
    def _mailbox_lock(self, assistant_id: uuid.UUID) -> Iterator[bool]:
        with mailbox.mailbox_lock(self.deps.sessions, assistant_id) as got:
            yield got

    def process_pending(self, assistant_id: uuid.UUID) -> None:
        """Work through the mailbox, and the recruiter's decided approvals, until nothing is
        left. If another process holds the mailbox, it picks our work up in its own loop:
        it re-checks after letting go, so nothing falls between the two."""
        while True:
            with self._mailbox_lock(assistant_id) as mine:
                if not mine:
                    return
                while self._process_one(assistant_id) or self._apply_one_decision(assistant_id):
                    pass
            if not self._has_pending(assistant_id) and not self._unapplied(assistant_id):
                return

    def _unapplied(self, assistant_id: uuid.UUID) -> list[uuid.UUID]:
        with transaction(self.deps.sessions) as session:
            return approvals.unapplied(session, assistant_id)

    def _apply_one_decision(self, assistant_id: uuid.UUID) -> bool:
        """Resume the thread waiting on the oldest decided approval (under the lock)."""
        pending = self._unapplied(assistant_id)
        if not pending:
            return False
        approval_id = pending[0]
        with transaction(self.deps.sessions) as session:
            project_id, decision = approvals.decision_of(session, approval_id)
        try:
            waiting = self._waiting_on(project_id)
            if waiting and waiting.get("approval_id") == str(approval_id):
                self._invoke(project_id, Command(resume=decision))
        except Exception:  # recorded on the plan's failed step; never retried in a loop
            log.exception("applying approval %s failed", approval_id)
        finally:
            with transaction(self.deps.sessions) as session:
                approvals.mark_applied(session, approval_id)
        return True

    def _has_pending(self, assistant_id: uuid.UUID) -> bool:
        with transaction(self.deps.sessions) as session:
            return mailbox.has_pending(session, assistant_id)

    def _process_one(self, assistant_id: uuid.UUID) -> bool:
        with transaction(self.deps.sessions) as session:
            message = mailbox.claim_next(session, assistant_id)
            if message is None:
                return False
            mid, project_id, body = message.id, message.project_id, message.body
        error: str | None = None
        try:
            if project_id is not None:
                self._deliver(project_id, mid, body)
        except Exception as exc:  # the message is marked failed with the reason; go on
            log.exception("processing message %s failed", mid)
            error = f"{type(exc).__name__}: {exc}"
        with transaction(self.deps.sessions) as session:
            mailbox.finish_by_id(session, mid, error)
        return True

    # -- the graph ------------------------------------------------------------------
    def _config(self, project_id: uuid.UUID) -> RunnableConfig:
        return {"configurable": {"thread_id": str(project_id)}}

    @contextmanager
    def _scoped(self, project_id: uuid.UUID) -> Iterator[None]:
        """Model calls made inside are recorded against this project and its org (graph
        runs, scheduled and nearline sourcing alike)."""
        with transaction(self.deps.sessions) as session:
            scope = projects.scope_of(session, project_id)
        token = current_scope.set(scope)
        try:
            yield
        finally:
            current_scope.reset(token)

    def _invoke(self, project_id: uuid.UUID, payload: Any) -> None:
        with self._scoped(project_id):
            self.graph.invoke(payload, self._config(project_id), durability="sync")

    def _waiting_on(self, project_id: uuid.UUID) -> dict[str, Any] | None:
        snapshot = self.graph.get_state(self._config(project_id))
        for task in snapshot.tasks:
            for intr in task.interrupts:
                if isinstance(intr.value, dict):
                    return intr.value
        return None

    def _deliver(self, project_id: uuid.UUID, message_id: uuid.UUID, body: str) -> None:
        snapshot = self.graph.get_state(self._config(project_id))
        waiting = self._waiting_on(project_id)
        if waiting is None and snapshot.next:
            # A crash left this thread mid-run: finish that first, from its checkpoint.
            self._invoke(project_id, None)
            waiting = self._waiting_on(project_id)
            snapshot = self.graph.get_state(self._config(project_id))
        if snapshot.values.get("last_message_id") == str(message_id):
            return  # the thread took this message in before the crash: not twice
        mid = str(message_id)
        if waiting is not None and waiting.get("kind") == "question":
            self._invoke(project_id, Command(resume={"text": body, "message_id": mid}))
        elif waiting is not None and waiting.get("kind") == "approval":
            self._note_pending_approval(project_id, waiting, body)
        elif not snapshot.values:
            self._invoke(
                project_id,
                {"project_id": str(project_id), "inbox": [body], "last_message_id": mid},
            )
        else:
            self._invoke(project_id, {"inbox": [body], "last_message_id": mid})

    def _note_pending_approval(
        self, project_id: uuid.UUID, waiting: dict[str, Any], body: str
    ) -> None:
        from agents.supervisor.steps import say

        with transaction(self.deps.sessions) as session:
            project = projects.get(session, project_id)
            say(
                session,
                project,
                f"pending:{uuid.uuid4()}",
                sender="supervisor",
                kind="reply",
                body="I'm waiting for your decision on the qualifications (approve, edit or "
                "reject) before I go on.",
                payload={"approval_id": waiting.get("approval_id")},
            )

    def resume_approval(self, approval_id: uuid.UUID) -> None:
        """A decision is applied by the recruiter's mailbox loop, in order with messages."""
        with transaction(self.deps.sessions) as session:
            recruiter_id = approvals.decided_by(session, approval_id)
            if recruiter_id is None:
                return
            assistant_id = mailbox.assistant_of_recruiter(session, recruiter_id)
        if assistant_id is not None:
            self.process_pending(assistant_id)

    def recover(self) -> None:
        """At start-up: finish what a killed process left: claimed messages and decided
        approvals whose threads never resumed."""
        with transaction(self.deps.sessions) as session:
            assistants = mailbox.assistants_with_work(session)
            project_ids = projects.all_ids(session)
        for assistant_id in assistants:
            self.process_pending(assistant_id)
        for project_id in project_ids:
            self._resume_if_interrupted(project_id)

    def _resume_if_interrupted(self, project_id: uuid.UUID) -> None:
        """A thread a crash stopped between nodes (not waiting on a human) runs on, under
        its mailbox lock so two recovering processes never both run it."""
        snapshot = self.graph.get_state(self._config(project_id))
        if not snapshot.next or self._waiting_on(project_id) is not None:
            return
        with transaction(self.deps.sessions) as session:
            assistant_id = mailbox.assistant_of_project(session, project_id)
        if assistant_id is None:
            return
        with self._mailbox_lock(assistant_id) as mine:
            snapshot = self.graph.get_state(self._config(project_id))
            if mine and snapshot.next and self._waiting_on(project_id) is None:
                self._invoke(project_id, None)

    # -- source while you sleep, nearline, and the reconciler ---------------------------
    def _exists(self, project_id: uuid.UUID) -> bool:
        with transaction(self.deps.sessions) as session:
            return projects.find(session, project_id) is not None

    def source_project(self, project_id: uuid.UUID) -> None:
        from agents.async_sourcing import run_project

        if self._exists(project_id):
            with self._scoped(project_id):
                run_project(self.deps, project_id, trigger="schedule")

    def candidates_changed(self, org_id: uuid.UUID, candidate_ids: list[uuid.UUID]) -> None:
        """A created or updated profile is matched against the org's async projects now,
        not at the next schedule."""
        from agents.async_sourcing import async_projects, run_project

        with transaction(self.deps.sessions) as session:
            project_ids = async_projects(session, org_id)
        for project_id in project_ids:
            with self._scoped(project_id):
                run_project(self.deps, project_id, trigger="nearline", candidate_ids=candidate_ids)

    # -- outreach: sending, replies, the minute tick ------------------------------------
    def send_outreach(self, message_ids: list[uuid.UUID] | None) -> dict[str, int]:
        from app.outreach.sending import send_due

        return send_due(self.deps.sessions, self.deps.settings, message_ids)

    def handle_reply(self, inbound_id: uuid.UUID) -> None:
        from agents.outreach.replies import handle_reply

        handle_reply(self.deps, inbound_id)

    def draft_problems(self, text: str) -> list[str]:
        """The checks every draft passes, for a recruiter's edit before it is kept."""
        from agents.outreach.checks import problems

        return problems(text)

    def outreach_tick(self) -> dict[str, int]:
        """Due follow-ups and retries (scanned from Postgres), then new mail over IMAP."""
        from datetime import UTC, datetime, timedelta

        from app.outreach.imap_poll import poll
        from app.outreach.replies import unread_before

        counts = self.send_outreach(None)
        with transaction(self.deps.sessions) as session:
            unread = unread_before(session, datetime.now(UTC) - timedelta(seconds=60))
        for inbound_id in unread:
            self.handle_reply(inbound_id)
            counts["replies_recovered"] = counts.get("replies_recovered", 0) + 1
        for inbound_id in poll(self.deps.sessions, self.deps.settings):
            self.handle_reply(inbound_id)
            counts["replies"] = counts.get("replies", 0) + 1
        return counts

    def reconcile(self, dispatcher: Dispatcher) -> dict[str, int]:
        """Re-enqueue work that Postgres says is pending but no task is doing: mailboxes
        with old queued messages, decided approvals whose thread still waits, due runs."""
        from datetime import UTC, datetime, timedelta

        from agents.async_sourcing import due_projects, stale_runs

        cutoff = datetime.now(UTC) - timedelta(seconds=30)
        with transaction(self.deps.sessions) as session:
            mailboxes = mailbox.stale_mailboxes(session, cutoff)
            waiting = approvals.unapplied_before(session, cutoff)
            due = due_projects(session)
            abandoned = stale_runs(session)
        for assistant_id in mailboxes:
            dispatcher.mailbox_ready(assistant_id)
        for approval_id in waiting:
            dispatcher.approval_decided(approval_id)
        for project_id in due:
            dispatcher.source_project(project_id)
        return {
            "mailboxes": len(mailboxes),
            "approvals": len(waiting),
            "due": len(due),
            "abandoned_runs": abandoned,
        }
