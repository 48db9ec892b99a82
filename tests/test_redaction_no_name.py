"""Redaction by construction, on the real stack: CVs imported through the importer into the
migrated Postgres, then evaluated as sourcing does (stored text -> redaction -> brain ->
quote checks). The parser finds no name in several of them; the name must still never reach
the evaluator or a quote. Contact labels never meet a qualification; skills named like names
("Ruby", "Julia", "Jenkins") and places ("Austin") still do."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents.deps import AgentDeps
from agents.evaluation.skill import evaluate, evaluator_input
from agents.llm.gateway import LLMGateway
from agents.schemas import CandidateEvaluation, Qualification
from app.candidates.personal_lines import quote_reveals
from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.models import Candidate
from app.runtime import Runtime
from benchmarks.redaction_cvs import CASES, HeaderCase
from tests.conftest import Tenant
from tests.fake_openai import FakeOpenAI, fake_llm

__all__ = ["fake_llm"]

QUALIFICATIONS = [
    Qualification(id="ruby", text="Ruby"),
    Qualification(id="julia", text="Julia"),
    Qualification(id="jenkins", text="Jenkins"),
    Qualification(id="ansible", text="Ansible"),
    Qualification(id="django", text="Django"),
    Qualification(id="linkedin", text="LinkedIn"),
    Qualification(id="github", text="GitHub"),
    Qualification(id="skype", text="Skype"),
]
LOOKALIKES = ("ruby", "julia", "jenkins", "ansible", "django")
CONTACT_LABELS = ("linkedin", "github", "skype")
# The parser finds no name in these: redaction must not need one.
NO_PARSED_NAME = ("lowercase_name", "photo_caption_then_name", "name_mid_header")


def _word(needle: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture
def imported(rt: Runtime, tenant: Tenant, tmp_path: Path) -> dict[str, HeaderCase]:
    paths = []
    for case in CASES:
        path = tmp_path / f"{case.key}.txt"
        path.write_text(case.text, encoding="utf-8")
        paths.append(path)
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(read_paths(paths))
    return {f"{case.key}.txt": case for case in CASES}


def _candidates(session: Session, tenant: Tenant) -> list[Candidate]:
    rows = session.scalars(select(Candidate).where(Candidate.org_id == tenant.org.id))
    return list(rows)


def _deps(rt: Runtime, base_url: str | None) -> AgentDeps:
    gateway = LLMGateway(base_url=base_url, max_retries=0, timeout_s=5.0)
    return AgentDeps(
        settings=rt.settings, sessions=rt.sessions, embedder=rt.embedder, gateway=gateway
    )


def _case_of(candidate: Candidate, imported: dict[str, HeaderCase]) -> HeaderCase:
    return next(case for source, case in imported.items() if source in (candidate.source or ""))


def _check_quotes(result: CandidateEvaluation, case: HeaderCase, raw_text: str) -> None:
    for verdict in result.verdicts:
        for evidence in verdict.evidence:
            assert evidence.quote in raw_text  # verbatim in the stored text
            assert quote_reveals(evidence.quote) is None, evidence.quote
            for secret in case.secrets:
                assert not _word(secret, evidence.quote), (case.key, secret, evidence.quote)


def test_imported_cvs_reach_the_evaluator_without_personal_data(
    rt: Runtime, tenant: Tenant, imported: dict[str, HeaderCase]
) -> None:
    deps = _deps(rt, None)  # the offline brain
    with transaction(rt.sessions) as session:
        candidates = _candidates(session, tenant)
        assert len(candidates) == len(CASES)
        for candidate in candidates:
            case = _case_of(candidate, imported)
            if case.key in NO_PARSED_NAME:
                assert candidate.name is None, case.key  # the situation under test
            text, sections = evaluator_input(candidate, session)
            for secret in case.secrets:
                assert not _word(secret, text), (case.key, secret)
                assert not any(_word(secret, body) for _, body in sections)
            for kept in case.kept:
                assert kept in text, (case.key, kept)
            result = evaluate(deps, QUALIFICATIONS, text, sections)
            verdicts = {v.qualification_id: v for v in result.verdicts}
            for skill in LOOKALIKES:
                assert verdicts[skill].verdict == "met", (case.key, skill)
            for label in CONTACT_LABELS:
                assert verdicts[label].verdict != "met", (case.key, label)
            _check_quotes(result, case, candidate.raw_text)


def _leaky_llm(body: dict[str, Any]) -> dict[str, Any]:
    """A model that quotes whatever it was shown for every qualification, the contact
    placeholders' neighbours included, and adds quotes it invented from a personal line."""
    data = json.loads(body["messages"][-1]["content"])
    lines = [
        line.strip()
        for part in data["profile"]
        for line in part["text"].splitlines()
        if line.strip()
    ]
    verdicts = []
    for q in data["qualifications"]:
        word = q["text"].lower()
        hits = [line for line in lines if word in line.lower()]
        evidence = [{"quote": line, "section": "other"} for line in hits[:2]]
        evidence.append({"quote": "Age: 34", "section": "other"})
        verdicts.append(
            {
                "qualification_id": q["id"],
                "verdict": "met",
                "confidence": 0.9,
                "evidence": evidence,
                "explanation": "quoted",
            }
        )
    return {"verdicts": verdicts}


def test_llm_quotes_never_carry_personal_data(
    rt: Runtime, tenant: Tenant, imported: dict[str, HeaderCase], fake_llm: FakeOpenAI
) -> None:
    fake_llm.responder = _leaky_llm
    deps = _deps(rt, fake_llm.base_url)
    with transaction(rt.sessions) as session:
        for candidate in _candidates(session, tenant):
            case = _case_of(candidate, imported)
            text, sections = evaluator_input(candidate, session)
            result = evaluate(deps, QUALIFICATIONS, text, sections)
            assert result.engine == "llm"
            verdicts = {v.qualification_id: v for v in result.verdicts}
            # What the model was shown holds no personal value, so neither can its quotes.
            request = json.loads(fake_llm.chat_requests[-1].messages[-1]["content"])
            shown = "\n".join(part["text"] for part in request["profile"])
            for secret in case.secrets:
                assert not _word(secret, shown), (case.key, secret)
            for label in CONTACT_LABELS:
                assert verdicts[label].verdict != "met", (case.key, label)
            assert verdicts["jenkins"].verdict == "met", case.key
            _check_quotes(result, case, candidate.raw_text)
